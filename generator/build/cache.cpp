#include "build/cache.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unicode/uvernum.h>

#include "base/parallel.h"
#include "build/build.h"
#include "output/output.h"

namespace reel {

namespace {

constexpr int kFormat = 3;
constexpr std::int64_t kRacyNs = 2'000'000'000;  // a stamp this close to the build's start is re-hashed

std::uint64_t hash_listing(const std::vector<std::string>& paths) {
  std::string joined;
  for (const std::string& p : paths) {
    joined += p;
    joined += '\0';
  }
  return hash_bytes(joined);
}

nlohmann::json diagnostic_json(const Diagnostic& d) {
  return nlohmann::json::array({d.severity == Severity::kError ? 1 : 0, d.pos.file, d.pos.line, d.pos.column, d.message,
                                d.hint, d.source_line, d.notes});
}

std::optional<Diagnostic> diagnostic_from(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 8 || !j[0].is_number_unsigned() || !j[1].is_string() ||
      !j[2].is_number_unsigned() || !j[3].is_number_unsigned() || !j[4].is_string() || !j[5].is_string() ||
      !j[6].is_string() || !j[7].is_array()) {
    return std::nullopt;
  }
  Diagnostic d;
  d.severity = j[0].get<int>() == 1 ? Severity::kError : Severity::kWarning;
  d.pos.file = j[1].get<std::string>();
  d.pos.line = j[2].get<std::uint32_t>();
  d.pos.column = j[3].get<std::uint32_t>();
  d.message = j[4].get<std::string>();
  d.hint = j[5].get<std::string>();
  d.source_line = j[6].get<std::string>();
  for (const auto& n : j[7]) {
    if (!n.is_string()) return std::nullopt;
    d.notes.push_back(n.get<std::string>());
  }
  return d;
}

bool diagnostics_from(const nlohmann::json& j, std::vector<Diagnostic>& out) {
  if (!j.is_array()) return false;
  for (const auto& item : j) {
    std::optional<Diagnostic> d = diagnostic_from(item);
    if (!d) return false;
    out.push_back(std::move(*d));
  }
  return true;
}

/// The answer `source` gives now to the question of `o`, compared with `o`'s.
bool same_answer(const FileSystem& source, const Observation& o, std::int64_t started_ns) {
  using K = Observation::Kind;
  switch (o.kind) {
    case K::kRead: {
      if (o.value == Observation::kAbsent) return !source.read(o.path);
      std::int64_t stamp = source.mtime(o.path);
      if (stamp == 0) return false;
      if (stamp == o.mtime && o.mtime < started_ns - kRacyNs) return true;
      std::optional<std::string> bytes = source.read(o.path);
      return bytes && hash_bytes(*bytes) == o.value;
    }
    case K::kIsFile:
      return source.is_file(o.path) == (o.value != 0);
    case K::kIsDir:
      return source.is_dir(o.path) == (o.value != 0);
    case K::kList:
      return hash_listing(source.list_files(o.path)) == o.value;
    case K::kKind:
      return static_cast<std::uint64_t>(source.kind(o.path)) == o.value;
    case K::kMtime:
      return static_cast<std::uint64_t>(source.mtime(o.path)) == o.value;
  }
  return false;
}

}  // namespace

std::int64_t wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// ---- RecordingFileSystem -----------------------------------------------------------------

void RecordingFileSystem::note(Observation o) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, fresh] = seen_.try_emplace({o.kind, o.path}, o);
  if (fresh) return;
  // The same question asked twice: a file read twice keeps its first stamp (the
  // earlier one, so a change in between shows next time), but must give the same bytes.
  if (it->second.value != o.value || (o.kind != Observation::Kind::kRead && it->second.mtime != o.mtime)) {
    consistent_ = false;
  }
}

std::optional<std::string> RecordingFileSystem::read(std::string_view path) const {
  std::int64_t stamp = 0;
  std::optional<std::string> bytes = base_.read_stamped(path, stamp);
  note({Observation::Kind::kRead, std::string(path), bytes ? hash_bytes(*bytes) : Observation::kAbsent, bytes ? stamp : 0});
  return bytes;
}

bool RecordingFileSystem::is_file(std::string_view path) const {
  bool yes = base_.is_file(path);
  note({Observation::Kind::kIsFile, std::string(path), yes ? 1u : 0u, 0});
  return yes;
}

bool RecordingFileSystem::is_dir(std::string_view path) const {
  bool yes = base_.is_dir(path);
  note({Observation::Kind::kIsDir, std::string(path), yes ? 1u : 0u, 0});
  return yes;
}

std::vector<std::string> RecordingFileSystem::list_files(std::string_view dir) const {
  std::vector<std::string> paths = base_.list_files(dir);
  note({Observation::Kind::kList, std::string(dir), hash_listing(paths), 0});
  return paths;
}

void RecordingFileSystem::write(std::string_view path, std::string_view) {
  throw Error(SourcePos{std::string(path)}, "the site folder is read-only while it builds");
}

void RecordingFileSystem::remove(std::string_view path, std::string_view) {
  throw Error(SourcePos{std::string(path)}, "the site folder is read-only while it builds");
}

std::int64_t RecordingFileSystem::mtime(std::string_view path) const {
  std::int64_t stamp = base_.mtime(path);
  note({Observation::Kind::kMtime, std::string(path), static_cast<std::uint64_t>(stamp), 0});
  return stamp;
}

FileKind RecordingFileSystem::kind(std::string_view path) const {
  FileKind k = base_.kind(path);
  note({Observation::Kind::kKind, std::string(path), static_cast<std::uint64_t>(k), 0});
  return k;
}

std::vector<Observation> RecordingFileSystem::observations() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Observation> out;
  out.reserve(seen_.size());
  for (const auto& [key, o] : seen_) out.push_back(o);
  return out;
}

bool RecordingFileSystem::consistent() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return consistent_;
}

// ---- the cache file ------------------------------------------------------------------------

std::string cache_key(const BuildOptions& options) {
  return fmt::format("reel {} icu {} hash {:016x} base-url {} origin {} links {}", REEL_VERSION, U_ICU_VERSION,
                     hash_bytes("reel"), nlohmann::json(options.base_url).dump(), nlohmann::json(options.origin).dump(),
                     options.check_links ? 1 : 0);
}

std::string format_cache(const BuildCache& cache) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const Observation& o : cache.inputs) {
    inputs.push_back(nlohmann::json::array({static_cast<int>(o.kind), o.path, o.value, o.mtime}));
  }
  nlohmann::json outputs = nlohmann::json::array();
  for (const auto& o : cache.outputs) outputs.push_back(nlohmann::json::array({o.path, o.mtime, o.hash}));
  nlohmann::json diags = nlohmann::json::array(), gaps = nlohmann::json::array();
  for (const Diagnostic& d : cache.diagnostics) diags.push_back(diagnostic_json(d));
  for (const Diagnostic& d : cache.gaps) gaps.push_back(diagnostic_json(d));
  nlohmann::json by_lang = nlohmann::json::array();
  for (const auto& [code, n] : cache.pages_by_lang) by_lang.push_back(nlohmann::json::array({code, n}));
  nlohmann::json body = {{"key", cache.key},     {"started", cache.started_ns}, {"inputs", std::move(inputs)},
                         {"outputs", std::move(outputs)}, {"diagnostics", std::move(diags)},
                         {"gaps", std::move(gaps)},       {"pages", cache.pages},     {"pages_by_lang", std::move(by_lang)},
                         {"outline", cache.outline},      {"images", cache.images}};
  std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(body);
  std::string_view bytes(reinterpret_cast<const char*>(cbor.data()), cbor.size());
  return fmt::format("reel-cache {} {:016x}\n", kFormat, hash_bytes(bytes)) + std::string(bytes);
}

std::optional<BuildCache> parse_cache(std::string_view bytes) {
  std::size_t newline = bytes.find('\n');
  if (newline == std::string_view::npos) return std::nullopt;
  std::string_view header = bytes.substr(0, newline), body = bytes.substr(newline + 1);
  std::string expected = fmt::format("reel-cache {} {:016x}", kFormat, hash_bytes(body));
  if (header != expected) return std::nullopt;
  nlohmann::json j = nlohmann::json::from_cbor(body.begin(), body.end(), true, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto field = [&](const char* name) -> const nlohmann::json* {
    auto it = j.find(name);
    return it == j.end() ? nullptr : &*it;
  };
  const nlohmann::json *key = field("key"), *started = field("started"), *inputs = field("inputs"),
                       *outputs = field("outputs"), *diags = field("diagnostics"), *gaps = field("gaps"),
                       *pages = field("pages"), *by_lang = field("pages_by_lang"), *outline = field("outline"),
                       *images = field("images");
  if (!key || !key->is_string() || !started || !started->is_number_integer() || !inputs || !inputs->is_array() ||
      !outputs || !outputs->is_array() || !diags || !gaps || !pages || !pages->is_number_unsigned() || !by_lang ||
      !by_lang->is_array() || !outline || !outline->is_number_unsigned() || !images || !images->is_object()) {
    return std::nullopt;
  }
  BuildCache cache;
  cache.key = key->get<std::string>();
  cache.started_ns = started->get<std::int64_t>();
  cache.pages = pages->get<std::size_t>();
  cache.outline = outline->get<std::uint64_t>();
  for (const auto& [owner, paths] : images->items()) {
    if (!paths.is_array()) return std::nullopt;
    std::vector<std::string>& out = cache.images[owner];
    for (const auto& p : paths) {
      if (!p.is_string()) return std::nullopt;
      out.push_back(p.get<std::string>());
    }
  }
  for (const auto& o : *inputs) {
    if (!o.is_array() || o.size() != 4 || !o[0].is_number_unsigned() || o[0].get<int>() > 5 || !o[1].is_string() ||
        !o[2].is_number_unsigned() || !o[3].is_number_integer()) {
      return std::nullopt;
    }
    cache.inputs.push_back({static_cast<Observation::Kind>(o[0].get<int>()), o[1].get<std::string>(),
                            o[2].get<std::uint64_t>(), o[3].get<std::int64_t>()});
  }
  for (const auto& o : *outputs) {
    if (!o.is_array() || o.size() != 3 || !o[0].is_string() || !o[1].is_number_integer() || !o[2].is_number_unsigned()) {
      return std::nullopt;
    }
    cache.outputs.push_back({o[0].get<std::string>(), o[1].get<std::int64_t>(), o[2].get<std::uint64_t>()});
  }
  for (const auto& l : *by_lang) {
    if (!l.is_array() || l.size() != 2 || !l[0].is_string() || !l[1].is_number_unsigned()) return std::nullopt;
    cache.pages_by_lang.emplace_back(l[0].get<std::string>(), l[1].get<std::size_t>());
  }
  if (!diagnostics_from(*diags, cache.diagnostics) || !diagnostics_from(*gaps, cache.gaps)) return std::nullopt;
  return cache;
}

// ---- checking and making ---------------------------------------------------------------------

bool inputs_unchanged(const FileSystem& source, const BuildCache& cache) {
  std::atomic<bool> same{true};
  parallel_for(cache.inputs.size(), [&](std::size_t i) {
    if (!same.load(std::memory_order_relaxed)) return;
    bool ok = false;
    try {
      ok = same_answer(source, cache.inputs[i], cache.started_ns);
    } catch (const std::exception&) {
      ok = false;  // a path the file system now refuses: not the same answer
    }
    if (!ok) same.store(false, std::memory_order_relaxed);
  });
  return same.load();
}

std::vector<Observation> changed_inputs(const FileSystem& source, const BuildCache& cache) {
  std::vector<char> changed(cache.inputs.size(), 0);
  parallel_for(cache.inputs.size(), [&](std::size_t i) {
    bool same = false;
    try {
      same = same_answer(source, cache.inputs[i], cache.started_ns);
    } catch (const std::exception&) {
      same = false;  // a path the file system now refuses: not the same answer
    }
    changed[i] = same ? 0 : 1;
  });
  std::vector<Observation> out;
  for (std::size_t i = 0; i < changed.size(); ++i) {
    if (changed[i]) out.push_back(cache.inputs[i]);
  }
  return out;
}

bool outputs_unchanged(const FileSystem& out, const BuildCache& cache) {
  if (out.mtime(kJournalName) != 0) return false;
  std::atomic<bool> same{true};
  parallel_for(cache.outputs.size(), [&](std::size_t i) {
    if (!same.load(std::memory_order_relaxed)) return;
    if (out.mtime(cache.outputs[i].path) != cache.outputs[i].mtime) same.store(false, std::memory_order_relaxed);
  });
  return same.load();
}

std::optional<BuildCache> make_cache(const RecordingFileSystem& recorder, const BuildResult& result,
                                     const BuildOptions& options, std::int64_t started_ns, const FileSystem& out,
                                     const BuildCache* previous) {
  if (!recorder.consistent() || !result.ok) return std::nullopt;
  BuildCache cache;
  cache.key = cache_key(options);
  cache.started_ns = started_ns;
  cache.inputs = recorder.observations();
  cache.outputs.reserve(result.files.size() + result.kept.size() + 1);
  for (const auto& [path, bytes] : result.files) cache.outputs.push_back({path, 0, 0});
  if (!result.kept.empty()) {
    std::unordered_map<std::string_view, std::uint64_t> hash_of;
    if (previous) {
      for (const auto& o : previous->outputs) hash_of.emplace(o.path, o.hash);
    }
    for (const std::string& path : result.kept) {
      auto it = hash_of.find(path);
      cache.outputs.push_back({path, 0, it == hash_of.end() ? 0 : it->second});
    }
  }
  cache.outputs.push_back({kManifestName, 0, 0});
  std::vector<std::string_view> bytes_of;
  bytes_of.reserve(result.files.size());
  for (const auto& [path, bytes] : result.files) bytes_of.push_back(bytes);
  std::atomic<bool> all_there{true};
  parallel_for(cache.outputs.size(), [&](std::size_t i) {
    BuildCache::OutputRecord& o = cache.outputs[i];
    o.mtime = out.mtime(o.path);
    if (i < bytes_of.size()) o.hash = hash_bytes(bytes_of[i]);
    if (o.mtime == 0) all_there.store(false, std::memory_order_relaxed);
  });
  if (!all_there.load()) return std::nullopt;
  cache.diagnostics = result.diags.items();
  cache.gaps = result.gaps.items();
  cache.pages = result.pages;
  for (const auto& [code, n] : result.pages_by_lang) cache.pages_by_lang.emplace_back(code, n);
  cache.outline = result.outline;
  cache.images = result.images;
  return cache;
}

std::function<bool(std::string_view, std::string_view)> known_outputs(const BuildCache& cache, const FileSystem& out) {
  auto records = std::make_shared<std::unordered_map<std::string_view, const BuildCache::OutputRecord*>>();
  records->reserve(cache.outputs.size());
  for (const auto& o : cache.outputs) {
    if (o.hash != 0) records->emplace(o.path, &o);
  }
  return [records, &out](std::string_view path, std::string_view bytes) {
    auto it = records->find(path);
    if (it == records->end()) return false;
    return it->second->hash == hash_bytes(bytes) && out.mtime(path) == it->second->mtime;
  };
}

}  // namespace reel
