// responsive: planning, making and showing the variants of a source image.
#include "images/responsive.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "base/diagnostics.h"
#include "base/text.h"

namespace reel::images {

namespace {

/// Bumped whenever what reel makes of the same bytes and settings changes (the
/// processor's options; 2: without Orc vector code), so that no cache entry of an older
/// reel is taken for a new one.
constexpr std::string_view kRecipe = "reel-image 2";

constexpr std::string_view kImageExtensions[] = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".tif", ".tiff", ".svg"};

bool looks_like_image(std::string_view path) {
  std::string lower(path);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::any_of(std::begin(kImageExtensions), std::end(kImageExtensions),
                     [&](std::string_view ext) { return lower.ends_with(ext); });
}

/// The source's file name without its extension, safe in a URL: "Poster 1.JPG" → "Poster-1".
std::string stem_of(std::string_view source) {
  std::size_t slash = source.rfind('/');
  std::string_view name = slash == std::string_view::npos ? source : source.substr(slash + 1);
  std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (ok) out += c;
    else if (out.empty() || out.back() != '-') out += '-';
  }
  return out.empty() ? std::string("image") : out;
}

/// The header of an image as the cache keeps it: "format width height alpha".
std::string format_info(const ImageInfo& info) {
  return info.format + " " + std::to_string(info.width) + " " + std::to_string(info.height) + " " +
         (info.has_alpha ? "1" : "0");
}

std::optional<ImageInfo> parse_info(const std::string& text) {
  std::vector<std::string_view> parts = split(text, ' ');
  if (parts.size() != 4) return std::nullopt;
  ImageInfo info;
  info.format = std::string(parts[0]);
  try {
    info.width = static_cast<std::uint32_t>(std::stoul(std::string(parts[1])));
    info.height = static_cast<std::uint32_t>(std::stoul(std::string(parts[2])));
  } catch (...) {
    return std::nullopt;
  }
  info.has_alpha = parts[3] == "1";
  if (info.width == 0 || info.height == 0) return std::nullopt;
  return info;
}

}  // namespace

std::vector<std::uint32_t> plan_widths(std::uint32_t original, const std::vector<std::uint32_t>& wanted) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t w : wanted) {
    if (w > 0) out.push_back(std::min(w, original));
  }
  if (out.empty()) out.push_back(original);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::uint32_t scaled_height(std::uint32_t width, std::uint32_t height, std::uint32_t to_width) {
  if (width == 0 || to_width >= width) return height;
  double h = std::round(static_cast<double>(height) * to_width / width);
  return std::max<std::uint32_t>(1, static_cast<std::uint32_t>(h));
}

std::string_view fallback_format(bool has_alpha) { return has_alpha ? "png" : "jpeg"; }

std::string_view mime_type(std::string_view format) {
  if (format == "avif") return "image/avif";
  if (format == "webp") return "image/webp";
  if (format == "png") return "image/png";
  return "image/jpeg";
}

std::string_view extension(std::string_view format) { return format == "jpeg" ? "jpg" : format; }

ResponsiveImage plan_image(std::string_view source, std::string_view source_hash, const ImageInfo& info,
                           const std::vector<std::uint32_t>& widths, const std::vector<std::string>& formats,
                           int quality, std::string_view base_path) {
  ResponsiveImage out;
  out.source = std::string(source);
  std::string stem = stem_of(source);
  std::string names = cache_key({kRecipe, source_hash, std::to_string(quality)}).substr(0, 8);
  std::vector<std::string> all(formats.begin(), formats.end());
  std::string fallback(fallback_format(info.has_alpha));
  all.push_back(fallback);
  for (const std::string& format : all) {
    std::string srcset;
    for (std::uint32_t w : widths) {
      Variant v;
      v.format = format;
      v.width = w;
      v.height = scaled_height(info.width, info.height, w);
      v.path = std::string(kOutputDir) + "/" + stem + "." + names + "." + std::to_string(w) + "." + std::string(extension(format));
      v.url = std::string(base_path) + v.path;
      v.key = cache_key({kRecipe, source_hash, std::to_string(w), format, std::to_string(quality)});
      srcset += (srcset.empty() ? "" : ", ") + v.url + " " + std::to_string(w) + "w";
      out.variants.push_back(std::move(v));
    }
    if (format == fallback) {
      out.srcset = srcset;
      out.type = std::string(mime_type(format));
      out.src = out.variants.back().url;
      out.width = out.variants.back().width;
      out.height = out.variants.back().height;
    } else {
      out.sources.push_back(SourceSet{format, std::string(mime_type(format)), srcset});
    }
  }
  return out;
}

std::string picture_html(const ResponsiveImage& image, const PictureOptions& options) {
  std::string sizes = escape_html(options.sizes);
  std::string out = "<picture>";
  for (const SourceSet& s : image.sources) {
    out += "<source type=\"" + s.type + "\" srcset=\"" + escape_html(s.srcset) + "\" sizes=\"" + sizes + "\">";
  }
  out += "<img src=\"" + escape_html(image.src) + "\" srcset=\"" + escape_html(image.srcset) + "\" sizes=\"" + sizes +
         "\" width=\"" + std::to_string(image.width) + "\" height=\"" + std::to_string(image.height) + "\" alt=\"" +
         (options.decorative ? std::string() : escape_html(options.alt)) + "\"";
  if (!options.css_class.empty()) out += " class=\"" + escape_html(options.css_class) + "\"";
  out += options.eager ? " decoding=\"async\" fetchpriority=\"high\">" : " loading=\"lazy\" decoding=\"async\">";
  return out + "</picture>";
}

ImagePipeline::ImagePipeline(const FileSystem& source, ImageCache& cache) : source_(source), cache_(cache) {}

std::string ImagePipeline::locate(const Config& config, std::string_view src) const {
  std::string path(src);
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  if (path.empty() || !is_safe_relative_path(path)) {
    throw Error(SourcePos{}, "image() takes a path below " + config.content_dir + "/ or " + config.static_dir + "/, got `" +
                                 std::string(src) + "`",
                "e.g. image('posters/emma.jpg', alt='…') for " + config.content_dir + "/posters/emma.jpg");
  }
  for (const std::string& dir : {config.content_dir, config.static_dir}) {
    std::string candidate = join_path(dir, path);
    if (source_.is_file(candidate)) return candidate;
  }
  std::vector<std::string> images;
  for (const std::string& dir : {config.content_dir, config.static_dir}) {
    for (const std::string& f : source_.list_files(dir)) {
      if (looks_like_image(f)) images.push_back(f.substr(dir.size() + 1));
    }
  }
  throw Error(SourcePos{}, "no image `" + path + "` in " + config.content_dir + "/ or " + config.static_dir + "/",
              suggestion_hint(path, images,
                              "image paths are relative to " + config.content_dir + "/ (then " + config.static_dir +
                                  "/): image('posters/emma.jpg', alt='…') reads " + config.content_dir +
                                  "/posters/emma.jpg"));
}

std::shared_ptr<const std::string> ImagePipeline::bytes_of(const Variant& v, std::string_view source, std::string_view bytes,
                                                           int quality) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = made_.find(v.path); it != made_.end()) return it->second;
  }
  std::string made = cache_.get_or_make(v.key, [&] {
    try {
      return processor().resize(bytes, v.width, v.format, quality);
    } catch (const std::runtime_error& e) {
      throw Error(SourcePos{}, "cannot make " + v.path + " from the image " + std::string(source) + ": " + e.what());
    }
  });
  auto shared = std::make_shared<const std::string>(std::move(made));
  std::lock_guard lock(mutex_);
  return made_.emplace(v.path, std::move(shared)).first->second;
}

ResponsiveImage ImagePipeline::make(const Config& config, std::string_view src, const std::vector<std::uint32_t>& widths,
                                    ImageUses& uses) {
  std::string path = locate(config, src);
  std::optional<std::string> bytes = source_.read(path);
  if (!bytes) throw Error(SourcePos{}, "cannot read the image " + path);
  uses.sources.insert(path);
  std::string hash = cache_key({kRecipe, *bytes});
  std::string info_text = cache_.get_or_make(cache_key({kRecipe, "info", hash}), [&] {
    try {
      return format_info(processor().inspect(*bytes));
    } catch (const std::runtime_error& e) {
      throw Error(SourcePos{}, "cannot read the image " + path + ": " + e.what(),
                  "image() reads JPEG, PNG, WebP, AVIF, GIF, TIFF and SVG files; check that the file is not damaged");
    }
  });
  std::optional<ImageInfo> info = parse_info(info_text);
  if (!info) throw Error(SourcePos{}, "cannot read the image " + path + ": it has no width or height");

  const ImagesConfig& settings = config.images;
  std::vector<std::string> formats;
  for (const std::string& f : settings.formats) {
    if (processor().can_write(f)) {
      formats.push_back(f);
    } else if (settings.formats_given) {
      throw Error(Diagnostic{Severity::kError, settings.formats_pos,
                             "site.yaml's `images.formats` asks for " + f + " images, which this reel's libvips cannot write",
                             "remove " + f + " from `images.formats` (the other formats and the JPEG or PNG fallback still "
                                            "work), or install a libvips that writes it",
                             {}, {}});
    }
  }
  ResponsiveImage image = plan_image(path, hash, *info, plan_widths(info->width, widths), formats, settings.quality,
                                     config.base_path);
  for (const Variant& v : image.variants) uses.files.insert_or_assign(v.path, bytes_of(v, path, *bytes, settings.quality));
  return image;
}

void ImagePipeline::record(const std::string& owner, ImageUses uses) {
  std::lock_guard lock(mutex_);
  if (uses.files.empty() && uses.sources.empty()) records_.erase(owner);
  else records_.insert_or_assign(owner, std::move(uses));
}

void ImagePipeline::forget_all() {
  std::lock_guard lock(mutex_);
  records_.clear();
  made_.clear();
}

ImageFiles ImagePipeline::files() const {
  std::lock_guard lock(mutex_);
  ImageFiles out;
  for (const auto& [owner, uses] : records_) out.insert(uses.files.begin(), uses.files.end());
  return out;
}

std::map<std::string, std::vector<std::string>, std::less<>> ImagePipeline::paths_by_owner() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::vector<std::string>, std::less<>> out;
  for (const auto& [owner, uses] : records_) {
    std::vector<std::string>& paths = out[owner];
    for (const auto& [path, bytes] : uses.files) paths.push_back(path);
  }
  return out;
}

bool ImagePipeline::uses_source(std::string_view path) const {
  std::lock_guard lock(mutex_);
  return std::any_of(records_.begin(), records_.end(), [&](const auto& r) { return r.second.sources.count(path) > 0; });
}

namespace {
thread_local CollectingScope* current_scope = nullptr;
}

CollectingScope::CollectingScope(ImagePipeline& pipeline, ImageUses& uses)
    : pipeline_(pipeline), uses_(uses), outer_(current_scope) {
  current_scope = this;
}

CollectingScope::~CollectingScope() { current_scope = outer_; }

CollectingScope* CollectingScope::current() { return current_scope; }

}  // namespace reel::images
