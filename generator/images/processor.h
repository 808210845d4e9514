// processor: what reel asks of an image library, behind one small interface. The
// implementation (images/vips/, on libvips) is a module that reel loads the first time a
// site uses an image, so that a build without images never pays for loading libvips
// and its ~100 shared libraries (about 20 ms of process start-up).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace reel::images {

/// What an image's header says.
struct ImageInfo {
  std::string format;      ///< libvips' loader name, lowercased: "jpeg", "png", "webp", "gif", "svg", "heif"…
  std::uint32_t width = 0;   ///< pixels, after the EXIF orientation is applied
  std::uint32_t height = 0;  ///< pixels
  bool has_alpha = false;  ///< whether the image has an alpha channel
};

/// An image library. Every member is safe to call from several threads at once. Errors
/// are std::runtime_error with libvips' own message (the module cannot see reel::Error);
/// callers turn them into reel::Error with the image's path.
class Processor {
 public:
  virtual ~Processor() = default;

  /// The header of the image in `bytes` (any format libvips reads). Throws
  /// std::runtime_error when the bytes are not an image libvips can read.
  virtual ImageInfo inspect(std::string_view bytes) const = 0;

  /// The image in `bytes` scaled to `width` pixels wide (height kept in proportion,
  /// never upscaled beyond the original; EXIF orientation applied; colour converted to
  /// sRGB; metadata stripped), encoded as `format`: "webp", "avif", "jpeg" or "png", at
  /// `quality` (1–100; ignored by "png"). Returns the encoded bytes. Throws
  /// std::runtime_error when the bytes cannot be read or the format cannot be written.
  virtual std::string resize(std::string_view bytes, std::uint32_t width, std::string_view format,
                             int quality) const = 0;

  /// The SVG document `svg` drawn (with librsvg, through libvips) at exactly `width` ×
  /// `height` pixels and encoded as PNG. Throws std::runtime_error when the SVG cannot be
  /// read.
  virtual std::string rasterise_svg(std::string_view svg, std::uint32_t width, std::uint32_t height) const = 0;

  /// Whether `format` ("avif", "webp"…) can be written by this build of libvips.
  virtual bool can_write(std::string_view format) const = 0;
};

/// The image library, loaded on the first call (thread-safe) from the module
/// `reel-vips.so` found beside the running executable (or at `REEL_VIPS_MODULE`, a file
/// path, when set). Throws reel::Error, with a hint to install libvips, when the module
/// or libvips cannot be loaded.
const Processor& processor();

/// The name of the module's entry point: `extern "C" const reel::images::Processor*
/// reel_images_processor(void)`, which returns a processor that lives as long as the
/// process.
inline constexpr const char* kProcessorEntryPoint = "reel_images_processor";

}  // namespace reel::images
