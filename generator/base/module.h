// module: where reel finds its modules, the shared objects it loads with dlopen(3) only
// when a command needs them (reel-vips.so for images, reel-httplib.so for reel serve),
// so that every other command starts without their libraries.
#pragma once

#include <string>

namespace reel {

/// The path of the module `file_name` ("reel-vips.so"): the environment variable
/// `env_var` when it is set and not empty (tests and packagers point it elsewhere);
/// else the file of that name beside the running executable (/proc/self/exe); else the
/// bare name, for dlopen's own search. Throws nothing but std::bad_alloc.
std::string module_path(const char* env_var, const char* file_name);

}  // namespace reel
