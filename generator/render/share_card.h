// share_card: a page's share card, the PNG image that link previews show (Open Graph's
// og:image, X's twitter:image). With site.yaml `share_cards` set, every page gets one,
// drawn at build time: the site's SVG template (`share_cards.template`) renders with the
// page's own context (its language, title, facts, UI strings), then libvips rasterises
// the SVG to PNG (images/processor.h) through the image cache (images/cache.h), so an
// unchanged card is never drawn twice and identical cards are drawn once. The generator
// draws nothing itself: fonts, colours and layout are all the template's.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/value.h"
#include "input/config.h"
#include "site/site.h"

namespace reel {

class SiteView;
namespace tpl {
class Environment;
}

/// The file name of every share card, in its page's folder: the card of the page at
/// `/it/about/` is `/it/about/share.png` (a stable URL that moves with its page).
inline constexpr const char* kShareCardName = "share.png";

/// The output path of the share card of `page`: its URL's folder plus kShareCardName,
/// relative to the output folder ("it/about/share.png"; "share.png" for the root page).
std::string share_card_path(const Page& page);

/// The card's alternative text: the text of the first `<title>` element of the SVG
/// document `svg` (what assistive technologies read as an SVG's name: SVG 2, "Document
/// Structure", the `title` element), with tags inside it dropped,
/// XML's character references decoded (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`,
/// `&#N;`, `&#xN;`; any other is kept as written) and runs of XML whitespace collapsed
/// to one space, trimmed. nullopt when there is no `<title>` element, or its text is
/// empty. Throws nothing but std::bad_alloc.
std::optional<std::string> svg_title(std::string_view svg);

/// A drawn share card.
struct ShareCard {
  std::string path;  ///< where it goes in the output: share_card_path()
  std::string png;   ///< the PNG file's bytes, exactly `width` × `height` pixels
  /// What templates see as `page.share_card`: `url` (root-relative, with the base
  /// path: "/film/it/share.png"), `permalink` (absolute: what og:image needs), `path`
  /// (in the output folder), `width` and `height` (pixels, integers), `type`
  /// ("image/png") and `alt` (svg_title() of the rendered card, in the page's language).
  Value value;
};

/// Draws the share card of page `index` of `view.site()`, whose template context is
/// `context` (SiteView::page_context, as the page's layout gets it, without
/// `page.share_card`): renders `cards.template_name` with it, takes the alternative text
/// from its `<title>`, and rasterises it at `cards.width` × `cards.height` through
/// `view.images()`, keyed by the rendered SVG and the size. Safe to call from several
/// threads at once. Throws reel::Error: the template's own errors (with their
/// `templates/…:line:column`); an SVG without a `<title>`, or one libvips cannot draw
/// (libvips' message), at `templates/<template>`; a libvips that cannot be loaded
/// (images::processor()'s error, with its hint). Each error carries a note naming the
/// page's source.
ShareCard make_share_card(const SiteView& view, const tpl::Environment& env, const ShareCardsConfig& cards,
                          std::size_t index, const Value& context);

}  // namespace reel
