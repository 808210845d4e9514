// render: (Site, SiteView, template Environment) → OutputSet. Renders every page
// through its layout in parallel (byte-identical whatever the thread count), the
// outputs site.yaml declares (feeds, search indexes, robots.txt, 404 pages…) and the
// sitemap; resolves Markdown's internal `@/…` links on the way.
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

#include "base/diagnostics.h"
#include "output/output.h"
#include "render/view.h"
#include "site/site.h"
#include "template/environment.h"

namespace reel {

namespace images {
class ImagePipeline;
}

/// Process-wide count of pages rendered, for a progress line (`reel build` on a
/// terminal polls it from another thread while the build runs). render_pages() adds
/// `which.size()` to `total` when it starts and 1 to `done` after each page, failed or
/// not, with relaxed atomic operations: nothing else reads or waits on them, and their
/// cost on the render path is one relaxed increment per page. Several builds in one
/// process (reel serve, tests) keep adding; call reset() before a build to count only
/// that build. Reads may see `done` and `total` from slightly different moments, so a
/// reader should clamp `done` to `total`.
struct RenderProgress {
  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> total{0};
  /// Sets both counts back to zero.
  void reset() {
    done.store(0, std::memory_order_relaxed);
    total.store(0, std::memory_order_relaxed);
  }
};

/// The one RenderProgress of the process, which render_pages() updates.
RenderProgress& render_progress();

/// Renders the pages at indices `which` of `site.pages` into `out` (replacing what was
/// there), in parallel; a failing page adds an error to `diags` naming its source and
/// layout, and leaves its old bytes. Counts each page in render_progress(). With
/// `images`, image() and image_data() work while a page renders (an images::
/// CollectingScope around it), and each page that succeeds replaces its record in
/// `images` (by its output path) with the images it made; the files themselves are
/// `images->files()`, which the caller adds to the output. Without it they are an error.
void render_pages(const SiteView& view, const tpl::Environment& env, const std::vector<std::size_t>& which, OutputSet& out,
                  Diagnostics& diags, images::ImagePipeline* images = nullptr);

/// Renders every output of `site.config.outputs` (per language, under the language's
/// prefix, with that language's context; or once at the root with the default
/// language's context and `data_by_lang`) and the sitemap, unless an output is
/// called sitemap.xml. A declared template that does not exist is an error with its
/// site.yaml position. `images` as for render_pages(), recorded by each output's path.
void render_outputs(const SiteView& view, const tpl::Environment& env, OutputSet& out, Diagnostics& diags,
                    images::ImagePipeline* images = nullptr);

/// render_pages() for every page, then render_outputs(); with `images`, its records are
/// forgotten first (images->forget_all()), so that they hold this render's images only.
OutputSet render_site(const SiteView& view, const tpl::Environment& env, Diagnostics& diags,
                      images::ImagePipeline* images = nullptr);

/// The sitemap (sitemaps.org protocol 0.9) listing every page with its translations as
/// `xhtml:link rel="alternate" hreflang` entries, x-default pointing at the default
/// language (Google's "Tell Google about localized versions" rules).
std::string render_sitemap(const Site& site);

}  // namespace reel
