// output: writing an OutputSet into the output folder. Only changed bytes are written
// (each file through a temporary file and a rename), files reel wrote last time and no
// longer produces are removed, and nothing reel did not write is ever touched: a
// manifest in the output folder lists what reel owns.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "base/diagnostics.h"
#include "base/fs.h"

namespace reel {

/// A whole build's output: path relative to the output folder → bytes.
using OutputSet = std::map<std::string, std::string, std::less<>>;

/// The manifest's file name, inside the output folder: one owned path per line.
inline constexpr const char* kManifestName = ".reel-manifest";

struct WriteStats {
  std::size_t written = 0;    ///< files created or changed
  std::size_t unchanged = 0;  ///< files whose bytes were already right
  std::size_t removed = 0;    ///< stale files reel had written before
};

/// Writes `files` into `out` (a FileSystem rooted at the output folder). Before writing
/// anything it checks that no path would overwrite a file reel did not write (one
/// absent from the previous manifest); if any would, it adds an error per file to
/// `diags` and writes nothing. Throws reel::Error when the OS refuses a write.
WriteStats write_output(FileSystem& out, const OutputSet& files, Diagnostics& diags);

}  // namespace reel
