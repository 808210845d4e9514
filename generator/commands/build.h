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

}  // namespace reel
