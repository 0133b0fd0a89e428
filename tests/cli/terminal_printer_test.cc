#include "cli/terminal_printer.h"

#include <sstream>

#include <gtest/gtest.h>

namespace pycpack {
namespace {

TEST(CompilingLineTest, PercentCountRateAndTimeLeft) {
  EXPECT_EQ(CompilingLine({4960, 9869, 120}, 4.0),
            "compiling  50%  4960/9869 files  1240 files/s  0:04 left  (120 from cache)");
}

TEST(CompilingLineTest, NoRateBeforeHalfASecondOrTheFirstJob) {
  EXPECT_EQ(CompilingLine({10, 100, 0}, 0.4), "compiling  10%  10/100 files");
  EXPECT_EQ(CompilingLine({0, 100, 0}, 3.0), "compiling   0%  0/100 files");
}

TEST(CompilingLineTest, NothingLeftAtTheEndAndHoursWhenLong) {
  EXPECT_EQ(CompilingLine({100, 100, 0}, 2.0), "compiling 100%  100/100 files  50 files/s");
  EXPECT_EQ(CompilingLine({1, 7201, 0}, 1.0),
            "compiling   0%  1/7201 files  1 files/s  2:00:00 left");
}

class PrinterTest : public ::testing::Test {
 protected:
  double now_ = 100.0;
  std::ostringstream out_;
  TerminalPrinter::Clock clock_ = [this] { return now_; };
};

TEST_F(PrinterTest, ShowsEachPhaseAndRedrawsAtMostEveryTenthOfASecond) {
  TerminalPrinter p(out_, 1, true, clock_);
  p.PhaseStarted({BuildPhase::kPlanning, "app.json"});
  EXPECT_EQ(out_.str(), "\r\033[Kplanning app.json");
  out_.str("");
  p.PhaseStarted({BuildPhase::kCompiling, "", 0, 3});
  EXPECT_EQ(out_.str(), "\r\033[Kcompiling   0%  0/3 files");
  out_.str("");
  now_ += 0.05;
  p.JobFinished({}, {1, 3, 0});
  EXPECT_EQ(out_.str(), "");  // too soon
  now_ += 1.95;
  p.JobFinished({}, {2, 3, 1});
  EXPECT_EQ(out_.str(), "\r\033[Kcompiling  66%  2/3 files  1 files/s  0:01 left  (1 from cache)");
  out_.str("");
  now_ += 0.01;
  p.JobFinished({}, {3, 3, 1});  // the last one is always drawn
  EXPECT_NE(out_.str().find("100%  3/3 files"), std::string::npos);
  out_.str("");
  p.PhaseStarted({BuildPhase::kWriting, "dist/app.tar.zst", 1, 2});
  EXPECT_EQ(out_.str(), "\r\033[Kwriting 2/2  dist/app.tar.zst");
  out_.str("");
  p.Warning("careful");
  EXPECT_EQ(out_.str(), "\r\033[Kpycpack: warning: careful\n");
  out_.str("");
  p.ClearLine();
  EXPECT_EQ(out_.str(), "");  // the warning already cleared it
}

TEST_F(PrinterTest, NoProgressWhenNotATerminalOrQuiet) {
  {
    TerminalPrinter p(out_, 1, false, clock_);
    p.PhaseStarted({BuildPhase::kCompiling, "", 0, 3});
    p.JobFinished({}, {3, 3, 0});
    p.PhaseStarted({BuildPhase::kWriting, "x.tar", 0, 1});
  }
  {
    TerminalPrinter quiet(out_, 0, true, clock_);
    quiet.PhaseStarted({BuildPhase::kPlanning, "m.json"});
    quiet.JobFinished({}, {3, 3, 0});
    quiet.Warning("not shown");
  }
  EXPECT_EQ(out_.str(), "");
}

TEST_F(PrinterTest, DestroyingClearsADrawnLine) {
  {
    TerminalPrinter p(out_, 1, true, clock_);
    p.PhaseStarted({BuildPhase::kPlanning, "m.json"});
  }
  EXPECT_EQ(out_.str(), "\r\033[Kplanning m.json\r\033[K");
}

}  // namespace
}  // namespace pycpack
