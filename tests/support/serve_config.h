// A two-language Config (en at the root, it under it/) served from loopback, for the
// tests and fuzz targets of serve/http.h, which need a site's addresses but no site.
#pragma once

#include <string>
#include <utility>

#include "input/config.h"

namespace reel::test {

/// English at the root and Italian under "it/", under `base_path` ("/", "/proj/") on
/// http://127.0.0.1:8000.
inline Config config_with(std::string base_path) {
  Config c;
  c.base_url = "http://127.0.0.1:8000" + base_path;
  c.base_path = std::move(base_path);
  c.default_language = "en";
  LanguageConfig en;
  en.code = "en";
  LanguageConfig it;
  it.code = "it";
  it.url_prefix = "it/";
  c.languages = {en, it};
  return c;
}

}  // namespace reel::test
