// Responsive images through the real `reel` binary: a small site with a JPEG poster
// (content/) and a PNG with transparency (static/), shown by image() in a template and
// by the prose shortcode; the files, the markup, the manifest, the cache folder that
// spares a rebuild all processing, and the errors.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "images/cache.h"
#include "images/processor.h"
#include "support/process.h"

using namespace reel::test;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

/// Writes the site into `dir`: one page showing a poster (JPEG, 640 × 960, opaque) and a
/// badge (PNG, 200 × 200, transparent), plus `layout_extra` in its layout.
void write_site(const fs::path& dir, const std::string& layout_extra = "") {
  const auto& p = reel::images::processor();
  std::string poster_svg =
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="640" height="960"><rect width="640" height="960" fill="#1d3557"/>)"
      R"(<rect x="80" y="120" width="480" height="300" fill="#e63946"/></svg>)";
  std::string badge_svg = R"(<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><circle cx="100" cy="100" r="90" fill="#457b9d"/></svg>)";
  spit(dir / "content/posters/poster.jpg", p.resize(p.rasterise_svg(poster_svg, 640, 960), 640, "jpeg", 85));
  spit(dir / "static/badge.png", p.rasterise_svg(badge_svg, 200, 200));
  spit(dir / "site.yaml",
       "title: Posters\n"
       "base_url: https://example.org/posters/\n"
       "languages:\n"
       "  en: {name: English, locale: en-GB}\n"
       "images:\n"
       "  widths: [160, 320, 800]\n"
       "  sizes: \"(min-width: 30em) 20em, 100vw\"\n");
  spit(dir / "templates/layouts/page.html",
       "<!doctype html>\n<html lang=\"en\"><head><title>{{ page.title }}</title></head><body>\n"
       "{{ image('posters/poster.jpg', alt='The poster: a red block on blue', loading='eager') }}\n" +
           layout_extra + "{{ page.content }}\n</body></html>\n");
  spit(dir / "content/en/index.md",
       "---\ntitle: Home\nlayout: page\n---\nThe badge:\n\n{{ image('badge.png', alt='A blue badge') }}\n");
}

/// Every file below `dir` (relative path → last write time).
std::map<std::string, fs::file_time_type> stamps(const fs::path& dir) {
  std::map<std::string, fs::file_time_type> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = e.last_write_time();
  }
  return out;
}

}  // namespace

TEST_CASE("reel build makes the variants of every image, their <picture>, and a rebuild reprocesses nothing") {
  TempDir tmp;
  fs::path site = tmp / "site";
  write_site(site);
  RunResult r = run_reel("build", site);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);

  fs::path out = site / "_site";
  std::map<std::string, fs::file_time_type> images = stamps(out / "images");
  // The poster at 160, 320 and 640 px (800 is clamped to its width) in AVIF, WebP and
  // JPEG; the badge at 160 and 200 px in AVIF, WebP and PNG (it is transparent).
  CHECK(images.size() == 9 + 6);
  std::size_t jpg = 0, png = 0, avif = 0, webp = 0;
  for (const auto& [name, stamp] : images) {
    jpg += name.ends_with(".jpg");
    png += name.ends_with(".png");
    avif += name.ends_with(".avif");
    webp += name.ends_with(".webp");
    CHECK((name.starts_with("poster.") || name.starts_with("badge.")));
  }
  CHECK(jpg == 3);
  CHECK(png == 2);
  CHECK(avif == 5);
  CHECK(webp == 5);
  const auto& p = reel::images::processor();
  for (const auto& [name, stamp] : images) {
    CAPTURE(name);
    auto info = p.inspect(slurp(out / "images" / name));
    std::string width = name.substr(0, name.rfind('.'));
    CHECK(std::to_string(info.width) == width.substr(width.rfind('.') + 1));
  }

  std::string html = slurp(out / "index.html");
  CHECK(has(html, "<picture><source type=\"image/avif\" srcset=\"/posters/images/poster."));
  CHECK(has(html, "<source type=\"image/webp\""));
  CHECK(has(html, "sizes=\"(min-width: 30em) 20em, 100vw\" width=\"640\" height=\"960\" "
                  "alt=\"The poster: a red block on blue\" decoding=\"async\" fetchpriority=\"high\"></picture>"));
  CHECK(has(html, "<p><picture>"));
  CHECK(has(html, "width=\"200\" height=\"200\" alt=\"A blue badge\" loading=\"lazy\" decoding=\"async\"></picture></p>"));
  // reel owns the files (its manifest lists them); the cache folder is not part of the site.
  std::string manifest = slurp(out / ".reel-manifest");
  for (const auto& [name, stamp] : images) CHECK(has(manifest, "images/" + name));
  CHECK_FALSE(has(manifest, ".reel-images"));
  std::map<std::string, fs::file_time_type> cache = stamps(out / reel::images::kCacheDirName);
  CHECK(cache.size() == images.size() + 2);  // every variant, and each source's header

  // A rebuild after an edit of the prose: every image comes from the cache folder (none is
  // made, none written again), and the output images are unchanged.
  spit(site / "content/en/index.md",
       "---\ntitle: Home\nlayout: page\n---\nThe badge, again:\n\n{{ image('badge.png', alt='A blue badge') }}\n");
  RunResult again = run_reel("build", site);
  INFO(again.out << again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(has(again.out, "1 file written"));
  CHECK(stamps(out / reel::images::kCacheDirName) == cache);
  CHECK(stamps(out / "images") == images);

  // The same bytes whatever the thread count.
  RunResult one = run_reel("build --allow-outside --output ../one", site);
  REQUIRE(one.exit_code == 0);
  ::setenv("REEL_THREADS", "7", 1);
  RunResult seven = run_reel("build --allow-outside --output ../seven", site);
  ::unsetenv("REEL_THREADS");
  REQUIRE(seven.exit_code == 0);
  std::map<std::string, std::string> a, b;
  for (const auto& [name, stamp] : stamps(tmp / "one")) {
    if (!name.starts_with(".reel")) a[name] = slurp(tmp / "one" / name);
  }
  for (const auto& [name, stamp] : stamps(tmp / "seven")) {
    if (!name.starts_with(".reel")) b[name] = slurp(tmp / "seven" / name);
  }
  CHECK(a.size() > images.size());
  CHECK(a == b);
}

TEST_CASE("reel build: an image without alt text, a missing image and an unreadable one are errors with positions") {
  SUBCASE("no alt") {
    TempDir tmp;
    write_site(tmp.path(), "<p>{{ image('badge.png') }}</p>\n");
    RunResult r = run_reel("build", tmp.path());
    CHECK(r.exit_code == 1);
    CHECK(has(r.err, "templates/layouts/page.html:4:7: error: image('badge.png') has no alternative text"));
    CHECK_FALSE(fs::exists(tmp / "_site/index.html"));
  }
  SUBCASE("missing") {
    TempDir tmp;
    write_site(tmp.path(), "{{ image('posters/postre.jpg', alt='x') }}\n");
    RunResult r = run_reel("build", tmp.path());
    CHECK(r.exit_code == 1);
    CHECK(has(r.err, "templates/layouts/page.html:4:4: error: no image `posters/postre.jpg` in content/ or static/"));
    CHECK(has(r.err, "did you mean `posters/poster.jpg`?"));
  }
  SUBCASE("unreadable") {
    TempDir tmp;
    write_site(tmp.path());
    spit(tmp / "content/posters/poster.jpg", "GIF89a, or so it says");
    RunResult r = run_reel("build", tmp.path());
    CHECK(r.exit_code == 1);
    CHECK(has(r.err, "templates/layouts/page.html:3:4: error: cannot read the image content/posters/poster.jpg"));
  }
  SUBCASE("in prose") {
    TempDir tmp;
    write_site(tmp.path());
    spit(tmp / "content/en/index.md", "---\ntitle: Home\nlayout: page\n---\nText.\n\nSee {{ image('badge.png', alt=' ') }}\n");
    RunResult r = run_reel("build", tmp.path());
    CHECK(r.exit_code == 1);
    CHECK(has(r.err, "content/en/index.md:7:8: error: image('badge.png') has no alternative text"));
  }
}
