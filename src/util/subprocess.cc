#include "util/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <sys/stat.h>

#include "util/paths.h"

extern char** environ;

namespace pycpack {
namespace {

// Closes both ends of the pipes that are still open.
struct Pipes {
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
  ~Pipes() {
    for (int fd : {out[0], out[1], err[0], err[1]}) {
      if (fd >= 0) close(fd);
    }
  }
};

std::vector<char*> Pointers(const std::vector<std::string>& strings) {
  std::vector<char*> p;
  for (const std::string& s : strings) p.push_back(const_cast<char*>(s.c_str()));
  p.push_back(nullptr);
  return p;
}

Result<pid_t> Spawn(const ProcessSpec& spec, Pipes* pipes) {
  if (pipe2(pipes->out, O_CLOEXEC) != 0 || pipe2(pipes->err, O_CLOEXEC) != 0) {
    return IoError(std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, pipes->out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, pipes->err[1], 2);
  if (!spec.cwd.empty()) {
    posix_spawn_file_actions_addchdir_np(&fa, spec.cwd.c_str());
  }
  std::vector<char*> argv = Pointers(spec.argv);
  std::vector<char*> env = Pointers(spec.env);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), env.data());
  posix_spawn_file_actions_destroy(&fa);
  close(pipes->out[1]);
  close(pipes->err[1]);
  pipes->out[1] = pipes->err[1] = -1;
  if (rc != 0) {
    return IoError("cannot run '" + spec.argv[0] + "': " + std::strerror(rc));
  }
  return pid;
}

// Reads both pipes until they are closed or |deadline| passes; returns
// false on timeout.
bool Drain(Pipes* pipes, ProcessResult* output,
           std::chrono::steady_clock::time_point deadline) {
  std::string* sinks[2] = {&output->out, &output->err};
  int fds[2] = {pipes->out[0], pipes->err[0]};
  while (fds[0] >= 0 || fds[1] >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0}};
    int n = poll(p, 2, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (n < 0 && errno != EINTR) return false;
    for (int i = 0; i < 2 && n > 0; ++i) {
      if (fds[i] < 0 || p[i].revents == 0) continue;
      char buf[65536];
      ssize_t got = read(fds[i], buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        fds[i] = -1;  // closed (the descriptor itself by ~Pipes)
      }
    }
  }
  return true;
}

}  // namespace

Result<ProcessResult> RunProcess(const ProcessSpec& spec) {
  if (spec.argv.empty()) return InternalError("RunProcess: empty command");
  Pipes pipes;
  Result<pid_t> pid = Spawn(spec, &pipes);
  if (!pid.ok()) return pid.status();
  ProcessResult output;
  bool finished = Drain(&pipes, &output,
                        std::chrono::steady_clock::now() +
                            std::chrono::seconds(spec.timeout_seconds));
  if (!finished) kill(*pid, SIGKILL);
  int status = 0;
  while (waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    return IoError("'" + spec.argv[0] + "' did not finish within " +
                   std::to_string(spec.timeout_seconds) + " s");
  }
  if (WIFEXITED(status)) output.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) output.signal = WTERMSIG(status);
  return output;
}

std::string DescribeExit(const ProcessResult& o) {
  if (o.signal != 0) {
    return "was killed by signal " + std::to_string(o.signal) + " (" +
           strsignal(o.signal) + ")";
  }
  return "exited with status " + std::to_string(o.exit_code);
}

std::string DescribeWaitStatus(int status) {
  ProcessResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return DescribeExit(r);
}

std::vector<std::string> EnvironmentWithoutPython(
    const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "PYTHON", 6) != 0) env.emplace_back(*e);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::optional<std::string> FindProgram(const std::string& name,
                                       const std::string& cwd) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    std::string path = JoinPath(cwd, name);
    if (access(path.c_str(), X_OK) != 0) return std::nullopt;
    return path;
  }
  const char* path_var = std::getenv("PATH");
  std::string_view dirs = path_var ? path_var : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    std::string candidate = JoinPath(dir.empty() ? cwd : JoinPath(cwd, dir), name);
    struct stat st;
    if (access(candidate.c_str(), X_OK) == 0 && stat(candidate.c_str(), &st) == 0 &&
        S_ISREG(st.st_mode)) {
      return candidate;
    }
    if (colon == std::string_view::npos) return std::nullopt;
    dirs.remove_prefix(colon + 1);
  }
}

bool ProcessMayExist(long pid) {
  if (pid <= 0) return true;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

}  // namespace pycpack
