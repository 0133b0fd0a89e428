#include "util/glob.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace pycpack {
namespace {

TEST(GlobMatch, LiteralMatchesOnlyItself) {
  EXPECT_TRUE(GlobMatch("pkg/mod.py", "pkg/mod.py"));
  EXPECT_FALSE(GlobMatch("pkg/mod.py", "pkg/mod.pyc"));
  EXPECT_FALSE(GlobMatch("pkg/mod.py", "pkg/mod.p"));
  EXPECT_FALSE(GlobMatch("pkg/mod.py", "other/pkg/mod.py"));
  EXPECT_FALSE(GlobMatch("pkg", "pkg/mod.py"));
  EXPECT_FALSE(GlobMatch("Pkg", "pkg"));  // case-sensitive
}

TEST(GlobMatch, StarStaysWithinOneComponent) {
  EXPECT_TRUE(GlobMatch("*.py", "mod.py"));
  EXPECT_TRUE(GlobMatch("*.py", ".py"));   // '*' matches the empty run
  EXPECT_TRUE(GlobMatch("*", ".hidden"));  // and a leading dot
  EXPECT_FALSE(GlobMatch("*.py", "pkg/mod.py"));
  EXPECT_TRUE(GlobMatch("pkg/*", "pkg/mod.py"));
  EXPECT_FALSE(GlobMatch("pkg/*", "pkg/sub/mod.py"));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXXbYYc"));
  EXPECT_TRUE(GlobMatch("a*b*c", "abc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "aXXbYY"));
  EXPECT_TRUE(GlobMatch("*a*", "banana"));
  EXPECT_TRUE(GlobMatch("*na", "banana"));  // needs backtracking
  EXPECT_FALSE(GlobMatch("*x*", "banana"));
}

TEST(GlobMatch, QuestionMarkIsOneCharacterButNotSlash) {
  EXPECT_TRUE(GlobMatch("mod?.py", "mod1.py"));
  EXPECT_FALSE(GlobMatch("mod?.py", "mod.py"));
  EXPECT_FALSE(GlobMatch("mod?.py", "mod12.py"));
  EXPECT_FALSE(GlobMatch("a?b", "a/b"));
}

TEST(GlobMatch, CharacterClasses) {
  EXPECT_TRUE(GlobMatch("[abc].py", "b.py"));
  EXPECT_FALSE(GlobMatch("[abc].py", "d.py"));
  EXPECT_TRUE(GlobMatch("v[0-9]", "v7"));
  EXPECT_FALSE(GlobMatch("v[0-9]", "vx"));
  EXPECT_TRUE(GlobMatch("[!0-9]x", "ax"));
  EXPECT_FALSE(GlobMatch("[!0-9]x", "5x"));
  EXPECT_TRUE(GlobMatch("[a-cx-z]", "y"));
  EXPECT_FALSE(GlobMatch("[a-cx-z]", "m"));
  // ']' first is a member; '-' first or last is literal.
  EXPECT_TRUE(GlobMatch("[]]", "]"));
  EXPECT_TRUE(GlobMatch("[!]]", "a"));
  EXPECT_FALSE(GlobMatch("[!]]", "]"));
  EXPECT_TRUE(GlobMatch("[-a]", "-"));
  EXPECT_TRUE(GlobMatch("[a-]", "-"));
  EXPECT_FALSE(GlobMatch("[a-]", "b"));
  // Wildcard characters are literal inside a class.
  EXPECT_TRUE(GlobMatch("[*]", "*"));
  EXPECT_FALSE(GlobMatch("[*]", "x"));
  EXPECT_TRUE(GlobMatch("[?]", "?"));
  // A reversed range contains nothing.
  EXPECT_FALSE(GlobMatch("[z-a]", "m"));
  // '^' has no special meaning ("[!...]" negates).
  EXPECT_TRUE(GlobMatch("[^a]", "^"));
  EXPECT_TRUE(GlobMatch("[^a]", "a"));
  // A class never matches '/'.
  EXPECT_FALSE(GlobMatch("a[!x]b", "a/b"));
}

TEST(GlobMatch, ClassesCompareBytesUnsigned) {
  // "é" is two bytes (0xC3 0xA9); a class matches one byte.
  EXPECT_TRUE(GlobMatch("caf??", "caf\xC3\xA9"));
  EXPECT_TRUE(GlobMatch("caf[\xC3][\xA9]", "caf\xC3\xA9"));
  EXPECT_TRUE(GlobMatch("[\x80-\xFF]", "\xC3"));
  EXPECT_FALSE(GlobMatch("[\x80-\xFF]", "a"));
}

TEST(GlobMatch, DoubleStarIsZeroOrMoreComponents) {
  EXPECT_TRUE(GlobMatch("**", "a"));
  EXPECT_TRUE(GlobMatch("**", "a/b/c"));
  EXPECT_TRUE(GlobMatch("a/**", "a/b"));
  EXPECT_TRUE(GlobMatch("a/**", "a/b/c"));
  EXPECT_TRUE(GlobMatch("a/**", "a"));  // zero components
  EXPECT_FALSE(GlobMatch("a/**", "ab/c"));
  EXPECT_TRUE(GlobMatch("**/*.py", "mod.py"));
  EXPECT_TRUE(GlobMatch("**/*.py", "a/b/mod.py"));
  EXPECT_FALSE(GlobMatch("**/*.py", "a/b/mod.pyi"));
  EXPECT_TRUE(GlobMatch("**/tests/**", "tests"));
  EXPECT_TRUE(GlobMatch("**/tests/**", "pkg/tests/test_x.py"));
  EXPECT_TRUE(GlobMatch("**/tests/**", "a/b/tests/c/d.py"));
  EXPECT_FALSE(GlobMatch("**/tests/**", "pkg/tests_x/t.py"));
  EXPECT_TRUE(GlobMatch("a/**/b", "a/b"));
  EXPECT_TRUE(GlobMatch("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(GlobMatch("a/**/b", "a/x/y/c"));
  EXPECT_TRUE(GlobMatch("a/**/b/**/c", "a/1/b/2/b/3/c"));
  EXPECT_FALSE(GlobMatch("a/**/b/**/c", "a/1/b/2/b/3/d"));
  EXPECT_TRUE(GlobMatch("**/**/x", "x"));
}

TEST(GlobMatchSelfOrParent, MatchesAncestorDirectories) {
  EXPECT_TRUE(GlobMatchSelfOrParent("pkg", "pkg/mod.py"));
  EXPECT_TRUE(GlobMatchSelfOrParent("pkg", "pkg"));
  EXPECT_TRUE(GlobMatchSelfOrParent("pkg/**", "pkg/sub/mod.py"));
  EXPECT_TRUE(GlobMatchSelfOrParent("*/tests", "pkg/tests/t.py"));
  EXPECT_TRUE(GlobMatchSelfOrParent("a/**/b", "a/x/b/c/d.py"));
  EXPECT_FALSE(GlobMatchSelfOrParent("pkg", "pkgx/mod.py"));
  EXPECT_FALSE(GlobMatchSelfOrParent("pkg/mod.py", "pkg"));
  EXPECT_FALSE(GlobMatchSelfOrParent("tests", "pkg/tests/t.py"));
  EXPECT_TRUE(GlobMatchSelfOrParent("**/tests", "pkg/tests/t.py"));
}

TEST(ValidateGlob, AcceptsWellFormedPatterns) {
  for (const char* p :
       {"a", "*.py", "**", "a/**", "**/x/**", "a/*/b", "[abc]", "[!a-z]*",
        "[]]", "x?", ".hidden/*", "a..b", "...", "[*]"}) {
    EXPECT_TRUE(ValidateGlob(p).ok()) << p << ": " << ValidateGlob(p).message();
  }
}

void ExpectInvalid(std::string_view pattern, std::string_view fragment) {
  Status st = ValidateGlob(pattern);
  ASSERT_FALSE(st.ok()) << pattern;
  EXPECT_EQ(st.code(), ErrorCode::kManifest);
  EXPECT_NE(st.message().find(fragment), std::string::npos)
      << pattern << " -> " << st.message();
}

TEST(ValidateGlob, RejectsMalformedPatterns) {
  ExpectInvalid("", "empty pattern");
  ExpectInvalid("/abs/*.py", "must be relative");
  ExpectInvalid("a//b", "empty path component");
  ExpectInvalid("a/", "empty path component");
  ExpectInvalid("./a", "\".\" and \"..\" components");
  ExpectInvalid("a/../b", "\".\" and \"..\" components");
  ExpectInvalid("a/.", "\".\" and \"..\" components");
  ExpectInvalid("[abc", "unterminated '['");
  ExpectInvalid("[!", "unterminated '['");
  ExpectInvalid("[]", "unterminated '['");       // ']' first is a member
  ExpectInvalid("a[b/c]d", "unterminated '['");  // a class ends at '/'
  ExpectInvalid("a**b", "must be a whole path component");
  ExpectInvalid("**a", "must be a whole path component");
  ExpectInvalid("x/***", "must be a whole path component");
  ExpectInvalid("a/**b/c", "must be a whole path component");
}

TEST(ValidateGlob, MessageQuotesThePattern) {
  EXPECT_EQ(ValidateGlob("a**b").message(),
            "invalid glob \"a**b\": \"**\" must be a whole path component "
            "(as in \"a/**/b\"); use \"*\" within a name");
}

// A direct, exponential-time reading of the glob rules, used as an oracle
// for the linear matcher on small random inputs. Classes are limited to the
// forms the generator produces: "[xy]" and "[!xy]".
bool RefComponent(std::string_view p, std::string_view n) {
  if (p.empty()) return n.empty();
  if (p[0] == '*') {
    for (size_t k = 0; k <= n.size(); ++k) {
      if (RefComponent(p.substr(1), n.substr(k))) return true;
    }
    return false;
  }
  if (n.empty()) return false;
  if (p[0] == '[') {
    size_t close = p.find(']');
    std::string_view set = p.substr(1, close - 1);
    bool negate = !set.empty() && set[0] == '!';
    if (negate) set.remove_prefix(1);
    bool in = set.find(n[0]) != std::string_view::npos;
    return in != negate && RefComponent(p.substr(close + 1), n.substr(1));
  }
  if (p[0] != '?' && p[0] != n[0]) return false;
  return RefComponent(p.substr(1), n.substr(1));
}

bool RefPath(const std::vector<std::string>& p, size_t i,
             const std::vector<std::string>& n, size_t j) {
  if (i == p.size()) return j == n.size();
  if (p[i] == "**") {
    for (size_t k = j; k <= n.size(); ++k) {
      if (RefPath(p, i + 1, n, k)) return true;
    }
    return false;
  }
  return j < n.size() && RefComponent(p[i], n[j]) &&
         RefPath(p, i + 1, n, j + 1);
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    size_t slash = s.find('/', i);
    out.push_back(s.substr(i, slash == std::string::npos ? slash : slash - i));
    if (slash == std::string::npos) return out;
    i = slash + 1;
  }
}

TEST(GlobMatch, AgreesWithReferenceOnRandomInputs) {
  std::mt19937 rng(12345);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  const char* tokens[] = {"a", "b", "*", "?", "[ab]", "[!a]"};
  int mismatches = 0, checked = 0, matched = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string pattern, path;
    const int pcomps = 1 + pick(4), ncomps = 1 + pick(4);
    for (int c = 0; c < pcomps; ++c) {
      if (c) pattern += '/';
      if (pick(4) == 0) {
        pattern += "**";
        continue;
      }
      for (int t = 1 + pick(3); t > 0; --t) pattern += tokens[pick(6)];
    }
    for (int c = 0; c < ncomps; ++c) {
      if (c) path += '/';
      for (int t = 1 + pick(4); t > 0; --t) path += "ab"[pick(2)];
    }
    if (!ValidateGlob(pattern).ok()) continue;  // e.g. "**" next to "*"
    const auto pv = Split(pattern), nv = Split(path);
    bool want = RefPath(pv, 0, nv, 0);
    ++checked;
    matched += want ? 1 : 0;
    bool want_prefix = false;
    for (size_t k = 1; k <= nv.size(); ++k) {
      std::vector<std::string> head(nv.begin(), nv.begin() + k);
      want_prefix = want_prefix || RefPath(pv, 0, head, 0);
    }
    if (GlobMatch(pattern, path) != want ||
        GlobMatchSelfOrParent(pattern, path) != want_prefix) {
      if (++mismatches < 10) {
        ADD_FAILURE() << "pattern " << pattern << " path " << path
                      << " expected " << want << "/" << want_prefix;
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
  // The generator must exercise both outcomes.
  EXPECT_GT(checked, 10000);
  EXPECT_GT(matched, 1000);
  EXPECT_GT(checked - matched, 1000);
}

// Patterns that make naive backtracking matchers exponential must finish
// quickly: each level of '*' or '**' keeps a single backtrack point.
TEST(GlobMatch, PathologicalPatternsAreFast) {
  std::string name(200, 'a');
  std::string star_pattern;
  for (int i = 0; i < 30; ++i) star_pattern += "*a";
  star_pattern += "b";
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "a/";
  deep += "c";
  std::string dstar_pattern;
  for (int i = 0; i < 30; ++i) dstar_pattern += "**/a/";
  dstar_pattern += "b";

  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(GlobMatch(star_pattern, name));
  EXPECT_FALSE(GlobMatch(dstar_pattern, deep));
  EXPECT_FALSE(GlobMatchSelfOrParent(dstar_pattern, deep));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

// 100k paths against a few typical patterns: a budget generous enough for a
// loaded machine or a sanitizer build, far below what a quadratic-per-path
// or allocating-per-component matcher would need on deep trees.
TEST(GlobMatch, HundredThousandPathsAreFast) {
  const char* patterns[] = {"app/**", "**/tests/**", "**/*.py", "*/[!_]*.py"};
  size_t hits = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100000; ++i) {
    std::string path = "app/pkg" + std::to_string(i % 97) + "/sub/mod" +
                       std::to_string(i) + (i % 3 ? ".py" : ".txt");
    for (const char* p : patterns) hits += GlobMatch(p, path) ? 1 : 0;
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  // app/** matches all; **/*.py two thirds; the others none.
  EXPECT_EQ(hits, 100000u + 66666u);
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

}  // namespace
}  // namespace pycpack
