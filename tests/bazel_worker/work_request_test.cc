#include "bazel_worker/work_request.h"

#include <gtest/gtest.h>

namespace pycpack {
namespace {

TEST(WorkRequestTest, ReadsEveryFieldAndIgnoresInputs) {
  auto j = nlohmann::json::parse(
      R"({"arguments":["--src","a.py"],"inputs":[{"path":"a.py","digest":"x"}],
          "requestId":7,"cancel":false,"verbosity":"2","sandboxDir":"sb/1"})");
  Result<WorkRequest> r = ParseWorkRequest(j);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->arguments, (std::vector<std::string>{"--src", "a.py"}));
  EXPECT_EQ(r->request_id, 7);
  EXPECT_FALSE(r->cancel);
  EXPECT_EQ(r->verbosity, 2);
  EXPECT_EQ(r->sandbox_dir, "sb/1");
}

TEST(WorkRequestTest, AbsentFieldsAreZero) {
  Result<WorkRequest> r = ParseWorkRequest(nlohmann::json::object());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->request_id, 0);
  EXPECT_TRUE(r->arguments.empty());
}

TEST(WorkRequestTest, WrongTypesAreRefusedNamingTheField) {
  for (const char* bad : {R"({"arguments":"x"})", R"({"arguments":[1]})",
                          R"({"requestId":"seven"})", R"({"cancel":1})",
                          R"({"sandboxDir":3})"}) {
    Result<WorkRequest> r = ParseWorkRequest(nlohmann::json::parse(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("WorkRequest."), std::string::npos);
  }
}

TEST(WorkResponseTest, OneLineWithZeroValuesLeftOutButExitCodeAndId) {
  EXPECT_EQ(WorkResponseLine({0, "", 0, false}), "{\"exitCode\":0,\"requestId\":0}\n");
  EXPECT_EQ(WorkResponseLine({1, "a\nb", 3, false}),
            "{\"exitCode\":1,\"output\":\"a\\nb\",\"requestId\":3}\n");
  EXPECT_EQ(WorkResponseLine({0, "", 4, true}),
            "{\"exitCode\":0,\"requestId\":4,\"wasCancelled\":true}\n");
}

TEST(WorkResponseTest, InvalidUtf8InOutputIsReplacedNotFatal) {
  std::string line = WorkResponseLine({1, std::string("bad \xff byte"), 1, false});
  EXPECT_EQ(line.back(), '\n');
  EXPECT_TRUE(nlohmann::json::accept(line));
}

}  // namespace
}  // namespace pycpack
