#include "bazel_worker/worker_loop.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "bazel_worker/json_stream.h"

namespace pycpack {
namespace {

struct Job {
  WorkRequest request;
  std::atomic<bool> cancelled{false};
  bool started = false;
};

class Loop {
 public:
  Loop(int out_fd, const WorkHandler& handler, const WorkerLoopOptions& options)
      : out_fd_(out_fd), handler_(handler), options_(options) {}

  int Run(int in_fd) {
    std::vector<std::thread> threads;
    for (int i = 0; i < std::max(1, options_.parallel); ++i) {
      threads.emplace_back([this] { Serve(); });
    }
    int rc = Read(in_fd);
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads) t.join();
    return rc;
  }

 private:
  void Log(const std::string& message) {
    if (options_.log == nullptr) return;
    std::lock_guard<std::mutex> lock(log_mu_);
    *options_.log << "pycpack worker " << getpid() << ": " << message << std::endl;
  }

  int Read(int in_fd) {
    JsonObjectReader reader(in_fd);
    for (;;) {
      Result<std::optional<nlohmann::json>> next = reader.Next();
      if (!next.ok()) {
        Log("malformed input, stopping: " + next.status().message());
        return 2;
      }
      if (!next->has_value()) return 0;
      Result<WorkRequest> request = ParseWorkRequest(**next);
      if (!request.ok()) {
        Log("malformed request, stopping: " + request.status().message());
        return 2;
      }
      if (!Accept(std::move(request).value())) return 2;
    }
  }

  // Queues a request or handles a cancel; false on a protocol error.
  bool Accept(WorkRequest request) {
    std::unique_lock<std::mutex> lock(mu_);
    auto it = jobs_.find(request.request_id);
    if (request.cancel) {
      if (it == jobs_.end()) return true;  // finished already: nothing to say
      std::shared_ptr<Job> job = it->second;
      job->cancelled = true;
      if (!job->started) {
        std::erase(queue_, job);
        Forget(job);
        lock.unlock();
        Respond({0, "", job->request.request_id, true});
      }
      return true;
    }
    if (it != jobs_.end() && request.request_id != 0) {
      Log("request id " + std::to_string(request.request_id) + " is already in flight, stopping");
      return false;
    }
    auto job = std::make_shared<Job>();
    job->request = std::move(request);
    jobs_.emplace(job->request.request_id, job);
    queue_.push_back(job);
    lock.unlock();
    cv_.notify_one();
    return true;
  }

  void Serve() {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = queue_.front();
        queue_.pop_front();
        job->started = true;
      }
      const auto start = std::chrono::steady_clock::now();
      WorkOutcome outcome = handler_(job->request, job->cancelled);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      {
        std::lock_guard<std::mutex> lock(mu_);
        Forget(job);
      }
      const bool cancelled = outcome.cancelled && job->cancelled;
      // One line per request in the worker's log (Bazel keeps stderr there).
      char took[32];
      std::snprintf(took, sizeof took, "%.3f s", seconds);
      Log("request " + std::to_string(job->request.request_id) + ": " +
          (cancelled ? std::string("cancelled")
                     : "exit " + std::to_string(outcome.exit_code)) +
          ", " + std::to_string(job->request.arguments.size()) + " argument(s), " + took);
      Respond({cancelled ? 0 : outcome.exit_code, cancelled ? "" : outcome.output,
               job->request.request_id, cancelled});
    }
  }

  // REQUIRES: mu_ held.
  void Forget(const std::shared_ptr<Job>& job) {
    auto [first, last] = jobs_.equal_range(job->request.request_id);
    for (auto it = first; it != last; ++it) {
      if (it->second == job) {
        jobs_.erase(it);
        return;
      }
    }
  }

  void Respond(const WorkResponse& response) {
    const std::string line = WorkResponseLine(response);
    std::lock_guard<std::mutex> lock(write_mu_);
    size_t done = 0;
    while (done < line.size()) {
      ssize_t n = write(out_fd_, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        Log("cannot write a response: Bazel has gone");
        return;
      }
      done += static_cast<size_t>(n);
    }
  }

  int out_fd_;
  const WorkHandler& handler_;
  const WorkerLoopOptions& options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Job>> queue_;
  // Queued or running, by id; only id 0 (singleplex: Bazel waits for each
  // answer, but a client may queue several) can be there more than once.
  std::multimap<int, std::shared_ptr<Job>> jobs_;
  bool closing_ = false;
  std::mutex write_mu_;
  std::mutex log_mu_;
};

}  // namespace

int RunWorkerLoop(int in_fd, int out_fd, const WorkHandler& handler,
                  const WorkerLoopOptions& options) {
  Loop loop(out_fd, handler, options);
  return loop.Run(in_fd);
}

}  // namespace pycpack
