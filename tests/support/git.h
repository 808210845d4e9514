// Test support: git that behaves the same on every machine, for the tests that run the
// real git (reel publish).
#pragma once

#include <cstdlib>
#include <filesystem>

namespace reel::test {

/// Makes every git this process starts work the same on any machine: no user or system
/// configuration, a fixed identity, and no repository above the temporary folder.
inline void hermetic_git() {
  setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  setenv("GIT_AUTHOR_NAME", "Reel Tester", 1);
  setenv("GIT_AUTHOR_EMAIL", "tester@example.org", 1);
  setenv("GIT_COMMITTER_NAME", "Reel Tester", 1);
  setenv("GIT_COMMITTER_EMAIL", "tester@example.org", 1);
  setenv("GIT_CEILING_DIRECTORIES", std::filesystem::temp_directory_path().string().c_str(), 1);
}

}  // namespace reel::test
