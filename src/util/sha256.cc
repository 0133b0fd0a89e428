#include "util/sha256.h"

#include <openssl/evp.h>

#include "util/hex.h"

namespace pycpack {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::Update(std::string_view data) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size());
}

std::string Sha256::Digest() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md, &len);
  return std::string(reinterpret_cast<const char*>(md), len);
}

std::string Sha256::HexDigest() { return HexEncode(Digest()); }

std::string UrlsafeBase64NoPad(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(n);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

Result<std::string> RecordHash(std::string_view algorithm, std::string_view data) {
  if (algorithm != "sha256" && algorithm != "sha384" && algorithm != "sha512") {
    return IoError("unsupported hash algorithm '" + std::string(algorithm) +
                   "' (RECORD files use sha256, sha384 or sha512)");
  }
  const EVP_MD* md = EVP_get_digestbyname(std::string(algorithm).c_str());
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (md == nullptr || EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) {
    return InternalError("cannot compute " + std::string(algorithm));
  }
  return std::string(algorithm) + "=" +
         UrlsafeBase64NoPad(std::string_view(reinterpret_cast<char*>(out), len));
}

std::string Sha256RecordHash(std::string_view data) {
  Sha256 h;
  h.Update(data);
  return "sha256=" + UrlsafeBase64NoPad(h.Digest());
}

std::string Sha256Hex(std::string_view data) {
  Sha256 h;
  h.Update(data);
  return h.HexDigest();
}

std::string Sha256Raw(std::string_view data) {
  Sha256 hash;
  hash.Update(data);
  return hash.Digest();
}

}  // namespace pycpack
