// incremental: the build that `reel serve` keeps between edits. It holds every loaded
// stage (Config, facts, the template Environment, the Site, the rendered pages and the
// static files) and, given the files that changed, redoes only what they touch:
//
//   site.yaml, a folder        → every stage again (rebuild_all)
//   a facts file               → that file re-read, the site re-assembled, the pages
//                                bound to it re-rendered (every page if a template
//                                reads `data`, which reaches every facts file)
//   a prose file               → the site re-assembled (Markdown), its page and its
//                                translations re-rendered
//   a template                 → that template re-parsed (a deleted one: all templates),
//                                the pages whose layout uses it re-rendered
//   a static file              → that file re-read; nothing renders
//
// When what pages show of each other changes (a title, a URL, the order, a page added
// or removed) every page renders again; root templates and the sitemap render with any
// page. Pages render through render_pages, the very code `reel build` runs, so the
// result is always byte-identical to build_site on the same files;
// tests/unit/serve_incremental_test.cpp checks exactly that for every kind of change. After a failed update the next one rebuilds everything, so a broken state
// can never leak into a later result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "commands/build.h"
#include "input/config.h"
#include "input/facts.h"
#include "output/output.h"
#include "serve/watch.h"

namespace reel {

struct Site;
namespace tpl {
class Environment;
}

/// What a changed path is to the build, by where it lives (see `classify_change`).
enum class ChangeKind {
  kConfig,    ///< site.yaml
  kFacts,     ///< content/**.yaml|.yml outside the language folders
  kProse,     ///< content/<lang>/**.md
  kTemplate,  ///< templates/**
  kStatic,    ///< static/**
  kIgnored,   ///< anything the build does not read (hidden files, other files)
};

/// Classifies `path` (relative to the site folder) with the folders of `config`.
/// Paths with a hidden segment (".git", ".x.swp") are ignored, as FileSystem::list_files
/// skips them.
ChangeKind classify_change(const Config& config, std::string_view path);

/// The outcome of one (re)build.
struct RebuildResult {
  bool ok = false;    ///< true when every stage succeeded; files() then holds the new output
  bool full = false;  ///< true when every stage ran again (first build, site.yaml, after an error)
  Diagnostics diags;  ///< errors and warnings, as build_site reports them
  Diagnostics gaps;   ///< check_site's list (warnings), from the last assembly
  std::vector<std::string> changed;  ///< output paths added or whose bytes changed, sorted
  std::vector<std::string> removed;  ///< output paths no longer produced, sorted
  std::size_t pages = 0;             ///< pages of the site after this build
  std::size_t rendered = 0;          ///< pages rendered by this build (all on a full one)
};

class IncrementalBuild {
 public:
  /// Builds from the site at the root of `source` (which must outlive this object)
  /// with `options` (a base URL override, as for build_site). `origin`, when not empty
  /// ("http://127.0.0.1:8000"), replaces the scheme, host and port of the base URL and
  /// keeps site.yaml's path, read again at every full rebuild (`serve` previews the site
  /// under its own path). Nothing is read until rebuild_all() or update() is called.
  explicit IncrementalBuild(const FileSystem& source, BuildOptions options = {}, std::string origin = {});
  ~IncrementalBuild();
  IncrementalBuild(const IncrementalBuild&) = delete;
  IncrementalBuild& operator=(const IncrementalBuild&) = delete;

  /// Runs every stage, as build_site does; a reel::Error thrown by a stage is reported
  /// in `diags` as a failed build (serve goes on serving). On success files() is the new output and
  /// `changed`/`removed` compare it with the previous successful output (all files the
  /// first time).
  RebuildResult rebuild_all();

  /// Redoes what `changes` touch (see the file comment); rebuilds everything when
  /// nothing is loaded yet, when the last build failed, when site.yaml or a folder
  /// changed. Changes the build does not read give an ok result with nothing changed.
  /// On failure files() keeps the last good output.
  RebuildResult update(const std::vector<FileChange>& changes);

  /// The output of the last successful build (empty before the first one).
  const OutputSet& files() const { return files_; }
  /// The configuration of the last build that got past site.yaml.
  const Config& config() const { return config_; }
  /// The static files of the last successful build, by path below the static folder.
  const StaticFiles& static_files() const { return statics_; }
  /// Whether the last build succeeded.
  bool ok() const { return loaded_; }

 private:
  /// Runs `stages`; a reel::Error or library exception they throw becomes a failed build.
  RebuildResult guarded(const std::function<RebuildResult()>& stages);
  RebuildResult rebuild_all_stages();
  RebuildResult update_stages(const std::vector<FileChange>& changes);
  void reload_templates(Diagnostics& diags);
  void reload_facts_file(const std::string& path, Diagnostics& diags);
  bool update_template(const std::string& path, Diagnostics& diags);
  void assemble(Diagnostics& diags);
  /// What other pages show of a page; when it changes, every page renders again.
  struct PageOutline {
    std::string source, title, description, rel_url;
    std::int64_t order;
    std::string layout, facts_id;
    bool operator==(const PageOutline&) const = default;
  };
  static std::vector<PageOutline> outline(const Site& site);
  /// The pages that the changed prose files, facts files and templates (names below
  /// the templates folder) reach, or nullopt for "every page".
  std::optional<std::vector<std::size_t>> affected_pages(const std::set<std::string>& prose,
                                                         const std::set<std::string>& facts_files,
                                                         const std::set<std::string>& templates);
  /// Renders `pages` (nullopt: all, with the root files) and, with `root_files`, the
  /// root templates and the sitemap, then merges the static files into the new output.
  RebuildResult finish(RebuildResult result, std::optional<std::vector<std::size_t>> pages, bool root_files);

  const FileSystem& source_;
  BuildOptions options_;
  std::string origin_;
  Config config_;
  FactsSet facts_;
  std::unique_ptr<Site> site_;  ///< stable address: the site filters of env_ point at it
  std::unique_ptr<tpl::Environment> env_;
  Diagnostics gaps_;
  OutputSet rendered_;  ///< render_site's output (pages, root templates, sitemap)
  StaticFiles statics_;
  OutputSet files_;     ///< rendered_ + statics_: the last good output
  bool loaded_ = false;  ///< every stage above is current and succeeded
};

}  // namespace reel
