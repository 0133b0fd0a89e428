#include "workers/worker_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "marshal/canonical.h"
#include "util/subprocess.h"
#include "workers/frame.h"

extern char** environ;

namespace pycpack {
namespace {

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

}  // namespace

Result<WorkerHandle> SpawnWorker(const WorkerCommand& command) {
  if (command.argv.empty()) return InternalError("compile worker without a program");
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) return IoError(std::string("pipe: ") + std::strerror(errno));
  if (pipe2(out, O_CLOEXEC) != 0) {
    int e = errno;
    close(in[0]);
    close(in[1]);
    return IoError(std::string("pipe: ") + std::strerror(e));
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  std::vector<char*> argv, env;
  for (const std::string& a : command.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const std::string& e : command.env) env.push_back(const_cast<char*>(e.c_str()));
  env.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(),
                       command.env.empty() ? environ : env.data());
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  close(out[1]);
  if (rc != 0) {
    close(in[1]);
    close(out[0]);
    return IoError("cannot start compile worker '" + command.argv[0] +
                   "': " + std::strerror(rc));
  }
  return WorkerHandle{pid, in[1], out[0]};
}

void StopWorker(WorkerHandle* w, bool kill_first) {
  CloseFd(&w->to);
  CloseFd(&w->from);
  if (w->pid > 0) {
    if (kill_first) kill(w->pid, SIGKILL);
    int status;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  w->pid = -1;
}

std::string ReapDeadWorker(WorkerHandle* w) {
  std::string how = "exited";
  CloseFd(&w->to);
  CloseFd(&w->from);
  if (w->pid > 0) {
    kill(w->pid, SIGKILL);
    int status = 0;
    pid_t r;
    while ((r = waitpid(w->pid, &status, 0)) < 0 && errno == EINTR) {
    }
    if (r == w->pid) how = DescribeWaitStatus(status);
  }
  w->pid = -1;
  return how;
}

namespace {

class ProcessCompiler : public Compiler {
 public:
  ProcessCompiler(WorkerCommand command, InterpreterInfo info, bool canonicalize)
      : command_(std::move(command)), info_(std::move(info)), canonicalize_(canonicalize) {}
  ~ProcessCompiler() override { StopWorker(&worker_, false); }

  const InterpreterInfo& info() const override { return info_; }

  Result<CompileResult> Compile(const CompileRequest& request) override {
    if (worker_.pid <= 0) {
      Result<WorkerHandle> w = SpawnWorker(command_);
      if (!w.ok()) return w.status();
      worker_ = *w;
    }
    const uint64_t id = ++last_id_;
    Result<std::optional<std::string>> frame = std::optional<std::string>();
    if (WriteFrame(worker_.to, EncodeRequest(id, request)).ok()) frame = ReadFrame(worker_.from);
    if (frame.ok() && !frame->has_value()) {
      return InternalError("compile worker " + ReapDeadWorker(&worker_) +
                           " while compiling " + request.dfile);
    }
    Result<std::pair<uint64_t, CompileResult>> res =
        frame.ok() ? DecodeResult(**frame) : frame.status();
    if (res.ok() && res->first != id) res = InternalError("answer for another request");
    if (!res.ok()) {
      ReapDeadWorker(&worker_);
      return InternalError("compile worker answered garbage while compiling " +
                           request.dfile + ": " + res.status().message());
    }
    CompileResult result = std::move(res->second);
    if (canonicalize_ && result.pyc) {
      Result<std::string> canon = CanonicalizePyc(*result.pyc);
      if (!canon.ok()) {
        return InternalError(request.dfile + ": cannot canonicalise the pyc: " +
                             canon.status().message());
      }
      result.pyc = std::move(canon).value();
    }
    return result;
  }

 private:
  WorkerCommand command_;
  InterpreterInfo info_;
  bool canonicalize_;
  WorkerHandle worker_;
  uint64_t last_id_ = 0;
};

}  // namespace

std::unique_ptr<Compiler> NewProcessCompiler(WorkerCommand command, InterpreterInfo info,
                                             bool canonicalize) {
  return std::make_unique<ProcessCompiler>(std::move(command), std::move(info), canonicalize);
}

}  // namespace pycpack
