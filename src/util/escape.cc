#include "util/escape.h"

#include <cstdio>

namespace pycpack {
namespace {

// The length of the valid UTF-8 sequence at s[i] and its code point, or 0.
int Utf8At(std::string_view s, size_t i, uint32_t* code_point) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || (len == 2 && c < 0xc2) || i + len > s.size()) return 0;
  uint32_t cp = len == 1 ? c : c & (0x7f >> len);
  for (int k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc >> 6) != 2) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp <= 0xdfff)) {
    return 0;
  }
  *code_point = cp;
  return len;
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7f && cp < 0xa0); }

void AppendHex(std::string* out, unsigned char c) {
  char buf[5];
  std::snprintf(buf, sizeof buf, "\\x%02x", c);
  *out += buf;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  uint32_t cp;
  for (size_t i = 0; i < s.size();) {
    int len = Utf8At(s, i, &cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string EscapeBytes(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      AppendHex(&out, c);
    }
  }
  return out;
}

std::string EscapeControls(std::string_view s) {
  std::string out;
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    int len = Utf8At(s, i, &cp);
    if (len == 0 || IsControl(cp)) {
      // A control character as its UTF-8 bytes, an invalid byte alone.
      for (int k = 0; k < (len == 0 ? 1 : len); ++k) AppendHex(&out, s[i + k]);
      i += len == 0 ? 1 : len;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

bool HasControlCharacter(std::string_view s) {
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    int len = Utf8At(s, i, &cp);
    if (len == 0) {
      ++i;
      continue;
    }
    if (IsControl(cp)) return true;
    i += len;
  }
  return false;
}

}  // namespace pycpack
