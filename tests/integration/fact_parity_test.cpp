// Every fact of the flagship's facts file is shown in both languages: the test lists
// every leaf path of content/films/never-let-me-go.yaml, builds the flagship with the
// real binary, and names each path that one language's page shows and the other does
// not (and each path that neither shows, unless it is listed below as not meant to be
// shown, with the reason).
//
// "Shown" is decided by what the path holds, in the page's <main>:
//   - a number: a <data value="N"> (or, for a year, a <time datetime="N">);
//   - a date ("2010", "2010-09", "2010-09-15"): a <time datetime="…">;
//   - a value translated per language ({en: …, it: …}): that language's text in the
//     visible text of that language's page (the other language's, where it has none);
//   - other text: the text itself in the visible text;
//   - a cited source id: a link to #source-ID; a source's own id, url and `via`: its
//     anchor, its link and the link to the source that cites it.
// Visible text is the page's text with tags removed, entities decoded and whitespace
// collapsed, without citation numbers.
#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "input/yaml.h"
#include "support/process.h"
#include "template/printer.h"

using namespace reel::test;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kLanguages = {"en", "it"};

/// Keys whose values are not meant to be shown as they are written, and why.
const std::map<std::string, std::string>& not_shown() {
  static const std::map<std::string, std::string> kReasons{
      {"slug", "the film's id in URLs, not text of the page"},
      {"applies_to", "says which fact a disagreement governs; an instruction, not a fact"},
      {"format", "says how to show a disagreement's values; an instruction, not a fact"},
      {"currency", "shown through the formatting of each amount (US$, £), not as an ISO code"},
      {"code", "a country's ISO code; the page shows the country's name"},
      {"tone", "our classification of a review (positive, mixed, negative), used for ordering only"},
      {"quote_language", "shown as the \"our translation\" mark next to translated quotations"},
      {"unit", "shown by the formatting of the score (a percent sign, \"stars\")"},
      {"kind", "shown as its translated label (festival, screening…), never as the code"},
      {"result", "shown as the translated word for won or nominated"},
      {"language", "a source's language: shown as its hreflang and the \"(in en)\" note"},
  };
  return kReasons;
}

std::string decode_entities(const std::string& s) {
  static const std::regex entity(R"(&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);)");
  std::string out;
  auto begin = std::sregex_iterator(s.begin(), s.end(), entity);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out += s.substr(last, it->position() - last);
    std::string name = (*it)[1].str();
    unsigned long cp = 0;
    if (name == "amp") cp = '&';
    else if (name == "lt") cp = '<';
    else if (name == "gt") cp = '>';
    else if (name == "quot") cp = '"';
    else if (name == "apos") cp = '\'';
    else if (name == "nbsp") cp = 0xA0;
    else if (name[1] == 'x') cp = std::stoul(name.substr(2), nullptr, 16);
    else cp = std::stoul(name.substr(1));
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    last = it->position() + it->length();
  }
  return out + s.substr(last);
}

/// Whitespace runs (and no-break spaces) as one space.
std::string collapse(const std::string& s) {
  std::string nbsp_free = std::regex_replace(s, std::regex("\xC2\xA0|\xE2\x80\xAF"), " ");
  std::string out = std::regex_replace(nbsp_free, std::regex(R"(\s+)"), " ");
  return out;
}

/// Text as the checks compare it: whitespace collapsed, and no space before closing
/// punctuation or after opening brackets (removing a tag leaves a space where the
/// element ended: "Hailsham ." must read "Hailsham."). Applied to the page and to values.
std::string normalize(const std::string& s) {
  std::string out = collapse(s);
  out = std::regex_replace(out, std::regex(R"( ([.,;:)]))"), "$1");
  return std::regex_replace(out, std::regex(R"(([(“]) )"), "$1");
}

std::set<std::string> captures(const std::string& html, const std::string& pattern) {
  std::set<std::string> out;
  std::regex re(pattern);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1].str());
  }
  return out;
}

/// What one rendered page shows, in the forms the checks look for.
struct Shown {
  std::set<std::string> data, times, hrefs, ids;
  std::string text;
};

Shown read_page(const std::string& html) {
  std::size_t start = html.find("<main");
  std::size_t end = html.find("</main>");
  std::string main = start == std::string::npos ? html : html.substr(start, end - start);
  Shown s;
  s.hrefs = captures(main, R"re(href="([^"]*)")re");
  s.ids = captures(main, R"re(\bid="([^"]*)")re");
  std::string body = std::regex_replace(main, std::regex(R"(<sup class="cite">.*?</sup>)"), "");
  s.data = captures(body, R"re(<data value="([^"]*)")re");
  s.times = captures(body, R"re(<time datetime="([^"]*)")re");
  s.text = normalize(decode_entities(std::regex_replace(body, std::regex(R"(<[^>]*>)"), " ")));
  return s;
}

/// One leaf of the facts file: its path and its value in each language.
struct Leaf {
  std::string path;
  std::string key;  // the last key on the path that is not a list index
  std::map<std::string, reel::Value> by_lang;
};

bool is_translated(const reel::Value& v) {
  if (!v.is_map() || v.as_map().empty()) return false;
  for (const auto& [k, _] : v.as_map().entries()) {
    if (std::find(kLanguages.begin(), kLanguages.end(), k) == kLanguages.end()) return false;
  }
  return true;
}

void walk(const reel::Value& v, const std::string& path, const std::string& key, std::vector<Leaf>& out) {
  if (is_translated(v)) {
    Leaf leaf{path, key, {}};
    const reel::Value* first = v.as_map().find(kLanguages.front());
    for (const std::string& lang : kLanguages) {
      const reel::Value* own = v.as_map().find(lang);
      leaf.by_lang[lang] = own ? *own : (first ? *first : reel::Value());
    }
    out.push_back(leaf);
  } else if (v.is_map()) {
    for (const auto& [k, child] : v.as_map().entries()) walk(child, path.empty() ? k : path + "." + k, k, out);
  } else if (v.is_list()) {
    std::size_t i = 0;
    for (const reel::Value& item : v.as_list()) walk(item, path + "." + std::to_string(i++), key, out);
  } else {
    Leaf leaf{path, key, {}};
    for (const std::string& lang : kLanguages) leaf.by_lang[lang] = v;
    out.push_back(leaf);
  }
}

std::vector<Leaf> leaves_of(const fs::path& facts_file) {
  std::string text = slurp(facts_file);
  reel::Value facts = reel::yaml_to_value(reel::parse_yaml(text, facts_file.string()));
  std::vector<Leaf> out;
  walk(facts, "", "", out);
  return out;
}

bool is_date(const std::string& s) { return std::regex_match(s, std::regex(R"(\d{4}(-\d{2}(-\d{2})?)?)")); }

/// Why `leaf` is not checked, or "" when it is.
std::string exemption(const Leaf& leaf) {
  auto it = not_shown().find(leaf.key);
  if (it != not_shown().end()) return it->second;
  const reel::Value& v = leaf.by_lang.at(kLanguages.front());
  if (v.is_bool()) return "a qualifier (estimated, approximate, premiere…) shown as a word beside its figure";
  if (leaf.key == "scale" && v.is_string()) return "a letter grade's scale; the grade itself is shown";
  return "";
}

/// Whether `page` shows `value` for the leaf.
bool shows(const Shown& page, const Leaf& leaf, const reel::Value& value) {
  bool cited_id = leaf.key == "sources" || leaf.key == "identity_sources" || leaf.key == "via";
  if (cited_id && value.is_string()) return page.hrefs.count("#source-" + value.as_string()) > 0;
  if (leaf.key == "id" && leaf.path.starts_with("sources.")) return page.ids.count("source-" + value.as_string()) > 0;
  if (leaf.key == "url") return page.hrefs.count(value.as_string()) > 0;
  if (value.is_number()) {
    std::string n = value.is_int() ? std::to_string(value.as_int()) : reel::tpl::format_double(value.as_double());
    return page.data.count(n) > 0 || page.times.count(n) > 0;
  }
  if (value.is_string() && is_date(value.as_string())) return page.times.count(value.as_string()) > 0;
  if (value.is_string()) return page.text.find(normalize(value.as_string())) != std::string::npos;
  return false;
}

struct Report {
  std::vector<std::string> one_sided;  // "path: shown in en only"
  std::vector<std::string> nowhere;    // paths neither language shows
  std::size_t checked = 0;
  std::size_t exempt = 0;
};

/// Builds the site in `site` and compares its two home pages, fact by fact.
Report compare(const fs::path& site) {
  RunResult r = run_reel("build --output out", site);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("warning") == std::string::npos);
  std::map<std::string, Shown> pages{{"en", read_page(slurp(site / "out/index.html"))},
                                     {"it", read_page(slurp(site / "out/it/index.html"))}};
  Report report;
  for (const Leaf& leaf : leaves_of(site / "content/films/never-let-me-go.yaml")) {
    if (!exemption(leaf).empty()) {
      ++report.exempt;
      continue;
    }
    ++report.checked;
    std::vector<std::string> showing, missing;
    for (const std::string& lang : kLanguages) {
      (shows(pages.at(lang), leaf, leaf.by_lang.at(lang)) ? showing : missing).push_back(lang);
    }
    if (showing.empty()) {
      report.nowhere.push_back(leaf.path);
    } else if (!missing.empty()) {
      std::string line = leaf.path + ": shown in";
      for (const auto& l : showing) line += " " + l;
      line += ", not in";
      for (const auto& l : missing) line += " " + l;
      report.one_sided.push_back(line);
    }
  }
  return report;
}

std::string lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += "\n  " + s;
  return out;
}

}  // namespace

TEST_CASE("fact parity: every fact of the flagship's facts file is shown in English and in Italian") {
  TempDir dir;
  copy_flagship(dir.path());
  Report report = compare(dir.path());
  // The file has hundreds of leaves; a walk that found few would prove nothing.
  CHECK(report.checked > 800);
  INFO("facts shown in one language only:" << lines(report.one_sided));
  CHECK(report.one_sided.empty());
  INFO("facts shown in neither language:" << lines(report.nowhere));
  CHECK(report.nowhere.empty());
}

TEST_CASE("fact parity: a fact dropped from one language's page, or from both, is named") {
  TempDir dir;
  copy_flagship(dir.path());
  // The episode of the show that featured the film, on the English page only.
  fs::path sheet = dir / "templates/partials/fact_sheet.html";
  std::string s = slurp(sheet);
  const std::string episode = "{% if c.episode is defined %}";
  REQUIRE(s.find(episode) != std::string::npos);
  s.replace(s.find(episode), episode.size(), "{% if c.episode is defined and lang == 'en' %}");
  // The places of the story's parts, on the Italian page only.
  const std::string place = "<td>{{ p.place }}</td>";
  REQUIRE(s.find(place) != std::string::npos);
  s.replace(s.find(place), place.size(), "<td>{% if lang == 'it' %}{{ p.place }}{% endif %}</td>");
  // The note on the story's world, on neither page.
  const std::string note = "{{ film.setting.note }}";
  REQUIRE(s.find(note) != std::string::npos);
  s.replace(s.find(note), note.size(), "");
  spit(sheet, s);
  Report report = compare(dir.path());
  INFO(lines(report.one_sided));
  CHECK(std::find(report.one_sided.begin(), report.one_sided.end(), "connections.0.episode: shown in en, not in it") !=
        report.one_sided.end());
  CHECK(std::find(report.one_sided.begin(), report.one_sided.end(),
                  "setting.periods.2.place: shown in it, not in en") != report.one_sided.end());
  INFO(lines(report.nowhere));
  CHECK(report.nowhere == std::vector<std::string>{"setting.note"});
}
