#include "test_util.h"

#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace pycpack::testutil {
namespace {

// |s| quoted for /bin/sh.
std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

constexpr char kPyCompileScript[] = R"PY(
import py_compile, sys
src, out, dfile, optimize, mode = sys.argv[1:]
py_compile.compile(src, cfile=out, dfile=dfile, doraise=True,
                   optimize=int(optimize),
                   invalidation_mode=py_compile.PycInvalidationMode[mode])
)PY";

}  // namespace

Compiler& Embedded() {
  static std::unique_ptr<Compiler> compiler = [] {
    Result<std::unique_ptr<Compiler>> c = NewEmbeddedCompiler();
    if (!c.ok()) {
      fprintf(stderr, "NewEmbeddedCompiler: %s\n",
              c.status().message().c_str());
      std::abort();
    }
    return std::move(c).value();
  }();
  return *compiler;
}

CompileResult MustCompile(const CompileRequest& request) {
  Result<CompileResult> r = Embedded().Compile(request);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : CompileResult{};
}

TempDir::TempDir() {
  std::string templ =
      (std::filesystem::temp_directory_path() / "pycpack-compile-XXXXXX")
          .string();
  if (mkdtemp(templ.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp " << templ << " failed";
  }
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Write(const std::string& name,
                           const std::string& bytes) const {
  std::string file = path_ + "/" + name;
  std::ofstream out(file, std::ios::binary);
  out << bytes;
  if (!out.good()) ADD_FAILURE() << "cannot write " << file;
  return file;
}

std::string TempDir::Read(const std::string& name) const {
  std::string file = path_ + "/" + name;
  std::ifstream in(file, std::ios::binary);
  if (!in.good()) {
    ADD_FAILURE() << "cannot read " << file;
    return "";
  }
  return std::string(std::istreambuf_iterator<char>(in), {});
}

PythonRun RunPython(const std::string& script,
                    const std::vector<std::string>& args) {
  TempDir dir;
  std::string command = "env -i PYTHONHASHSEED=0 " +
                        ShellQuote(PYCPACK_TEST_PYTHON) + " -S -s " +
                        ShellQuote(dir.Write("script.py", script));
  for (const std::string& arg : args) command += " " + ShellQuote(arg);
  PythonRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen failed: " << command;
    return run;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string PyCompileReference(const std::string& source,
                               const std::string& dfile, int optimize,
                               Invalidation invalidation) {
  TempDir dir;
  const char* mode = invalidation == Invalidation::kCheckedHash
                         ? "CHECKED_HASH"
                         : "UNCHECKED_HASH";
  PythonRun run = RunPython(kPyCompileScript, {dir.Write("source.py", source),
                                               dir.path() + "/out.pyc", dfile,
                                               std::to_string(optimize), mode});
  if (run.exit_code != 0) {
    ADD_FAILURE() << "py_compile of " << dfile << " failed: " << run.out;
    return "";
  }
  return dir.Read("out.pyc");
}

}  // namespace pycpack::testutil
