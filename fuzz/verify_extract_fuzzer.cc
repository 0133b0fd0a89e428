// ExtractArchive (`pycpack verify`'s unpacking) into <scratch>/dest, of an
// artifact of arbitrary bytes or, for an input starting "#tar\n", "#tgz\n"
// or "#zip\n", of an archive written from the member list that follows
// (one member a line: a type letter f, d, s, h or p, the name, and after a
// tab the content or link target), so that names and links get explored
// past tar's checksums. Besides crashes, aborts when anything lands outside
// dest: <scratch> must hold nothing but dest afterwards, and no symlink
// below dest may lead out of it, however symlinks combine.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/paths.h"
#include "archive/extract.h"
#include "fs/scratch_dir.h"
#include "archive/test_archives.h"

namespace pycpack {
namespace {

using namespace ::pycpack::testing;  // tests/archive/test_archives.h

[[noreturn]] void Fail(const std::string& what) {
  fprintf(stderr, "verify_extract_fuzzer: %s\n", what.c_str());
  abort();
}

std::unique_ptr<ScratchDir> NewScratch() {
  Result<std::unique_ptr<ScratchDir>> dir = ScratchDir::Create("pycpack-fuzz-");
  if (!dir.ok()) Fail(dir.status().message());
  return std::move(dir).value();
}

// Walks |target| (a symlink's content) from the directory |dir|, given as
// components below |dest|, following symlinks found on the disk the way the
// kernel would. Components that do not exist are taken lexically. False if
// the walk ever leaves |dest|; a loop counts as staying inside.
bool StaysInside(const std::string& dest, std::vector<std::string> dir,
                 std::string_view target) {
  std::deque<std::string> todo;  // the components still to walk
  std::string link(target);
  for (int hops = 0; hops <= 40; ++hops) {  // then ELOOP: leads nowhere
    if (link.starts_with('/')) return false;
    std::vector<std::string_view> parts = SplitPath(link);
    todo.insert(todo.begin(), parts.begin(), parts.end());
    link.clear();
    while (link.empty() && !todo.empty()) {
      std::string part = std::move(todo.front());
      todo.pop_front();
      if (part.empty() || part == ".") continue;
      if (part == "..") {
        if (dir.empty()) return false;
        dir.pop_back();
        continue;
      }
      std::string path = dest;
      for (const std::string& d : dir) path += "/" + d;
      path += "/" + part;
      std::error_code ec;
      if (std::filesystem::is_symlink(path, ec)) {
        link = std::filesystem::read_symlink(path, ec).string();
        if (ec || link.empty()) return false;
      } else {
        dir.push_back(std::move(part));
      }
    }
    if (todo.empty() && link.empty()) return true;
  }
  return true;
}

// The members listed in |text| (see the top of the file).
std::vector<TestMember> ParseMembers(std::string_view text) {
  std::vector<TestMember> members;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (line.empty()) continue;
    TestMember m;
    m.type = std::string_view("fdshp").find(line[0]) == std::string_view::npos ? 'f' : line[0];
    std::string_view rest = line.substr(1);
    size_t tab = rest.find('\t');
    m.name = std::string(rest.substr(0, tab).substr(0, rest.find('\0')));  // a C string
    std::string extra = tab == std::string_view::npos ? "" : std::string(rest.substr(tab + 1));
    (m.type == 'f' ? m.data : m.target) = std::move(extra);
    // libarchive's zip writer fails on an empty name and then leaks its
    // buffers; an empty name read back is covered by the raw inputs.
    if (!m.name.empty()) members.push_back(std::move(m));
  }
  return members;
}

// Writes the artifact for |input| to |path|; false if there is none.
bool WriteArtifact(std::string_view input, const std::string& path) {
  static const std::pair<std::string_view, TestFormat> kLists[] = {
      {"#tar\n", TestFormat::kTar}, {"#tgz\n", TestFormat::kTarGz}, {"#zip\n", TestFormat::kZip}};
  for (const auto& [prefix, format] : kLists) {
    if (!input.starts_with(prefix)) continue;
    try {
      WriteTestArchive(path, format, ParseMembers(input.substr(prefix.size())));
      return true;
    } catch (const std::exception&) {
      return false;  // libarchive would not write it
    }
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(input.data(), static_cast<std::streamsize>(input.size()));
  if (!f) Fail("cannot write " + path);
  return true;
}

void CheckTree(const std::string& scratch, const std::string& dest) {
  for (const auto& e : std::filesystem::directory_iterator(scratch)) {
    if (e.path().filename() != "dest") Fail("wrote outside dest: " + e.path().string());
  }
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dest, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_symlink()) continue;
    std::string rel = it->path().lexically_relative(dest).string();
    std::vector<std::string> dir;
    for (const auto& p : std::filesystem::path(rel).parent_path()) dir.push_back(p.string());
    std::string target = std::filesystem::read_symlink(it->path()).string();
    if (!StaysInside(dest, dir, target)) {
      Fail("symlink " + rel + " -> " + target + " leads outside dest");
    }
  }
}

}  // namespace
}  // namespace pycpack

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pycpack;
  static std::unique_ptr<ScratchDir> input_dir = NewScratch();
  const std::string archive = input_dir->path() + "/artifact";
  if (!WriteArtifact(std::string_view(reinterpret_cast<const char*>(data), size), archive)) {
    return 0;
  }
  std::unique_ptr<ScratchDir> scratch = NewScratch();
  const std::string dest = scratch->path() + "/dest";
  if (::mkdir(dest.c_str(), 0755) != 0) Fail("cannot create " + dest);
  (void)ExtractArchive(archive, dest);
  CheckTree(scratch->path(), dest);
  return 0;
}
