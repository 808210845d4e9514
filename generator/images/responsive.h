// responsive: one source image of a site → the files and the markup of a responsive
// `<picture>`. The image is made in each width site.yaml's `images.widths` asks for (never
// upscaled), in each modern format of `images.formats` (AVIF, WebP) and in a fallback
// every browser reads (JPEG for an opaque image, PNG for one with transparency), under
// content-addressed output paths. Every file goes through the ImageCache (images/cache.h),
// so a rebuild reprocesses only images or settings that changed.
//
// Rendering threads find the ImagePipeline of the build through a CollectingScope that
// render_pages() opens around each page: what a page makes is collected per page, and the
// build's output holds the files of every page that uses them, whatever the thread count.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/fs.h"
#include "images/cache.h"
#include "images/processor.h"
#include "input/config.h"

namespace reel::images {

/// The folder below the output's root where processed images go: `images/`.
inline constexpr const char* kOutputDir = "images";

/// The widths, in pixels, an image `original` pixels wide is made in, for the `wanted`
/// widths (site.yaml `images.widths` or image(widths=…)): each wanted width, clamped to
/// `original` (an image is never upscaled), sorted, without duplicates. So a 1000 px image
/// asked for [480, 800, 1200] is made at 480, 800 and 1000 px, and a 300 px one at 300 px
/// only. Empty `wanted` gives {original}. Throws nothing but std::bad_alloc.
std::vector<std::uint32_t> plan_widths(std::uint32_t original, const std::vector<std::uint32_t>& wanted);

/// The height, in pixels, of an image `width` × `height` scaled to `to_width` wide, in
/// proportion and rounded to the nearest pixel (at least 1), as libvips' thumbnail makes it.
std::uint32_t scaled_height(std::uint32_t width, std::uint32_t height, std::uint32_t to_width);

/// The fallback format of an image: "png" when it has an alpha channel (JPEG would lose
/// its transparency), else "jpeg".
std::string_view fallback_format(bool has_alpha);

/// The MIME type of a format reel writes ("avif" → "image/avif", "webp", "jpeg", "png"),
/// for `<source type>`; the file extension of one ("jpeg" → "jpg", the others as named).
std::string_view mime_type(std::string_view format);
std::string_view extension(std::string_view format);

/// One file made from a source image.
struct Variant {
  std::string path;    ///< output path below the site's root: "images/poster.1a2b3c4d.480.webp"
  std::string url;     ///< the URL pages use: the base path + `path` ("/images/…", "/project/images/…")
  std::string format;  ///< "avif", "webp", "jpeg" or "png"
  std::uint32_t width = 0;   ///< pixels
  std::uint32_t height = 0;  ///< pixels
  std::string key;     ///< its ImageCache key (source bytes, width, format, quality)
};

/// The `srcset` of one format: "URL 480w, URL 800w", widths ascending.
struct SourceSet {
  std::string format;  ///< "avif", "webp"…
  std::string type;    ///< its MIME type: "image/avif"
  std::string srcset;
};

/// What a `<picture>` needs of one source image.
struct ResponsiveImage {
  std::string source;        ///< the source file, relative to the site folder: "content/posters/a.jpg"
  std::uint32_t width = 0;   ///< of the largest variant, pixels (the `width` attribute)
  std::uint32_t height = 0;  ///< of the largest variant, pixels (the `height` attribute)
  std::string src;           ///< URL of the largest fallback (`<img src>`)
  std::string type;          ///< MIME type of the fallback: "image/jpeg" or "image/png"
  std::string srcset;        ///< the fallback's srcset (`<img srcset>`)
  std::vector<SourceSet> sources;  ///< one per modern format, in site.yaml's order (`<source>`s)
  /// Every file: the modern formats in order, then the fallback; each in ascending width.
  std::vector<Variant> variants;
};

/// Plans the files of a source image without processing anything: for the image at
/// `source` (site-relative, for `ResponsiveImage::source` and the output names' stem)
/// whose bytes hash to `source_hash` (cache_key of the bytes, 32 hex digits) and whose
/// header is `info`, in `widths` (after plan_widths) and the modern `formats` followed by
/// the fallback, at `quality`, with URLs below `base_path` ("/" or "/project/"). Output
/// paths are `images/<stem>.<h8>.<width>.<ext>`: the source's file name without its
/// extension (letters, digits, `-` and `_`; anything else becomes `-`), then 8 hex digits
/// of a hash of the source's bytes and `quality`, so a changed image or setting gets new
/// names (caches may keep files forever) and an unchanged one the same names.
ResponsiveImage plan_image(std::string_view source, std::string_view source_hash, const ImageInfo& info,
                           const std::vector<std::uint32_t>& widths, const std::vector<std::string>& formats,
                           int quality, std::string_view base_path);

/// How image() shows a ResponsiveImage.
struct PictureOptions {
  std::string alt;          ///< the alternative text (escaped here); "" only with `decorative`
  /// alt="": the image says nothing the text around it does not (HTML Living Standard,
  /// "Requirements relating to the alt attribute"); assistive technology skips it. No
  /// role attribute: an empty alt already means presentation, and HTML forbids both.
  bool decorative = false;
  std::string sizes;        ///< the `sizes` attribute (site.yaml `images.sizes` by default)
  bool eager = false;       ///< above the fold: no loading="lazy", and fetchpriority="high"
  std::string css_class;    ///< the `<img>`'s class attribute, when not empty
};

/// The markup: `<picture>`, a `<source type srcset sizes>` per modern format, then
/// `<img src srcset sizes width height alt loading="lazy" decoding="async">` (with
/// `eager`: fetchpriority="high" instead of loading="lazy"). `width` and `height` reserve
/// the image's box before it loads, so the layout does not shift. Throws nothing but
/// std::bad_alloc.
std::string picture_html(const ResponsiveImage& image, const PictureOptions& options);

/// Files of the output: path below the site's root → bytes, shared between the pages that
/// use them.
using ImageFiles = std::map<std::string, std::shared_ptr<const std::string>, std::less<>>;

/// What one page (or declared output) made while it rendered.
struct ImageUses {
  ImageFiles files;                                ///< every variant it shows
  std::set<std::string, std::less<>> sources;      ///< the source files it read, site-relative
};

/// The images of one build: finds and reads source images through the site's FileSystem
/// (so reel's build cache sees them as inputs), makes their variants through an
/// ImageCache, and keeps what each page made so that the output holds exactly the files
/// of the pages as last rendered (a page rendered again replaces its own record). make()
/// is thread-safe; record(), forget_all(), files() and uses_source() are too.
class ImagePipeline {
 public:
  /// Reads sources from `source` and keeps processed images in `cache` (the Build's, which
  /// share cards use too: `<output>/.reel-images` for reel build, memory for reel serve);
  /// both must outlive the pipeline.
  ImagePipeline(const FileSystem& source, ImageCache& cache);

  /// The responsive image of `src`, a path below `config.content_dir` or, when no such
  /// file exists there, below `config.static_dir` (as Zola's resize_image looks), made in
  /// `widths` (plan_widths) with `config.images`' formats and quality. Every variant's
  /// bytes are added to `uses.files`, and the source's path to `uses.sources`. Throws
  /// reel::Error (without a position: the renderer adds the template's) when `src` is not
  /// a relative path, names no file (with a did-you-mean among the site's images), is not
  /// an image libvips can read (naming the file), or when site.yaml's `images.formats`
  /// names a format this libvips cannot write (at its site.yaml position); and when the
  /// image module cannot be loaded (processor()).
  ResponsiveImage make(const Config& config, std::string_view src, const std::vector<std::uint32_t>& widths,
                       ImageUses& uses);

  /// Records what the page or output at `owner` (its output path) made, replacing what it
  /// made before.
  void record(const std::string& owner, ImageUses uses);
  /// Forgets every record (a full render records every page again).
  void forget_all();
  /// The files of every record: the images the output holds.
  ImageFiles files() const;
  /// The paths of each record's files, by owner (the page's or output's path): what a
  /// later build needs to keep the images of the pages it does not render again.
  std::map<std::string, std::vector<std::string>, std::less<>> paths_by_owner() const;
  /// Whether a recorded page read the source file `path` (site-relative): a change to it
  /// must render those pages again.
  bool uses_source(std::string_view path) const;

  /// The cache, for its counters: made() is 0 on a rebuild that changed nothing.
  const ImageCache& cache() const { return cache_; }

 private:
  /// The site-relative path of `src`, or throws.
  std::string locate(const Config& config, std::string_view src) const;
  std::shared_ptr<const std::string> bytes_of(const Variant& v, std::string_view source, std::string_view bytes,
                                              int quality);

  const FileSystem& source_;
  ImageCache& cache_;
  mutable std::mutex mutex_;
  std::map<std::string, ImageUses, std::less<>> records_;  ///< by owner
  ImageFiles made_;  ///< by output path, so pages share one copy of each file
};

/// While it lives, image() calls on this thread make their images with `pipeline` and
/// collect them into `uses` (render_pages opens one around each page). Scopes nest: the
/// innermost one counts, and the outer one is back when it ends.
class CollectingScope {
 public:
  CollectingScope(ImagePipeline& pipeline, ImageUses& uses);
  ~CollectingScope();
  CollectingScope(const CollectingScope&) = delete;
  CollectingScope& operator=(const CollectingScope&) = delete;

  /// The innermost scope of this thread, or nullptr outside any (`reel render`).
  static CollectingScope* current();
  ImagePipeline& pipeline() const { return pipeline_; }
  ImageUses& uses() const { return uses_; }

 private:
  ImagePipeline& pipeline_;
  ImageUses& uses_;
  CollectingScope* outer_;
};

}  // namespace reel::images
