// image_functions: the template functions of responsive images, image() and
// image_data(), on images/responsive.h. They work in templates and, since prose runs
// `{{ … }}` shortcodes through the same engine, in Markdown: `{{ image('posters/a.jpg',
// alt='…') }}` in a prose file is the image shortcode.
#pragma once

#include "template/environment.h"

namespace reel {

/// Registers into `env` (register_site_functions calls it):
///  - `image(src, alt, sizes=none, loading='lazy', class=none, decorative=false,
///    widths=none)`: the `<picture>` of the image `src` (a path below content/, else
///    static/), as safe markup: a `<source>` per modern format of site.yaml's
///    `images.formats`, then an `<img>` with the fallback's src and srcset, `sizes`
///    (site.yaml's `images.sizes` unless given), the intrinsic `width` and `height` of the
///    largest variant, `alt`, `loading="lazy"` and `decoding="async"`; `loading='eager'`
///    (an image above the fold, such as the first one of a page) gives
///    `fetchpriority="high"` instead of lazy loading. `widths` (a list of pixels) replaces
///    site.yaml's `images.widths` for this image. `alt` is required and must not be blank
///    (WCAG 2.1 SC 1.1.1, Non-text Content): an image that says nothing passes
///    `decorative=true` instead and gets alt="".
///  - `image_data(src, widths=none)`: the same image as a map, for markup of one's own:
///    `src`, `srcset`, `type` (the fallback's), `width`, `height`, `sources` (a list of
///    {format, type, srcset}, one per modern format) and `variants` (a list of {url,
///    format, width, height}, every file).
/// Both make the image's files, which become part of the build's output (ImagePipeline).
/// Errors are reel::Error without a position (the renderer adds the call's, in the
/// template or the prose file): a missing or blank `alt`, an unknown argument, a wrong
/// type, and every error of ImagePipeline::make (a missing file, with a did-you-mean; an
/// unreadable image, naming it). Outside a site build (`reel render`) they are an error.
void register_image_functions(tpl::Environment& env);

}  // namespace reel
