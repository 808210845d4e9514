#include "base/module.h"

#include <cstdlib>
#include <filesystem>

namespace reel {

std::string module_path(const char* env_var, const char* file_name) {
  if (const char* env = std::getenv(env_var); env && *env) return env;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return file_name;
  return (exe.parent_path() / file_name).string();
}

}  // namespace reel
