// base/digest.h: SHA-1 and SHA-256 through libcrypto loaded at run time, and the image
// cache's keys built on it (images/cache.h).
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/digest.h"
#include "images/cache.h"

using reel::DigestAlgorithm;
using reel::digest_hex;

TEST_CASE("digest: SHA-1 and SHA-256 of known inputs (FIPS 180-4 examples)") {
  CHECK(digest_hex(DigestAlgorithm::sha1, {"abc"}) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(digest_hex(DigestAlgorithm::sha256, {"abc"}) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(digest_hex(DigestAlgorithm::sha256, {}) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("digest: the parts are hashed one after another, as one input") {
  std::vector<std::string_view> parts{"a", "", "bc"};
  CHECK(digest_hex(DigestAlgorithm::sha256, parts) == digest_hex(DigestAlgorithm::sha256, {"abc"}));
  CHECK(digest_hex(DigestAlgorithm::sha1, {"ab", "c"}) == digest_hex(DigestAlgorithm::sha1, {"abc"}));
}

TEST_CASE("digest: an image cache key is the SHA-256 of the length-prefixed parts, 32 hex digits") {
  // sha256("1:a2:bc"): the keys of earlier builds stay valid.
  CHECK(reel::images::cache_key({"a", "bc"}) == "5310a58788781ab25d5ad7c3f8503582");
  CHECK(reel::images::cache_key({"ab", "c"}) != reel::images::cache_key({"a", "bc"}));
}
