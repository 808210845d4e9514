// build: the pure pipeline, from a site folder to an OutputSet, shared by `build`,
// `serve` and `publish`. It reads through a FileSystem and writes nothing.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "input/config.h"
#include "output/output.h"

namespace reel {

struct BuildOptions {
  std::string base_url;  ///< overrides site.yaml's base_url when not empty
};

struct BuildResult {
  Config config;                               ///< the loaded configuration (output folder etc.)
  OutputSet files;                             ///< every output file; complete only without errors
  Diagnostics diags;                           ///< errors and warnings of every stage
  Diagnostics gaps;                            ///< what check_site found missing (warnings)
  std::map<std::string, std::size_t> pages_by_lang;  ///< rendered pages per language code
  std::size_t pages = 0;                       ///< rendered pages in all
};

/// Runs every stage on the site at the root of `source`: config, facts, prose,
/// templates (all parsed before any page renders), assembly, rendering, static files.
/// Stops after the first stage that reports an error. Static files that collide with a
/// generated file are errors.
BuildResult build_site(const FileSystem& source, const BuildOptions& options = {});

/// The files of the static folder (`config.static_dir`): path below it → bytes, sorted.
/// Hidden entries are skipped, as FileSystem::list_files does.
using StaticFiles = std::map<std::string, std::string, std::less<>>;

/// Reads every file of the static folder of `source`.
StaticFiles read_static_files(const FileSystem& source, const Config& config);

/// Adds `statics` to `files`, as they are. A static file whose path is already in
/// `files` (a generated file) is an error in `diags` naming `<static_dir>/<path>` and
/// is left out. Used by build_site and by the incremental rebuilds of `serve`.
void merge_static_files(const StaticFiles& statics, const Config& config, OutputSet& files, Diagnostics& diags);

}  // namespace reel
