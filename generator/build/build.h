// build: the Build, the one object that runs reel's stages for every command, and
// keeps each stage's products per input so that an update redoes only what a change
// reaches:
//
//   config     site.yaml                      → Config
//   facts      content/**.yaml (+ schemas)    → FactsSet, one FactsFile per facts id
//   prose      content/<lang>/**.md           → ProseSet, one rendered file per path (Markdown)
//   templates  templates/**                   → tpl::Environment, each template parsed once
//   site       Config + facts + prose         → Site (pages, lists, terms, URLs)
//   render     Site + Environment             → the rendered OutputSet (pages in parallel)
//   output     rendered + static/             → files(), checked for broken internal links
//
// `reel build` and `reel publish` run it once (build_site); `reel serve` keeps one and
// calls update() with the files that changed:
//
//   site.yaml, a folder  → every stage again
//   a facts file         → that file re-read; the site re-assembled; its pages re-rendered
//   a prose file         → that file's Markdown re-rendered; its page and translations
//                          re-rendered. When only its body changed (same_but_body), the
//                          site and its page summaries stay and the outputs are not
//                          rendered; otherwise the site is re-assembled
//   a template           → that template re-parsed; the pages whose layout uses it
//   a static file        → that file re-read; nothing renders
//
// When what pages show of each other changes (a title, a URL, the order, a page added
// or removed) or a facts file changes (templates may read any facts through `data`),
// every page renders again. The result is always byte for byte that of a fresh build;
// tests/unit/build_test.cpp checks it for every kind of change. After a failed update
// the next one rebuilds everything, so a broken state never leaks into a later result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "input/config.h"
#include "input/facts.h"
#include "images/responsive.h"
#include "input/prose.h"
#include "input/reuse.h"
#include "output/output.h"
#include "serve/watch.h"

namespace reel {

struct Site;
class SiteView;
namespace tpl {
class Environment;
}
namespace images {
class ImageCache;
class ImagePipeline;
}

/// Where a `reel build` may start from besides its sources: the last build's output is
/// intact and only prose files changed since (main.cpp decides, from the build cache).
/// When the assembled site shows the same outline as that build's (what pages show of
/// each other: titles, URLs, order, front matter…), only the pages of the changed prose
/// files and their translations render, with the outputs (sitemap, feeds); every other
/// page's files stay as they are (BuildResult::kept). Otherwise every page renders.
struct Resume {
  std::uint64_t outline = 0;        ///< the last build's BuildResult::outline (never 0)
  std::set<std::string> prose;      ///< the prose files changed since, site-relative
  /// A file of the last output, from the output folder (nullopt when it cannot be read):
  /// the old bytes of the re-rendered pages, to see whether their ids changed, and the
  /// kept pages their fragments point into.
  std::function<std::optional<std::string>(std::string_view path)> read_output;
  /// The last build's BuildResult::images: the image() files of the pages it keeps are kept too.
  std::map<std::string, std::vector<std::string>, std::less<>> images;
};

/// What load_config() made of site.yaml, with the messages it gave.
struct LoadedConfig {
  Config config;
  Diagnostics diags;
};

struct BuildOptions {
  std::string base_url;  ///< overrides site.yaml's base_url when not empty
  /// When not empty ("http://127.0.0.1:8000"), replaces the scheme, host and port of the
  /// base URL and keeps site.yaml's path (`serve` previews the site under its own path).
  std::string origin;
  bool check_links = true;  ///< fail the build on a broken internal link or asset
  /// The folder of the image cache across builds (images/cache.h:
  /// `<output>/.reel-images`); empty (reel serve, publish, check): in memory only, kept
  /// by the Build across its updates.
  std::string image_cache_dir;
  /// What earlier builds made of the facts and prose files (build/products.h), reused
  /// for every file whose bytes are the same; nullptr: every file is parsed. The store
  /// must outlive the Build. With it, run_once() hands the loaded facts and prose to
  /// its result, for the store to keep this build's products.
  const InputProducts* products = nullptr;
  /// For build_site() only: the last build to start from (see Resume), or nullptr. Must
  /// outlive the Build.
  const Resume* resume = nullptr;
  /// site.yaml as the caller already loaded it from the same source (through the same
  /// FileSystem, so that a RecordingFileSystem saw it read), used by the first run
  /// instead of reading and parsing it again; nullptr: the build loads it. Must outlive
  /// the Build.
  const LoadedConfig* config = nullptr;
};

/// The files of the static folder (`config.static_dir`): path below it → bytes, sorted.
using StaticFiles = std::map<std::string, std::string, std::less<>>;

/// What a changed path is to the build, by where it lives (see `classify_change`).
enum class ChangeKind {
  kConfig,    ///< site.yaml
  kFacts,     ///< content/**.yaml|.yml outside the language folders (schemas included)
  kProse,     ///< content/<lang>/**.md
  kTemplate,  ///< templates/**
  kStatic,    ///< static/**
  kIgnored,   ///< anything the build does not read (hidden files, other files)
};

/// Classifies `path` (relative to the site folder) with the folders of `config`.
/// Paths with a hidden segment (".git", ".x.swp") are ignored, as FileSystem::list_files
/// skips them.
ChangeKind classify_change(const Config& config, std::string_view path);

/// The outcome of one run or update.
struct BuildResult {
  bool ok = false;    ///< every stage succeeded; Build::files() then holds the new output
  bool full = false;  ///< every stage ran again (first build, site.yaml, after an error)
  Config config;      ///< the configuration it ran with (output folder etc.)
  Diagnostics diags;  ///< errors and warnings of every stage
  Diagnostics gaps;   ///< check_site's list (warnings), from the last assembly
  std::vector<std::string> changed;  ///< output paths added or whose bytes changed, sorted
  std::vector<std::string> removed;  ///< output paths no longer produced, sorted
  std::map<std::string, std::size_t> pages_by_lang;  ///< pages per language code
  std::size_t pages = 0;             ///< pages of the site
  std::size_t rendered = 0;          ///< pages rendered by this run (all on a full one)
  OutputSet files;    ///< build_site() only: the whole output
  /// build_site() with BuildOptions::products only: the facts and prose files it loaded
  /// (ProductStore::save keeps their products); nullptr otherwise.
  std::shared_ptr<const FactsSet> facts;
  std::shared_ptr<const ProseSet> prose;
  /// build_site(): a fingerprint of what the pages show of each other (site_outline), for
  /// the next build's Resume; 0 when no build may resume from this one (a page's
  /// rendering gave a diagnostic, which a kept page could not repeat).
  std::uint64_t outline = 0;
  /// build_site(): the image() files of each page and output, by its output path, for
  /// the next build's Resume.
  std::map<std::string, std::vector<std::string>, std::less<>> images;
  /// build_site() with a Resume: the files of the last output this build left as they
  /// are (the pages it did not render, their share cards), for write_output.
  std::set<std::string, std::less<>> kept;
};

/// What other pages may show of each page of `site`, one line a page: its id, language,
/// kind, title, description, URLs, date, order, layout, source and a fingerprint of its
/// front matter (SiteView's page summaries). When it is the same after a change, only
/// the pages that changed need to render again.
std::string site_outline(const Site& site);

class Build {
 public:
  /// A build of the site at the root of `source` (which must outlive it). Nothing is
  /// read until run() or update() is called.
  explicit Build(const FileSystem& source, BuildOptions options = {});
  ~Build();
  Build(const Build&) = delete;
  Build& operator=(const Build&) = delete;

  /// Runs every stage. Never throws: a reel::Error or library exception a stage throws
  /// is reported in `diags` as a failed build. On success files() is the new output and
  /// `changed`/`removed` compare it with the previous successful output.
  BuildResult run();

  /// run(), for a Build that will not be updated (`reel build`, `reel publish`): the
  /// output is moved into the result's `files` rather than kept in the Build, so peak
  /// memory holds the site's output once, not three times. files() is empty afterwards
  /// and update() starts over.
  BuildResult run_once();

  /// Redoes what `changes` touch (see the file comment); runs everything when nothing
  /// is loaded yet, when the last run failed, when site.yaml or a folder changed.
  /// Changes the build does not read give an ok result with nothing changed. On failure
  /// files() keeps the last good output.
  BuildResult update(const std::vector<FileChange>& changes);

  /// The output of the last successful run (empty before the first one).
  const OutputSet& files() const { return files_; }
  /// The configuration of the last run that got past site.yaml.
  const Config& config() const { return config_; }
  /// The static files of the last successful run, by path below the static folder.
  const StaticFiles& static_files() const { return statics_; }
  /// Whether the last run succeeded.
  bool ok() const { return loaded_; }
  /// The assembled site of the last successful run; nullptr before one.
  const Site* site() const { return loaded_ ? site_.get() : nullptr; }

 private:
  BuildResult guarded(const std::function<BuildResult()>& stages);
  BuildResult run_stages();
  BuildResult update_stages(const std::vector<FileChange>& changes);
  void load_templates(Diagnostics& diags);
  bool update_template(const std::string& path, Diagnostics& diags);
  void assemble(Diagnostics& diags);
  /// The pages the changed prose files and templates reach, or nullopt for every page.
  std::optional<std::vector<std::size_t>> affected_pages(const std::set<std::string>& prose,
                                                         const std::set<std::string>& templates) const;
  /// Renders `pages` (nullopt: all) and the outputs, merges the static files, checks
  /// the links, and makes the result the new output when nothing failed. `outputs`
  /// false (an update only): the outputs are known not to change and keep their files.
  BuildResult finish(BuildResult result, std::optional<std::vector<std::size_t>> pages, bool outputs = true);
  /// finish() for an update of a loaded Build: renders `pages` and the outputs (unless
  /// `outputs` is false), and applies to files() only what differs, so that its cost
  /// follows the change (the links of the changed documents are checked, all of them
  /// when a path or a changed document's ids changed). On failure files() is left as it was.
  BuildResult finish_update(BuildResult result, const std::vector<std::size_t>& pages, bool outputs);
  /// The output files of the pages not in `rendered` (indices in site_->pages): each
  /// page's file and, with share cards, its card.
  std::set<std::string, std::less<>> kept_files(const std::vector<std::size_t>& rendered) const;
  /// The link check of a resumed build: the documents of `files` (the pages it rendered,
  /// the outputs, the static files) against them and the `kept` files of the last
  /// output; every document, the kept ones read back into `files` (and `kept` emptied),
  /// when a rendered document's ids changed. Broken links go into `diags`.
  void check_resumed_links(OutputSet& files, std::set<std::string, std::less<>>& kept, const Resume& resume,
                           Diagnostics& diags) const;
  /// Marks a run or update successful and fills the result's page counts.
  BuildResult succeeded(BuildResult result);
  /// Notes which paths of files() are static files and image()'s files (`image_files`, as
  /// the pipeline gave them to this run), so that an update can tell which went away.
  void remember_sources(const images::ImageFiles& image_files);

  const FileSystem& source_;
  BuildOptions options_;
  Config config_;
  std::shared_ptr<FactsSet> facts_;  ///< changed in place by update(); the Site sees them const
  std::shared_ptr<ProseSet> prose_;
  std::unique_ptr<tpl::Environment> env_;
  std::unique_ptr<Site> site_;
  std::unique_ptr<SiteView> view_;
  std::unique_ptr<images::ImageCache> images_;  ///< processed images (share cards, image()), across updates
  /// image()'s images: made through images_, recorded per page across updates.
  std::unique_ptr<images::ImagePipeline> image_pipeline_;
  Diagnostics gaps_;
  StaticFiles statics_;
  std::set<std::string, std::less<>> static_paths_;  ///< the static files in files_
  std::set<std::string, std::less<>> image_paths_;   ///< image()'s files in files_
  OutputSet files_;     ///< pages, outputs, image()'s files, static files: the last good output
  bool loaded_ = false;  ///< every product above is current and succeeded
  bool config_taken_ = false;  ///< options_.config was used (by the first run)
  bool once_ = false;    ///< run_once(): finish() moves the output into the result
};

/// Runs a Build of the site at the root of `source` once, as `reel build` and
/// `reel publish` do; the output is moved into the result's `files` (empty unless ok).
BuildResult build_site(const FileSystem& source, const BuildOptions& options = {});

}  // namespace reel
