#include "bazel_worker/worker_loop.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pycpack {
namespace {

using namespace std::chrono_literals;

// Runs RunWorkerLoop on a thread with pipes on both sides.
class LoopHarness {
 public:
  LoopHarness(WorkHandler handler, int parallel) : handler_(std::move(handler)) {
    int in[2], out[2];
    EXPECT_EQ(pipe(in), 0);
    EXPECT_EQ(pipe(out), 0);
    to_loop_ = in[1];
    from_loop_ = out[0];
    options_.parallel = parallel;
    options_.log = &log_;
    thread_ = std::thread([this, in0 = in[0], out1 = out[1]] {
      rc_ = RunWorkerLoop(in0, out1, handler_, options_);
      close(in0);
      close(out1);
    });
  }
  ~LoopHarness() {
    CloseInput();
    if (thread_.joinable()) thread_.join();
    close(from_loop_);
  }
  void Send(const std::string& text) {
    ASSERT_EQ(write(to_loop_, text.data(), text.size()), (ssize_t)text.size());
  }
  void CloseInput() {
    if (to_loop_ >= 0) close(to_loop_);
    to_loop_ = -1;
  }
  // The next response line, parsed.
  nlohmann::json Response() {
    std::string line;
    char c;
    while (read(from_loop_, &c, 1) == 1 && c != '\n') line += c;
    return nlohmann::json::parse(line);
  }
  int Finish() {
    CloseInput();
    thread_.join();
    char c;
    EXPECT_EQ(read(from_loop_, &c, 1), 0) << "nothing may follow the last response";
    return rc_;
  }
  std::string log() const { return log_.str(); }

 private:
  WorkHandler handler_;
  WorkerLoopOptions options_;
  std::ostringstream log_;
  int to_loop_ = -1, from_loop_ = -1;
  std::thread thread_;
  int rc_ = -1;
};

std::string Request(int id, const std::string& arg, bool cancel = false) {
  nlohmann::json j = {{"arguments", {arg}}};
  if (id != 0) j["requestId"] = id;
  if (cancel) j["cancel"] = true;
  return j.dump();  // no newline: Bazel 4 writes them back to back
}

WorkOutcome Echo(const WorkRequest& r, const std::atomic<bool>&) {
  return {r.arguments[0] == "fail" ? 1 : 0, "ran " + r.arguments[0], false};
}

TEST(WorkerLoopTest, AnswersBackToBackSingleplexRequestsInOrderAndExitsZeroAtEof) {
  LoopHarness h(Echo, 1);
  h.Send(Request(0, "a") + Request(0, "fail") + Request(0, "c"));
  EXPECT_EQ(h.Response()["output"], "ran a");
  nlohmann::json failed = h.Response();
  EXPECT_EQ(failed["exitCode"], 1);
  nlohmann::json after = h.Response();
  EXPECT_EQ(after["exitCode"], 0) << "a failing request does not affect later ones";
  EXPECT_EQ(after["output"], "ran c");
  EXPECT_EQ(h.Finish(), 0);
}

TEST(WorkerLoopTest, MultiplexRequestsRunConcurrentlyAndAreAnsweredByTheirOwnIds) {
  std::mutex mu;
  std::condition_variable cv;
  int running = 0, peak = 0;
  auto handler = [&](const WorkRequest& r, const std::atomic<bool>&) {
    std::unique_lock<std::mutex> lock(mu);
    peak = std::max(peak, ++running);
    cv.notify_all();
    cv.wait_for(lock, 2s, [&] { return running >= 2; });  // wait for a partner
    --running;
    return WorkOutcome{0, "id " + std::to_string(r.request_id), false};
  };
  LoopHarness h(handler, 2);
  h.Send(Request(5, "x") + Request(3, "y") + Request(9, "z") + Request(4, "w"));
  std::set<int> ids;
  for (int i = 0; i < 4; ++i) {
    nlohmann::json r = h.Response();
    EXPECT_EQ(r["output"], "id " + std::to_string(r["requestId"].get<int>()));
    ids.insert(r["requestId"].get<int>());
  }
  EXPECT_EQ(ids, (std::set<int>{3, 4, 5, 9}));
  EXPECT_EQ(peak, 2);
  EXPECT_EQ(h.Finish(), 0);
}

TEST(WorkerLoopTest, CancelOfARunningRequestIsAnsweredOnceWithWasCancelled) {
  std::atomic<bool> started{false};
  auto handler = [&](const WorkRequest&, const std::atomic<bool>& cancelled) {
    started = true;
    for (int i = 0; i < 500 && !cancelled; ++i) std::this_thread::sleep_for(10ms);
    return WorkOutcome{0, "done", cancelled.load()};
  };
  LoopHarness h(handler, 1);
  h.Send(Request(1, "slow"));
  while (!started) std::this_thread::sleep_for(1ms);
  h.Send(Request(1, "", true));
  nlohmann::json r = h.Response();
  EXPECT_EQ(r["requestId"], 1);
  EXPECT_EQ(r["wasCancelled"], true);
  EXPECT_EQ(h.Finish(), 0);  // and no second response for id 1
}

TEST(WorkerLoopTest, CancelOfAQueuedRequestIsAnsweredAtOnceAndItNeverRuns) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> ran{0};
  auto handler = [&](const WorkRequest& r, const std::atomic<bool>&) {
    ++ran;
    if (r.request_id == 1) {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait_for(lock, 5s, [&] { return release; });
    }
    return WorkOutcome{0, "", false};
  };
  LoopHarness h(handler, 1);
  h.Send(Request(1, "blocker") + Request(2, "queued") + Request(2, "", true));
  nlohmann::json first = h.Response();
  EXPECT_EQ(first["requestId"], 2);
  EXPECT_EQ(first["wasCancelled"], true);
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  EXPECT_EQ(h.Response()["requestId"], 1);
  EXPECT_EQ(h.Finish(), 0);
  EXPECT_EQ(ran, 1);
}

TEST(WorkerLoopTest, CancelOfAFinishedOrUnknownRequestIsIgnored) {
  LoopHarness h(Echo, 1);
  h.Send(Request(1, "a"));
  EXPECT_EQ(h.Response()["requestId"], 1);
  h.Send(Request(1, "", true) + Request(42, "", true) + Request(2, "b"));
  EXPECT_EQ(h.Response()["requestId"], 2);
  EXPECT_EQ(h.Finish(), 0);
}

TEST(WorkerLoopTest, MalformedInputEndsTheWorkerAfterAnsweringWhatWasAccepted) {
  LoopHarness h(Echo, 1);
  h.Send(Request(1, "a") + "{\"arguments\": [oops]}");
  EXPECT_EQ(h.Response()["requestId"], 1);
  EXPECT_EQ(h.Finish(), 2);
  EXPECT_NE(h.log().find("malformed"), std::string::npos);
}

TEST(WorkerLoopTest, ARequestOfTheWrongShapeEndsTheWorker) {
  LoopHarness h(Echo, 1);
  h.Send(R"({"arguments":"not a list"})");
  EXPECT_EQ(h.Finish(), 2);
}

TEST(WorkerLoopTest, ANonZeroIdAlreadyInFlightEndsTheWorker) {
  std::atomic<bool> go{false};
  auto handler = [&](const WorkRequest&, const std::atomic<bool>&) {
    while (!go) std::this_thread::sleep_for(1ms);
    return WorkOutcome{};
  };
  LoopHarness h(handler, 1);
  h.Send(Request(3, "a") + Request(3, "b"));
  std::this_thread::sleep_for(50ms);
  go = true;
  EXPECT_EQ(h.Response()["requestId"], 3);
  EXPECT_EQ(h.Finish(), 2);
  EXPECT_NE(h.log().find("already in flight"), std::string::npos);
}

TEST(WorkerLoopTest, ThousandsOfRequestsEachGetExactlyOneAnswer) {
  LoopHarness h(Echo, 2);
  std::thread writer([&] {
    std::string batch;
    for (int i = 1; i <= 3000; ++i) batch += Request(i, i % 7 ? "ok" : "fail");
    h.Send(batch);
    h.CloseInput();
  });
  std::set<int> ids;
  for (int i = 0; i < 3000; ++i) ids.insert(h.Response()["requestId"].get<int>());
  writer.join();
  EXPECT_EQ(ids.size(), 3000u);
  EXPECT_EQ(h.Finish(), 0);
}

}  // namespace
}  // namespace pycpack
