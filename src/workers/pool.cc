#include "workers/pool.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <algorithm>
#include <cstring>

#include "marshal/canonical.h"
#include "util/interrupt.h"
#include "workers/frame.h"
#include "workers/worker_process.h"

namespace pycpack {
namespace {

double Now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string Errno(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

}  // namespace

Result<std::unique_ptr<WorkerPool>> WorkerPool::Start(const Options& options) {
  std::unique_ptr<WorkerPool> pool(new WorkerPool(options));
  if (options.groups.empty()) return InternalError("worker pool without workers");
  pool->options_.workers = std::max(options.workers, 1);
  for (size_t g = 0; g < options.groups.size(); ++g) {
    for (int i = 0; i < pool->options_.workers; ++i) {
      Worker w;
      w.group = g;
      pool->workers_.push_back(w);
    }
  }
  // The first worker starts now, so that a worker that cannot start is
  // reported at once; the others when there is work for them.
  PYCPACK_RETURN_IF_ERROR(pool->Spawn(&pool->workers_[0]));
  return pool;
}

WorkerPool::~WorkerPool() {
  for (Worker& w : workers_) Stop(&w);
}

Status WorkerPool::Spawn(Worker* w) {
  const Group& group = options_.groups[w->group];
  Result<WorkerHandle> h = SpawnWorker({group.argv, group.env});
  if (!h.ok()) return h.status();
  w->process = *h;
  return Status::Ok();
}

void WorkerPool::Stop(Worker* w) { StopWorker(&w->process, w->busy); }

std::string WorkerPool::Died(Worker* w, const std::string& job_label) {
  w->busy = false;
  return "compile worker " + ReapDeadWorker(&w->process) + " while compiling " + job_label;
}

Status WorkerPool::Dispatch(Worker* w, const CompileJobRequest& job) {
  w->busy = true;
  w->job = job.id;
  w->started = Now();
  return WriteFrame(w->process.to, EncodeRequest(job.id, job.request));
}

Status WorkerPool::Collect(Worker* w, const JobDoneFn& done,
                           const JobLabelFn& label) {
  Result<std::optional<std::string>> frame = ReadFrame(w->process.from);
  if (frame.ok() && !frame->has_value()) {
    return InternalError(Died(w, label(w->job)));
  }
  Result<std::pair<uint64_t, CompileResult>> res =
      frame.ok() ? DecodeResult(**frame) : frame.status();
  if (res.ok() && res->first != w->job) {
    res = InternalError("answer for another job");
  }
  if (!res.ok()) {
    std::string job = label(w->job);
    Died(w, job);
    return InternalError("compile worker answered garbage while compiling " +
                         job + ": " + res.status().message());
  }
  w->busy = false;
  CompileResult& result = res->second;
  if (options_.groups[w->group].canonicalize && result.pyc) {
    Result<std::string> canon = CanonicalizePyc(*result.pyc);
    if (!canon.ok()) {
      return InternalError(label(w->job) + ": cannot canonicalise the pyc: " +
                           canon.status().message());
    }
    result.pyc = std::move(canon).value();
  }
  return done(w->job, std::move(result));
}

WorkerPool::Worker* WorkerPool::Idle(size_t group) {
  Worker* fresh = nullptr;
  for (Worker& w : workers_) {
    if (w.group != group || w.busy) continue;
    if (w.process.pid > 0) return &w;  // a running one first
    if (fresh == nullptr) fresh = &w;
  }
  return fresh;
}

Status WorkerPool::Run(const NextJobFn& next, const JobDoneFn& done,
                       const JobLabelFn& label) {
  bool more = true;
  int busy = 0;
  for (;;) {
    if (Interrupted()) return InterruptedError();
    while (more && busy < options_.workers) {
      Result<std::optional<CompileJobRequest>> job = next();
      if (!job.ok()) return job.status();
      if (!job->has_value()) {
        more = false;
        break;
      }
      size_t group = (*job)->target;
      // Each group has options_.workers slots, so one is free while fewer
      // than that many requests are out.
      Worker* w = group < options_.groups.size() ? Idle(group) : nullptr;
      if (w == nullptr) {
        return InternalError("no compile worker for target " + std::to_string(group));
      }
      if (w->process.pid <= 0) PYCPACK_RETURN_IF_ERROR(Spawn(w));
      if (Status s = Dispatch(w, **job); !s.ok()) {
        return InternalError(Died(w, label((*job)->id)));
      }
      ++busy;
    }
    std::vector<pollfd> fds;
    std::vector<Worker*> polled;
    for (Worker& w : workers_) {
      if (w.busy) {
        fds.push_back({w.process.from, POLLIN, 0});
        polled.push_back(&w);
      }
    }
    if (fds.empty() && !more) return Status::Ok();
    int n = poll(fds.data(), fds.size(), 200);
    if (n < 0 && errno != EINTR) return IoError(Errno("poll"));
    for (size_t i = 0; n > 0 && i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      PYCPACK_RETURN_IF_ERROR(Collect(polled[i], done, label));
      --busy;
    }
    double now = Now();
    for (Worker* w : polled) {
      if (w->busy && now - w->started > options_.timeout_seconds) {
        std::string job = label(w->job);
        Died(w, job);
        return InternalError("compile worker did not answer within " +
                             std::to_string(options_.timeout_seconds) +
                             " s while compiling " + job);
      }
    }
  }
}

}  // namespace pycpack
