// Share cards on the real flagship site, built by the real `reel` binary: every page's
// head references its own PNG card with its size and alternative text in the page's
// language, and every card is a 1200 × 630 PNG that decodes and is not blank.
#include <doctest/doctest.h>

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "images/processor.h"
#include "support/process.h"

using namespace reel::test;
namespace fs = std::filesystem;

namespace {

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  return (std::uint32_t(std::uint8_t(bytes[at])) << 24) | (std::uint32_t(std::uint8_t(bytes[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(bytes[at + 2])) << 8) | std::uint32_t(std::uint8_t(bytes[at + 3]));
}

/// A decoded PNG: 8-bit RGB or RGBA pixels, row after row.
struct Pixels {
  std::uint32_t width = 0, height = 0, channels = 0;
  std::vector<std::uint8_t> data;
};

/// Decodes a non-interlaced 8-bit RGB or RGBA PNG (what libvips writes for a drawn SVG),
/// following the PNG specification (ISO/IEC 15948): the IHDR, the IDAT chunks inflated
/// with zlib, each row unfiltered by its filter type (None, Sub, Up, Average, Paeth).
/// Fails the test for anything else.
Pixels decode_png(const std::string& png) {
  Pixels out;
  REQUIRE(png.size() > 33);
  REQUIRE(png.compare(0, 8, "\x89PNG\r\n\x1A\n") == 0);
  REQUIRE(png.compare(12, 4, "IHDR") == 0);
  out.width = big_endian(png, 16);
  out.height = big_endian(png, 20);
  const int depth = std::uint8_t(png[24]), colour = std::uint8_t(png[25]), interlace = std::uint8_t(png[28]);
  REQUIRE_MESSAGE(depth == 8, "bit depth " << depth);
  REQUIRE_MESSAGE((colour == 2 || colour == 6), "colour type " << colour);
  REQUIRE(interlace == 0);
  out.channels = colour == 6 ? 4 : 3;
  std::string idat;
  for (std::size_t at = 8; at + 12 <= png.size();) {
    std::uint32_t length = big_endian(png, at);
    std::string type = png.substr(at + 4, 4);
    REQUIRE(at + 12 + length <= png.size());
    if (type == "IDAT") idat += png.substr(at + 8, length);
    if (type == "IEND") break;
    at += 12 + length;
  }
  const std::size_t stride = std::size_t(out.width) * out.channels;
  std::vector<std::uint8_t> raw((stride + 1) * out.height);
  uLongf raw_size = raw.size();
  REQUIRE(uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) == Z_OK);
  REQUIRE(raw_size == raw.size());
  out.data.resize(stride * out.height);
  const std::size_t bpp = out.channels;
  for (std::size_t y = 0; y < out.height; ++y) {
    const std::uint8_t filter = raw[y * (stride + 1)];
    const std::uint8_t* in = &raw[y * (stride + 1) + 1];
    std::uint8_t* row = &out.data[y * stride];
    const std::uint8_t* up = y > 0 ? &out.data[(y - 1) * stride] : nullptr;
    for (std::size_t x = 0; x < stride; ++x) {
      int a = x >= bpp ? row[x - bpp] : 0, b = up ? up[x] : 0, c = up && x >= bpp ? up[x - bpp] : 0;
      int predictor = 0;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) / 2; break;
        case 4: {
          int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: FAIL("unknown PNG filter type " << int(filter));
      }
      row[x] = std::uint8_t(in[x] + predictor);
    }
  }
  return out;
}

/// The `content` of the first `<meta property|name="KEY" content="…">` of `html`, or "".
std::string meta(const std::string& html, const std::string& key) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("<meta (?:property|name)=\"" + key + "\" content=\"([^\"]*)\">"))) return m[1];
  return "";
}

}  // namespace

TEST_CASE("share cards: every page of the flagship has its own 1200 × 630 PNG card, in its language") {
  TempDir dir;
  copy_flagship(dir.path());
  RunResult r = run_reel("build --output out", dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(fs::exists(dir / "out/share.svg"));

  const std::string base = "https://reel-films.github.io/";
  const std::string manifest = slurp(dir / "out/.reel-manifest");
  std::set<std::string> cards_seen;
  std::size_t pages = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir / "out")) {
    if (entry.path().filename() != "index.html") continue;
    std::string rel_dir = fs::relative(entry.path().parent_path(), dir / "out").generic_string();
    rel_dir = rel_dir == "." ? "" : rel_dir + "/";
    CAPTURE(rel_dir);
    ++pages;
    const std::string html = slurp(entry.path());
    std::smatch lang;
    REQUIRE(std::regex_search(html, lang, std::regex("<html lang=\"([a-z]+)\"")));

    // The head names the page's own card, absolute, with its size, type and alt text.
    const std::string card_url = base + rel_dir + "share.png";
    CHECK(meta(html, "og:image") == card_url);
    CHECK(meta(html, "twitter:image") == card_url);
    CHECK(meta(html, "og:image:width") == "1200");
    CHECK(meta(html, "og:image:height") == "630");
    CHECK(meta(html, "og:image:type") == "image/png");
    CHECK(meta(html, "twitter:card") == "summary_large_image");
    // Structured data, where the film has it, names the same card (JSON inside <script>
    // is not something the link checker reads).
    if (contains(html, "application/ld+json") && contains(html, "\"image\"")) {
      CHECK(contains(html, "\"image\": \"" + card_url + "\""));
    }
    const std::string alt = meta(html, "og:image:alt");
    CHECK(alt.size() > 20);
    CHECK(meta(html, "twitter:image:alt") == alt);
    // In the page's language: the site's title in that language ends every card's text.
    CHECK(alt.ends_with(lang[1] == "it" ? "Non lasciarmi (2010) — il film in cifre e fatti"
                                        : "Never Let Me Go (2010) — the film in facts"));

    // The card: a PNG of exactly 1200 × 630 that libvips reads and that is not blank.
    const fs::path card = dir / "out" / (rel_dir + "share.png");
    REQUIRE(fs::is_regular_file(card));
    CHECK(contains(manifest, rel_dir + "share.png"));  // reel owns it
    cards_seen.insert(rel_dir);
    const std::string png = slurp(card);
    REQUIRE(png.compare(0, 8, "\x89PNG\r\n\x1A\n") == 0);
    CHECK(big_endian(png, 16) == 1200);
    CHECK(big_endian(png, 20) == 630);
    reel::images::ImageInfo info = reel::images::processor().inspect(png);
    CHECK(info.format == "png");
    CHECK(info.width == 1200);
    CHECK(info.height == 630);
    Pixels pixels = decode_png(png);
    REQUIRE(pixels.width == 1200);
    REQUIRE(pixels.height == 630);
    // Not blank: many colours (text is anti-aliased), and the commonest covers at most
    // 97% of the card.
    std::map<std::uint32_t, std::size_t> colours;
    for (std::size_t i = 0; i < pixels.data.size(); i += pixels.channels) {
      std::uint32_t rgb = (std::uint32_t(pixels.data[i]) << 16) | (std::uint32_t(pixels.data[i + 1]) << 8) | pixels.data[i + 2];
      ++colours[rgb];
    }
    std::size_t commonest = 0;
    for (const auto& [rgb, n] : colours) commonest = std::max(commonest, n);
    CHECK(colours.size() > 16);
    CHECK(commonest < std::size_t(1200 * 630 * 0.97));
  }
  CHECK(pages == 4);
  CHECK(cards_seen == std::set<std::string>{"", "about/", "it/", "it/about/"});

  // What each card says, in its page's language (its alternative text).
  const std::string en = slurp(dir / "out/index.html"), it = slurp(dir / "out/it/index.html");
  CHECK(contains(meta(en, "og:image:alt"), "Never Let Me Go: 2010, Directed by Mark Romanek, 103 minutes."));
  CHECK(contains(meta(it, "og:image:alt"), "Non lasciarmi (Never Let Me Go): 2010, Regia di Mark Romanek, 103 minuti."));
  CHECK(contains(meta(it, "og:image:alt"), "Interpreti principali: Carey Mulligan"));
  CHECK(meta(slurp(dir / "out/about/index.html"), "og:image:alt").starts_with("About this site."));
  CHECK(meta(slurp(dir / "out/it/about/index.html"), "og:image:alt").starts_with("Informazioni sul sito."));
  // Different pages, different cards.
  CHECK(slurp(dir / "out/share.png") != slurp(dir / "out/it/share.png"));
  // Drawn cards are kept for the next build, outside the site.
  CHECK(fs::is_directory(dir / "out/.reel-images"));
  CHECK_FALSE(contains(manifest, ".reel-images"));
}
