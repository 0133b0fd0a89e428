// RunProcess with /bin/sh: output, exit status, signals, failures.
#include "util/subprocess.h"

#include <gtest/gtest.h>

namespace pycpack {
namespace {

ProcessSpec Shell(const std::string& script) {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", script};
  spec.env = {"PATH=/usr/bin:/bin", "GREETING=hi"};
  return spec;
}

TEST(RunProcessTest, CollectsBothStreamsAndTheExitStatus) {
  ProcessSpec spec = Shell("echo out $GREETING; echo err >&2; pwd; exit 3");
  spec.cwd = "/";
  Result<ProcessResult> r = RunProcess(spec);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->out, "out hi\n/\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(DescribeExit(*r), "exited with status 3");
}

TEST(RunProcessTest, LargeOutputOnBothStreams) {
  Result<ProcessResult> r = RunProcess(
      Shell("head -c 300000 /dev/zero; head -c 200000 /dev/zero >&2"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->out.size(), 300000u);
  EXPECT_EQ(r->err.size(), 200000u);
  EXPECT_EQ(r->exit_code, 0);
}

TEST(RunProcessTest, KilledBySignal) {
  Result<ProcessResult> r = RunProcess(Shell("kill -9 $$"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->signal, 9);
  EXPECT_EQ(r->exit_code, -1);
  EXPECT_EQ(DescribeExit(*r).rfind("was killed by signal 9", 0), 0u);
}

TEST(RunProcessTest, MissingProgramIsAnErrorNamingIt) {
  ProcessSpec spec = Shell("");
  spec.argv = {"no-such-python-anywhere"};
  Result<ProcessResult> r = RunProcess(spec);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "cannot run 'no-such-python-anywhere': No such file or directory");
}

TEST(RunProcessTest, Timeout) {
  ProcessSpec spec = Shell("sleep 30");
  spec.timeout_seconds = 1;
  Result<ProcessResult> r = RunProcess(spec);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("did not finish within 1 s"),
            std::string::npos);
}

TEST(EnvironmentWithoutPythonTest, DropsPythonVariables) {
  setenv("PYTHONPATH", "/somewhere", 1);
  setenv("PYCPACK_TEST_KEEP", "1", 1);
  std::vector<std::string> env = EnvironmentWithoutPython({"PYTHONX=1"});
  bool kept = false;
  for (const std::string& e : env) {
    EXPECT_NE(e.rfind("PYTHONPATH=", 0), 0u) << e;
    kept = kept || e == "PYCPACK_TEST_KEEP=1";
  }
  EXPECT_TRUE(kept);
  EXPECT_EQ(env.back(), "PYTHONX=1");
}

}  // namespace
}  // namespace pycpack
