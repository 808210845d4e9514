#include "commands/build.h"

#include <future>

#include "input/facts.h"
#include "input/schema.h"
#include "render/render.h"
#include "site/check.h"
#include "site/site.h"
#include "template/environment.h"

namespace reel {

BuildResult build_site(const FileSystem& source, const BuildOptions& options) {
  BuildResult result;
  Diagnostics& diags = result.diags;
  Config config = load_config(source, diags);
  if (!options.base_url.empty() && !set_base_url(config, options.base_url)) {
    diags.error(SourcePos{"--base-url"}, "expected an absolute http(s) URL, got `" + options.base_url + "`");
  }
  if (diags.has_errors()) return result;
  result.config = config;

  // Facts parse (yaml-cpp is the slowest reader) while the templates parse.
  Diagnostics facts_diags;
  std::future<FactsSet> facts_future = std::async(std::launch::async, [&] {
    return load_facts(source, config.content_dir, config.language_codes(), facts_diags);
  });
  // The film schema parses here, on this thread, while the facts parse on the other.
  Schema::film();

  // The site filters are registered before the templates are parsed; they read `site`
  // only when pages render, once it is assembled.
  Site site;
  tpl::Options topts;
  topts.autoescape = config.autoescape;
  tpl::Environment env(source, config.templates_dir, topts);
  register_site_filters(env, site);
  Diagnostics template_diags = env.load_all();
  FactsSet facts = facts_future.get();
  diags.merge(facts_diags);
  diags.merge(template_diags);
  if (diags.has_errors()) return result;

  site = assemble_site(source, config, std::move(facts), diags);
  if (diags.has_errors()) return result;
  result.gaps = check_site(site);

  result.files = render_site(site, env, diags);
  if (diags.has_errors()) {
    result.files.clear();
    return result;
  }
  for (const Page& p : site.pages) ++result.pages_by_lang[p.lang];
  result.pages = site.pages.size();

  merge_static_files(read_static_files(source, config), config, result.files, diags);
  return result;
}

StaticFiles read_static_files(const FileSystem& source, const Config& config) {
  StaticFiles out;
  for (const std::string& path : source.list_files(config.static_dir)) {
    if (std::optional<std::string> bytes = source.read(path)) {
      out.emplace(path.substr(config.static_dir.size() + 1), std::move(*bytes));
    }
  }
  return out;
}

void merge_static_files(const StaticFiles& statics, const Config& config, OutputSet& files, Diagnostics& diags) {
  for (const auto& [rel, bytes] : statics) {
    if (files.count(rel)) {
      diags.error(SourcePos{join_path(config.static_dir, rel)}, "static file has the same path as a generated file: " + rel,
                  "rename or move the static file");
      continue;
    }
    files.emplace(rel, bytes);
  }
}

}  // namespace reel
