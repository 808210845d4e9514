#include "render/image_functions.h"

#include <algorithm>

#include "images/responsive.h"
#include "render/view.h"

namespace reel {

namespace {

/// The arguments of a call by name: positional ones in the order of `names`, then
/// keywords; an unknown keyword or one too many positional is an error.
class Args {
 public:
  Args(const CallArgs& args, std::string_view fn, std::vector<std::string> names) : names_(std::move(names)) {
    if (args.positional.size() > names_.size()) {
      throw Error(SourcePos{}, std::string(fn) + " takes at most " + std::to_string(names_.size()) +
                                   " arguments, got " + std::to_string(args.positional.size()),
                  usage(fn));
    }
    values_.resize(names_.size());
    for (std::size_t i = 0; i < args.positional.size(); ++i) values_[i] = args.positional[i];
    for (const auto& [key, value] : args.keyword) {
      auto it = std::find(names_.begin(), names_.end(), key);
      if (it == names_.end()) {
        throw Error(SourcePos{}, std::string(fn) + " has no argument `" + key + "`", suggestion_hint(key, names_, usage(fn)));
      }
      values_[static_cast<std::size_t>(it - names_.begin())] = value;
    }
  }

  /// The argument `name`, or an undefined Value when it is not given.
  const Value& operator[](std::string_view name) const {
    return values_[static_cast<std::size_t>(std::find(names_.begin(), names_.end(), name) - names_.begin())];
  }

  static std::string usage(std::string_view fn) {
    return fn == "image()" ? "image(src, alt, sizes=none, loading='lazy', class=none, decorative=false, widths=none)"
                           : "image_data(src, widths=none)";
  }

 private:
  std::vector<std::string> names_;
  std::vector<Value> values_;
};

bool given(const Value& v) { return !v.is_undefined() && !v.is_none(); }

const SiteView& site_view(const tpl::Context& ctx, std::string_view fn) {
  Value v = ctx.lookup("_reel");
  if (v.is_object()) {
    if (const auto* view = dynamic_cast<const SiteView*>(v.as_object().get())) return *view;
  }
  throw Error(SourcePos{}, std::string(fn) + " works only while reel builds a site");
}

std::string text_arg(const Value& v, std::string_view fn, std::string_view name) {
  if (!v.is_string()) {
    throw Error(SourcePos{}, std::string(fn) + " takes text for `" + std::string(name) + "`, got " + std::string(v.type_name()),
                Args::usage(fn));
  }
  return v.as_string();
}

/// The responsive image the call asks for, made (and collected for the page) by the
/// build's ImagePipeline.
images::ResponsiveImage make_image(const Args& args, const tpl::Context& ctx, std::string_view fn) {
  const SiteView& view = site_view(ctx, fn);
  images::CollectingScope* scope = images::CollectingScope::current();
  if (!scope) throw Error(SourcePos{}, std::string(fn) + " works only while reel builds a site");
  if (!given(args["src"])) {
    throw Error(SourcePos{}, std::string(fn) + " needs the path of an image", "e.g. " + Args::usage(fn));
  }
  std::string src = text_arg(args["src"], fn, "src");
  const Config& config = view.site().config;
  std::vector<std::uint32_t> widths = config.images.widths;
  if (given(args["widths"])) {
    const Value& w = args["widths"];
    widths.clear();
    if (w.is_list()) {
      for (const Value& item : w.as_list()) {
        if (!item.is_int() || item.as_int() < 1 || item.as_int() > kMaxImageWidth) {
          widths.clear();
          break;
        }
        widths.push_back(static_cast<std::uint32_t>(item.as_int()));
      }
    }
    if (widths.empty()) {
      throw Error(SourcePos{}, std::string(fn) + " takes a list of widths in pixels (1 to " + std::to_string(kMaxImageWidth) +
                                   ") for `widths`",
                  "e.g. widths=[320, 640]");
    }
  }
  return scope->pipeline().make(config, src, widths, scope->uses());
}

Value image_function(const CallArgs& call, const tpl::Context& ctx) {
  Args args(call, "image()", {"src", "alt", "sizes", "loading", "class", "decorative", "widths"});
  images::PictureOptions options;
  options.decorative = args["decorative"].truthy();
  const Value& alt = args["alt"];
  std::string src = args["src"].is_string() ? args["src"].as_string() : std::string("…");
  if (options.decorative) {
    if (given(alt) && !(alt.is_string() && alt.as_string().empty())) {
      throw Error(SourcePos{}, "image('" + src + "'): an image with alternative text is not decorative",
                  "keep `alt` and leave out decorative=true, or leave out `alt` for an image that says nothing");
    }
  } else {
    std::string text = given(alt) ? text_arg(alt, "image()", "alt") : std::string();
    if (text.find_first_not_of(" \t\n\r") == std::string::npos) {
      throw Error(SourcePos{}, "image('" + src + "') has no alternative text",
                  "say what the image shows for people who cannot see it (WCAG 2.1 SC 1.1.1): image('" + src +
                      "', alt='…'); an image that says nothing takes decorative=true instead");
    }
    options.alt = text;
  }
  const Config& config = site_view(ctx, "image()").site().config;
  options.sizes = given(args["sizes"]) ? text_arg(args["sizes"], "image()", "sizes") : config.images.sizes;
  if (given(args["loading"])) {
    std::string loading = text_arg(args["loading"], "image()", "loading");
    if (loading != "lazy" && loading != "eager") {
      throw Error(SourcePos{}, "image() takes loading='lazy' or loading='eager', got `" + loading + "`",
                  suggestion_hint(loading, {"lazy", "eager"},
                                  "'eager' for an image seen without scrolling (the first of a page), 'lazy' below the fold"));
    }
    options.eager = loading == "eager";
  }
  if (given(args["class"])) options.css_class = text_arg(args["class"], "image()", "class");
  return Value::markup(images::picture_html(make_image(args, ctx, "image()"), options));
}

Value image_data_function(const CallArgs& call, const tpl::Context& ctx) {
  Args args(call, "image_data()", {"src", "widths"});
  images::ResponsiveImage image = make_image(args, ctx, "image_data()");
  ValueList sources, variants;
  for (const images::SourceSet& s : image.sources) {
    sources.emplace_back(ValueMap{{"format", s.format}, {"type", s.type}, {"srcset", s.srcset}});
  }
  for (const images::Variant& v : image.variants) {
    variants.emplace_back(ValueMap{{"url", v.url},
                                   {"format", v.format},
                                   {"width", static_cast<std::int64_t>(v.width)},
                                   {"height", static_cast<std::int64_t>(v.height)}});
  }
  return Value(ValueMap{{"src", image.src},
                        {"srcset", image.srcset},
                        {"type", image.type},
                        {"width", static_cast<std::int64_t>(image.width)},
                        {"height", static_cast<std::int64_t>(image.height)},
                        {"sources", Value(std::move(sources))},
                        {"variants", Value(std::move(variants))}});
}

}  // namespace

void register_image_functions(tpl::Environment& env) {
  env.add_function("image", image_function);
  env.add_function("image_data", image_data_function);
}

}  // namespace reel
