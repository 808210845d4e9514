// digest: SHA-1 and SHA-256 (FIPS 180-4) from OpenSSL's libcrypto, loaded with dlopen(3)
// the first time a digest is asked for. Most commands never hash (a site without images
// or share cards, `reel --version`): they start without libcrypto, whose loading and
// relocation cost every run about a millisecond.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace reel {

enum class DigestAlgorithm { sha1, sha256 };

/// The digest of the bytes of `parts`, one after another, as lower-case hex: 40 digits
/// for SHA-1, 64 for SHA-256. Thread-safe. Throws reel::Error (with a hint) when
/// libcrypto cannot be loaded, std::runtime_error when it fails to hash.
std::string digest_hex(DigestAlgorithm algorithm, std::span<const std::string_view> parts);
std::string digest_hex(DigestAlgorithm algorithm, std::initializer_list<std::string_view> parts);

}  // namespace reel
