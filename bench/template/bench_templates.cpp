// Template engine benchmark: renders the flagship's film page (templates/layouts/film.html
// with the context `reel build` gives the English film page) many times in process and
// prints the time per render. bench/template/run.sh compares it with Python's Jinja2
// rendering the same templates on the same context (bench_jinja.py).
//
// Usage: reel_bench_templates [--site DIR] [--runs N] [--dump-context FILE] [--output FILE]
//   --site DIR           the site folder (default: the source tree's root, the flagship)
//   --runs N             renders to time (default 10000)
//   --dump-context FILE  write the page's context as JSON for bench_jinja.py (markup
//                        strings as {"__markup__": "..."}) and exit
//   --output FILE        write one rendering of the page to FILE
// Prints `reel: N renders, X us per render` on standard output.
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
#include "input/config.h"
#include "input/facts.h"
#include "render/render.h"
#include "site/site.h"
#include "template/environment.h"

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

// Facts of every file for one language, nested by id segments: the `data` variable of a
// page (the same as render.cpp's data_for, which is private to the build).
reel::Value data_for(const reel::Site& site, std::string_view lang) {
  const reel::Config& c = site.config;
  struct Node {
    std::map<std::string, Node> children;
    reel::Value leaf;
  };
  Node root;
  for (const auto& [id, f] : site.facts) {
    Node* n = &root;
    std::size_t start = 0;
    while (true) {
      std::size_t slash = id.find('/', start);
      n = &n->children[id.substr(start, slash == std::string::npos ? std::string::npos : slash - start)];
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    n->leaf = reel::localize(f.data, lang, c.default_language, c.language_codes());
  }
  std::function<reel::Value(const Node&)> to_value = [&](const Node& n) -> reel::Value {
    if (n.children.empty()) return n.leaf;
    reel::ValueMap m;
    for (const auto& [k, child] : n.children) m.set(k, to_value(child));
    return reel::Value(std::move(m));
  };
  return to_value(root);
}

int fail(const reel::Diagnostics& d) {
  std::fputs(d.format().c_str(), stderr);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string site_dir = REEL_SOURCE_DIR;
  std::string dump, output;
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
    else {
      std::fprintf(stderr, "usage: %s [--site DIR] [--runs N] [--dump-context FILE] [--output FILE]\n", argv[0]);
      return 2;
    }
  }

  // The build's own stages, up to the page context (commands/build.cpp does the same).
  reel::DiskFileSystem fs(site_dir);
  reel::Diagnostics diags;
  reel::Config config = reel::load_config(fs, diags);
  if (diags.has_errors()) return fail(diags);
  reel::FactsSet facts = reel::load_facts(fs, config.content_dir, config.language_codes(), diags);
  reel::Site site;
  reel::tpl::Options options;
  options.autoescape = config.autoescape;
  reel::tpl::Environment env(fs, config.templates_dir, options);
  reel::register_site_filters(env, site);
  diags.merge(env.load_all());
  if (diags.has_errors()) return fail(diags);
  site = reel::assemble_site(fs, config, std::move(facts), diags);
  if (diags.has_errors()) return fail(diags);

  const reel::Page* film = nullptr;
  for (const auto& p : site.pages) {
    if (p.lang == "en" && p.layout == "film") {
      film = &p;
      break;
    }
  }
  if (!film) {
    std::fprintf(stderr, "no English page with layout `film` in %s\n", site_dir.c_str());
    return 1;
  }
  std::vector<reel::Value> data_by_lang;
  for (const auto& lang : config.languages) data_by_lang.push_back(data_for(site, lang.code));
  const reel::Value context = reel::page_context(site, *film, data_by_lang);
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
    std::printf("reel: %ld renders of %s (%zu bytes), %.1f us per render\n", runs, layout.c_str(), bytes / runs,
                us / static_cast<double>(runs));
  } catch (const reel::Error& e) {
    std::fputs(e.diagnostic().format().c_str(), stderr);
    return 1;
  }
  return 0;
}
