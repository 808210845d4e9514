#include "base/digest.h"

#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/macros.h>
#include <openssl/opensslv.h>

#include <memory>
#include <mutex>
#include <stdexcept>

#include "base/diagnostics.h"

namespace reel {
namespace {

/// The library reel was compiled against, by its soname ("libcrypto.so.3").
constexpr const char* kLibrary = "libcrypto.so." OPENSSL_MSTR(OPENSSL_VERSION_MAJOR);

/// The EVP functions reel calls (https://www.openssl.org/docs/man3.0/man3/EVP_DigestInit.html),
/// with the types of the header reel was compiled with.
struct Crypto {
  decltype(&EVP_MD_CTX_new) md_ctx_new;
  decltype(&EVP_MD_CTX_free) md_ctx_free;
  decltype(&EVP_DigestInit_ex) digest_init;
  decltype(&EVP_DigestUpdate) digest_update;
  decltype(&EVP_DigestFinal_ex) digest_final;
  decltype(&EVP_sha1) sha1;
  decltype(&EVP_sha256) sha256;
};

template <typename F>
void bind(void* handle, F& f, const char* name) {
  f = reinterpret_cast<F>(dlsym(handle, name));
  if (!f) throw Error(SourcePos{}, std::string(kLibrary) + " has no " + name, "reinstall libssl3 (or run scripts/install-deps)");
}

Crypto load() {
  // Never closed: libcrypto frees its own state at exit.
  void* handle = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    throw Error(SourcePos{}, std::string("cannot load ") + kLibrary + ": " + (why ? why : "unknown error"),
                "reel hashes with OpenSSL's libcrypto: run scripts/install-deps (Debian's libssl-dev)");
  }
  Crypto c{};
  bind(handle, c.md_ctx_new, "EVP_MD_CTX_new");
  bind(handle, c.md_ctx_free, "EVP_MD_CTX_free");
  bind(handle, c.digest_init, "EVP_DigestInit_ex");
  bind(handle, c.digest_update, "EVP_DigestUpdate");
  bind(handle, c.digest_final, "EVP_DigestFinal_ex");
  bind(handle, c.sha1, "EVP_sha1");
  bind(handle, c.sha256, "EVP_sha256");
  return c;
}

/// libcrypto, loaded once; a failure to load is thrown to every caller.
const Crypto& crypto() {
  static std::once_flag once;
  static Crypto loaded;
  std::call_once(once, [] { loaded = load(); });  // a throw leaves the flag unset: the next call tries again
  return loaded;
}

}  // namespace

std::string digest_hex(DigestAlgorithm algorithm, std::span<const std::string_view> parts) {
  const Crypto& c = crypto();
  const EVP_MD* md = algorithm == DigestAlgorithm::sha256 ? c.sha256() : c.sha1();
  std::unique_ptr<EVP_MD_CTX, decltype(c.md_ctx_free)> ctx(c.md_ctx_new(), c.md_ctx_free);
  if (!ctx || c.digest_init(ctx.get(), md, nullptr) != 1) throw std::runtime_error("libcrypto cannot start a digest");
  for (std::string_view p : parts) {
    if (c.digest_update(ctx.get(), p.data(), p.size()) != 1) throw std::runtime_error("libcrypto cannot hash");
  }
  unsigned char raw[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (c.digest_final(ctx.get(), raw, &size) != 1) throw std::runtime_error("libcrypto cannot end a digest");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[raw[i] >> 4];
    hex += kHex[raw[i] & 15];
  }
  return hex;
}

std::string digest_hex(DigestAlgorithm algorithm, std::initializer_list<std::string_view> parts) {
  return digest_hex(algorithm, std::span<const std::string_view>(parts.begin(), parts.size()));
}

}  // namespace reel
