// scaffold: `reel new DIR`. Writes a starter site, ready to build, into an empty folder
// through the FileSystem seam.
//
// The starter site is data, not code: the files of generator/scaffold/starter/ are
// embedded into reel at build time (CMakeLists.txt, generator/scaffold/embed_starter.cmake)
// and reach this component as starter_files(). This component knows nothing of what the
// site is about; it only fills in a few markers:
//
//   - `@languages@` (a line of site.yaml): one block per site language, made from
//     `languages/<code>/site.yaml` (name, locale, strings) of the starter;
//   - `@default_language@`: the first language's code;
//   - `@tr KEY@`: a YAML flow map `{en: "…", it: "…"}` with KEY's phrase from each
//     language's `languages/<code>/phrases.yaml`;
//   - `@lang@` (in a language's files): that language's code.
//
// Files under `languages/<code>/content/` become `content/<code>/`; every other file
// outside `languages/` is written at its own path. A language the starter has no folder
// for gets the English one (and a note saying what to translate). Prose in the other
// languages gets the `original_hash:` of the default language's version, so that
// `reel check` finds every translation up to date.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/fs.h"

namespace reel {

/// One file of the embedded starter site: its path below generator/scaffold/starter/
/// and its bytes (static storage: the views stay valid for the program's life).
struct StarterFile {
  std::string_view path;
  std::string_view bytes;
};

/// Every file of the embedded starter site, sorted by path. Defined by the C++ file
/// that the build generates from generator/scaffold/starter/.
const std::vector<StarterFile>& starter_files();

/// The language codes the starter carries translations for (its `languages/<code>/`
/// folders), sorted: at least en, it, fr, de, es.
std::vector<std::string> starter_languages();

/// What `reel new` is asked for.
struct NewSiteOptions {
  /// The site's languages, in menu order; the first is the default language. Each a
  /// lowercase code of 2 or 3 letters (as site.yaml requires), with no repeats.
  std::vector<std::string> languages = {"en", "it"};
};

/// What write_new_site() did, or why it did nothing.
struct NewSiteResult {
  bool ok = false;
  std::string error;                  ///< when !ok: what is wrong, in one sentence
  std::string hint;                   ///< when !ok: what to do instead (may be empty)
  std::vector<std::string> present;   ///< when refused for a non-empty folder: what is there, sorted
  std::vector<std::string> files;     ///< when ok: every file written, sorted
  /// Things the user should know, one sentence each: a language with no starter
  /// translation, and the files to translate for it.
  std::vector<std::string> notes;
  std::vector<std::string> language_names;  ///< the name of each language, in order ("English")
};

/// Splits a comma-separated list of language codes (`--languages en,fr`), trimming
/// spaces. Returns an empty list and sets `error` when the list is empty, a code is
/// not 2 or 3 lowercase ASCII letters, or a code repeats.
std::vector<std::string> parse_language_list(std::string_view text, std::string& error);

/// The starter site's files for `options`, path → bytes, without writing anything.
/// On a bad option (see NewSiteOptions) returns an empty map and sets `error`;
/// `notes` receives NewSiteResult::notes.
std::map<std::string, std::string> compose_new_site(const NewSiteOptions& options, std::vector<std::string>& notes,
                                                    std::vector<std::string>& language_names, std::string& error);

/// Writes the starter site into `fs` (rooted at the new site's folder). Refuses, writing
/// nothing, when the folder already holds something: any file fs.list_files("") finds,
/// or any entry in `present` (the caller lists what the FileSystem cannot show, such as
/// hidden files and empty folders; names of top-level entries). Also refuses, writing
/// nothing, on bad options. Throws reel::Error when the file system refuses a write.
NewSiteResult write_new_site(FileSystem& fs, const NewSiteOptions& options, const std::vector<std::string>& present = {});

}  // namespace reel
