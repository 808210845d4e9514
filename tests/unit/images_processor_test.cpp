// The libvips module behind images/processor.h, loaded as reel loads it.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

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
