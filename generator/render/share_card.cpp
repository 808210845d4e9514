// share_card: render a page's SVG card template, rasterise it through the image cache.
#include "render/share_card.h"

#include <charconv>
#include <exception>

#include "base/diagnostics.h"
#include "base/text.h"
#include "images/cache.h"
#include "images/processor.h"
#include "render/view.h"
#include "template/environment.h"

namespace reel {

namespace {

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// The start of the element `name` at or after `from` (`<name` followed by whitespace,
/// `>` or `/`), or npos.
std::size_t find_element(std::string_view svg, std::string_view name, std::size_t from) {
  for (std::size_t at = svg.find('<', from); at != std::string_view::npos; at = svg.find('<', at + 1)) {
    if (svg.compare(at + 1, name.size(), name) != 0) continue;
    std::size_t after = at + 1 + name.size();
    if (after < svg.size() && (is_xml_space(svg[after]) || svg[after] == '>' || svg[after] == '/')) return at;
  }
  return std::string_view::npos;
}

/// `text` with XML's character references decoded; an unknown or malformed one stays.
std::string decode_references(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t semi = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 12) {
      out += text[i];
      continue;
    }
    std::string_view ref = text.substr(i + 1, semi - i - 1);
    if (ref == "amp") out += '&';
    else if (ref == "lt") out += '<';
    else if (ref == "gt") out += '>';
    else if (ref == "quot") out += '"';
    else if (ref == "apos") out += '\'';
    else if (ref.size() > 1 && ref[0] == '#') {
      bool hex = ref[1] == 'x' || ref[1] == 'X';
      std::string_view digits = ref.substr(hex ? 2 : 1);
      std::uint32_t cp = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || cp == 0 || cp > 0x10FFFF ||
          (cp >= 0xD800 && cp <= 0xDFFF)) {
        out += text[i];
        continue;
      }
      append_utf8(out, cp);
    } else {
      out += text[i];
      continue;
    }
    i = semi;
  }
  return out;
}

}  // namespace

std::string share_card_path(const Page& page) { return page.rel_url + kShareCardName; }

std::optional<std::string> svg_title(std::string_view svg) {
  std::size_t open = find_element(svg, "title", 0);
  if (open == std::string_view::npos) return std::nullopt;
  std::size_t start = svg.find('>', open);
  if (start == std::string_view::npos || svg[start - 1] == '/') return std::nullopt;  // <title/>
  ++start;
  std::size_t end = svg.find("</title", start);
  if (end == std::string_view::npos) return std::nullopt;
  // The text, tags inside dropped.
  std::string text;
  for (std::size_t i = start; i < end; ++i) {
    if (svg[i] == '<') {
      std::size_t close = svg.find('>', i);
      if (close == std::string_view::npos || close > end) break;
      i = close;
      text += ' ';
      continue;
    }
    text += svg[i];
  }
  std::string decoded = decode_references(text);
  std::string out;
  bool space = false;
  for (char c : decoded) {
    if (is_xml_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

ShareCard make_share_card(const SiteView& view, const tpl::Environment& env, const ShareCardsConfig& cards,
                          std::size_t index, const Value& context) {
  const Site& site = view.site();
  const Page& page = site.pages[index];
  const std::string template_file = site.config.templates_dir + "/" + cards.template_name;
  const std::string note = "while drawing the share card of " + page.source + " with " + template_file;
  auto fail = [&](std::string message, std::string hint) {
    return Error(Diagnostic{Severity::kError, SourcePos{template_file}, std::move(message), std::move(hint), {}, {note}});
  };
  std::string svg;
  try {
    svg = env.render(cards.template_name, context);
  } catch (const Error& e) {
    Diagnostic d = e.diagnostic();
    d.notes.push_back(note);
    throw Error(std::move(d));
  }
  std::optional<std::string> alt = svg_title(svg);
  if (!alt) {
    throw fail("the share card of " + page.source + " has no <title>, or an empty one",
               "its text is the card's alternative text (page.share_card.alt, for og:image:alt): put "
               "<title>…</title> first inside <svg>, in the page's language, e.g. <title>{{ page.title }}</title>");
  }
  ShareCard card;
  card.path = share_card_path(page);
  const std::string width = std::to_string(cards.width), height = std::to_string(cards.height);
  try {
    // Keyed by everything that shapes the PNG: the rendered SVG, the size, reel's version
    // (its libvips module and how it calls librsvg) and the recipe's number, bumped when
    // the module's settings change the pixels (2: without Orc vector code).
    std::string key = images::cache_key({"reel share card 2", REEL_VERSION, svg, width, height});
    card.png = view.images().get_or_make(key, [&] { return images::processor().rasterise_svg(svg, cards.width, cards.height); });
  } catch (const Error& e) {
    Diagnostic d = e.diagnostic();
    d.notes.push_back(note);
    throw Error(std::move(d));
  } catch (const std::exception& e) {
    throw fail(std::string("libvips cannot draw the share card of ") + page.source + ": " + e.what(),
               "the template must render a whole SVG document, <svg xmlns=\"http://www.w3.org/2000/svg\" …>…</svg>; "
               "values it prints are escaped for XML, but text marked safe is not");
  }
  const Config& c = site.config;
  ValueMap m;
  m.set("url", c.base_path + card.path);
  m.set("permalink", c.base_url + card.path);
  m.set("path", card.path);
  m.set("width", static_cast<std::int64_t>(cards.width));
  m.set("height", static_cast<std::int64_t>(cards.height));
  m.set("type", std::string("image/png"));
  m.set("alt", std::move(*alt));
  card.value = Value(std::move(m));
  return card;
}

}  // namespace reel
