// main: reel's command line (CLI11). The only file that prints or exits; every command
// runs the same pipeline in commands/.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "base/fs.h"
#include "base/parallel.h"
#include "build/build.h"
#include "build/cache.h"
#include "build/products.h"
#include "images/cache.h"
#include "input/prose.h"
#include "site/check.h"
#include "publish/publish.h"
#include "scaffold/scaffold.h"
#include "serve/server.h"
#include "input/json.h"
#include "input/yaml.h"
#include "output/output.h"
#include "render/render.h"
#include "template/environment.h"

namespace {

using reel::Diagnostics;

/// How errors and warnings reach stderr: `--diagnostics text` (the default, for people)
/// or `json` (one JSON object a line, Diagnostic::format_json, and nothing else).
reel::DiagnosticsFormat g_diagnostics = reel::DiagnosticsFormat::kText;

bool json_diagnostics() { return g_diagnostics == reel::DiagnosticsFormat::kJson; }

/// Prints every diagnostic of `diags` on stderr, in the --diagnostics format.
void print_diagnostics(const Diagnostics& diags) {
  std::string text = diags.format(g_diagnostics);
  if (!text.empty()) std::fputs(text.c_str(), stderr);
}

/// Prints one diagnostic on stderr, in the --diagnostics format.
void print_diagnostic(const reel::Diagnostic& d) {
  std::string text = json_diagnostics() ? d.format_json() + "\n" : d.format();
  std::fputs(text.c_str(), stderr);
}

/// An error that is not a Diagnostic (a missing folder, a refused output folder):
/// `text` as it is with --diagnostics text; with json, an error object naming `file`
/// (empty: null) with `message` and `hint`.
void print_error(const std::string& text, const std::string& file, std::string message, std::string hint = {}) {
  if (!json_diagnostics()) {
    std::fputs(text.c_str(), stderr);
    return;
  }
  print_diagnostic(reel::Diagnostic{reel::Severity::kError, reel::SourcePos{file}, std::move(message), std::move(hint), {}, {}});
}

/// A line on stderr for people only (a closing count, a note): left out with
/// --diagnostics json, so that its stderr holds nothing but JSON objects.
template <typename... Args>
void print_note(fmt::format_string<Args...> format, Args&&... args) {
  if (!json_diagnostics()) fmt::print(stderr, format, std::forward<Args>(args)...);
}

/// `n` with a comma between thousands: 20002 -> "20,002".
std::string with_commas(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// While it lives, a thread of its own shows `reel: rendering 1,234/20,002 pages` on
/// stderr, rewritten in place (\r) at most ten times a second from reel::render_progress(),
/// from the first tick (100 ms) on, so a quick build shows nothing; the destructor
/// erases the line, before anything else is printed. Only when stderr is a terminal and
/// --diagnostics is text: otherwise it does nothing, so the line never reaches a pipe
/// or a log.
class ProgressLine {
 public:
  ProgressLine() {
    if (json_diagnostics() || !isatty(STDERR_FILENO)) return;
    reel::render_progress().reset();
    thread_ = std::thread([this] { run(); });
  }
  ~ProgressLine() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    if (shown_) std::fputs("\r\033[K", stderr);
  }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    std::string last;
    while (!wake_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stopping_; })) {
      std::size_t total = reel::render_progress().total.load(std::memory_order_relaxed);
      std::size_t done = std::min(reel::render_progress().done.load(std::memory_order_relaxed), total);
      if (total == 0) continue;
      std::string line = "\rreel: rendering " + with_commas(done) + "/" + with_commas(total) + " pages\033[K";
      if (line == last) continue;
      std::fputs(line.c_str(), stderr);
      last = std::move(line);
      shown_ = true;
    }
  }

  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool shown_ = false;
};

/// `make()` (a build) with a ProgressLine shown while it runs; returns what it returns.
template <typename Make>
auto with_progress(const Make& make) {
  ProgressLine progress;
  return make();
}

/// True when `source` is a folder; otherwise says so, with a hint, on stderr.
bool site_folder_exists(const std::string& source) {
  if (std::filesystem::is_directory(source)) return true;
  const char* hint = "pass --source DIR with a folder that holds site.yaml";
  print_error(fmt::format("reel: error: the site folder `{}` does not exist\n  hint: {}\n", source, hint), source,
              "the site folder does not exist", hint);
  return false;
}

/// The output folder as the user names it: --output is relative to the working
/// directory, site.yaml's `output` to the site folder. Refuses (with a message and a
/// hint on stderr, returning nullopt) `/`, the home folder ($HOME), the site folder and
/// any folder holding it always, and a folder outside the site folder unless
/// `allow_outside` (--allow-outside). Symbolic links are resolved for these checks
/// (std::filesystem::weakly_canonical), so a link cannot smuggle a folder past them.
std::optional<std::string> output_folder(const std::string& cli_output, const std::string& source,
                                         const std::string& configured, bool allow_outside) {
  namespace stdfs = std::filesystem;
  std::string out_dir;
  if (!cli_output.empty()) {
    out_dir = cli_output;
  } else if (stdfs::path(configured).is_absolute()) {
    out_dir = configured;
  } else {
    out_dir = (stdfs::path(source) / configured).lexically_normal().string();
  }
  std::error_code ec;
  auto real = [&ec](const stdfs::path& p) {
    stdfs::path r = stdfs::weakly_canonical(stdfs::absolute(p, ec), ec);
    return ec ? stdfs::absolute(p).lexically_normal() : r;
  };
  stdfs::path out = real(out_dir);
  stdfs::path site = real(source);
  auto holds = [](const stdfs::path& outer, const stdfs::path& inner) {  // outer == inner or above it
    auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
    return o == outer.end() || (std::next(o) == outer.end() && o->empty());
  };
  const char* from = cli_output.empty() ? "site.yaml's `output`" : "--output";
  auto refuse = [&](const std::string& why, const std::string& hint) {
    print_error(fmt::format("reel: error: refusing the output folder `{}` ({}): {}\n  hint: {}\n", out_dir, from, why, hint),
                out_dir, fmt::format("refusing the output folder ({}): {}", from, why), hint);
    return std::nullopt;
  };
  const char* pick = "choose a folder of its own for the output, such as _site inside the site folder";
  if (out == out.root_path()) return refuse("it is the root of the file system", pick);
  if (const char* home = std::getenv("HOME"); home && *home && out == real(home)) {
    return refuse("it is your home folder", pick);
  }
  if (out == site) return refuse("it is the site folder itself", pick);
  if (holds(out, site)) return refuse("it holds the site folder `" + site.string() + "`", pick);
  if (!allow_outside && !holds(site, out)) {
    return refuse("it is outside the site folder `" + site.string() + "`",
                  "pass --allow-outside to write there anyway (reel only ever changes files it wrote), or "
                  "choose a folder inside the site");
  }
  return out_dir;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;  // every block is freed, for the leak check
#else
constexpr bool kSanitized = false;
#endif

/// Ends the process with exit status 0 once a build is written and reported, without
/// freeing what it holds: the site's pages, facts, prose and products (hundreds of MB at
/// 10,000 films, millions of blocks) go back to the system at once, where freeing them
/// block by block took a fifth of a small rebuild's time. Flushes stdout and stderr
/// first. Sanitizer builds do not call it (kSanitized), so that their leak check still
/// sees every block.
[[noreturn]] void exit_without_freeing() {
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(0);
}

/// The one-line summary of a build: pages per language, time, what was written.
/// `cached`: the output folder's cache showed nothing changed, so nothing was rendered.
/// `rendered`: pages rendered again by a build that kept the others' files as they were
/// (a resumed build), or nullopt when every page rendered.
void print_build_summary(const reel::Config& config, std::size_t pages, const std::map<std::string, std::size_t>& by_lang,
                         const std::string& out_dir, std::chrono::steady_clock::time_point start,
                         const reel::WriteStats& stats, bool cached = false,
                         std::optional<std::size_t> rendered = std::nullopt) {
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::string per_lang;
  for (const auto& lang : config.languages) {
    auto it = by_lang.find(lang.code);
    per_lang += fmt::format("{}{} {}", per_lang.empty() ? "" : ", ", lang.code, it == by_lang.end() ? 0 : it->second);
  }
  std::string again = rendered ? fmt::format(", {} of them rendered again", *rendered) : "";
  fmt::print("reel: {} {} page{} ({}) {} {} in {:.1f} ms{}: {} file{} written, {} unchanged, {} removed\n",
             cached ? "nothing changed since the last build of" : "built", pages, pages == 1 ? "" : "s", per_lang,
             cached ? "in" : "into", out_dir, ms, again, stats.written, stats.written == 1 ? "" : "s", stats.unchanged,
             stats.removed);
}

/// The build cache (build/cache.h) in the output folder `out_dir`, when there is one
/// made by this reel with these options; nullopt otherwise (none, damaged, another key).
std::optional<reel::BuildCache> read_build_cache(const std::string& out_dir, const reel::BuildOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_directory(out_dir, ec)) return std::nullopt;
  reel::DiskFileSystem out(out_dir);
  std::optional<std::string> bytes = out.read(reel::kCacheName);
  if (!bytes) return std::nullopt;
  std::optional<reel::BuildCache> cache = reel::parse_cache(*bytes);
  if (!cache || cache->key != reel::cache_key(options)) return std::nullopt;
  return cache;
}

/// Replays the warnings and summary of the build `cache` describes, whose output is
/// intact and whose inputs are all the same: nothing is rendered or written.
void replay_cached_build(const std::string& out_dir, const reel::Config& config, const reel::BuildCache& cache,
                         std::chrono::steady_clock::time_point start) {
  Diagnostics diags, gaps;
  for (const auto& d : cache.diagnostics) diags.add(d);
  for (const auto& d : cache.gaps) gaps.add(d);
  print_diagnostics(diags);
  print_diagnostics(gaps);
  std::map<std::string, std::size_t> by_lang(cache.pages_by_lang.begin(), cache.pages_by_lang.end());
  reel::WriteStats stats;
  stats.unchanged = cache.outputs.size() - 1;  // the manifest is not one of the site's files
  print_build_summary(config, cache.pages, by_lang, out_dir, start, stats, true);
}

/// The Resume of a build after the one `cache` describes (its output intact), when
/// `changed` (its inputs that changed) are all prose files' bytes and it left an
/// outline; nullopt otherwise (every page renders). Files of the last output are read
/// back from `out_dir` without following links.
std::optional<reel::Resume> resume_from(const reel::Config& config, const reel::BuildCache& cache,
                                        const std::vector<reel::Observation>& changed, const std::string& out_dir) {
  if (cache.outline == 0) return std::nullopt;
  reel::Resume resume;
  resume.outline = cache.outline;
  resume.images = cache.images;
  for (const reel::Observation& o : changed) {
    if (o.kind != reel::Observation::Kind::kRead || reel::classify_change(config, o.path) != reel::ChangeKind::kProse) {
      return std::nullopt;
    }
    resume.prose.insert(o.path);
  }
  auto out = std::make_shared<reel::BeneathFileSystem>(out_dir, false);
  resume.read_output = [out](std::string_view path) { return out->read(path); };
  return resume;
}

int run_build(const std::string& source, const std::string& cli_output, const std::string& base_url,
              bool allow_outside) {
  auto start = std::chrono::steady_clock::now();
  if (!site_folder_exists(source)) return 1;
  reel::DiskFileSystem src(source);
  reel::BuildOptions options;
  options.base_url = base_url;

  // site.yaml alone says where the output goes: refuse a wrong folder before any work,
  // and end here when the output folder's cache shows nothing changed.
  std::optional<std::string> out_folder;
  std::optional<reel::BuildCache> previous;  // the last build's cache, if it can be trusted
  std::optional<reel::Resume> resume;        // where this build starts from, if only prose changed
  // Every file the build reads, for the next build's cache; site.yaml is read once, here,
  // and handed to the build (BuildOptions::config) when it has no error.
  std::int64_t started_ns = reel::wall_clock_ns();
  reel::RecordingFileSystem recorder(src);
  reel::LoadedConfig loaded;
  {
    loaded.config = reel::load_config(recorder, loaded.diags);
    const reel::Config& config = loaded.config;
    if (!loaded.diags.has_errors()) {
      options.config = &loaded;
      out_folder = output_folder(cli_output, source, config.output_dir, allow_outside);
      if (!out_folder) return 1;
      previous = read_build_cache(*out_folder, options);
      if (previous && reel::outputs_unchanged(reel::DiskFileSystem(*out_folder), *previous)) {
        std::vector<reel::Observation> changed = reel::changed_inputs(src, *previous);
        if (changed.empty()) {
          replay_cached_build(*out_folder, config, *previous, start);
          return 0;
        }
        try {
          resume = resume_from(config, *previous, changed, *out_folder);
        } catch (const reel::Error&) {
          resume.reset();  // the output folder cannot be opened: every page renders
        }
      }
      // Processed images (share cards) are kept in the output folder across builds.
      options.image_cache_dir = reel::join_path(*out_folder, reel::images::kCacheDirName);
    }
  }
  // What earlier builds made of each facts and prose file: the unchanged ones are not
  // parsed again (build/products.h).
  std::optional<reel::ProductStore> products;
  if (out_folder) {
    if (std::optional<std::string> site_yaml = src.read("site.yaml")) {
      products.emplace(reel::products_key(options, *site_yaml));
      std::error_code ec;
      if (std::filesystem::is_directory(*out_folder, ec)) {
        try {
          products->load(reel::BeneathFileSystem(*out_folder, false));
        } catch (const reel::Error&) {
          // An output folder that cannot be opened: nothing to reuse; the write reports it.
        }
      }
      options.products = &*products;
    }
  }
  if (resume) options.resume = &*resume;

  reel::BuildResult result = with_progress([&] { return reel::build_site(recorder, options); });
  print_diagnostics(result.diags);
  print_diagnostics(result.gaps);
  if (result.diags.has_errors()) {
    print_note("reel: build failed with {} error{}; the output folder was left as it was\n",
               result.diags.error_count(), result.diags.error_count() == 1 ? "" : "s");
    return 1;
  }
  if (!out_folder) out_folder = output_folder(cli_output, source, result.config.output_dir, allow_outside);
  if (!out_folder) return 1;
  const std::string& out_dir = *out_folder;
  std::error_code ec;
  if (std::filesystem::exists(out_dir, ec) && !std::filesystem::is_directory(out_dir, ec)) {
    print_error(fmt::format("reel: error: the output path `{}` is a file, not a folder\n", out_dir), out_dir,
                "the output path is a file, not a folder");
    return 1;
  }
  Diagnostics write_diags;
  reel::WriteStats stats;
  try {
    // Every path below the folder is resolved without following links (BeneathFileSystem);
    // messages name files as `out_dir/path`, relative to where reel runs.
    reel::BeneathFileSystem out(out_dir, true, out_dir);
    // The old cache goes first: whatever stops this write, no later build trusts it.
    out.remove_file(reel::kCacheName);
    // Files the last build wrote and nobody touched since are compared by hash, unread.
    stats = reel::write_output(out, result.files, write_diags,
                               previous ? reel::known_outputs(*previous, out) : nullptr, &result.kept);
    if (!write_diags.has_errors()) {
      reel::DiskFileSystem stamps(out_dir);
      if (std::optional<reel::BuildCache> cache = reel::make_cache(recorder, result, options, started_ns, stamps,
                                                                        previous ? &*previous : nullptr)) {
        out.write(reel::kCacheName, reel::format_cache(*cache));
      }
      if (products && result.facts && result.prose) {
        // Written: the pages' memory goes before the products are encoded into it.
        reel::OutputSet().swap(result.files);
        products->prepare(*result.facts, *result.prose);
        try {
          products->save(out);
        } catch (const reel::Error& e) {
          // The site is written; only the next build's head start is lost.
          reel::Diagnostic d = e.diagnostic();
          d.severity = reel::Severity::kWarning;
          d.hint = "the next build parses every file again";
          print_diagnostic(d);
        }
      }
    }
  } catch (const reel::Error& e) {
    print_diagnostic(e.diagnostic());
    print_note("reel: writing into `{}` failed; the folder holds the site as it was before this build\n", out_dir);
    return 1;
  }
  if (write_diags.has_errors()) {
    for (auto d : write_diags.items()) {
      d.pos.file = reel::join_path(out_dir, d.pos.file);
      print_diagnostic(d);
    }
    print_note("reel: build not written: {}\n", out_dir);
    return 1;
  }
  if (stats.recovered != reel::Recovery::none) {
    print_note("reel: note: an earlier build into `{}` was stopped while writing; {}\n", out_dir,
               stats.recovered == reel::Recovery::rolled_forward ? "its new site was completed"
                                                                  : "its unfinished changes were undone");
  }
  print_build_summary(result.config, result.pages, result.pages_by_lang, out_dir, start, stats, false,
                      result.kept.empty() ? std::nullopt : std::optional<std::size_t>(result.rendered));
  if (!kSanitized) exit_without_freeing();
  return 0;
}

/// `reel mark-translated [PATH…]`: records in each translation named (every one whose
/// record differs when none is named) that it is up to date with its original, by
/// setting `original_hash` in its front matter to the original's hash now. Only that
/// line of each file changes (reel::with_original_hash), written atomically.
int run_mark_translated(const std::string& source, const std::vector<std::string>& named) {
  if (!site_folder_exists(source)) return 1;
  reel::DiskFileSystem src(source);
  reel::Build build(src);
  reel::BuildResult result = build.run();
  print_diagnostics(result.diags);
  if (!build.site()) {
    fmt::print(stderr, "reel mark-translated: the site does not build ({} error{}); nothing was changed\n",
               result.diags.error_count(), result.diags.error_count() == 1 ? "" : "s");
    return 1;
  }
  std::vector<reel::Translation> all = reel::translations_of(*build.site());
  std::vector<reel::Translation> chosen;
  for (const std::string& raw : named) {
    // Paths as the user types them: relative to the site folder, or to where reel runs.
    std::string path = std::filesystem::path(raw).lexically_normal().generic_string();
    std::error_code ec;
    std::filesystem::path rel = std::filesystem::relative(std::filesystem::absolute(raw, ec), std::filesystem::absolute(source, ec), ec);
    auto it = std::find_if(all.begin(), all.end(), [&](const reel::Translation& t) {
      return t.path == path || (!ec && t.path == rel.generic_string());
    });
    if (it == all.end()) {
      fmt::print(stderr, "reel mark-translated: error: `{}` is not a translation of this site\n"
                         "  hint: name a prose file in a language other than the default whose original exists, "
                         "such as content/<lang>/<page>.md\n", raw);
      return 1;
    }
    chosen.push_back(*it);
  }
  if (named.empty()) {
    for (const reel::Translation& t : all) {
      if (!t.up_to_date()) chosen.push_back(t);
    }
  }
  std::size_t changed = 0;
  for (const reel::Translation& t : chosen) {
    if (t.up_to_date()) {
      fmt::print("reel: {} already records the hash of {}\n", t.path, t.original);
      continue;
    }
    std::optional<std::string> text = src.read(t.path);
    if (!text) {
      fmt::print(stderr, "reel mark-translated: error: cannot read {}\n", t.path);
      return 1;
    }
    src.write(t.path, reel::with_original_hash(*text, t.hash, t.path));
    ++changed;
    fmt::print("reel: {} is marked up to date with {} (original_hash: \"{}\")\n", t.path, t.original, t.hash);
  }
  if (chosen.empty()) fmt::print("reel: every translation already records the hash of its original\n");
  else if (changed > 0) fmt::print("reel: {} translation{} marked; reel check now counts {} up to date\n", changed,
                                   changed == 1 ? "" : "s", changed == 1 ? "it" : "them");
  return 0;
}

/// `reel check`: everything missing in a language, unsourced facts, stale translations.
int run_check(const std::string& source) {
  if (!site_folder_exists(source)) return 1;
  reel::DiskFileSystem src(source);
  reel::BuildResult result = with_progress([&] { return reel::build_site(src, {}); });
  print_diagnostics(result.diags);
  print_diagnostics(result.gaps);
  if (result.diags.has_errors()) {
    print_note("reel check: the site does not build ({} error{})\n", result.diags.error_count(),
               result.diags.error_count() == 1 ? "" : "s");
    return 1;
  }
  std::size_t n = result.gaps.items().size();
  if (n > 0) {
    print_note("reel check: {} thing{} missing or out of date\n", n, n == 1 ? "" : "s");
    return 1;
  }
  fmt::print("reel check: nothing missing: {} pages in {} languages, every fact sourced, every translation up to date\n",
             result.pages, result.config.languages.size());
  return 0;
}

struct RenderArgs {
  std::string templates;
  std::string context;
  std::string name;
  reel::tpl::Options options;
  bool autoescape = false;
  bool lenient = false;
};

/// `reel render`: one template, with a JSON or YAML context, to standard output.
int run_render(RenderArgs& args) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(args.templates)) {
    fmt::print(stderr, "reel: error: the templates folder `{}` does not exist\n", args.templates);
    return 1;
  }
  reel::Value context{reel::ValueMap{}};
  if (!args.context.empty()) {
    std::optional<std::string> text;
    if (fs::is_regular_file(args.context)) {
      std::ifstream in(args.context, std::ios::binary);
      text = std::string(std::istreambuf_iterator<char>(in), {});
    }
    if (!text) {
      fmt::print(stderr, "reel: error: cannot read the context file `{}`\n", args.context);
      return 1;
    }
    std::string ext = fs::path(args.context).extension().string();
    context = ext == ".yaml" || ext == ".yml" ? reel::yaml_to_value(reel::parse_yaml(*text, args.context))
                                              : reel::parse_json(*text, args.context);
    if (!context.is_map()) {
      fmt::print(stderr, "{}: error: expected the context to be an object (a map of names to values)\n", args.context);
      return 1;
    }
  }
  args.options.autoescape = args.autoescape;
  args.options.strict_undefined = !args.lenient;
  fs::path dir = fs::absolute(args.templates).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  // Templates are named as the user knows them in messages: `templates/film.html:3:5`.
  reel::DiskFileSystem root(dir.parent_path().string());
  reel::tpl::Environment env(root, dir.filename().string(), args.options);
  // Parse every template once (names for did-you-mean hints); a syntax error in a
  // template that NAME does not use is not this command's business, as in Jinja2: the
  // templates NAME uses are parsed again on demand and report their own errors.
  (void)env.load_all();
  std::string out;
  try {
    out = env.render(args.name, context);
  } catch (const reel::Error&) {
    throw;  // printed with its position by main
  } catch (const std::exception& e) {
    fmt::print(stderr, "reel: error: rendering `{}` failed: {}\n", args.name, e.what());
    return 1;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

struct PublishArgs {
  std::string source = ".";
  std::string remote, branch, message;  ///< empty: site.yaml's `publish`, then the defaults
  bool dry_run = false, force = false;
};

/// `reel publish`: build for production (site.yaml's base URL), commit the site to the
/// publish branch with git plumbing, push it. Exit 0 published, 1 refused or failed.
int run_publish(const PublishArgs& args) {
  if (!site_folder_exists(args.source)) return 1;
  reel::DiskFileSystem src(args.source);
  reel::BuildResult built = with_progress([&] { return reel::build_site(src); });
  print_diagnostics(built.diags);
  if (built.diags.has_errors()) {
    print_note("reel: publish refused: the build failed with {} error{}; nothing was committed or pushed\n",
               built.diags.error_count(), built.diags.error_count() == 1 ? "" : "s");
    return 1;
  }
  reel::PublishOptions options = reel::publish_options(built.config.publish);
  if (!args.remote.empty()) options.remote = args.remote;
  if (!args.branch.empty()) options.branch = args.branch;
  options.message = args.message;
  options.dry_run = args.dry_run;
  options.force = args.force;
  reel::ProcessRunner git(args.source);
  reel::PublishResult result = reel::publish_site(built.files, built.config, options, git);
  for (const auto& line : result.notes) fmt::print("reel: {}\n", line);
  print_diagnostics(result.diags);
  if (!result.ok) {
    if (result.commit.empty()) {
      print_note("reel: publish refused: nothing was committed or pushed\n");
    } else {
      std::string failed = fmt::format("{} is on your local {} but was not pushed", result.commit.substr(0, 7), options.branch);
      print_error("reel: publish failed: " + failed + "\n", "", "publish failed: " + failed);
    }
    return 1;
  }
  if (options.dry_run) {
    fmt::print("reel: dry run: nothing was committed or pushed; the site would be served at {}\n", result.url);
  } else {
    fmt::print("reel: published {} to {} {}; GitHub Pages will serve it at {}\n",
               (result.commit.empty() ? result.parent : result.commit).substr(0, 7), options.remote, options.branch, result.url);
  }
  return 0;
}

/// `reel new DIR`: write the starter site into DIR, which must be new or empty. Exit 0
/// written, 1 refused (a non-empty folder, a file, bad --languages).
int run_new(const std::string& dir, const std::string& languages) {
  namespace stdfs = std::filesystem;
  std::string error;
  reel::NewSiteOptions options;
  options.languages = reel::parse_language_list(languages, error);
  if (!error.empty()) {
    fmt::print(stderr, "reel new: error: --languages {}: {}\n  hint: e.g. --languages en,it (the first is the default language)\n",
               languages, error);
    return 1;
  }
  // What the folder already holds, hidden files and empty folders included (the
  // FileSystem seam lists regular files only).
  std::vector<std::string> present;
  std::error_code ec;
  stdfs::file_status status = stdfs::symlink_status(dir, ec);
  if (stdfs::exists(status) && !stdfs::is_directory(stdfs::status(dir, ec))) {
    fmt::print(stderr, "reel new: error: `{}` exists and is not a folder\n  hint: name a new folder: reel new my-site\n", dir);
    return 1;
  }
  if (stdfs::exists(status)) {
    for (const auto& entry : stdfs::directory_iterator(dir, ec)) present.push_back(entry.path().filename().string());
  }
  std::sort(present.begin(), present.end());
  reel::NewSiteResult result;
  if (present.empty()) {
    reel::BeneathFileSystem fs(dir, true, dir);
    result = reel::write_new_site(fs, options, present);
  } else {
    reel::MemoryFileSystem nothing;  // refused before anything is written
    result = reel::write_new_site(nothing, options, present);
  }
  if (!result.ok) {
    if (!result.present.empty()) {
      std::string listed;
      std::size_t shown = std::min<std::size_t>(result.present.size(), 5);
      for (std::size_t i = 0; i < shown; ++i) listed += (i ? ", " : "") + result.present[i];
      if (result.present.size() > shown) listed += fmt::format(" and {} more", result.present.size() - shown);
      fmt::print(stderr, "reel new: error: `{}` is not empty: it holds {}; nothing was written\n  hint: {}\n", dir, listed,
                 result.hint);
    } else {
      fmt::print(stderr, "reel new: error: {}\n", result.error);
    }
    return 1;
  }
  for (const auto& note : result.notes) fmt::print("reel new: note: {}\n", note);
  std::string names;
  for (std::size_t i = 0; i < result.language_names.size(); ++i) names += (i ? ", " : "") + result.language_names[i];
  // The folder as a shell word: quoted unless it is plain.
  std::string word = dir;
  if (dir.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+@%:,") != std::string::npos) {
    word = "'";
    for (char c : dir) word += c == '\'' ? std::string("'\\''") : std::string(1, c);
    word += "'";
  }
  fmt::print("reel new: created a site in {} with {} files, in {} ({} is the default language)\n", dir, result.files.size(),
             names, result.language_names.front());
  fmt::print("Next:\n  cd {}\n  reel build\n  reel serve\n", word);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // When main returns, parallel_for's threads end first, while the libraries they used
  // are still set up (base/parallel.h stop_threads).
  struct StopThreads {
    ~StopThreads() { reel::stop_threads(); }
  } stop_threads;
  CLI::App app{"reel: a static site generator for fact pages made of data and prose, in several languages", "reel"};
  app.set_version_flag("--version", std::string("reel ") + REEL_VERSION);
  app.require_subcommand(1);
  app.footer("Run `reel COMMAND --help` for a command's options.");

  std::string source = ".";
  std::string output;
  std::string base_url;
  std::string diagnostics = "text";
  auto add_diagnostics_option = [&diagnostics](CLI::App* command) {
    command->add_option("--diagnostics", diagnostics,
                        "How errors and warnings are printed on stderr: text (for people) or json (one JSON object a "
                        "line, for editors and CI)")
        ->capture_default_str()
        ->check(CLI::IsMember({"text", "json"}));
  };
  CLI::App* build = app.add_subcommand("build", "Render the site into the output folder (default: _site/)");
  build->add_option("--source,-s", source, "Site folder, holding site.yaml")->capture_default_str();
  build->add_option("--output,-o", output, "Output folder (default: site.yaml's `output`, relative to the site)");
  build->add_option("--base-url", base_url, "Base URL to use instead of site.yaml's, e.g. http://localhost:8000/");
  bool allow_outside = false;
  build->add_flag("--allow-outside", allow_outside, "Allow an output folder outside the site folder");
  add_diagnostics_option(build);

  CLI::App* check = app.add_subcommand("check", "List what is missing in a language, unsourced facts and stale translations");
  check->add_option("--source,-s", source, "Site folder, holding site.yaml")->capture_default_str();
  add_diagnostics_option(check);

  std::vector<std::string> mark_paths;
  CLI::App* mark = app.add_subcommand("mark-translated",
                                      "Record that translations are up to date with their originals (sets original_hash)");
  mark->add_option("--source,-s", source, "Site folder, holding site.yaml")->capture_default_str();
  mark->add_option("paths", mark_paths, "Translations to mark, e.g. content/it/about.md (default: every one not up to date)");

  RenderArgs render_args;
  CLI::App* render = app.add_subcommand("render", "Render one template with a JSON or YAML context to standard output");
  render->add_option("--templates", render_args.templates, "Folder of templates")->required();
  render->add_option("--context", render_args.context, "JSON or YAML file with the variables");
  render->add_flag("--autoescape", render_args.autoescape, "HTML-escape printed values (off unless given)");
  render->add_flag("--trim-blocks", render_args.options.trim_blocks, "Remove the first newline after a block tag");
  render->add_flag("--lstrip-blocks", render_args.options.lstrip_blocks, "Strip whitespace before a block tag on its line");
  render->add_flag("--keep-trailing-newline", render_args.options.keep_trailing_newline, "Keep the template's final newline");
  render->add_flag("--lenient", render_args.lenient, "Undefined variables print as empty (Jinja2's default) instead of failing");
  render->add_option("name", render_args.name, "Template to render, relative to --templates")->required();

  PublishArgs publish_args;
  CLI::App* publish = app.add_subcommand("publish", "Build the site and commit it to the gh-pages branch, then push it (GitHub Pages)");
  publish->add_option("--source,-s", publish_args.source, "Site folder, holding site.yaml")->capture_default_str();
  publish->add_option("--remote", publish_args.remote, "Git remote to push to (default: site.yaml's publish.remote, else origin)");
  publish->add_option("--branch", publish_args.branch, "Branch to publish to (default: site.yaml's publish.branch, else gh-pages)");
  publish->add_option("--message,-m", publish_args.message, "First line of the commit message (the source commit is always named)");
  publish->add_flag("--dry-run,-n", publish_args.dry_run, "Build and show what would be committed and pushed; change nothing");
  publish->add_flag("--force", publish_args.force, "Push even when the remote branch has commits the local one lacks (says which it drops)");
  add_diagnostics_option(publish);

  reel::ServeOptions serve_options;
  CLI::App* serve = app.add_subcommand("serve", "Build the site in memory, serve it on a local URL and rebuild on every save, reloading open pages");
  serve->add_option("--source,-s", serve_options.source, "Site folder, holding site.yaml")->capture_default_str();
  serve->add_option("--bind", serve_options.bind, "Address to listen on (loopback unless told otherwise)")->capture_default_str();
  serve->add_option("--port,-p", serve_options.port, "TCP port; 0 picks a free one")->capture_default_str()->check(CLI::Range(0, 65535));
  serve->add_flag("--open", serve_options.open, "Open the URL in the browser (xdg-open)");
  serve->add_flag("--poll", serve_options.poll, "Watch files by polling instead of inotify (network file systems)");
  add_diagnostics_option(serve);

  std::string new_dir, new_languages = "en,it";
  CLI::App* new_site = app.add_subcommand("new", "Write a starter site, ready to build, into a new or empty folder");
  new_site->add_option("dir", new_dir, "Folder for the new site (created if missing; must be empty)")->required();
  new_site->add_option("--languages,-l", new_languages, "Comma-separated language codes; the first is the default")->capture_default_str();

  try {
    app.parse(argc, argv);
    if (diagnostics == "json") g_diagnostics = reel::DiagnosticsFormat::kJson;
    serve_options.diagnostics = g_diagnostics;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (new_site->parsed()) return run_new(new_dir, new_languages);
    if (build->parsed()) return run_build(source, output, base_url, allow_outside);
    if (render->parsed()) return run_render(render_args);
    if (check->parsed()) return run_check(source);
    if (mark->parsed()) return run_mark_translated(source, mark_paths);
    if (publish->parsed()) return run_publish(publish_args);
    if (serve->parsed()) {
      auto print_to = [](std::FILE* f) {
        return [f](std::string_view s) {
          std::fwrite(s.data(), 1, s.size(), f);
          std::fflush(f);
        };
      };
      return reel::run_serve(serve_options, reel::ServeConsole{print_to(stdout), print_to(stderr)});
    }
  } catch (const reel::Error& e) {
    print_diagnostic(e.diagnostic());
    return 1;
  }
  return 0;
}
