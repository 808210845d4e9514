// Test support for integration tests: run the real `reel` binary, capture what it
// prints and its exit code, and work in throw-away folders.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdlib>
#include <map>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace reel::test {

struct RunResult {
  int exit_code = -1;
  std::string out;  ///< standard output
  std::string err;  ///< standard error
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void spit(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

/// A fresh folder under the system's temporary folder, removed when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("reel-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  std::filesystem::path path_;
};

/// Runs `reel ARGS` (ARGS already shell-quoted) with `cwd` as working directory.
inline RunResult run_reel(const std::string& args, const std::filesystem::path& cwd = std::filesystem::current_path()) {
  TempDir io;
  std::string cmd = "cd '" + cwd.string() + "' && '" REEL_BINARY "' " + args + " >'" + (io / "out").string() +
                    "' 2>'" + (io / "err").string() + "' </dev/null";
  int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(io / "out");
  r.err = slurp(io / "err");
  return r;
}

/// Copies the flagship site (site.yaml, content/, templates/, static/) into `dest`.
inline void copy_flagship(const std::filesystem::path& dest) {
  namespace fs = std::filesystem;
  fs::path src(REEL_SOURCE_DIR);
  fs::copy_file(src / "site.yaml", dest / "site.yaml");
  for (const char* dir : {"content", "templates", "static"}) {
    fs::copy(src / dir, dest / dir, fs::copy_options::recursive);
  }
}

/// Copies a fixture site from tests/sites/NAME into `dest`.
inline void copy_fixture(const std::string& name, const std::filesystem::path& dest) {
  std::filesystem::copy(std::filesystem::path(REEL_TEST_DATA) / "sites" / name, dest,
                        std::filesystem::copy_options::recursive);
}

/// Every file below `dir` with its bytes, for before/after comparisons.
inline std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[std::filesystem::relative(e.path(), dir).string()] = slurp(e.path());
  }
  return out;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace reel::test
