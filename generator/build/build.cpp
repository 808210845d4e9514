#include "build/build.h"

#include <algorithm>
#include <cstring>
#include <future>

#include <unordered_map>

#include "base/text.h"
#include "images/cache.h"
#include "images/responsive.h"
#include "output/links.h"
#include "render/functions.h"
#include "render/render.h"
#include "render/share_card.h"
#include "render/view.h"
#include "site/check.h"
#include "site/site.h"
#include "template/environment.h"

namespace reel {

namespace {

bool in_dir(std::string_view path, std::string_view dir) {
  return path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
}

bool has_hidden_segment(std::string_view path) {
  return !path.empty() && (path.front() == '.' || path.find("/.") != std::string_view::npos);
}

bool is_schema_file(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return path.substr(slash == std::string_view::npos ? 0 : slash + 1).starts_with("_");
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
    if ((dir.empty() || in_dir(path_, dir)) && base_.is_file(path_)) return {path_};
    return {};
  }
  void write(std::string_view, std::string_view) override { throw Error(SourcePos{path_}, "read-only view"); }
  void remove(std::string_view, std::string_view) override { throw Error(SourcePos{path_}, "read-only view"); }
  std::int64_t mtime(std::string_view p) const override { return base_.mtime(p); }

 private:
  const FileSystem& base_;
  std::string path_;
};

StaticFiles read_static_files(const FileSystem& source, const Config& config) {
  StaticFiles out;
  for (const std::string& path : source.list_files(config.static_dir)) {
    if (std::optional<std::string> bytes = source.read(path)) {
      out.emplace(path.substr(config.static_dir.size() + 1), std::move(*bytes));
    }
  }
  return out;
}

/// Reports each broken link at the page's source file (or the static file, or the
/// output's template) with where it is in the output.
void report_broken_links(const std::vector<BrokenLink>& broken, const Site& site, Diagnostics& diags) {
  const Config& c = site.config;
  if (broken.empty()) return;
  std::unordered_map<std::string_view, const Page*> by_output;
  for (const Page& p : site.pages) by_output.emplace(p.output_path, &p);
  for (const BrokenLink& b : broken) {
    auto it = by_output.find(b.file);
    std::string source = it != by_output.end() ? it->second->source
                         : site.config.outputs.empty() ? b.file : "templates/" + b.file;
    if (it == by_output.end()) {
      for (const OutputConfig& o : c.outputs) {
        if (b.file == o.path || b.file.ends_with("/" + o.path)) source = c.templates_dir + "/" + o.template_name;
      }
    }
    diags.error(SourcePos{source}, "broken link `" + b.url + "` in the output " + b.file + ":" + std::to_string(b.line) + ":" +
                                       std::to_string(b.column) + ": " + b.reason,
                "link to a page that exists (get_page() and url_for() in templates, `@/page.md` in Markdown check it), "
                "or add the missing file");
  }
}

/// Every internal link and asset reference of the output must resolve.
void check_output_links(const OutputSet& files, const Site& site, Diagnostics& diags) {
  const Config& c = site.config;
  report_broken_links(check_links(files, c.base_path, {.base_url = c.base_url, .check_fragments = true}), site, diags);
}

/// A fingerprint of `v`: its kind, scalars and structure, maps in their order.
std::uint64_t value_fingerprint(const Value& v) {
  std::uint64_t h = static_cast<std::uint64_t>(v.kind());
  switch (v.kind()) {
    case Value::Kind::kBool: return hash_combine(h, v.as_bool() ? 1 : 0);
    case Value::Kind::kInt: return hash_combine(h, static_cast<std::uint64_t>(v.as_int()));
    case Value::Kind::kDouble: {
      double d = v.as_double();
      std::uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      return hash_combine(h, bits);
    }
    case Value::Kind::kString:
    case Value::Kind::kMarkup: return hash_combine(h, hash_bytes(v.as_string()));
    case Value::Kind::kList:
      for (const Value& item : v.as_list()) h = hash_combine(h, value_fingerprint(item));
      return h;
    case Value::Kind::kMap:
      for (const auto& [key, item] : v.as_map()) h = hash_combine(hash_combine(h, hash_bytes(key)), value_fingerprint(item));
      return h;
    default: return h;
  }
}

}  // namespace

std::string site_outline(const Site& site) {
  std::string out;
  for (const Page& p : site.pages) {
    const ProseFile* prose = site.prose_of(p);
    out += p.id + '\0' + p.lang + '\0' + std::string(page_kind_name(p.kind)) + '\0' + p.title + '\0' + p.description +
           '\0' + p.rel_url + '\0' + p.permalink + '\0' + p.date + '\0' + std::to_string(p.order) + '\0' + p.layout +
           '\0' + p.source + '\0' + std::to_string(prose ? value_fingerprint(prose->front_matter) : 0) + '\n';
  }
  return out;
}

ChangeKind classify_change(const Config& config, std::string_view path) {
  if (path.empty() || has_hidden_segment(path)) return ChangeKind::kIgnored;
  if (path == "site.yaml") return ChangeKind::kConfig;
  if (in_dir(path, config.templates_dir)) return ChangeKind::kTemplate;
  if (in_dir(path, config.static_dir)) return ChangeKind::kStatic;
  if (in_dir(path, config.content_dir)) {
    std::string_view rel = path.substr(config.content_dir.size() + 1);
    std::size_t slash = rel.find('/');
    if (slash != std::string_view::npos && config.language(rel.substr(0, slash))) {
      return rel.ends_with(".md") ? ChangeKind::kProse : ChangeKind::kIgnored;
    }
    return rel.ends_with(".yaml") || rel.ends_with(".yml") ? ChangeKind::kFacts : ChangeKind::kIgnored;
  }
  return ChangeKind::kIgnored;
}

Build::Build(const FileSystem& source, BuildOptions options)
    : source_(source),
      options_(std::move(options)),
      images_(std::make_unique<images::ImageCache>(options_.image_cache_dir)) {}

Build::~Build() = default;

void Build::load_templates(Diagnostics& diags) {
  tpl::Options topts;
  topts.autoescape = config_.autoescape;
  topts.trim_blocks = config_.trim_blocks;
  topts.lstrip_blocks = config_.lstrip_blocks;
  topts.keep_trailing_newline = config_.keep_trailing_newline;
  // A site's conditions forgive undefined values unless site.yaml asks otherwise;
  // `reel render` keeps Jinja2's strict conditions (tpl::Options' default).
  topts.strict_conditions = config_.strict_conditions;
  env_ = std::make_unique<tpl::Environment>(source_, config_.templates_dir, topts);
  register_site_functions(*env_);
  diags.merge(env_->load_all());
}

bool Build::update_template(const std::string& path, Diagnostics& diags) {
  std::string name = path.substr(config_.templates_dir.size() + 1);
  std::optional<std::string> text = source_.read(path);
  if (!text) {
    // Gone (or an editor's temporary file, already renamed away). The Environment
    // cannot forget one template, so a known one means a fresh load.
    if (env_->has_template(name)) load_templates(diags);
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

void Build::assemble(Diagnostics& diags) {
  view_.reset();
  site_ = std::make_unique<Site>(assemble_site(config_, facts_, prose_, diags));
  if (diags.has_errors()) return;
  gaps_ = check_site(*site_, env_.get());
  view_ = std::make_unique<SiteView>(*site_, images_.get());
}

BuildResult Build::run_stages() {
  BuildResult result;
  result.full = true;
  loaded_ = false;
  Diagnostics& diags = result.diags;
  Config config;
  if (options_.config && !config_taken_) {  // the first run, with site.yaml loaded by the caller
    config_taken_ = true;
    config = options_.config->config;
    diags.merge(options_.config->diags);
  } else {
    config = load_config(source_, diags);
  }
  if (!options_.base_url.empty() && !set_base_url(config, options_.base_url)) {
    diags.error(SourcePos{"--base-url"}, "expected an absolute http(s) URL, got `" + options_.base_url + "`");
  }
  if (!diags.has_errors() && !options_.origin.empty() && !set_base_url(config, options_.origin + config.base_path)) {
    diags.error(SourcePos{"site.yaml"}, "cannot serve the site at `" + options_.origin + config.base_path + "`");
  }
  if (diags.has_errors()) return result;
  config_ = config;
  result.config = config;

  // Facts (yaml-cpp is the slowest reader) parse while the prose and templates parse.
  Diagnostics facts_diags;
  std::future<FactsSet> facts_future =
      std::async(std::launch::async, [&] { return load_facts(source_, config_, facts_diags, true, options_.products); });
  Diagnostics prose_diags;
  prose_ = std::make_shared<ProseSet>(
      read_prose_files(source_, config_, list_prose_files(source_, config_), prose_diags, options_.products));
  Diagnostics template_diags;
  load_templates(template_diags);
  facts_ = std::make_shared<FactsSet>(facts_future.get());
  diags.merge(facts_diags);
  diags.merge(prose_diags);
  diags.merge(template_diags);
  if (diags.has_errors()) return result;

  assemble(diags);
  if (diags.has_errors()) return result;
  statics_ = read_static_files(source_, config_);
  return finish(std::move(result), std::nullopt);
}

BuildResult Build::update_stages(const std::vector<FileChange>& changes) {
  if (!loaded_ || !env_) return run_stages();
  bool relevant = false, images_changed = false;  // images_changed: a source image pages show
  for (const FileChange& c : changes) {
    // A folder that appeared, went away or was renamed may hold anything: start over.
    if (c.is_dir && !has_hidden_segment(c.path)) return run_stages();
    ChangeKind kind = classify_change(config_, c.path);
    if (kind == ChangeKind::kConfig) return run_stages();
    // A schema (beside its facts, or wherever a collection keeps it) reaches every
    // file it describes, and those of schemas that extend it: start over.
    if (kind == ChangeKind::kFacts && is_schema_file(c.path)) return run_stages();
    if (std::any_of(config_.collections.begin(), config_.collections.end(),
                    [&](const CollectionConfig& col) { return !col.schema.empty() && col.schema == c.path; })) {
      return run_stages();
    }
    if (kind != ChangeKind::kIgnored) relevant = true;
    if (image_pipeline_ && image_pipeline_->uses_source(c.path)) relevant = images_changed = true;
  }
  BuildResult result;
  result.config = config_;
  if (!relevant) {
    result.ok = true;
    result.gaps = gaps_;
    result.pages = site_->pages.size();
    return result;
  }
  loaded_ = false;  // until this update succeeds
  Diagnostics& diags = result.diags;
  std::set<std::string> prose_paths, templates;
  bool reassemble = false, render = false;
  // The changed prose files are read before anything changes. When each differs from
  // the one the site holds in its body only (same_but_body), the site keeps its pages and
  // page summaries: only the changed pages render, and nothing walks the whole site.
  std::map<std::string, std::optional<ProseFile>> fresh_prose;  // nullopt: gone, or unreadable
  bool bodies_only = true, facts_change = false;
  for (const FileChange& c : changes) {
    ChangeKind kind = classify_change(config_, c.path);
    facts_change = facts_change || kind == ChangeKind::kFacts;
    if (kind != ChangeKind::kProse || fresh_prose.count(c.path)) continue;
    std::optional<ProseFile>& fresh = fresh_prose[c.path];
    ProseFile file;
    if (source_.is_file(c.path) && read_prose(source_, config_, prose_language(config_, c.path), c.path, file, diags)) {
      fresh = std::move(file);
    }
    auto old = prose_->find(c.path);
    bodies_only = bodies_only && fresh && old != prose_->end() && same_but_body(old->second, *fresh);
  }
  bodies_only = bodies_only && !facts_change;  // a facts change renders every page
  // What the pages show of each other before a change that assembles the site again.
  const std::string before = bodies_only || facts_change ? std::string() : site_outline(*site_);
  // The facts and prose are changed in place, not copied: the site is assembled again
  // from them below, and a failure from here on makes the next update start over.
  FactsSet& facts = *facts_;
  ProseSet& prose = *prose_;
  for (auto& [path, fresh] : fresh_prose) {
    if (fresh) prose.insert_or_assign(path, std::move(*fresh));
    else prose.erase(path);
  }
  for (const FileChange& c : changes) {
    switch (classify_change(config_, c.path)) {
      case ChangeKind::kFacts: {
        for (auto it = facts.begin(); it != facts.end();) it = it->second.file == c.path ? facts.erase(it) : std::next(it);
        OneFileView one(source_, c.path);
        for (auto& [id, file] : load_facts(one, config_, diags)) facts.insert_or_assign(id, std::move(file));
        reassemble = true;
        break;
      }
      case ChangeKind::kProse:
        prose_paths.insert(c.path);
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
  if (!reassemble && !render && !images_changed) return finish(std::move(result), std::vector<std::size_t>{});
  if (reassemble && bodies_only) {
    // The pages stay as they are; those of a changed file take its new body's hash, which
    // check_site compares with its translations' original_hash.
    for (Page& page : site_->pages) {
      if (prose_paths.count(page.prose_path)) page.body_hash = prose.at(page.prose_path).hash;
    }
    gaps_ = check_site(*site_, env_.get());
  } else if (reassemble) {
    assemble(diags);
    if (diags.has_errors()) return result;
    if (facts_change || site_outline(*site_) != before) return finish(std::move(result), std::nullopt);
  } else if (!templates.empty()) {
    gaps_ = check_site(*site_, env_.get());  // the UI strings templates ask for may have changed
  }
  // A changed source image: its variants get new names on every page that shows it.
  if (images_changed) return finish(std::move(result), std::nullopt);
  // Outputs (sitemap, feeds) see what the pages show of each other, never a body: when
  // only bodies changed and no template, they stay as they are.
  const bool outputs = !(reassemble && bodies_only && templates.empty());
  return finish(std::move(result), affected_pages(prose_paths, templates), outputs);
}

std::optional<std::vector<std::size_t>> Build::affected_pages(const std::set<std::string>& prose,
                                                             const std::set<std::string>& templates) const {
  const std::vector<Page>& pages = site_->pages;
  std::set<std::size_t> which;
  // A prose file: its page, and the pages that link to it as a translation.
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (!prose.count(pages[i].prose_path)) continue;
    which.insert(i);
    which.insert(pages[i].translations.begin(), pages[i].translations.end());
  }
  // A template: the pages whose layout is it or uses it (extends, include, import),
  // known from the parsed templates. One no layout names statically may be reached
  // dynamically, or be an output: every page then.
  std::map<std::string, std::vector<std::string>> deps_by_layout;
  for (const std::string& name : templates) {
    bool used = false;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      std::string layout = "layouts/" + pages[i].layout + ".html";
      auto it = deps_by_layout.find(layout);
      if (it == deps_by_layout.end()) it = deps_by_layout.emplace(layout, env_->dependencies(layout)).first;
      if (layout == name || std::find(it->second.begin(), it->second.end(), name) != it->second.end()) {
        which.insert(i);
        used = true;
      }
    }
    bool output = std::any_of(config_.outputs.begin(), config_.outputs.end(),
                              [&](const OutputConfig& o) { return o.template_name == name; });
    if (!used && !output) return std::nullopt;
    // Every page draws its share card from the card template: every page.
    if (config_.share_cards) {
      const std::string& card = config_.share_cards->template_name;
      std::vector<std::string> card_deps = env_->dependencies(card);
      if (name == card || std::find(card_deps.begin(), card_deps.end(), name) != card_deps.end()) return std::nullopt;
    }
  }
  return std::vector<std::size_t>(which.begin(), which.end());
}

// A stage may throw reel::Error for a problem it cannot go on from (the file system
// refusing a path), or a library exception; serve must go on, so either becomes a
// failed build like any other.
BuildResult Build::guarded(const std::function<BuildResult()>& stages) {
  BuildResult failed;
  failed.config = config_;
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

BuildResult Build::run() {
  BuildResult r = guarded([&] { return run_stages(); });
  r.full = true;
  return r;
}

BuildResult Build::run_once() {
  once_ = true;
  BuildResult r = run();
  once_ = false;
  if (r.ok && options_.products) {
    r.facts = facts_;
    r.prose = prose_;
  }
  loaded_ = false;  // the output was given away: an update starts over
  return r;
}

BuildResult Build::update(const std::vector<FileChange>& changes) {
  return guarded([&] { return update_stages(changes); });
}

BuildResult Build::finish(BuildResult result, std::optional<std::vector<std::size_t>> pages, bool outputs) {
  if (!image_pipeline_) image_pipeline_ = std::make_unique<images::ImagePipeline>(source_, *images_);
  if (pages && !once_) return finish_update(std::move(result), *pages, outputs);
  Diagnostics& diags = result.diags;
  // A build resuming from the last output (see Resume): when the pages show the same of
  // each other, only the changed prose files' pages and their translations render.
  const std::uint64_t outline = hash_bytes(site_outline(*site_));
  const Resume* resume = once_ && !pages ? options_.resume : nullptr;
  if (resume && resume->outline == outline) {
    pages = affected_pages(resume->prose, {});
  } else {
    resume = nullptr;
  }
  const std::size_t diagnostics_before = diags.items().size();
  OutputSet files;
  if (!pages) {
    files = render_site(*view_, *env_, diags, image_pipeline_.get());
  } else {
    render_pages(*view_, *env_, *pages, files, diags, image_pipeline_.get());
    render_outputs(*view_, *env_, files, diags, image_pipeline_.get());
  }
  result.rendered = pages ? pages->size() : site_->pages.size();
  // A Build that is not updated again renders nothing more: what templates saw of the
  // site (page summaries, each language's data) goes before the link check's peak.
  if (once_) view_.reset();
  if (diags.has_errors()) return result;
  const bool render_warned = diags.items().size() != diagnostics_before;
  const images::ImageFiles image_files = image_pipeline_->files();  // image()'s files
  for (const auto& [path, bytes] : image_files) files.insert_or_assign(path, *bytes);
  for (const auto& [rel, bytes] : statics_) {
    if (files.count(rel)) {
      diags.error(SourcePos{join_path(config_.static_dir, rel)}, "static file has the same path as a generated file: " + rel,
                  "rename or move the static file");
      continue;
    }
    files.emplace(rel, bytes);
  }
  if (diags.has_errors()) return result;
  if (once_) result.images = image_pipeline_->paths_by_owner();
  if (resume) {
    result.kept = kept_files(*pages);
    // The kept pages' images are kept with them, and recorded for the next build.
    for (const auto& [owner, paths] : resume->images) {
      if (!result.kept.count(owner)) continue;
      result.kept.insert(paths.begin(), paths.end());
      result.images.emplace(owner, paths);
    }
    for (const auto& [path, bytes] : files) result.kept.erase(path);  // made again by a rendered page
    if (options_.check_links) check_resumed_links(files, result.kept, *resume, diags);
  } else if (options_.check_links) {
    check_output_links(files, *site_, diags);
  }
  if (diags.has_errors()) return result;
  if (once_) result.outline = render_warned ? 0 : outline;

  if (once_) {
    // A Build that is not updated again gives its output away: nothing to compare with.
    result.files = std::move(files);
    files_.clear();
  } else {
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
  }
  remember_sources(image_files);
  return succeeded(std::move(result));
}

std::set<std::string, std::less<>> Build::kept_files(const std::vector<std::size_t>& rendered) const {
  std::vector<char> is_rendered(site_->pages.size(), 0);
  for (std::size_t i : rendered) is_rendered[i] = 1;
  std::set<std::string, std::less<>> kept;
  for (std::size_t i = 0; i < site_->pages.size(); ++i) {
    if (is_rendered[i]) continue;
    const Page& page = site_->pages[i];
    kept.insert(page.output_path);
    if (config_.share_cards) kept.insert(share_card_path(page));
  }
  return kept;
}

void Build::check_resumed_links(OutputSet& files, std::set<std::string, std::less<>>& kept, const Resume& resume,
                                Diagnostics& diags) const {
  const Config& c = site_->config;
  // A kept page may point at an id of a page rendered again: when one's ids changed, or a
  // file is new, every document is checked, the kept ones read back from the output.
  bool check_all = false;
  std::vector<std::string> documents;
  for (const auto& [path, bytes] : files) {
    documents.push_back(path);
    // A static file is as it was; a file that is no document (an image) has no ids.
    if (check_all || !is_checked_document(path) || statics_.count(path)) continue;
    std::optional<std::string> old = resume.read_output(path);
    check_all = !old || document_ids(path, *old) != document_ids(path, bytes);
  }
  if (check_all) {
    for (const std::string& path : kept) {
      std::optional<std::string> bytes = resume.read_output(path);
      if (!bytes) throw Error(SourcePos{path}, "cannot read this file of the last output back");
      files.emplace(path, std::move(*bytes));
    }
    kept.clear();  // written again, as unchanged files
    check_output_links(files, *site_, diags);
    return;
  }
  // Only the new documents are checked; the kept ones are known by path, and read only
  // when a fragment points into one.
  for (const std::string& path : kept) files.emplace(path, std::string());
  std::vector<BrokenLink> broken = check_links_of(
      files, documents, c.base_path, {.base_url = c.base_url, .check_fragments = true}, resume.read_output);
  for (const std::string& path : kept) files.erase(path);
  report_broken_links(broken, *site_, diags);
}

void Build::remember_sources(const images::ImageFiles& image_files) {
  static_paths_.clear();
  for (const auto& [rel, bytes] : statics_) static_paths_.insert(rel);
  image_paths_.clear();
  for (const auto& [path, bytes] : image_files) image_paths_.insert(path);
}

BuildResult Build::finish_update(BuildResult result, const std::vector<std::size_t>& pages, bool outputs) {
  Diagnostics& diags = result.diags;
  // Only what the change reaches renders: these pages, the declared outputs, the sitemap.
  OutputSet fresh;
  render_pages(*view_, *env_, pages, fresh, diags, image_pipeline_.get());
  if (outputs) render_outputs(*view_, *env_, fresh, diags, image_pipeline_.get());
  result.rendered = pages.size();
  if (diags.has_errors()) return result;

  // The new output is the last one with `edits` applied; files_ changes only once the
  // links check out. Each edit's bytes are swapped in, and back out on failure.
  struct Edit {
    std::string path;
    std::string bytes;     // the new bytes; after apply, the old ones
    bool existed = false;  // whether the last output had the path
  };
  std::vector<Edit> edits;
  std::vector<std::string> removals;
  auto differs = [&](const std::string& path, const std::string& bytes) {
    auto it = files_.find(path);
    return it == files_.end() || it->second != bytes;
  };
  for (auto& [path, bytes] : fresh) {
    if (differs(path, bytes)) edits.push_back({path, std::move(bytes), files_.count(path) > 0});
  }
  // image()'s files: those of every page, re-rendered or not; the ones no page uses go.
  const images::ImageFiles image_files = image_pipeline_->files();
  for (const auto& [path, bytes] : image_files) {
    if (differs(path, *bytes)) edits.push_back({path, *bytes, files_.count(path) > 0});
  }
  for (const std::string& path : image_paths_) {
    if (!image_files.count(path)) removals.push_back(path);
  }
  for (const auto& [rel, bytes] : statics_) {
    if (!static_paths_.count(rel) && (fresh.count(rel) || files_.count(rel))) {
      diags.error(SourcePos{join_path(config_.static_dir, rel)}, "static file has the same path as a generated file: " + rel,
                  "rename or move the static file");
      continue;
    }
    if (differs(rel, bytes)) edits.push_back({rel, bytes, files_.count(rel) > 0});
  }
  for (const std::string& rel : static_paths_) {
    if (!statics_.count(rel)) removals.push_back(rel);
  }
  if (diags.has_errors()) return result;

  // Links: the changed documents are checked; every document is when a path appeared
  // or went away, or when a changed document's ids changed (another may point at one).
  bool check_all = !removals.empty();
  std::vector<std::string> documents;
  for (const Edit& e : edits) {
    documents.push_back(e.path);
    if (!e.existed) check_all = true;
    else if (!check_all && document_ids(e.path, files_.at(e.path)) != document_ids(e.path, e.bytes)) check_all = true;
  }
  std::map<std::string, std::string, std::less<>> removed_bytes;
  auto apply = [&] {
    for (Edit& e : edits) files_[e.path].swap(e.bytes);
    for (const std::string& rel : removals) {
      auto node = files_.extract(rel);
      if (!node.empty()) removed_bytes.emplace(rel, std::move(node.mapped()));
    }
  };
  auto undo = [&] {
    for (Edit& e : edits) {
      if (e.existed) files_[e.path].swap(e.bytes);
      else files_.erase(e.path);
    }
    for (auto& [rel, bytes] : removed_bytes) files_.emplace(rel, std::move(bytes));
  };
  apply();
  if (options_.check_links) {
    const Config& c = site_->config;
    if (check_all) {
      check_output_links(files_, *site_, diags);
    } else if (!documents.empty()) {
      report_broken_links(check_links_of(files_, documents, c.base_path, {.base_url = c.base_url, .check_fragments = true}),
                          *site_, diags);
    }
  }
  if (diags.has_errors()) {
    undo();
    return result;
  }
  for (const Edit& e : edits) result.changed.push_back(e.path);
  std::sort(result.changed.begin(), result.changed.end());
  std::sort(removals.begin(), removals.end());
  result.removed = std::move(removals);
  remember_sources(image_files);
  return succeeded(std::move(result));
}

BuildResult Build::succeeded(BuildResult result) {
  result.ok = true;
  result.gaps = gaps_;
  result.pages = site_->pages.size();
  for (const Page& p : site_->pages) ++result.pages_by_lang[p.lang];
  loaded_ = true;
  return result;
}

BuildResult build_site(const FileSystem& source, const BuildOptions& options) {
  Build build(source, options);
  return build.run_once();
}

}  // namespace reel
