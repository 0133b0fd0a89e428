#include "inspect/source_hash.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>

#include "marshal/marshal_format.h"

namespace pycpack::inspect {
namespace {

struct MacCtxFree {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};

// OpenSSL's SipHash implementation, fetched once for the process.
EVP_MAC* SipHashMac() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "SIPHASH", nullptr);
  return mac;
}

}  // namespace

Result<std::string> KeyedHash(uint64_t key, int c_rounds, int d_rounds,
                              std::string_view data) {
  if (SipHashMac() == nullptr) {
    return InternalError("OpenSSL provides no SIPHASH MAC");
  }
  std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx(EVP_MAC_CTX_new(SipHashMac()));
  unsigned char k[16] = {};
  for (int i = 0; i < 8; ++i) k[i] = static_cast<unsigned char>(key >> (8 * i));
  size_t size = 8;
  unsigned int c = static_cast<unsigned int>(c_rounds);
  unsigned int d = static_cast<unsigned int>(d_rounds);
  // The size must be set before the key: it decides the initial state.
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size),
      OSSL_PARAM_construct_uint(OSSL_MAC_PARAM_C_ROUNDS, &c),
      OSSL_PARAM_construct_uint(OSSL_MAC_PARAM_D_ROUNDS, &d),
      OSSL_PARAM_construct_end()};
  unsigned char out[8];
  size_t out_len = 0;
  if (!ctx || EVP_MAC_CTX_set_params(ctx.get(), params) != 1 ||
      EVP_MAC_init(ctx.get(), k, sizeof k, nullptr) != 1 ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), out, &out_len, sizeof out) != 1 || out_len != 8) {
    return InternalError("OpenSSL SipHash failed");
  }
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

Result<std::string> PycSourceHash(std::string_view magic,
                                  const marshal::CodeLayout& layout,
                                  std::string_view source) {
  return KeyedHash(marshal::GetU32(magic.data()), layout.source_hash_c_rounds,
                   layout.source_hash_d_rounds, source);
}

}  // namespace pycpack::inspect
