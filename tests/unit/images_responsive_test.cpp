// Responsive images: site.yaml `images`, planning the variants, the <picture> markup,
// image() and image_data() in templates and prose, their errors, the cache across builds
// and serve's updates; sites built in memory.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "build/build.h"
#include "images/cache.h"
#include "images/processor.h"
#include "images/responsive.h"
#include "input/config.h"
#include "render/functions.h"
#include "support/sites.h"
#include "template/environment.h"

using namespace reel;
using reel::test::contains;

namespace {

/// A 600 × 900 poster without transparency, as JPEG, and a 300 × 150 logo with it, as PNG.
const std::string& poster_jpeg() {
  static const std::string bytes = [] {
    std::string svg =
        R"(<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900"><rect width="600" height="900" fill="#264653"/>)"
        R"(<circle cx="300" cy="400" r="180" fill="#e9c46a"/></svg>)";
    const auto& p = images::processor();
    return p.resize(p.rasterise_svg(svg, 600, 900), 600, "jpeg", 85);
  }();
  return bytes;
}

const std::string& logo_png() {
  static const std::string bytes = [] {
    std::string svg = R"(<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150"><circle cx="75" cy="75" r="70" fill="#e76f51"/></svg>)";
    return images::processor().rasterise_svg(svg, 300, 150);
  }();
  return bytes;
}

const char* kSiteYaml =
    "title: Images\n"
    "base_url: https://example.org/films/\n"
    "languages:\n"
    "  en: {name: English, locale: en-GB}\n"
    "images:\n"
    "  widths: [200, 400, 800]\n"
    "  formats: [webp]\n"
    "  sizes: \"(min-width: 40em) 20em, 50vw\"\n";

/// A one-page site whose layout shows `body` (a template) and whose prose is `prose`.
MemoryFileSystem image_site(const std::string& body, const std::string& prose = "Text.\n",
                            const std::string& site_yaml = kSiteYaml) {
  MemoryFileSystem fs;
  fs.write("site.yaml", site_yaml);
  fs.write("templates/layouts/page.html",
           "<!doctype html><html lang=\"en\"><title>{{ page.title }}</title>\n" + body + "\n{{ page.content }}</html>\n");
  fs.write("content/en/index.md", "---\ntitle: Home\nlayout: page\n---\n" + prose);
  fs.write("content/posters/emma.jpg", poster_jpeg());
  fs.write("static/logo.png", logo_png());
  return fs;
}

Config config_of(const std::string& yaml, Diagnostics& diags) {
  MemoryFileSystem fs;
  fs.write("site.yaml", "title: T\nbase_url: https://example.org/\nlanguages: {en: {name: English}}\n" + yaml);
  return load_config(fs, diags);
}

/// A fresh folder below the system's temporary folder, removed at the end.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

/// Sets REEL_THREADS while it lives.
struct Threads {
  explicit Threads(const char* n) { ::setenv("REEL_THREADS", n, 1); }
  ~Threads() { ::unsetenv("REEL_THREADS"); }
};

}  // namespace

TEST_CASE("images config: defaults, every key, and errors at their positions") {
  Diagnostics none;
  Config defaults = config_of("", none);
  REQUIRE_FALSE(none.has_errors());
  CHECK(defaults.images.widths == std::vector<std::uint32_t>{480, 800, 1200});
  CHECK(defaults.images.formats == std::vector<std::string>{"avif", "webp"});
  CHECK_FALSE(defaults.images.formats_given);
  CHECK(defaults.images.quality == 70);
  CHECK(defaults.images.sizes == "100vw");

  Diagnostics ok;
  Config c = config_of("images:\n  widths: [800, 320, 800]\n  formats: [webp]\n  quality: 55\n  sizes: 50vw\n", ok);
  INFO(ok.format());
  REQUIRE_FALSE(ok.has_errors());
  CHECK(c.images.widths == std::vector<std::uint32_t>{320, 800});  // sorted, once each
  CHECK(c.images.formats == std::vector<std::string>{"webp"});
  CHECK(c.images.formats_given);
  CHECK(c.images.formats_pos.line == 6);
  CHECK(c.images.quality == 55);
  CHECK(c.images.sizes == "50vw");
  Diagnostics empty;
  CHECK(config_of("images:\n  formats: []\n", empty).images.formats.empty());
  CHECK_FALSE(empty.has_errors());

  Diagnostics bad;
  config_of("images:\n  widths: [480, -1]\n  formats: [avi]\n  quality: 101\n  size: 50vw\n", bad);
  REQUIRE(bad.items().size() == 4);
  std::string text = bad.format();
  INFO(text);
  CHECK(contains(text, "site.yaml:8:3: error: unknown key `size` in `images`"));
  CHECK(contains(text, "did you mean `sizes`?"));
  CHECK(contains(text, "site.yaml:5:17: error: expected a width in pixels from 1 to 8192 in `images.widths`, got `-1`"));
  CHECK(contains(text, "site.yaml:6:13: error: unknown image format `avi` in `images.formats`"));
  CHECK(contains(text, "did you mean `avif`?"));
  CHECK(contains(text, "site.yaml:7:12: error: expected a whole number from 1 to 100 for `images.quality`"));
  Diagnostics not_map;
  config_of("images: [480]\n", not_map);
  CHECK(contains(not_map.format(), "site.yaml:4:9: error: expected a map for `images`"));
}

TEST_CASE("images: the widths an image is made in are the wanted ones, never upscaled") {
  using images::plan_widths;
  CHECK(plan_widths(1000, {480, 800, 1200}) == std::vector<std::uint32_t>{480, 800, 1000});
  CHECK(plan_widths(2000, {1200, 480, 800}) == std::vector<std::uint32_t>{480, 800, 1200});
  CHECK(plan_widths(300, {480, 800, 1200}) == std::vector<std::uint32_t>{300});
  CHECK(plan_widths(800, {480, 800}) == std::vector<std::uint32_t>{480, 800});
  CHECK(plan_widths(640, {}) == std::vector<std::uint32_t>{640});
  CHECK(images::scaled_height(600, 900, 200) == 300);
  CHECK(images::scaled_height(1200, 630, 300) == 158);  // 157.5, rounded as libvips does
  CHECK(images::scaled_height(600, 1, 10) == 1);
  CHECK(images::fallback_format(false) == "jpeg");
  CHECK(images::fallback_format(true) == "png");
}

TEST_CASE("images: a plan names every file by content and settings, and gives the srcsets of a <picture>") {
  images::ImageInfo info{"jpeg", 600, 900, false};
  std::string hash = images::cache_key({"the bytes"});
  images::ResponsiveImage a = images::plan_image("content/posters/Emma Woodhouse.JPG", hash, info, {200, 400, 600},
                                                 {"avif", "webp"}, 70, "/films/");
  REQUIRE(a.variants.size() == 9);
  std::string stem = a.variants[0].path.substr(0, a.variants[0].path.find('.'));
  CHECK(stem == "images/Emma-Woodhouse");
  std::string h8 = a.variants[0].path.substr(stem.size() + 1, 8);
  CHECK(h8.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a.variants[0].path == "images/Emma-Woodhouse." + h8 + ".200.avif");
  CHECK(a.variants[8].path == "images/Emma-Woodhouse." + h8 + ".600.jpg");
  CHECK(a.variants[8].url == "/films/images/Emma-Woodhouse." + h8 + ".600.jpg");
  CHECK(a.src == a.variants[8].url);
  CHECK(a.type == "image/jpeg");
  CHECK(a.width == 600);
  CHECK(a.height == 900);
  CHECK(a.variants[0].height == 300);
  REQUIRE(a.sources.size() == 2);
  CHECK(a.sources[0].type == "image/avif");
  CHECK(a.sources[1].srcset == "/films/images/Emma-Woodhouse." + h8 + ".200.webp 200w, /films/images/Emma-Woodhouse." + h8 +
                                   ".400.webp 400w, /films/images/Emma-Woodhouse." + h8 + ".600.webp 600w");
  // The same bytes and settings: the same names; other bytes or another quality: others.
  CHECK(images::plan_image("content/posters/Emma Woodhouse.JPG", hash, info, {200}, {}, 70, "/").variants[0].path ==
        "images/Emma-Woodhouse." + h8 + ".200.jpg");
  CHECK(images::plan_image("x/Emma Woodhouse.JPG", images::cache_key({"other"}), info, {200}, {}, 70, "/").variants[0].path !=
        "images/Emma-Woodhouse." + h8 + ".200.jpg");
  CHECK(images::plan_image("x/Emma Woodhouse.JPG", hash, info, {200}, {}, 80, "/").variants[0].path !=
        "images/Emma-Woodhouse." + h8 + ".200.jpg");
  // Transparency keeps PNG as the fallback.
  images::ResponsiveImage logo = images::plan_image("static/logo.png", hash, {"png", 300, 150, true}, {300}, {"webp"}, 70, "/");
  CHECK(logo.type == "image/png");
  CHECK(logo.src.ends_with(".300.png"));
}

TEST_CASE("images: the <picture> markup has width, height, alt, sizes and lazy loading, or eager with high priority") {
  images::ResponsiveImage image =
      images::plan_image("content/a.jpg", images::cache_key({"a"}), {"jpeg", 800, 400, false}, {400, 800}, {"webp"}, 70, "/");
  images::PictureOptions lazy{"Emma & \"Mr. Knightley\"", false, "50vw", false, ""};
  std::string html = images::picture_html(image, lazy);
  const std::string& w400 = image.variants[0].url;
  const std::string& w800 = image.variants[1].url;
  CHECK(html == "<picture><source type=\"image/webp\" srcset=\"" + w400 + " 400w, " + w800 + " 800w\" sizes=\"50vw\">"
                "<img src=\"" + image.variants[3].url + "\" srcset=\"" + image.variants[2].url + " 400w, " +
                image.variants[3].url + " 800w\" sizes=\"50vw\" width=\"800\" height=\"400\" "
                "alt=\"Emma &amp; &#34;Mr. Knightley&#34;\" loading=\"lazy\" decoding=\"async\"></picture>");
  std::string eager = images::picture_html(image, {"A poster", false, "100vw", true, "poster"});
  CHECK(contains(eager, "alt=\"A poster\" class=\"poster\" decoding=\"async\" fetchpriority=\"high\">"));
  CHECK_FALSE(contains(eager, "loading="));
  std::string decorative = images::picture_html(image, {"", true, "100vw", false, ""});
  CHECK(contains(decorative, "alt=\"\" loading=\"lazy\""));
}

TEST_CASE("images: image() in a template and in prose makes the files of the output and their markup") {
  MemoryFileSystem fs = image_site(
      "{{ image('posters/emma.jpg', alt='The poster of Emma', loading='eager', class='poster') }}\n"
      "{{ image('logo.png', decorative=true, sizes='10em') }}\n"
      "{% set d = image_data('posters/emma.jpg', widths=[100]) %}<img src=\"{{ d.src }}\" width=\"{{ d.width }}\" "
      "height=\"{{ d.height }}\" alt=\"\">{{ d.sources[0].type }} {{ d.variants | length }}",
      "A poster in prose:\n\n{{ image('/posters/emma.jpg', alt='Emma, in prose') }}\n");
  BuildResult r = build_site(fs);
  INFO(r.diags.format());
  REQUIRE(r.ok);
  const std::string& page = r.files.at("index.html");
  std::vector<std::string> made;
  for (const auto& [path, bytes] : r.files) {
    if (path.starts_with("images/")) made.push_back(path);
  }
  // The poster (600 px wide) at 200, 400 and 600 px (800 is clamped) in WebP and JPEG, and
  // at 100 px for image_data(); the logo (300 px) at 200 and 300 px in WebP and PNG.
  CHECK(made.size() == 6 + 2 + 4);
  std::string poster = "images/emma.";
  for (const std::string& path : made) {
    CAPTURE(path);
    const std::string& bytes = r.files.at(path);
    images::ImageInfo info = images::processor().inspect(bytes);
    std::string width = path.substr(0, path.rfind('.'));
    width = width.substr(width.rfind('.') + 1);
    CHECK(std::to_string(info.width) == width);
    if (path.ends_with(".webp")) CHECK(info.format == "webp");
    if (path.ends_with(".jpg")) CHECK(info.format == "jpeg");
    if (path.ends_with(".png")) CHECK(info.format == "png");
    // image_data() makes every variant; this page shows its fallback only.
    if (!path.ends_with(".100.webp")) CHECK(contains(page, "/films/" + path));
  }
  CHECK(contains(page, "sizes=\"(min-width: 40em) 20em, 50vw\" width=\"600\" height=\"900\" alt=\"The poster of Emma\" "
                       "class=\"poster\" decoding=\"async\" fetchpriority=\"high\"></picture>"));
  CHECK(contains(page, "sizes=\"10em\" width=\"300\" height=\"150\" alt=\"\" loading=\"lazy\""));
  CHECK(contains(page, "width=\"100\" height=\"150\" alt=\"\">image/webp 2"));
  // The prose shortcode: its <picture> as it is, in a paragraph.
  CHECK(contains(page, "<p><picture><source type=\"image/webp\""));
  CHECK(contains(page, "alt=\"Emma, in prose\" loading=\"lazy\" decoding=\"async\"></picture></p>"));
}

TEST_CASE("images: an image without alternative text is an error at the call, in a template and in prose") {
  SUBCASE("template") {
    BuildResult r = build_site(image_site("<p>\n  {{ image('posters/emma.jpg') }}</p>"));
    REQUIRE_FALSE(r.ok);
    std::string text = r.diags.format();
    INFO(text);
    CHECK(contains(text, "templates/layouts/page.html:3:6: error: image('posters/emma.jpg') has no alternative text"));
    CHECK(contains(text, "decorative=true"));
  }
  SUBCASE("blank alt") {
    BuildResult r = build_site(image_site("{{ image('posters/emma.jpg', alt='  ') }}"));
    CHECK(contains(r.diags.format(), "templates/layouts/page.html:2:4: error: image('posters/emma.jpg') has no alternative text"));
  }
  SUBCASE("prose") {
    BuildResult r = build_site(image_site("", "Text.\n\nHere {{ image('posters/emma.jpg', alt='') }}\n"));
    REQUIRE_FALSE(r.ok);
    std::string text = r.diags.format();
    INFO(text);
    // Line 7 of the file (after four lines of front matter), at the `image(` call.
    CHECK(contains(text, "content/en/index.md:7:9: error: image('posters/emma.jpg') has no alternative text"));
  }
  SUBCASE("decorative with alt") {
    BuildResult r = build_site(image_site("{{ image('logo.png', alt='Logo', decorative=true) }}"));
    CHECK(contains(r.diags.format(), "an image with alternative text is not decorative"));
  }
  SUBCASE("an unknown argument") {
    BuildResult r = build_site(image_site("{{ image('logo.png', alt='Logo', lazy=true) }}"));
    CHECK(contains(r.diags.format(), "image() has no argument `lazy`"));
  }
  SUBCASE("a wrong loading") {
    BuildResult r = build_site(image_site("{{ image('logo.png', alt='Logo', loading='eagre') }}"));
    CHECK(contains(r.diags.format(), "did you mean `eager`?"));
  }
}

TEST_CASE("images: a missing image is an error with a did-you-mean, and an unreadable one names the file") {
  SUBCASE("missing") {
    BuildResult r = build_site(image_site("{{ image('posters/ema.jpg', alt='Emma') }}"));
    REQUIRE_FALSE(r.ok);
    std::string text = r.diags.format();
    INFO(text);
    CHECK(contains(text, "templates/layouts/page.html:2:4: error: no image `posters/ema.jpg` in content/ or static/"));
    CHECK(contains(text, "did you mean `posters/emma.jpg`?"));
  }
  SUBCASE("outside the site") {
    BuildResult r = build_site(image_site("{{ image('../secret.jpg', alt='Secret') }}"));
    CHECK(contains(r.diags.format(), "image() takes a path below content/ or static/, got `../secret.jpg`"));
  }
  SUBCASE("not an image") {
    MemoryFileSystem fs = image_site("{{ image('posters/broken.jpg', alt='Broken') }}");
    fs.write("content/posters/broken.jpg", "this is not a JPEG");
    BuildResult r = build_site(fs);
    REQUIRE_FALSE(r.ok);
    std::string text = r.diags.format();
    INFO(text);
    CHECK(contains(text, "templates/layouts/page.html:2:4: error: cannot read the image content/posters/broken.jpg: "
                         "not an image libvips can read"));
  }
  SUBCASE("outside a site build") {
    MemoryFileSystem fs = image_site("");
    tpl::Environment env(fs, "templates", {});
    register_site_functions(env);
    CHECK_THROWS_WITH(env.render_string("{{ image('logo.png', alt='x') }}", Value(ValueMap{}), "x.html"),
                      doctest::Contains("image() works only while reel builds a site"));
  }
}

TEST_CASE("images: a rebuild takes every image from the cache, and the cache folder is not rewritten") {
  TempDir dir("reel-images-rebuild-test");
  MemoryFileSystem fs = image_site("{{ image('posters/emma.jpg', alt='Emma') }}{{ image('logo.png', alt='Logo') }}");
  Config config;
  {
    Diagnostics d;
    config = load_config(fs, d);
    REQUIRE_FALSE(d.has_errors());
  }
  std::size_t files = 0;
  {
    images::ImageCache cache(dir.path);
    images::ImagePipeline pipeline(fs, cache);
    images::ImageUses uses;
    pipeline.make(config, "posters/emma.jpg", config.images.widths, uses);
    pipeline.make(config, "logo.png", config.images.widths, uses);
    files = uses.files.size();
    CHECK(files == 6 + 4);
    CHECK(cache.made() == files + 2);  // every variant, and each image's header
  }
  auto stamps = [&] {
    std::map<std::string, std::filesystem::file_time_type> out;
    for (const auto& e : std::filesystem::directory_iterator(dir.path)) out[e.path().filename().string()] = e.last_write_time();
    return out;
  };
  auto before = stamps();
  CHECK(before.size() == files + 2);
  {
    images::ImageCache cache(dir.path);
    images::ImagePipeline pipeline(fs, cache);
    images::ImageUses uses;
    pipeline.make(config, "posters/emma.jpg", config.images.widths, uses);
    pipeline.make(config, "logo.png", config.images.widths, uses);
    CHECK(cache.made() == 0);
    CHECK(cache.read_from_disk() == files + 2);
  }
  CHECK(stamps() == before);

  // Whole builds through the same folder give the same bytes, and the second makes nothing new.
  BuildOptions options;
  options.image_cache_dir = dir.path.string();
  BuildResult first = build_site(fs, options);
  REQUIRE(first.ok);
  BuildResult second = build_site(fs, options);
  REQUIRE(second.ok);
  CHECK(first.files == second.files);
  CHECK(stamps() == before);
  // A changed setting is a new entry; the old ones stay as they were.
  fs.write("site.yaml", std::string(kSiteYaml) + "  quality: 50\n");
  BuildResult third = build_site(fs, options);
  REQUIRE(third.ok);
  CHECK(stamps().size() == before.size() + files);
}

TEST_CASE("images: the output is the same bytes whatever the thread count") {
  std::string body;
  for (int i = 0; i < 6; ++i) body += "{{ image('posters/emma.jpg', alt='Emma " + std::to_string(i) + "', widths=[" + std::to_string(100 + i) + "]) }}\n";
  MemoryFileSystem fs = image_site(body);
  for (int i = 0; i < 8; ++i) {
    fs.write("content/en/p" + std::to_string(i) + ".md",
             "---\ntitle: P" + std::to_string(i) + "\nlayout: page\n---\n{{ image('logo.png', alt='Logo', widths=[" +
                 std::to_string(50 + i) + "]) }}\n");
  }
  OutputSet one, two, seven;
  {
    Threads t("1");
    BuildResult r = build_site(fs);
    INFO(r.diags.format());
    REQUIRE(r.ok);
    one = r.files;
  }
  {
    Threads t("2");
    two = build_site(fs).files;
  }
  {
    Threads t("7");
    seven = build_site(fs).files;
  }
  CHECK(one.size() > 30);
  CHECK(one == two);
  CHECK(one == seven);
}

TEST_CASE("images: reel serve's updates keep the images of pages not rendered again, and drop unused ones") {
  MemoryFileSystem fs = image_site("{{ page.title }}");
  fs.write("content/en/a.md", "---\ntitle: A\nlayout: page\n---\n{{ image('posters/emma.jpg', alt='Emma') }}\n");
  fs.write("content/en/b.md", "---\ntitle: B\nlayout: page\n---\n{{ image('logo.png', alt='Logo') }}\n");
  Build build(fs);
  REQUIRE(build.run().ok);
  auto image_files = [](const OutputSet& files) {
    std::vector<std::string> out;
    for (const auto& [path, bytes] : files) {
      if (path.starts_with("images/")) out.push_back(path);
    }
    return out;
  };
  CHECK(image_files(build.files()).size() == 6 + 4);

  // Page b renders again (its prose changed): page a's images stay.
  fs.write("content/en/b.md", "---\ntitle: B\nlayout: page\n---\nNo image now.\n");
  BuildResult r = build.update({{"content/en/b.md", false}});
  INFO(r.diags.format());
  REQUIRE(r.ok);
  CHECK(r.rendered < 3);
  CHECK(image_files(build.files()).size() == 6);
  CHECK(build.files() == build_site(fs).files);

  // The source image changes: pages that show it render again, with new file names.
  std::vector<std::string> old_names = image_files(build.files());
  fs.write("content/posters/emma.jpg", images::processor().resize(poster_jpeg(), 500, "jpeg", 80));
  r = build.update({{"content/posters/emma.jpg", false}});
  REQUIRE(r.ok);
  std::vector<std::string> new_names = image_files(build.files());
  CHECK(new_names.size() == 6);
  CHECK(new_names != old_names);
  CHECK(contains(build.files().at("a/index.html"), "width=\"500\""));
  CHECK(build.files() == build_site(fs).files);
}
