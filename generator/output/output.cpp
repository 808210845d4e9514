#include "output/output.h"

#include <charconv>
#include <random>
#include <unordered_map>

namespace reel {

namespace {

/// True when some segment of `path` is one of reel's own names (`.reel-…`).
bool is_reserved(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start).starts_with(".reel-")) return true;
    start = end + 1;
  }
  return false;
}

/// A path write_output may own: safe, relative, no empty segment, not reel's own name.
bool is_output_path(std::string_view path) {
  return !path.empty() && is_safe_relative_path(path) && path.back() != '/' &&
         path.find("//") == std::string_view::npos && !is_reserved(path);
}

std::string parent_of(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

/// Proper parent folders of `path`, outermost first ("a/b/c" → "a", "a/b").
std::vector<std::string> parents_of(std::string_view path) {
  std::vector<std::string> out;
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
    out.emplace_back(path.substr(0, slash));
  }
  return out;
}

void put_string(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

/// Reads `<n>:<bytes>` at `pos`.
std::optional<std::string> get_string(std::string_view text, std::size_t& pos) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), n);
  if (ec != std::errc() || end == text.data() + pos) return std::nullopt;
  pos = static_cast<std::size_t>(end - text.data());
  if (pos >= text.size() || text[pos] != ':' || text.size() - pos - 1 < n) return std::nullopt;
  std::string s(text.substr(pos + 1, n));
  pos += 1 + n;
  return s;
}

/// Reads a word up to the next space or newline.
std::string_view get_word(std::string_view text, std::size_t& pos) {
  std::size_t end = text.find_first_of(" \n", pos);
  if (end == std::string_view::npos) end = text.size();
  std::string_view w = text.substr(pos, end - pos);
  pos = end;
  return w;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

std::string random_token() {
  std::random_device rd;
  std::uint64_t v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) out += kHex[(v >> (i * 4)) & 15];
  return out;
}

/// Writes the journal durably: a temporary, flushed with everything written before it
/// (the write's temporaries, for the commit), renamed over the journal, flushed again,
/// so the journal on disk is always a whole one and never names a lost file.
void write_journal(FileSystem& out, const Journal& journal) {
  out.remove_file(kJournalTempName);
  out.create_file(kJournalTempName, format_journal(journal));
  out.sync();
  out.rename_file(kJournalTempName, kJournalName);
  out.sync();
}

/// Removes the empty folders above `path`, innermost first, up to the root.
void remove_empty_parents(FileSystem& out, std::string_view path) {
  std::vector<std::string> parents = parents_of(path);
  for (auto it = parents.rbegin(); it != parents.rend(); ++it) {
    if (!out.remove_dir(*it)) break;
  }
}

/// Step 3 of a committed write; every step may run again after a stop.
void roll_forward(FileSystem& out, const Journal& j) {
  for (const auto& path : j.removals) {
    if (out.kind(path) == FileKind::file) out.remove_file(path);
    remove_empty_parents(out, path);
  }
  for (const auto& dir : j.commit_dirs) out.make_dir(dir);
  for (const auto& [tmp, target] : j.renames) {
    if (out.kind(tmp) == FileKind::file) out.rename_file(tmp, target);
  }
  out.sync();
  out.remove_file(kJournalName);
  out.sync();
}

/// Undoes a prepared write: its temporaries, then the folders it made.
void roll_back(FileSystem& out, const Journal& j) {
  for (const auto& [tmp, target] : j.renames) out.remove_file(tmp);
  for (auto it = j.made_dirs.rbegin(); it != j.made_dirs.rend(); ++it) out.remove_dir(*it);
  out.sync();
  out.remove_file(kJournalName);
  out.sync();
}

}  // namespace

std::string format_journal(const Journal& j) {
  std::string out = "reel-journal 1\n";
  out += j.committed ? "state committed\n" : "state prepared\n";
  out += "token ";
  put_string(out, j.token);
  out += '\n';
  auto one = [&out](const char* tag, const std::string& s) {
    out += tag;
    out += ' ';
    put_string(out, s);
    out += '\n';
  };
  for (const auto& d : j.made_dirs) one("dir", d);
  for (const auto& p : j.removals) one("remove", p);
  for (const auto& d : j.commit_dirs) one("mkdir", d);
  for (const auto& [tmp, target] : j.renames) {
    out += "rename ";
    put_string(out, tmp);
    out += ' ';
    put_string(out, target);
    out += '\n';
  }
  out += "end\n";
  return out;
}

std::optional<Journal> parse_journal(std::string_view text) {
  Journal j;
  std::size_t pos = 0;
  if (!text.starts_with("reel-journal 1\n")) return std::nullopt;
  pos = 15;
  bool have_state = false, have_token = false;
  while (pos < text.size()) {
    std::string_view tag = get_word(text, pos);
    if (tag == "end") {
      if (!expect(text, pos, '\n') || pos != text.size() || !have_state || !have_token) return std::nullopt;
      return j;
    }
    if (!expect(text, pos, ' ')) return std::nullopt;
    if (tag == "state") {
      std::string_view s = get_word(text, pos);
      if (s != "committed" && s != "prepared") return std::nullopt;
      j.committed = s == "committed";
      have_state = true;
    } else if (tag == "rename") {
      auto tmp = get_string(text, pos);
      if (!tmp || !expect(text, pos, ' ')) return std::nullopt;
      auto target = get_string(text, pos);
      if (!target || !is_safe_relative_path(*tmp) || !is_safe_relative_path(*target) || tmp->empty() ||
          target->empty()) {
        return std::nullopt;
      }
      j.renames.emplace_back(std::move(*tmp), std::move(*target));
    } else {
      auto s = get_string(text, pos);
      if (!s || !is_safe_relative_path(*s)) return std::nullopt;
      if (tag == "token") {
        j.token = std::move(*s);
        have_token = true;
      } else if (tag == "dir" && !s->empty()) {
        j.made_dirs.push_back(std::move(*s));
      } else if (tag == "remove" && !s->empty()) {
        j.removals.push_back(std::move(*s));
      } else if (tag == "mkdir" && !s->empty()) {
        j.commit_dirs.push_back(std::move(*s));
      } else {
        return std::nullopt;
      }
    }
    if (!expect(text, pos, '\n')) return std::nullopt;
  }
  return std::nullopt;  // no `end`: not a whole journal
}

std::string format_manifest(const std::set<std::string, std::less<>>& paths) {
  std::string out =
      "reel-manifest 2\n"
      "# Files written by reel, which removes them when it no longer builds them: per line, the path's length in "
      "bytes, a space, the path.\n";
  for (const auto& p : paths) {
    out += std::to_string(p.size());
    out += ' ';
    out += p;
    out += '\n';
  }
  return out;
}

std::optional<std::set<std::string, std::less<>>> parse_manifest(std::string_view text) {
  std::set<std::string, std::less<>> owned;
  if (text.starts_with("reel-manifest ")) {
    if (!text.starts_with("reel-manifest 2\n")) return std::nullopt;
    std::size_t pos = 16;
    while (pos < text.size()) {
      if (text[pos] == '#') {  // a comment line: entries start with a digit
        std::size_t nl = text.find('\n', pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        continue;
      }
      std::size_t n = 0;
      auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), n);
      pos = static_cast<std::size_t>(end - text.data());
      if (ec != std::errc() || !expect(text, pos, ' ') || text.size() - pos < n) break;  // truncated: stop
      std::string path(text.substr(pos, n));
      pos += n;
      if (!expect(text, pos, '\n')) break;
      if (is_output_path(path)) owned.insert(std::move(path));
    }
    return owned;
  }
  // Version 1: one path a line, `#` comments.
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line[0] != '#' && is_output_path(line)) owned.emplace(line);
    start = nl + 1;
  }
  return owned;
}

Recovery recover_output(FileSystem& out) {
  if (out.kind(kJournalTempName) != FileKind::none) out.remove_file(kJournalTempName);
  if (out.kind(kJournalName) == FileKind::none) return Recovery::none;
  std::optional<std::string> text = out.read(kJournalName);
  std::optional<Journal> journal = text ? parse_journal(*text) : std::nullopt;
  if (!journal) {
    out.remove_file(kJournalName);
    return Recovery::none;
  }
  if (journal->committed) {
    roll_forward(out, *journal);
    return Recovery::rolled_forward;
  }
  roll_back(out, *journal);
  return Recovery::rolled_back;
}

WriteStats write_output(FileSystem& out, const OutputSet& files, Diagnostics& diags,
                        const std::function<bool(std::string_view, std::string_view)>& known_unchanged,
                        const std::set<std::string, std::less<>>* kept) {
  WriteStats stats;
  stats.recovered = recover_output(out);

  std::optional<std::string> manifest_text = out.read(kManifestName);
  std::set<std::string, std::less<>> owned;
  if (manifest_text) {
    auto parsed = parse_manifest(*manifest_text);
    if (!parsed) {
      diags.error(SourcePos{kManifestName}, "this manifest was written by a later version of reel",
                  "build with that version, or move the output folder away and build again");
      return stats;
    }
    // Only a regular file beneath the folder (no link on the way) is reel's.
    for (auto& p : *parsed) {
      if (out.kind(p) == FileKind::file) owned.insert(p);
    }
  }

  // Check every path before writing anything.
  std::unordered_map<std::string, FileKind> kinds;
  auto kind_of = [&](const std::string& p) {
    auto it = kinds.find(p);
    if (it == kinds.end()) it = kinds.emplace(p, out.kind(p)).first;
    return it->second;
  };
  auto is_kept = [&](const std::string& p) { return kept && kept->count(p) && files.find(p) == files.end(); };
  auto stale = [&](const std::string& p) { return owned.count(p) && files.find(p) == files.end() && !is_kept(p); };
  std::set<std::string, std::less<>> blocked;  ///< targets below a stale file of reel's
  std::vector<const std::pair<const std::string, std::string>*> changed;
  bool refused = false;
  for (const auto& entry : files) {
    const std::string& path = entry.first;
    if (!is_output_path(path)) {
      diags.error(SourcePos{path}, is_reserved(path) ? "reel keeps names starting with `.reel-` for itself"
                                                     : "not a path reel can write inside the output folder",
                  "rename the file in content/ or static/");
      refused = true;
      continue;
    }
    bool ok = true;
    for (const std::string& dir : parents_of(path)) {
      FileKind k = kind_of(dir);
      if (k == FileKind::dir) continue;
      if (k == FileKind::none) break;  // made by the write, with everything below it
      if (k == FileKind::file && stale(dir)) {
        blocked.insert(path);
        break;
      }
      diags.error(SourcePos{path},
                  k == FileKind::symlink ? "`" + dir + "` is a symbolic link; reel never follows links inside the output folder"
                  : k == FileKind::file  ? "`" + dir + "` is a file, where reel needs a folder"
                                         : "`" + dir + "` is not a folder",
                  "move it out of the output folder, or choose another output folder with --output");
      ok = false;
      break;
    }
    if (!ok) {
      refused = true;
      continue;
    }
    FileKind k = blocked.count(path) ? FileKind::none : kind_of(path);
    if (k == FileKind::none) {
      changed.push_back(&entry);
    } else if (k == FileKind::file && !owned.count(path)) {
      diags.error(SourcePos{path}, "refusing to overwrite a file that reel did not write",
                  "move it out of the output folder, or choose another output folder with --output");
      refused = true;
    } else if (k == FileKind::file && known_unchanged && known_unchanged(path, entry.second)) {
      ++stats.unchanged;
    } else if (k == FileKind::file) {
      std::optional<std::string> current = out.read(path);
      if (current && *current == entry.second) {
        ++stats.unchanged;
      } else {
        changed.push_back(&entry);
      }
    } else {
      diags.error(SourcePos{path},
                  k == FileKind::dir       ? "cannot write a file where the output folder has a folder of the same name"
                  : k == FileKind::symlink ? "refusing to write over a symbolic link; reel never follows links inside the output folder"
                                           : "refusing to write over something that is not a regular file",
                  "move it out of the output folder, or choose another output folder with --output");
      refused = true;
    }
  }
  if (refused) {
    stats.unchanged = 0;
    return stats;
  }

  // Plan the write.
  Journal j;
  j.token = random_token();
  std::set<std::string, std::less<>> new_paths;
  for (const auto& p : owned) {
    if (files.find(p) != files.end()) continue;
    if (is_kept(p)) {
      new_paths.insert(p);
      ++stats.unchanged;
    } else {
      j.removals.push_back(p);
    }
  }
  for (const auto& entry : files) new_paths.insert(entry.first);
  std::string manifest = format_manifest(new_paths);
  bool manifest_changed = !manifest_text || *manifest_text != manifest;
  if (changed.empty() && j.removals.empty() && !manifest_changed) return stats;

  std::set<std::string, std::less<>> planned_dirs;
  std::vector<std::pair<std::string, const std::string*>> temps;  // temporary → bytes
  std::size_t n = 0;
  auto add_rename = [&](const std::string& target, const std::string* bytes) {
    bool below_stale = blocked.count(target) > 0;
    for (const std::string& dir : parents_of(target)) {
      if (below_stale ? kind_of(dir) != FileKind::dir : kind_of(dir) == FileKind::none) {
        if (planned_dirs.insert(dir).second) (below_stale ? j.commit_dirs : j.made_dirs).push_back(dir);
      }
    }
    // Beside its target, or at the root when its folder can only be made at commit.
    std::string tmp = join_path(below_stale ? std::string() : parent_of(target),
                                kTempPrefix + j.token + "-" + std::to_string(n++));
    j.renames.emplace_back(tmp, target);
    temps.emplace_back(tmp, bytes);
  };
  for (const auto* entry : changed) add_rename(entry->first, &entry->second);
  if (manifest_changed) add_rename(kManifestName, &manifest);

  // Prepare, then commit. Until the commit an error undoes everything.
  try {
    write_journal(out, j);
    for (const auto& dir : j.made_dirs) out.make_dir(dir);
    for (std::size_t i = 0; i < temps.size(); ++i) {
      try {
        out.create_file(temps[i].first, *temps[i].second);
      } catch (Error& e) {
        // Name the file the user knows, not its temporary.
        std::string& file = e.diagnostic().pos.file;
        if (file.ends_with(temps[i].first)) file.replace(file.size() - temps[i].first.size(), std::string::npos, j.renames[i].second);
        throw;
      }
    }
    j.committed = true;
    write_journal(out, j);
  } catch (const Error&) {
    // The journal on disk decides: prepared (or none) is undone, committed completed.
    try {
      recover_output(out);
    } catch (const Error&) {
      // The journal stays; the next write (recover_output) deals with it.
    }
    throw;
  }
  try {
    roll_forward(out, j);
  } catch (Error& e) {
    e.diagnostic().notes.push_back(
        "the new site is committed but not yet in place; the next `reel build` completes it");
    throw;
  }
  stats.written = changed.size();
  stats.removed = j.removals.size();
  return stats;
}

}  // namespace reel
