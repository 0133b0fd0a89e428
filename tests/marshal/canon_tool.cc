// canon_tool: a test driver for the canonical pyc form.
//
//   canon_tool [--check] [--suffix S] [--list FILE] [PYC...]
//
// Without --check, writes the canonical form of each PYC to PYC + S (S is
// ".canon" unless given). With --check, writes nothing and prints
// "not canonical: PYC" for each PYC that CanonicalizePyc would change.
// --list FILE adds the paths in FILE, one a line. Errors name the file and
// do not stop the run. Exit status: 0 if every file was processed (and, with
// --check, was canonical), 1 otherwise, 2 for a usage error.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "marshal/canonical.h"

namespace {

struct Options {
  bool check = false;
  std::string suffix = ".canon";
  std::vector<std::string> files;
};

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return static_cast<bool>(in) || in.eof();
}

bool WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  return static_cast<bool>(out);
}

bool ParseArgs(int argc, char** argv, Options* opt) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--check") {
      opt->check = true;
    } else if ((a == "--suffix" || a == "--list") && i + 1 < argc) {
      const std::string v = argv[++i];
      if (a == "--suffix") {
        opt->suffix = v;
        continue;
      }
      std::ifstream list(v);
      if (!list) {
        std::cerr << "canon_tool: cannot read list " << v << "\n";
        return false;
      }
      for (std::string line; std::getline(list, line);) {
        if (!line.empty()) opt->files.push_back(line);
      }
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "canon_tool: unknown option " << a << "\n";
      return false;
    } else {
      opt->files.push_back(a);
    }
  }
  return true;
}

// Returns false if |path| could not be processed or, with --check, is not
// canonical.
bool Process(const Options& opt, const std::string& path) {
  std::string pyc;
  if (!ReadFile(path, &pyc)) {
    std::cerr << "canon_tool: " << path << ": cannot read\n";
    return false;
  }
  pycpack::Result<std::string> canonical = pycpack::CanonicalizePyc(pyc);
  if (!canonical.ok()) {
    std::cerr << "canon_tool: " << path << ": " << canonical.status().message() << "\n";
    return false;
  }
  if (opt.check) {
    if (canonical.value() == pyc) return true;
    std::cout << "not canonical: " << path << "\n";
    return false;
  }
  if (!WriteFile(path + opt.suffix, canonical.value())) {
    std::cerr << "canon_tool: " << path << opt.suffix << ": cannot write\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!ParseArgs(argc, argv, &opt)) return 2;
  bool all_ok = true;
  for (const std::string& path : opt.files) all_ok = Process(opt, path) && all_ok;
  return all_ok ? 0 : 1;
}
