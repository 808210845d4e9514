// output: writing an OutputSet into the output folder. Only changed bytes are written,
// files reel wrote last time and no longer produces are removed, and nothing reel did
// not write is ever touched: a manifest in the output folder lists what reel owns.
//
// The folder holds the old site or the new one, never a mix, whatever stops a build.
// A write is one journalled commit:
//   1. prepare: the journal (`.reel-journal`, state `prepared`) lists every temporary
//      file and folder about to be made; then each changed file is written to a
//      temporary `.reel-tmp-<token>-<n>` beside its target;
//   2. commit: the journal is rewritten with state `committed`: a temporary, flushed
//      with all the others (FileSystem::sync, one syncfs(2)), renamed over it, flushed
//      again. From this instant the write is decided;
//   3. apply: stale files are removed, the temporaries renamed over their targets (the
//      new manifest is one of them), everything flushed, then the journal removed.
// recover_output (run first by write_output) finds a journal left by a build that was
// stopped: `prepared` is rolled back (its temporaries and new folders removed),
// `committed` is rolled forward (step 3 again; every step is idempotent).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/fs.h"

namespace reel {

/// A whole build's output: path relative to the output folder → bytes.
using OutputSet = std::map<std::string, std::string, std::less<>>;

/// The manifest's file name, inside the output folder (format: see format_manifest).
inline constexpr const char* kManifestName = ".reel-manifest";
/// The journal of a write in progress, inside the output folder.
inline constexpr const char* kJournalName = ".reel-journal";
/// The temporary the journal is written to before it is renamed into place.
inline constexpr const char* kJournalTempName = ".reel-tmp-journal";
/// Every temporary file reel makes starts with this.
inline constexpr const char* kTempPrefix = ".reel-tmp-";

/// What recover_output found.
enum class Recovery {
  none,         ///< no journal: the last write finished
  rolled_back,  ///< a write stopped before its commit: the old site was kept
  rolled_forward,  ///< a write stopped after its commit: the new site was completed
};

struct WriteStats {
  std::size_t written = 0;    ///< files created or changed
  std::size_t unchanged = 0;  ///< files whose bytes were already right
  std::size_t removed = 0;    ///< stale files reel had written before
  Recovery recovered = Recovery::none;  ///< what an earlier, stopped write needed
};

/// One write, as its journal records it.
struct Journal {
  bool committed = false;
  std::string token;  ///< random; names this write's temporaries
  /// Folders made while preparing, parents first (removed again by a roll back).
  std::vector<std::string> made_dirs;
  /// Stale files to remove at commit.
  std::vector<std::string> removals;
  /// Folders to make at commit (where a stale file of that name is removed first).
  std::vector<std::string> commit_dirs;
  /// temporary → target, renamed at commit.
  std::vector<std::pair<std::string, std::string>> renames;
  bool operator==(const Journal&) const = default;
};

/// The journal as text: a version line (`reel-journal 1`), then one record a line, each
/// string length-prefixed (`<bytes>:<string>`), so any file name round-trips; the last
/// line is `end`. Does not throw.
std::string format_journal(const Journal& journal);
/// Parses format_journal's text; nullopt when it is not a complete journal of a known
/// version. Does not throw.
std::optional<Journal> parse_journal(std::string_view text);

/// The manifest for these owned paths: `reel-manifest 2`, a comment line, then one
/// entry a line, `<byte length> <path>`, so a path may hold a newline, a leading `#` or
/// spaces. Does not throw.
std::string format_manifest(const std::set<std::string, std::less<>>& paths);
/// The paths a manifest lists, in either format: version 2 (format_manifest) or the
/// version 1 reel wrote before (`#` comment lines, one path a line). Entries that are
/// not safe relative paths (is_safe_relative_path, no empty segment) or that are reel's
/// own names are dropped. nullopt for a manifest of an unknown later version. Does not
/// throw.
std::optional<std::set<std::string, std::less<>>> parse_manifest(std::string_view text);

/// Finishes or undoes a write that was stopped (see the top of this file), and removes
/// the journal's temporaries and a left-over `.reel-tmp-journal`. A journal that cannot
/// be parsed (not written by this reel) is removed. Throws reel::Error (from `out`,
/// naming the path and the system's reason) when the file system refuses; the journal
/// then stays for the next attempt.
Recovery recover_output(FileSystem& out);

/// Writes `files` into `out` (a FileSystem rooted at the output folder; a
/// BeneathFileSystem on disk): first recover_output, then the journalled commit above.
/// Before writing anything it checks every path; when one would overwrite a file reel
/// did not write (absent from the manifest), a folder, a symbolic link, or needs a
/// folder where a file or link is, or uses one of reel's own names (`.reel-…`), it adds
/// an error per path (relative to the folder) to `diags` and writes nothing. Manifest
/// entries that are not regular files (a link, a folder, beneath a link) are not owned:
/// never removed, never overwritten. Throws reel::Error when the file system refuses
/// (with the path and the system's reason, e.g. "No space left on device"): before the
/// commit the folder is rolled back to the old site; after it, the next call (or
/// recover_output) completes the new one.
///
/// `known_unchanged`, when given, is asked about each file reel owns before it is read:
/// true means the file is known to hold `bytes` already (the build cache recorded its
/// hash and stamp: build/cache.h known_outputs), so it is counted unchanged unread.
/// False, or no function, means the file is read and compared.
///
/// `kept`, when given, lists files of the last write that belong to the new output as
/// they are (a rebuild that did not render them again): each one reel owns is left
/// untouched, counted unchanged and listed in the new manifest; one it does not own is
/// not listed.
WriteStats write_output(FileSystem& out, const OutputSet& files, Diagnostics& diags,
                        const std::function<bool(std::string_view path, std::string_view bytes)>& known_unchanged = {},
                        const std::set<std::string, std::less<>>* kept = nullptr);

}  // namespace reel
