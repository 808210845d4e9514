// processor: loads the libvips module (images/vips/) on first use.
#include "images/processor.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>

#include "base/diagnostics.h"
#include "base/module.h"

namespace reel::images {
namespace {

const Processor* load() {
  std::string path = module_path("REEL_VIPS_MODULE", "reel-vips.so");
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    throw Error(SourcePos{}, "cannot load reel's image module " + path + ": " + (why ? why : "unknown error"),
                "image processing needs libvips 8.14 or later: run scripts/install-deps (Debian's libvips-dev), "
                "then rebuild reel");
  }
  using Entry = const Processor* (*)();
  auto entry = reinterpret_cast<Entry>(dlsym(handle, kProcessorEntryPoint));
  if (!entry) throw Error(SourcePos{}, path + " is not reel's image module: it has no " + kProcessorEntryPoint);
  return entry();
}

}  // namespace

const Processor& processor() {
  static std::once_flag once;
  static const Processor* instance = nullptr;
  std::call_once(once, [] { instance = load(); });
  return *instance;
}

}  // namespace reel::images
