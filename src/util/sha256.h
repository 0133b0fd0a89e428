#ifndef PYCPACK_UTIL_SHA256_H_
#define PYCPACK_UTIL_SHA256_H_

#include <string>
#include <string_view>

#include "pycpack/status.h"

namespace pycpack {

// Incremental SHA-256 (OpenSSL underneath).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  // The digest as 64 lowercase hex digits / as 32 bytes. REQUIRES: one of
  // them is called once, last.
  std::string HexDigest();
  std::string Digest();

 private:
  void* ctx_;  // EVP_MD_CTX
};

// SHA-256 of |data| as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view data);
// The raw 32-byte digest of |data|.
std::string Sha256Raw(std::string_view data);

// RFC 4648 base64 with the URL-safe alphabet ('-', '_') and no '=' padding.
std::string UrlsafeBase64NoPad(std::string_view data);

// "<algorithm>=" + UrlsafeBase64NoPad(digest of |data|) for algorithm
// sha256, sha384 or sha512 (what RECORD files may use); an IoError naming
// any other.
Result<std::string> RecordHash(std::string_view algorithm, std::string_view data);

// "sha256=" + UrlsafeBase64NoPad(SHA-256 of |data|): a hash as wheel RECORD
// files write it.
std::string Sha256RecordHash(std::string_view data);

}  // namespace pycpack

#endif  // PYCPACK_UTIL_SHA256_H_
