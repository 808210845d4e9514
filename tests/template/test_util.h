// Shared helpers for the template engine's unit tests.
#pragma once

#include <string>

#include "base/fs.h"
#include "base/value.h"
#include "template/environment.h"

namespace reel::tpl::testing {

/// An environment over an in-memory "templates" folder.
struct Fixture {
  MemoryFileSystem fs;
  Environment env;
  explicit Fixture(Options o = {}) : env(fs, "templates", o) {}
  /// Renders `source` as template `name` with `ctx`.
  std::string render(const std::string& source, const Value& ctx = ValueMap{}, const std::string& name = "t.html") {
    env.add_template(name, source);
    return env.render(name, ctx);
  }
  /// The formatted diagnostic of the error rendering `source` throws ("" if none).
  std::string error(const std::string& source, const Value& ctx = ValueMap{}, const std::string& name = "t.html") {
    try {
      render(source, ctx, name);
    } catch (const Error& e) {
      return e.diagnostic().format();
    }
    return "";
  }
};

}  // namespace reel::tpl::testing
