// The libvips module behind images/processor.h, loaded as reel loads it.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <unistd.h>

#include "images/processor.h"

using reel::images::processor;

namespace {
const std::string kSvg =
    R"(<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">)"
    R"(<rect width="1200" height="630" fill="#1d3557"/><circle cx="600" cy="315" r="200" fill="#f1faee"/></svg>)";
}

TEST_CASE("images: an SVG is drawn at the size asked, as PNG, and the PNG can be resized to WebP, AVIF and JPEG") {
  const auto& images = processor();
  std::string png = images.rasterise_svg(kSvg, 1200, 630);
  auto info = images.inspect(png);
  CHECK(info.format == "png");
  CHECK(info.width == 1200);
  CHECK(info.height == 630);

  for (const char* format : {"webp", "avif", "jpeg", "png"}) {
    CAPTURE(format);
    REQUIRE(images.can_write(format));
    std::string small = images.resize(png, 300, format, 70);
    auto small_info = images.inspect(small);
    CHECK(small_info.width == 300);
    CHECK(small_info.height == 158);  // 630 × 300 / 1200 = 157.5, rounded
    CHECK(small.size() < png.size());
  }
  // Never upscaled.
  CHECK(images.inspect(images.resize(png, 4000, "webp", 70)).width == 1200);
}

TEST_CASE("images: bytes that are not an image, and an unknown format, are errors") {
  const auto& images = processor();
  CHECK_THROWS_AS(images.inspect("not an image"), std::runtime_error);
  CHECK_THROWS_AS(images.resize("not an image", 100, "webp", 70), std::runtime_error);
  CHECK_THROWS_AS(images.resize(images.rasterise_svg(kSvg, 12, 6), 10, "bmp", 70), std::runtime_error);
  CHECK_FALSE(images.can_write("bmp"));
}

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "images/cache.h"

TEST_CASE("images: the cache makes each key once, shares it between threads, and keeps it on disk across builds") {
  using reel::images::ImageCache;
  using reel::images::cache_key;
  CHECK(cache_key({"ab", "c"}) != cache_key({"a", "bc"}));
  CHECK(cache_key({"x"}).size() == 32);

  auto dir = std::filesystem::temp_directory_path() / ("reel-image-cache-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::atomic<int> calls = 0;
  auto make = [&] {
    ++calls;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return std::string("processed");
  };
  {
    ImageCache cache(dir);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back([&] { CHECK(cache.get_or_make("k1", make) == "processed"); });
    for (auto& t : threads) t.join();
    CHECK(calls == 1);
    CHECK(cache.made() == 1);
    CHECK_THROWS(cache.get_or_make("bad", []() -> std::string { throw std::runtime_error("unreadable"); }));
  }
  {
    ImageCache next_build(dir);
    CHECK(next_build.get_or_make("k1", make) == "processed");
    CHECK(calls == 1);
    CHECK(next_build.read_from_disk() == 1);
  }
  {
    ImageCache read_only(dir / "elsewhere", false);
    CHECK(read_only.get_or_make("k2", make) == "processed");
    CHECK_FALSE(std::filesystem::exists(dir / "elsewhere"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("images: a cache folder that is a symbolic link is not used") {
  auto base = std::filesystem::temp_directory_path() / ("reel-image-cache-link-" + std::to_string(::getpid()));
  std::filesystem::remove_all(base);
  std::filesystem::create_directories(base / "elsewhere");
  std::filesystem::create_symlink(base / "elsewhere", base / "cache");
  reel::images::ImageCache cache(base / "cache");
  CHECK(cache.get_or_make("k", [] { return std::string("bytes"); }) == "bytes");
  CHECK(std::filesystem::is_empty(base / "elsewhere"));
  std::filesystem::remove_all(base);
}
