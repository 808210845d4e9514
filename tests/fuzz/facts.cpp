// Fuzz target: a facts file (input/facts.h, input/schema.h, input/yaml.h): the input is
// content/films/x.yaml of an in-memory English and Italian site whose folder has a small
// schema, loaded by load_facts as `reel build` loads it. Problems must come back as
// diagnostics, so nothing may throw.
#include "base/fs.h"
#include "fuzz_util.h"
#include "input/facts.h"

using namespace reel;

namespace {

// A small model with every field type, lists, per-language values and citations.
const char* kSchema =
    "root: film\n"
    "citations: sources\n"
    "types:\n"
    "  film:\n"
    "    sources_field: identity_sources\n"
    "    sources_cover_children: false\n"
    "    fields:\n"
    "      slug: {type: text, required: true}\n"
    "      title: {type: text, localized: true, required: true}\n"
    "      year: {type: int, required: true}\n"
    "      runtime_minutes: int\n"
    "      rating: number\n"
    "      colour: bool\n"
    "      released: date\n"
    "      website: url\n"
    "      extra: any\n"
    "      genres: {type: text, list: true, localized: true}\n"
    "      identity_sources: source_ids\n"
    "      cast: {type: cast_member, list: true}\n"
    "      budget: money\n"
    "      release_dates: {type: release, list: true}\n"
    "      sources: {type: source, list: true, required: true}\n"
    "  cast_member:\n"
    "    fields:\n"
    "      actor: {type: text, required: true}\n"
    "      character: {type: text, localized: true, required: true}\n"
    "      sources: source_ids\n"
    "  money:\n"
    "    fields:\n"
    "      amount: {type: number, required: true}\n"
    "      currency: {type: currency, required: true}\n"
    "      sources: source_ids\n"
    "  release:\n"
    "    fields:\n"
    "      date: {type: date, required: true}\n"
    "      kind: {type: text, required: true}\n"
    "      place: {type: text, localized: true, required: true}\n"
    "      sources: {type: source_ids}\n"
    "  source:\n"
    "    fields:\n"
    "      id: {type: text, required: true}\n"
    "      title: {type: text, required: true}\n"
    "      publisher: {type: text, required: true}\n"
    "      url: url\n"
    "      date: date\n"
    "      language: {type: text, required: true}\n";

Config en_it() {
  Config c;
  for (const char* code : {"en", "it"}) {
    LanguageConfig l;
    l.code = code;
    l.name = code;
    l.fallback = std::string(code) == "it" ? "en" : "";
    c.languages.push_back(l);
  }
  c.default_language = "en";
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Config config = en_it();
  MemoryFileSystem fs;
  fs.write("content/films/_schema.yaml", kSchema);
  fs.write("content/films/x.yaml", fuzz::bytes(data, size));
  Diagnostics diags;
  FactsSet facts = load_facts(fs, config, diags, /*in_parallel=*/false);
  (void)diags.format();
  return 0;
}
