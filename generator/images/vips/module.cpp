// The libvips module: reel::images::Processor on libvips' C++ API (vips8). Built as
// reel-vips.so and loaded by images/processor.cpp on first use; it links libvips, reel
// does not. It sees no other part of reel: errors leave as std::runtime_error.
#include <vips/vips8>
// After vips8 (it needs glib's and libvips' types): vips_vector_set_enabled.
#include <vips/vector.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "images/processor.h"

namespace reel::images {
namespace {

using vips::VImage;

/// Copies a blob libvips made into a string and releases the blob.
std::string take_blob(VipsBlob* blob) {
  size_t size = 0;
  const void* data = vips_blob_get(blob, &size);
  std::string out(static_cast<const char*>(data), size);
  vips_area_unref(VIPS_AREA(blob));
  return out;
}

/// A blob that points at `bytes` without copying them (valid while `bytes` is).
struct BorrowedBlob {
  explicit BorrowedBlob(std::string_view bytes) : blob(vips_blob_new(nullptr, bytes.data(), bytes.size())) {}
  ~BorrowedBlob() { vips_area_unref(VIPS_AREA(blob)); }
  BorrowedBlob(const BorrowedBlob&) = delete;
  BorrowedBlob& operator=(const BorrowedBlob&) = delete;
  VipsBlob* blob;
};

std::runtime_error vips_failure(const std::string& what) {
  std::string message = what;
  if (const char* buffer = vips_error_buffer(); buffer && *buffer) {
    std::string detail = buffer;
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    message += ": " + detail;
  }
  vips_error_clear();
  return std::runtime_error(message);
}

VImage load_buffer(std::string_view bytes) {
  try {
    return VImage::new_from_buffer(bytes.data(), bytes.size(), "", VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
  } catch (const vips::VError&) {
    throw vips_failure("not an image libvips can read");
  }
}

class VipsProcessor final : public Processor {
 public:
  VipsProcessor() {
    if (VIPS_INIT("reel")) throw vips_failure("libvips could not start");
    // reel renders pages on every core already; one thread per image operation.
    vips_concurrency_set(1);
    vips_cache_set_max(0);
    // No run-time compiled (Orc) vector code: freeing it is not safe while another
    // thread frees its own (a build crashed in orc_code_free, called from
    // vips_vector_free, with two threads making share cards). The plain C paths round
    // a few pixels differently, so the image and share card recipes were bumped with it
    // (libvips' vector.h: vips_vector_set_enabled).
    vips_vector_set_enabled(FALSE);
    // libvips' worker threads and caches are let go before the process ends, as its
    // documentation asks (vips_shutdown); leak checkers then see no thread still running.
    std::atexit([] { vips_shutdown(); });
    // libvips' warnings ("heifload: ignoring nclx profile") are not the user's concern:
    // a real problem fails the operation and reaches them as an error.
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
  }

  ImageInfo inspect(std::string_view bytes) const override {
    const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
    if (!loader) throw vips_failure("not an image libvips can read");
    VImage image = load_buffer(bytes);
    ImageInfo info;
    info.format = loader_format(loader);
    info.width = static_cast<std::uint32_t>(image.width());
    info.height = static_cast<std::uint32_t>(image.height());
    // Orientations 5–8 swap width and height once the image is turned upright.
    int orientation = 1;
    if (image.get_typeof(VIPS_META_ORIENTATION) != 0) orientation = image.get_int(VIPS_META_ORIENTATION);
    if (orientation >= 5 && orientation <= 8) std::swap(info.width, info.height);
    info.has_alpha = image.has_alpha();
    return info;
  }

  std::string resize(std::string_view bytes, std::uint32_t width, std::string_view format, int quality) const override {
    try {
      BorrowedBlob blob(bytes);
      VImage image = VImage::thumbnail_buffer(blob.blob, static_cast<int>(width),
                                              VImage::option()
                                                  ->set("height", 10000000)
                                                  ->set("size", VIPS_SIZE_DOWN)
                                                  ->set("export_profile", "srgb"));
      return encode(image, format, quality);
    } catch (const vips::VError&) {
      throw vips_failure("cannot resize the image to " + std::to_string(width) + " px as " + std::string(format));
    }
  }

  std::string rasterise_svg(std::string_view svg, std::uint32_t width, std::uint32_t height) const override {
    try {
      BorrowedBlob blob(svg);
      VImage image = VImage::svgload_buffer(blob.blob, VImage::option()->set("unlimited", false));
      if (image.width() != static_cast<int>(width) || image.height() != static_cast<int>(height)) {
        image = image.resize(static_cast<double>(width) / image.width(),
                             VImage::option()->set("vscale", static_cast<double>(height) / image.height()));
      }
      return encode(image, "png", 100);
    } catch (const vips::VError&) {
      throw vips_failure("cannot draw the SVG");
    }
  }

  bool can_write(std::string_view format) const override {
    if (format == "jpeg" || format == "png") return true;
    if (format == "webp") return vips_type_find("VipsOperation", "webpsave_buffer") != 0;
    if (format == "avif") return vips_type_find("VipsOperation", "heifsave_buffer") != 0;
    return false;
  }

 private:
  static std::string loader_format(std::string_view loader) {
    // "VipsForeignLoadJpegBuffer" → "jpeg"
    std::string name(loader);
    for (std::string_view prefix : {"VipsForeignLoad"}) {
      if (name.starts_with(prefix)) name.erase(0, prefix.size());
    }
    for (std::string_view suffix : {"Buffer", "Source"}) {
      if (name.ends_with(suffix)) name.erase(name.size() - suffix.size());
    }
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    return name;
  }

  static std::string encode(VImage image, std::string_view format, int quality) {
    // No metadata: libvips 8.14's savers keep the ICC profile (thumbnail's sRGB one, ~7 KB,
    // which is the web's default anyway) and EXIF in WebP despite `strip`.
    image = image.copy();
    for (const char* field : {VIPS_META_ICC_NAME, VIPS_META_EXIF_NAME, VIPS_META_XMP_NAME, VIPS_META_IPTC_NAME}) {
      image.remove(field);
    }
    // Each VOption is taken, and freed, by the call it is given to.
    VipsBlob* blob = nullptr;
    if (format == "png") {
      blob = image.pngsave_buffer(VImage::option()->set("strip", true)->set("compression", 9));
    } else if (format == "jpeg") {
      if (image.has_alpha()) image = image.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
      blob = image.jpegsave_buffer(
          VImage::option()->set("strip", true)->set("Q", quality)->set("optimize_coding", true)->set("interlace", true));
    } else if (format == "webp") {
      blob = image.webpsave_buffer(VImage::option()->set("strip", true)->set("Q", quality)->set("effort", 4));
    } else if (format == "avif") {
      blob = image.heifsave_buffer(VImage::option()
                                       ->set("strip", true)
                                       ->set("Q", quality)
                                       ->set("compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1)
                                       ->set("effort", 2));
    } else {
      throw std::runtime_error("unknown image format `" + std::string(format) + "` (expected webp, avif, jpeg or png)");
    }
    return take_blob(blob);
  }
};

}  // namespace
}  // namespace reel::images

extern "C" __attribute__((visibility("default"))) const reel::images::Processor* reel_images_processor() {
  // Built once, kept for the life of the process (libvips is never shut down).
  static const reel::images::Processor* instance = new reel::images::VipsProcessor();
  return instance;
}
