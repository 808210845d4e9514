#include "render/render.h"

#include <algorithm>
#include <optional>

#include "base/parallel.h"
#include "base/text.h"
#include "images/responsive.h"
#include "output/links.h"
#include "render/share_card.h"

namespace reel {

namespace {

/// The page's prose with each shortcode's output in place of its token. Errors point
/// at the shortcode in the prose file.
std::string expand_shortcodes(const ProseFile& prose, const tpl::Environment& env, const Value& ctx) {
  std::string html(prose.html());
  for (std::size_t i = 0; i < prose.shortcodes.size(); ++i) {
    const Shortcode& sc = prose.shortcodes[i];
    std::string out;
    try {
      out = env.render_string(sc.source, ctx, prose.path + ".html");
    } catch (const Error& e) {
      Diagnostic d = e.diagnostic();
      std::uint32_t line = d.pos.line == 0 ? 1 : d.pos.line;
      d.pos = SourcePos{prose.path, sc.line + line - 1, line == 1 ? sc.column + (d.pos.column ? d.pos.column - 1 : 0) : d.pos.column};
      d.source_line = line == 1 ? sc.line_text : std::string();
      d.notes.erase(std::remove_if(d.notes.begin(), d.notes.end(),
                                   [](const std::string& n) { return n.find("templates/") != std::string::npos; }),
                    d.notes.end());
      throw Error(std::move(d));
    }
    std::string token = shortcode_token(i);
    std::size_t at = html.find(token);
    if (at != std::string::npos) html.replace(at, token.size(), out);
  }
  return html;
}

/// `html` with Markdown's internal links (`[x](@/about.md)`, Zola's form) replaced by
/// the URL of that page in the page's language; an unknown page is an error at the
/// prose file, with a did-you-mean hint.
std::string internal_links(const std::string& html, const ProseFile& prose, const Page& page, const Site& site) {
  if (html.find("@/") == std::string::npos) return html;
  std::vector<UnresolvedLink> errors;
  std::string out = resolve_internal_links(
      html,
      [&](std::string_view target) -> std::optional<std::string> {
        const Page* p = site.find(target, page.lang);
        if (!p) return std::nullopt;
        return p->url;
      },
      errors);
  if (!errors.empty()) {
    std::vector<std::string> ids;
    for (std::size_t i : site.pages_by_lang[site.lang_index(page.lang)]) ids.push_back(site.pages[i].id);
    const UnresolvedLink& bad = errors.front();
    std::string target = bad.target;
    if (target.ends_with(".md")) target.resize(target.size() - 3);
    Diagnostic d{Severity::kError, SourcePos{prose.path}, "internal link `" + bad.href + "` names no page in " + page.lang,
                 suggestion_hint(target, ids, "`@/` links name a page by its path below the language folder: @/about.md"), {}, {}};
    for (const InternalLinkRef& ref : prose.internal_links) {
      if (ref.target != target) continue;
      d.pos = SourcePos{prose.path, ref.line, ref.column};
      d.source_line = ref.line_text;
      break;
    }
    throw Error(std::move(d));
  }
  return out;
}

/// `ctx` with `page.content` replaced (maps are shared, so this copies only two levels).
Value with_content(const Value& ctx, std::string html) {
  ValueMap page = ctx.get("page").as_map();
  page.set("content", Value::markup(std::move(html)));
  ValueMap out = ctx.as_map();
  out.set("page", Value(std::move(page)));
  return Value(std::move(out));
}

/// `ctx` with `page.share_card` set to `card` (the same two-level copy as with_content).
Value with_share_card(const Value& ctx, Value card) {
  ValueMap page = ctx.get("page").as_map();
  page.set("share_card", std::move(card));
  ValueMap out = ctx.as_map();
  out.set("page", Value(std::move(page)));
  return Value(std::move(out));
}

}  // namespace

RenderProgress& render_progress() {
  static RenderProgress progress;
  return progress;
}

void render_pages(const SiteView& view, const tpl::Environment& env, const std::vector<std::size_t>& which, OutputSet& out,
                  Diagnostics& diags, images::ImagePipeline* images) {
  const Site& site = view.site();
  struct Result {
    std::string bytes;
    std::string card_path, card_png;  ///< the page's share card, with site.yaml `share_cards`
    std::optional<Diagnostic> error;
    images::ImageUses images;  ///< what image() made for the page
  };
  const std::optional<ShareCardsConfig>& cards = site.config.share_cards;
  if (cards && !which.empty() && !env.has_template(cards->template_name)) {
    std::vector<std::string> svgs;
    for (const auto& n : env.template_names()) {
      if (n.ends_with(".svg")) svgs.push_back(n);
    }
    diags.error(cards->template_pos,
                "site.yaml's `share_cards` draws every page's card from templates/" + cards->template_name +
                    ", but there is no such template",
                suggestion_hint(cards->template_name, svgs,
                                "add the SVG template, or name another with `share_cards: {template: …}`"));
    return;
  }
  std::vector<Result> results(which.size());
  RenderProgress& progress = render_progress();
  progress.total.fetch_add(which.size(), std::memory_order_relaxed);
  parallel_for(which.size(), [&](std::size_t k) {
    const Page& page = site.pages[which[k]];
    std::string layout = "layouts/" + page.layout + ".html";
    std::optional<images::CollectingScope> collecting;
    if (images) collecting.emplace(*images, results[k].images);
    try {
      if (!env.has_template(layout)) {
        std::vector<std::string> layouts;
        for (const auto& n : env.template_names()) {
          if (n.starts_with("layouts/")) layouts.push_back(n.substr(8, n.size() - 8 - 5));
        }
        throw Error(Diagnostic{Severity::kError, page.layout_pos,
                               "page asks for layout `" + page.layout + "`, but there is no templates/" + layout,
                               suggestion_hint(page.layout, layouts, "set `layout:` to one of the files in templates/layouts/"),
                               page.layout_line, {}});
      }
      Value ctx = view.page_context(which[k]);
      const ProseFile* prose = site.prose_of(page);
      if (prose && (!prose->shortcodes.empty() || prose->html().find("@/") != std::string_view::npos)) {
        std::string html = prose->shortcodes.empty() ? std::string(prose->html()) : expand_shortcodes(*prose, env, ctx);
        ctx = with_content(ctx, internal_links(html, *prose, page, site));
      }
      if (cards) {
        std::optional<ShareCard> card;
        try {
          card = make_share_card(view, env, *cards, which[k], ctx);
        } catch (const Error& e) {
          results[k].error = e.diagnostic();  // it names the card's template and the page
        }
        if (!card) {
          progress.done.fetch_add(1, std::memory_order_relaxed);
          return;
        }
        ctx = with_share_card(ctx, std::move(card->value));
        results[k].card_path = std::move(card->path);
        results[k].card_png = std::move(card->png);
      }
      results[k].bytes = env.render(layout, ctx);
    } catch (const Error& e) {
      Diagnostic d = e.diagnostic();
      d.notes.push_back("while rendering " + page.source + " with templates/" + layout);
      results[k].error = std::move(d);
    } catch (const std::exception& e) {
      results[k].error = Diagnostic{Severity::kError, SourcePos{page.source}, std::string("rendering failed: ") + e.what(),
                                    {}, {}, {"while rendering " + page.source + " with templates/" + layout}};
    }
    progress.done.fetch_add(1, std::memory_order_relaxed);
  });
  for (std::size_t k = 0; k < results.size(); ++k) {
    if (results[k].error) {
      diags.add(std::move(*results[k].error));
      continue;
    }
    out.insert_or_assign(site.pages[which[k]].output_path, std::move(results[k].bytes));
    if (images) images->record(site.pages[which[k]].output_path, std::move(results[k].images));
    if (!results[k].card_path.empty()) out.insert_or_assign(std::move(results[k].card_path), std::move(results[k].card_png));
  }
}

void render_outputs(const SiteView& view, const tpl::Environment& env, OutputSet& out, Diagnostics& diags,
                    images::ImagePipeline* images) {
  const Site& site = view.site();
  const Config& c = site.config;
  bool own_sitemap = false;
  for (const OutputConfig& o : c.outputs) {
    if (!env.has_template(o.template_name)) {
      diags.error(o.pos, "site.yaml declares the output `" + o.template_name + "`, but there is no templates/" + o.template_name,
                  suggestion_hint(o.template_name, env.template_names(), "add the template, or remove it from `outputs`"));
      continue;
    }
    // An output that takes the path sitemap.xml (at the root) replaces reel's own.
    if (o.path == "sitemap.xml" && (!o.per_language || c.languages.front().url_prefix.empty())) own_sitemap = true;
    std::size_t count = o.per_language ? c.languages.size() : 1;
    for (std::size_t li = 0; li < count; ++li) {
      ValueMap ctx = view.language_context(li);
      if (!o.per_language) ctx.set("data_by_lang", view.data_by_lang());
      std::string path = (o.per_language ? c.languages[li].url_prefix : std::string()) + o.path;
      ctx.set("output", Value(ValueMap{{"path", path}, {"url", c.base_path + path}, {"permalink", c.base_url + path}}));
      images::ImageUses uses;
      std::optional<images::CollectingScope> collecting;
      if (images) collecting.emplace(*images, uses);
      try {
        out[path] = env.render(o.template_name, Value(std::move(ctx)));
        if (images) images->record(path, std::move(uses));
      } catch (const Error& e) {
        Diagnostic d = e.diagnostic();
        d.notes.push_back("while rendering the output " + path + " with templates/" + o.template_name);
        diags.add(std::move(d));
      }
    }
  }
  if (!own_sitemap) out["sitemap.xml"] = render_sitemap(site);
}

OutputSet render_site(const SiteView& view, const tpl::Environment& env, Diagnostics& diags,
                      images::ImagePipeline* images) {
  if (images) images->forget_all();
  std::vector<std::size_t> all(view.site().pages.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  OutputSet out;
  render_pages(view, env, all, out, diags, images);
  render_outputs(view, env, out, diags, images);
  return out;
}

std::string render_sitemap(const Site& site) {
  const Config& c = site.config;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  for (const Page& page : site.pages) {
    out += "  <url>\n    <loc>" + escape_html(page.permalink) + "</loc>\n";
    std::vector<const Page*> versions{&page};
    for (std::size_t t : page.translations) versions.push_back(&site.pages[t]);
    const Page* x_default = nullptr;
    for (const auto& lang : c.languages) {
      for (const Page* v : versions) {
        if (v->lang != lang.code) continue;
        out += "    <xhtml:link rel=\"alternate\" hreflang=\"" + lang.code + "\" href=\"" + escape_html(v->permalink) + "\"/>\n";
        if (lang.code == c.default_language) x_default = v;
      }
    }
    if (!x_default) x_default = &page;
    out += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"" + escape_html(x_default->permalink) + "\"/>\n";
    out += "  </url>\n";
  }
  out += "</urlset>\n";
  return out;
}

}  // namespace reel
