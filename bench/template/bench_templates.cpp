// Template engine benchmark: renders the flagship's film page (templates/layouts/film.html
// with the context `reel build` gives the English film page) many times in process and
// prints the time per render. bench/template/run.sh compares it with Python's Jinja2
// rendering the same templates on the same context (bench_jinja.py).
//
// Usage: reel_bench_templates [--site DIR] [--runs N] [--simple-filters] [--dump-context FILE] [--output FILE]
//   --site DIR           the site folder (default: the source tree's root, the flagship)
//   --runs N             renders to time (default 10000)
//   --simple-filters     use the Python benchmark's simple site filters (no ICU) instead
//                        of reel's: both engines then do the same work, byte for byte
//   --dump-context FILE  write the page's context as JSON for bench_jinja.py (markup
//                        strings as {"__markup__": "..."}) and exit
//   --output FILE        write one rendering of the page to FILE
// Prints `reel (...): N renders of layouts/film.html (B bytes), X us per render`.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "base/text.h"
#include "input/config.h"
#include "input/facts.h"
#include "input/prose.h"
#include "render/functions.h"
#include "render/view.h"
#include "site/site.h"
#include "template/environment.h"
#include "template/printer.h"

namespace {

using Json = nlohmann::ordered_json;

// The context as JSON; markup keeps its safety as {"__markup__": text}.
Json to_json(const reel::Value& v) {
  switch (v.kind()) {
    case reel::Value::Kind::kUndefined:
    case reel::Value::Kind::kNone:
    case reel::Value::Kind::kObject: return nullptr;
    case reel::Value::Kind::kBool: return v.as_bool();
    case reel::Value::Kind::kInt: return v.as_int();
    case reel::Value::Kind::kDouble: return v.as_double();
    case reel::Value::Kind::kString: return v.as_string();
    case reel::Value::Kind::kMarkup: return Json{{"__markup__", v.as_string()}};
    case reel::Value::Kind::kList: {
      Json out = Json::array();
      for (const auto& x : v.as_list()) out.push_back(to_json(x));
      return out;
    }
    case reel::Value::Kind::kMap: {
      Json out = Json::object();
      for (const auto& [k, x] : v.as_map()) out[k] = to_json(x);
      return out;
    }
  }
  return nullptr;
}


// "1234567" → "1,234,567" (Python's f"{x:,.0f}" for whole numbers).
std::string grouped(double d) {
  std::string digits = std::to_string(static_cast<long long>(d < 0 ? -d : d));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return d < 0 ? "-" + out : out;
}

double number_arg(const reel::Value& v) {
  if (v.is_number()) return v.as_double();
  if (v.is_string()) {
    try {
      return std::stod(v.as_string());
    } catch (const std::exception&) {
    }
  }
  throw reel::Error(reel::SourcePos{}, "expected a number, got " + reel::tpl::to_repr(v));
}


// The site filters as bench_jinja.py defines them (English only, no ICU), so that both
// engines do the same work and render the same bytes: the ratio then measures the
// template engines, not the locale libraries.
void register_simple_site_filters(reel::tpl::Environment& env, const reel::Config& config) {
  using reel::CallArgs;
  using reel::Value;
  namespace tpl = reel::tpl;
  env.add_filter("date", [](const Value& in, const CallArgs&, const tpl::Context&) -> Value {
    static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                    "July",    "August",   "September", "October", "November", "December"};
    const std::string& s = in.as_string();
    int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    return Value(std::to_string(d) + " " + kMonths[m - 1] + " " + std::to_string(y));
  });
  // Python's f"{x:,.0f}" for whole numbers, f"{x:,}" (shortest repr, grouped) otherwise.
  env.add_filter("number", [](const Value& in, const CallArgs&, const tpl::Context&) -> Value {
    double d = number_arg(in);
    if (d == static_cast<double>(static_cast<long long>(d))) return Value(grouped(d));
    std::string repr = reel::tpl::format_double(d);
    std::size_t dot = repr.find('.');
    return Value(grouped(std::stod(repr.substr(0, dot))) + repr.substr(dot));
  });
  env.add_filter("money", [](const Value& in, const CallArgs& args, const tpl::Context&) -> Value {
    std::string currency = "USD";
    if (!args.positional.empty()) currency = args.positional[0].as_string();
    for (const auto& [k, v] : args.keyword) {
      if (k == "currency") currency = v.as_string();
    }
    return Value((currency == "USD" ? std::string("US$") : currency + " ") + grouped(number_arg(in)));
  });
  env.add_filter("minutes", [](const Value& in, const CallArgs&, const tpl::Context&) -> Value {
    return Value(std::to_string(static_cast<long long>(number_arg(in))) + " minutes");
  });
  // "9.9 million": Python's f"{x / 1e6:.1f} million" (both round the binary value).
  env.add_filter("compact", [](const Value& in, const CallArgs&, const tpl::Context&) -> Value {
    double v = number_arg(in);
    char buf[64];
    if (v >= 1e9) std::snprintf(buf, sizeof buf, "%.1f billion", v / 1e9);
    else if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.1f million", v / 1e6);
    else if (v >= 1e3) std::snprintf(buf, sizeof buf, "%.1f thousand", v / 1e3);
    else std::snprintf(buf, sizeof buf, "%.0f", v);
    return Value(std::string(buf));
  });
  // A percentage given as a number from 0 to 100: "71%".
  env.add_filter("percent", [](const Value& in, const CallArgs&, const tpl::Context&) -> Value {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f%%", number_arg(in));
    return Value(std::string(buf));
  });
  std::string base_path = config.base_path, base_url = config.base_url;
  auto site_path = [](const Value& v) {
    std::string p = v.is_string() ? v.as_string() : std::string();
    while (!p.empty() && p.front() == '/') p.erase(0, 1);
    return p;
  };
  env.add_filter("relative_url", [=](const Value& in, const CallArgs&, const tpl::Context&) -> Value {
    return Value(base_path + site_path(in));
  });
  env.add_filter("absolute_url", [=](const Value& in, const CallArgs&, const tpl::Context&) -> Value {
    return Value(base_url + site_path(in));
  });
  env.add_filter("cite", [](const Value& fact, const CallArgs&, const tpl::Context& ctx) -> Value {
    const Value* ids = fact.is_map() ? fact.as_map().find("sources") : &fact;
    if (!ids || !ids->is_list() || ids->as_list().empty()) return Value::markup("");
    const Value film = ctx.lookup("film");
    const Value t = ctx.lookup("t");
    const reel::ValueList& list = film.as_map().find("sources")->as_list();
    const Value* label = t.as_map().find("source");
    std::string out = "<sup class=\"cite\">[";
    bool first = true;
    for (const Value& id : ids->as_list()) {
      std::size_t i = 0;
      while (i < list.size() && !(*list[i].as_map().find("id") == id)) ++i;
      if (i == list.size()) throw reel::Error(reel::SourcePos{}, "cited source is not in film.sources");
      std::string n = std::to_string(i + 1);
      const Value* publisher = list[i].as_map().find("publisher");
      const std::string& title = publisher && publisher->is_string() ? publisher->as_string() : id.as_string();
      if (!first) out += ", ";
      first = false;
      out += "<a href=\"#source-";
      reel::append_escaped(out, id.as_string());
      out += "\" aria-label=\"";
      if (label && label->is_string()) {
        reel::append_escaped(out, label->as_string());
        out += ' ';
      }
      out += n;
      out += ": ";
      reel::append_escaped(out, title);
      out += "\">";
      out += n;
      out += "</a>";
    }
    out += "]</sup>";
    return Value::markup(std::move(out));
  });
  // tr(key, name=value...): "{n, plural, one {# win} other {# wins}}" and "{name}".
  env.add_function("tr", [](const CallArgs& args, const tpl::Context& ctx) -> Value {
    std::string pattern = ctx.lookup("t").get(args.positional.at(0).as_string()).as_string();
    auto value_of = [&](std::string_view name) -> Value {
      for (const auto& [k, v] : args.keyword) {
        if (k == name) return v;
      }
      throw reel::Error(reel::SourcePos{}, "tr(): missing value");
    };
    std::string out;
    for (std::size_t i = 0; i < pattern.size();) {
      if (pattern[i] != '{') {
        out += pattern[i++];
        continue;
      }
      std::size_t close = pattern.find_first_of(",}", i);
      std::string name = pattern.substr(i + 1, close - i - 1);
      Value v = value_of(name);
      std::string n = v.is_int() ? std::to_string(v.as_int()) : v.as_string();
      if (pattern[close] == '}') {
        out += n;
        i = close + 1;
        continue;
      }
      // ", plural, one {A} other {B}}"
      std::size_t one = pattern.find("one {", close) + 5, one_end = pattern.find('}', one);
      std::size_t other = pattern.find("other {", one_end) + 7, other_end = pattern.find('}', other);
      std::string form = v.is_int() && v.as_int() == 1 ? pattern.substr(one, one_end - one) : pattern.substr(other, other_end - other);
      for (char c : form) {
        if (c == '#') out += n;
        else out += c;
      }
      i = other_end + 2;
    }
    return Value(out);
  });
}

int fail(const reel::Diagnostics& d) {
  std::fputs(d.format().c_str(), stderr);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string site_dir = REEL_SOURCE_DIR;
  std::string dump, output;
  bool simple_filters = false;
  long runs = 10000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--site") site_dir = value();
    else if (a == "--runs") runs = std::stol(value());
    else if (a == "--dump-context") dump = value();
    else if (a == "--output") output = value();
    else if (a == "--simple-filters") simple_filters = true;
    else {
      std::fprintf(stderr, "usage: %s [--site DIR] [--runs N] [--simple-filters] [--dump-context FILE] [--output FILE]\n",
                   argv[0]);
      return 2;
    }
  }

  // The build's own stages, up to the page context (build/build.cpp does the same).
  reel::DiskFileSystem fs(site_dir);
  reel::Diagnostics diags;
  reel::Config config = reel::load_config(fs, diags);
  if (diags.has_errors()) return fail(diags);
  auto facts = std::make_shared<const reel::FactsSet>(reel::load_facts(fs, config, diags));
  auto prose = std::make_shared<const reel::ProseSet>(
      reel::read_prose_files(fs, config, reel::list_prose_files(fs, config), diags));
  reel::tpl::Options options;
  options.autoescape = config.autoescape;
  reel::tpl::Environment env(fs, config.templates_dir, options);
  if (simple_filters) {
    register_simple_site_filters(env, config);
  } else {
    reel::register_site_functions(env);
  }
  diags.merge(env.load_all());
  if (diags.has_errors()) return fail(diags);
  reel::Site site = reel::assemble_site(config, facts, prose, diags);
  if (diags.has_errors()) return fail(diags);
  reel::SiteView view(site);

  std::size_t film = site.pages.size();
  for (std::size_t i = 0; i < site.pages.size(); ++i) {
    if (site.pages[i].lang == "en" && site.pages[i].layout == "film") {
      film = i;
      break;
    }
  }
  if (film == site.pages.size()) {
    std::fprintf(stderr, "no English page with layout `film` in %s\n", site_dir.c_str());
    return 1;
  }
  const reel::Value context = view.page_context(film);
  const std::string layout = "layouts/film.html";

  if (!dump.empty()) {
    Json j = to_json(context);
    j["__site__"] = {{"base_url", config.base_url}, {"base_path", config.base_path}};
    std::ofstream(dump) << j.dump(1);
    return 0;
  }
  try {
    std::string page = env.render(layout, context);
    if (!output.empty()) std::ofstream(output, std::ios::binary) << page;
    std::size_t bytes = 0;
    auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < runs; ++i) bytes += env.render(layout, context).size();
    double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    std::printf("reel%s: %ld renders of %s (%zu bytes), %.1f us per render\n",
                simple_filters ? " (simple site filters)" : " (reel's site filters)", runs, layout.c_str(),
                runs ? bytes / static_cast<std::size_t>(runs) : 0, runs ? us / static_cast<double>(runs) : 0.0);
  } catch (const reel::Error& e) {
    std::fputs(e.diagnostic().format().c_str(), stderr);
    return 1;
  }  catch (const std::exception& e) {
    std::fprintf(stderr, "reel_bench_templates: %s\n", e.what());
    return 1;
  }
  return 0;
}
