#include "output/output.h"

#include <set>

namespace reel {

namespace {

std::set<std::string, std::less<>> read_manifest(const FileSystem& out) {
  std::set<std::string, std::less<>> owned;
  std::optional<std::string> text = out.read(kManifestName);
  if (!text) return owned;
  std::size_t start = 0;
  while (start < text->size()) {
    std::size_t nl = text->find('\n', start);
    if (nl == std::string::npos) nl = text->size();
    std::string line = text->substr(start, nl - start);
    if (!line.empty() && line[0] != '#' && is_safe_relative_path(line)) owned.insert(line);
    start = nl + 1;
  }
  return owned;
}

}  // namespace

WriteStats write_output(FileSystem& out, const OutputSet& files, Diagnostics& diags) {
  WriteStats stats;
  auto owned = read_manifest(out);
  bool refused = false;
  for (const auto& [path, bytes] : files) {
    if (out.is_file(path) && !owned.count(path)) {
      diags.error(SourcePos{path}, "refusing to overwrite a file that reel did not write",
                  "move it out of the output folder, or choose another output folder with --output");
      refused = true;
    } else if (out.is_dir(path)) {
      diags.error(SourcePos{path}, "cannot write a file where the output folder has a folder of the same name");
      refused = true;
    }
  }
  if (refused) return stats;

  for (const auto& [path, bytes] : files) {
    std::optional<std::string> current = out.read(path);
    if (current && *current == bytes) {
      ++stats.unchanged;
      continue;
    }
    out.write(path, bytes);
    ++stats.written;
  }
  for (const auto& path : owned) {
    if (files.find(path) == files.end() && out.is_file(path)) {
      out.remove(path);
      ++stats.removed;
    }
  }
  std::string manifest = "# Files written by reel; it removes them when they are no longer built.\n";
  for (const auto& [path, bytes] : files) manifest += path + '\n';
  std::optional<std::string> old = out.read(kManifestName);
  if (!old || *old != manifest) out.write(kManifestName, manifest);
  return stats;
}

}  // namespace reel
