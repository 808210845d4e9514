#include "commands/incremental.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include <algorithm>
#include <future>

#include "input/schema.h"
#include "render/render.h"
#include "site/check.h"
#include "site/site.h"
#include "template/environment.h"

namespace reel {

namespace {

bool starts_with_dir(std::string_view path, std::string_view dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool has_hidden_segment(std::string_view path) {
  return !path.empty() && (path.front() == '.' || path.find("/.") != std::string_view::npos);
}

/// A view of another FileSystem whose listings hold one file only, so that a stage
/// that reads a whole folder (load_facts) reads just that file, exactly as it would
/// have read it among the others.
class OneFileView : public FileSystem {
 public:
  OneFileView(const FileSystem& base, std::string path) : base_(base), path_(std::move(path)) {}
  std::optional<std::string> read(std::string_view p) const override { return base_.read(p); }
  bool is_file(std::string_view p) const override { return base_.is_file(p); }
  bool is_dir(std::string_view p) const override { return base_.is_dir(p); }
  std::vector<std::string> list_files(std::string_view dir) const override {
    if ((dir.empty() || starts_with_dir(path_, dir)) && base_.is_file(path_)) return {path_};
    return {};
  }
  void write(std::string_view, std::string_view) override { throw Error(SourcePos{path_}, "read-only view"); }
  void remove(std::string_view, std::string_view) override { throw Error(SourcePos{path_}, "read-only view"); }
  std::int64_t mtime(std::string_view p) const override { return base_.mtime(p); }

 private:
  const FileSystem& base_;
  std::string path_;
};

}  // namespace

ChangeKind classify_change(const Config& config, std::string_view path) {
  if (path.empty() || has_hidden_segment(path)) return ChangeKind::kIgnored;
  if (path == "site.yaml") return ChangeKind::kConfig;
  if (starts_with_dir(path, config.templates_dir)) return ChangeKind::kTemplate;
  if (starts_with_dir(path, config.static_dir)) return ChangeKind::kStatic;
  if (starts_with_dir(path, config.content_dir)) {
    std::string_view rel = path.substr(config.content_dir.size() + 1);
    std::size_t slash = rel.find('/');
    if (slash != std::string_view::npos && config.language(rel.substr(0, slash))) {
      return ends_with(rel, ".md") ? ChangeKind::kProse : ChangeKind::kIgnored;
    }
    return ends_with(rel, ".yaml") || ends_with(rel, ".yml") ? ChangeKind::kFacts : ChangeKind::kIgnored;
  }
  return ChangeKind::kIgnored;
}

IncrementalBuild::IncrementalBuild(const FileSystem& source, BuildOptions options, std::string origin)
    : source_(source), options_(std::move(options)), origin_(std::move(origin)), site_(std::make_unique<Site>()) {}

IncrementalBuild::~IncrementalBuild() = default;

void IncrementalBuild::reload_templates(Diagnostics& diags) {
  tpl::Options topts;
  topts.autoescape = config_.autoescape;
  env_ = std::make_unique<tpl::Environment>(source_, config_.templates_dir, topts);
  register_site_filters(*env_, *site_);
  diags.merge(env_->load_all());
}

void IncrementalBuild::reload_facts_file(const std::string& path, Diagnostics& diags) {
  for (auto it = facts_.begin(); it != facts_.end();) {
    it = it->second.file == path ? facts_.erase(it) : std::next(it);
  }
  OneFileView one(source_, path);
  FactsSet loaded = load_facts(one, config_.content_dir, config_.language_codes(), diags);
  for (auto& [id, file] : loaded) facts_.insert_or_assign(id, std::move(file));
}

bool IncrementalBuild::update_template(const std::string& path, Diagnostics& diags) {
  std::string name = path.substr(config_.templates_dir.size() + 1);
  std::optional<std::string> text = source_.read(path);
  if (!text) {
    // Gone (or never a file: an editor's temporary file, already renamed away). The
    // Environment cannot forget one template, so a known one means a fresh load.
    if (env_->has_template(name)) reload_templates(diags);
    return true;
  }
  try {
    env_->add_template(name, std::move(*text));
  } catch (const Error& e) {
    diags.add(e.diagnostic());
    return false;
  }
  return true;
}

void IncrementalBuild::assemble(Diagnostics& diags) {
  *site_ = assemble_site(source_, config_, facts_, diags);
  gaps_ = check_site(*site_);
}

RebuildResult IncrementalBuild::rebuild_all_stages() {
  RebuildResult result;
  result.full = true;
  loaded_ = false;
  Diagnostics& diags = result.diags;
  Config config = load_config(source_, diags);
  if (!options_.base_url.empty() && !set_base_url(config, options_.base_url)) {
    diags.error(SourcePos{"--base-url"}, "expected an absolute http(s) URL, got `" + options_.base_url + "`");
  }
  if (!diags.has_errors() && !origin_.empty() && !set_base_url(config, origin_ + config.base_path)) {
    diags.error(SourcePos{"site.yaml"}, "cannot serve the site at `" + origin_ + config.base_path + "`");
  }
  if (diags.has_errors()) return result;
  config_ = config;

  // As in build_site: facts parse while the schema and the templates parse.
  Diagnostics facts_diags;
  std::future<FactsSet> facts_future = std::async(std::launch::async, [&] {
    return load_facts(source_, config_.content_dir, config_.language_codes(), facts_diags);
  });
  Schema::film();
  *site_ = Site{};
  Diagnostics template_diags;
  reload_templates(template_diags);
  facts_ = facts_future.get();
  diags.merge(facts_diags);
  diags.merge(template_diags);
  if (diags.has_errors()) return result;

  assemble(diags);
  if (diags.has_errors()) return result;
  statics_ = read_static_files(source_, config_);
  return finish(std::move(result), std::nullopt, true);
}

RebuildResult IncrementalBuild::update_stages(const std::vector<FileChange>& changes) {
  if (!loaded_ || !env_) return rebuild_all_stages();
  bool reassemble = false, render = false, relevant = false;
  for (const FileChange& c : changes) {
    // A folder that appeared, went away or was renamed may hold anything: start over.
    if (c.is_dir && !has_hidden_segment(c.path)) return rebuild_all_stages();
    ChangeKind kind = classify_change(config_, c.path);
    if (kind == ChangeKind::kConfig) return rebuild_all_stages();
    if (kind != ChangeKind::kIgnored) relevant = true;
  }
  RebuildResult result;
  if (!relevant) {
    result.ok = true;
    result.gaps = gaps_;
    result.pages = site_->pages.size();
    return result;
  }
  loaded_ = false;  // until this update succeeds
  Diagnostics& diags = result.diags;
  std::set<std::string> prose, facts_files, templates;
  for (const FileChange& c : changes) {
    switch (classify_change(config_, c.path)) {
      case ChangeKind::kFacts:
        reload_facts_file(c.path, diags);
        facts_files.insert(c.path);
        reassemble = true;
        break;
      case ChangeKind::kProse:
        prose.insert(c.path);
        reassemble = true;
        break;
      case ChangeKind::kTemplate:
        update_template(c.path, diags);
        templates.insert(c.path.substr(config_.templates_dir.size() + 1));
        render = true;
        break;
      case ChangeKind::kStatic: {
        std::string rel = c.path.substr(config_.static_dir.size() + 1);
        if (std::optional<std::string> bytes = source_.read(c.path)) {
          statics_.insert_or_assign(rel, std::move(*bytes));
        } else {
          statics_.erase(rel);
        }
        break;
      }
      case ChangeKind::kConfig:
      case ChangeKind::kIgnored:
        break;
    }
  }
  if (diags.has_errors()) return result;
  std::vector<PageOutline> before = outline(*site_);
  if (reassemble) {
    assemble(diags);
    if (diags.has_errors()) return result;
    render = true;
  }
  if (!render) return finish(std::move(result), std::vector<std::size_t>{}, false);
  // Every page when what other pages show of a page (titles, URLs, order) changed.
  if (outline(*site_) != before) return finish(std::move(result), std::nullopt, true);
  return finish(std::move(result), affected_pages(prose, facts_files, templates), true);
}

std::vector<IncrementalBuild::PageOutline> IncrementalBuild::outline(const Site& site) {
  std::vector<PageOutline> out;
  for (const Page& p : site.pages) out.push_back({p.source, p.title, p.description, p.rel_url, p.order, p.layout, p.facts_id});
  return out;
}

std::optional<std::vector<std::size_t>> IncrementalBuild::affected_pages(const std::set<std::string>& prose,
                                                                        const std::set<std::string>& facts_files,
                                                                        const std::set<std::string>& templates) {
  const std::vector<Page>& pages = site_->pages;
  std::set<std::size_t> which;
  // A prose file: its page, and the pages that link to it as a translation.
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (!prose.count(pages[i].source)) continue;
    which.insert(i);
    which.insert(pages[i].translations.begin(), pages[i].translations.end());
  }
  // A facts file: the pages bound to it, or every page when a template reads `data`
  // (which reaches every facts file).
  if (!facts_files.empty()) {
    bool data_read = false;
    for (const std::string& path : source_.list_files(config_.templates_dir)) {
      std::optional<std::string> text = source_.read(path);
      if (text && (text->find("data.") != std::string::npos || text->find("data[") != std::string::npos ||
                   text->find("data_by_lang") != std::string::npos)) {
        data_read = true;
        break;
      }
    }
    for (std::size_t i = 0; i < pages.size(); ++i) {
      auto bound = [&](const std::string& file) { return file == config_.content_dir + "/" + pages[i].facts_id + ".yaml" ||
                                                           file == config_.content_dir + "/" + pages[i].facts_id + ".yml"; };
      if (data_read || std::any_of(facts_files.begin(), facts_files.end(), bound)) which.insert(i);
    }
  }
  // A template: the pages whose layout is it or uses it (extends, include, import). A
  // template no layout names statically may be reached dynamically: every page then.
  for (const std::string& name : templates) {
    bool used = false;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      std::string layout = "layouts/" + pages[i].layout + ".html";
      std::vector<std::string> deps = env_->dependencies(layout);
      if (layout == name || std::find(deps.begin(), deps.end(), name) != deps.end()) {
        which.insert(i);
        used = true;
      }
    }
    bool root = std::find(kRootTemplates.begin(), kRootTemplates.end(), name) != kRootTemplates.end();
    if (!used && !root) return std::nullopt;
  }
  return std::vector<std::size_t>(which.begin(), which.end());
}

// A stage may throw reel::Error for a problem it cannot go on from (the file system
// refusing a path), or a library exception; serve must go on, so either becomes a
// failed build like any other.
RebuildResult IncrementalBuild::guarded(const std::function<RebuildResult()>& stages) {
  RebuildResult failed;
  try {
    return stages();
  } catch (const Error& e) {
    failed.diags.add(e.diagnostic());
  } catch (const std::exception& e) {
    failed.diags.error(SourcePos{}, std::string("the build stopped: ") + e.what());
  }
  loaded_ = false;
  return failed;
}

RebuildResult IncrementalBuild::rebuild_all() {
  RebuildResult r = guarded([&] { return rebuild_all_stages(); });
  r.full = true;
  return r;
}

RebuildResult IncrementalBuild::update(const std::vector<FileChange>& changes) {
  return guarded([&] { return update_stages(changes); });
}

RebuildResult IncrementalBuild::finish(RebuildResult result, std::optional<std::vector<std::size_t>> pages,
                                       bool root_files) {
  Diagnostics& diags = result.diags;
  if (!pages) {
    rendered_ = render_site(*site_, *env_, diags);
  } else {
    std::vector<Value> data_by_lang = site_data_by_language(*site_);
    render_pages(*site_, *env_, data_by_lang, *pages, rendered_, diags);
    if (root_files) render_root_files(*site_, *env_, data_by_lang, rendered_, diags);
  }
  result.rendered = pages ? pages->size() : site_->pages.size();
  if (diags.has_errors()) {
    rendered_.clear();
    return result;
  }
  OutputSet files = rendered_;
  merge_static_files(statics_, config_, files, diags);
  if (diags.has_errors()) return result;

  // What changed since the last good output.
  auto old_it = files_.begin();
  for (const auto& [path, bytes] : files) {
    while (old_it != files_.end() && old_it->first < path) result.removed.push_back((old_it++)->first);
    if (old_it != files_.end() && old_it->first == path) {
      if (old_it->second != bytes) result.changed.push_back(path);
      ++old_it;
    } else {
      result.changed.push_back(path);
    }
  }
  for (; old_it != files_.end(); ++old_it) result.removed.push_back(old_it->first);

  files_ = std::move(files);
  result.ok = true;
  result.gaps = gaps_;
  result.pages = site_->pages.size();
  loaded_ = true;
  return result;
}

}  // namespace reel
