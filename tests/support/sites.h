// Test support: fixture sites under tests/sites/ copied into memory, so a test can
// change a file and build without touching the fixture.
#pragma once

#include <string>

#include "base/fs.h"

namespace reel::test {

/// Every file of tests/sites/NAME as a MemoryFileSystem rooted at the site folder.
inline MemoryFileSystem fixture_site(const std::string& name) {
  DiskFileSystem disk(std::string(REEL_TEST_DATA) + "/sites/" + name);
  MemoryFileSystem mem;
  for (const std::string& path : disk.list_files("")) mem.write(path, *disk.read(path));
  return mem;
}

/// True when `haystack` contains `needle`.
inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace reel::test
