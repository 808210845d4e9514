// listener: loads the cpp-httplib module (serve/httplib/) on first use.
#include "serve/listener.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

#include "base/diagnostics.h"
#include "base/module.h"

namespace reel {
namespace {

using Entry = Listener* (*)(const ListenerOptions*);

Entry load() {
  std::string path = module_path("REEL_HTTP_MODULE", "reel-httplib.so");
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    throw Error(SourcePos{}, "cannot load reel's HTTP module " + path + ": " + (why ? why : "unknown error"),
                "`reel serve` needs cpp-httplib: run scripts/install-deps (Debian's libcpp-httplib-dev), then rebuild reel");
  }
  auto entry = reinterpret_cast<Entry>(dlsym(handle, kListenerEntryPoint));
  if (!entry) throw Error(SourcePos{}, path + " is not reel's HTTP module: it has no " + kListenerEntryPoint);
  return entry;
}

}  // namespace

std::unique_ptr<Listener> make_listener(const ListenerOptions& options) {
  static std::mutex mutex;
  static Entry entry = nullptr;  // loaded once; a failed load is tried again on the next call
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!entry) entry = load();
  }
  return std::unique_ptr<Listener>(entry(&options));
}

}  // namespace reel
