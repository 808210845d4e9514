// Stage products across builds (generator/build/products.h): every facts and prose
// file of the catalogue test site survives the round trip through its record; the
// loaders use a product instead of parsing when the fingerprint matches, and only then;
// the store's files are added to, compacted, and never trusted when damaged or made
// under another key.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <string>

#include "base/text.h"
#include "build/build.h"
#include "build/products.h"
#include "input/config.h"
#include "input/facts.h"
#include "input/prose.h"
#include "support/sites.h"

using namespace reel;
using reel::test::fixture_site;

namespace {

struct Loaded {
  Config config;
  FactsSet facts;
  ProseSet prose;
  Diagnostics diags;
};

Loaded load(const FileSystem& fs, const InputProducts* products = nullptr) {
  Loaded l;
  l.config = load_config(fs, l.diags);
  REQUIRE_MESSAGE(!l.diags.has_errors(), l.diags.format());
  l.facts = load_facts(fs, l.config, l.diags, true, products);
  l.prose = read_prose_files(fs, l.config, list_prose_files(fs, l.config), l.diags, products);
  return l;
}

void check_same_facts(const FactsFile& a, const FactsFile& b) {
  INFO(a.file);
  CHECK(a.id == b.id);
  CHECK(a.file == b.file);
  CHECK(a.collection == b.collection);
  CHECK(a.data == b.data);
  CHECK(a.by_lang == b.by_lang);
  CHECK((a.schema == nullptr) == (b.schema == nullptr));  // each load reads its schemas
  CHECK(a.fingerprint == b.fingerprint);
  REQUIRE(a.translated.size() == b.translated.size());
  for (std::size_t i = 0; i < a.translated.size(); ++i) {
    CHECK(Value(*a.translated[i].map) == Value(*b.translated[i].map));
    CHECK(a.translated[i].pos.str() == b.translated[i].pos.str());
    CHECK(a.translated[i].path == b.translated[i].path);
  }
  REQUIRE(a.gaps.unsourced.size() == b.gaps.unsourced.size());
  for (std::size_t i = 0; i < a.gaps.unsourced.size(); ++i) {
    CHECK(a.gaps.unsourced[i].pos.str() == b.gaps.unsourced[i].pos.str());
    CHECK(a.gaps.unsourced[i].path == b.gaps.unsourced[i].path);
    CHECK(a.gaps.unsourced[i].field == b.gaps.unsourced[i].field);
  }
  REQUIRE(a.gaps.missing_translations.size() == b.gaps.missing_translations.size());
  for (std::size_t i = 0; i < a.gaps.missing_translations.size(); ++i) {
    CHECK(a.gaps.missing_translations[i].pos.str() == b.gaps.missing_translations[i].pos.str());
    CHECK(a.gaps.missing_translations[i].languages == b.gaps.missing_translations[i].languages);
    CHECK(a.gaps.missing_translations[i].shown == b.gaps.missing_translations[i].shown);
  }
}

void check_same_prose(const ProseFile& a, const ProseFile& b) {
  INFO(a.path);
  CHECK(a.path == b.path);
  CHECK(a.lang == b.lang);
  CHECK(a.id == b.id);
  CHECK(a.front_matter == b.front_matter);
  CHECK(a.title == b.title);
  CHECK(a.description == b.description);
  CHECK(a.layout == b.layout);
  CHECK(a.order == b.order);
  CHECK(a.date == b.date);
  CHECK(a.slug == b.slug);
  CHECK(a.facts == b.facts);
  CHECK(a.draft == b.draft);
  CHECK(a.has_list == b.has_list);
  CHECK(a.list.collection == b.list.collection);
  CHECK(a.list.sort_by == b.list.sort_by);
  CHECK(a.list.reverse == b.list.reverse);
  CHECK(a.list.paginate_by == b.list.paginate_by);
  CHECK(a.original_hash == b.original_hash);
  CHECK(a.hash == b.hash);
  CHECK(a.html() == b.html());
  REQUIRE(a.prose.headings.size() == b.prose.headings.size());
  for (std::size_t i = 0; i < a.prose.headings.size(); ++i) {
    CHECK(a.prose.headings[i].level == b.prose.headings[i].level);
    CHECK(a.prose.headings[i].id == b.prose.headings[i].id);
    CHECK(a.prose.headings[i].text == b.prose.headings[i].text);
  }
  REQUIRE(a.shortcodes.size() == b.shortcodes.size());
  for (std::size_t i = 0; i < a.shortcodes.size(); ++i) {
    CHECK(a.shortcodes[i].source == b.shortcodes[i].source);
    CHECK(a.shortcodes[i].line == b.shortcodes[i].line);
    CHECK(a.shortcodes[i].column == b.shortcodes[i].column);
    CHECK(a.shortcodes[i].line_text == b.shortcodes[i].line_text);
  }
  REQUIRE(a.internal_links.size() == b.internal_links.size());
  for (std::size_t i = 0; i < a.internal_links.size(); ++i) {
    CHECK(a.internal_links[i].target == b.internal_links[i].target);
    CHECK(a.internal_links[i].line == b.internal_links[i].line);
    CHECK(a.internal_links[i].column == b.internal_links[i].column);
    CHECK(a.internal_links[i].line_text == b.internal_links[i].line_text);
  }
  CHECK(a.title_line == b.title_line);
  CHECK(a.layout_pos.str() == b.layout_pos.str());
  CHECK(a.facts_pos.str() == b.facts_pos.str());
  CHECK(a.layout_line == b.layout_line);
  CHECK(a.facts_line == b.facts_line);
  CHECK(a.fingerprint == b.fingerprint);
}

/// Products that answer from what a build made, counting the questions and the answers.
class Kept : public InputProducts {
 public:
  explicit Kept(const Loaded& from) : from_(from) {}
  std::optional<FactsFile> find_facts(std::string_view path, std::uint64_t fingerprint) const override {
    ++asked;
    for (const auto& [id, f] : from_.facts) {
      if (f.file != path || f.fingerprint != fingerprint || fingerprint == 0) continue;
      ++answered;
      return decode_facts(encode_facts(f));
    }
    return std::nullopt;
  }
  std::optional<ProseFile> find_prose(std::string_view path, std::uint64_t fingerprint) const override {
    ++asked;
    auto it = from_.prose.find(path);
    if (it == from_.prose.end() || it->second.fingerprint != fingerprint || fingerprint == 0) return std::nullopt;
    ++answered;
    std::optional<ProseFile> p = decode_prose(encode_prose(it->second));
    if (p) p->title += edited_title;  // shows that the product, not the file, was used
    return p;
  }
  mutable std::atomic<int> asked{0}, answered{0};
  std::string edited_title;

 private:
  const Loaded& from_;
};

std::string products_files(const MemoryFileSystem& out) {
  std::string names;
  for (const auto& [path, bytes] : out.files()) {
    if (path.starts_with(kProductsPrefix)) names += path + " ";
  }
  return names;
}

}  // namespace

TEST_CASE("products: every facts and prose file of the catalogue survives its record") {
  MemoryFileSystem fs = fixture_site("catalogue/site");
  Loaded l = load(fs);
  REQUIRE(l.facts.size() > 10);
  std::size_t translated = 0, unsourced = 0, kept_facts = 0;
  for (const auto& [id, f] : l.facts) {
    if (f.fingerprint == 0) continue;  // a file with a warning is never kept
    ++kept_facts;
    std::optional<FactsFile> back = decode_facts(encode_facts(f));
    REQUIRE(back);
    CHECK(back->data == f.data);
    REQUIRE(back->translated.size() == f.translated.size());
    for (std::size_t i = 0; i < f.translated.size(); ++i) {
      // The same map, found again inside the new tree.
      CHECK(Value(*back->translated[i].map) == Value(*f.translated[i].map));
      CHECK(back->translated[i].path == f.translated[i].path);
      CHECK(back->translated[i].pos.line == f.translated[i].pos.line);
      CHECK(back->translated[i].pos.column == f.translated[i].pos.column);
    }
    translated += f.translated.size();
    unsourced += f.gaps.unsourced.size();
    CHECK(back->gaps.unsourced.size() == f.gaps.unsourced.size());
  }
  CHECK(kept_facts > 10);
  CHECK(translated > 20);  // the round trip met translated maps
  std::size_t shortcodes = 0, links = 0, kept_prose = 0;
  for (const auto& [path, p] : l.prose) {
    if (p.fingerprint == 0) continue;
    ++kept_prose;
    std::optional<ProseFile> back = decode_prose(encode_prose(p));
    REQUIRE(back);
    back->path = p.path;
    back->lang = p.lang;
    back->id = p.id;
    back->fingerprint = p.fingerprint;
    check_same_prose(*back, p);
    // With an owner of the bytes (a products file's mapping), the HTML is not copied.
    auto bytes = std::make_shared<const std::string>(encode_prose(p));
    std::optional<ProseFile> shared = decode_prose(*bytes, bytes);
    REQUIRE(shared);
    CHECK(shared->prose.html.empty());
    CHECK(shared->html() == p.html());
    CHECK((shared->html().empty() ||
           (shared->html().data() >= bytes->data() && shared->html().data() < bytes->data() + bytes->size())));
    shortcodes += p.shortcodes.size();
    links += p.internal_links.size();
  }
  CHECK(kept_prose > 10);
  CHECK(shortcodes > 0);
  CHECK(links > 0);
  (void)unsourced;
}

TEST_CASE("products: a record that is not what the encoder writes is refused, never half read") {
  MemoryFileSystem fs = fixture_site("catalogue/site");
  Loaded l = load(fs);
  const ProseFile& p = l.prose.begin()->second;
  std::string good = encode_prose(p);
  CHECK(decode_prose(good));
  CHECK_FALSE(decode_prose(""));
  CHECK_FALSE(decode_prose(good.substr(0, 10)));
  std::string bad = good;
  bad[5] = static_cast<char>(0xFF);  // inside the CBOR
  CHECK_FALSE(decode_prose(bad));
  CHECK_FALSE(decode_facts(good));   // a prose record is not a facts record
  CHECK_FALSE(decode_facts("\x83\x01\x02\x03"));
  // Values YAML never gives are not kept.
  FactsFile odd;
  odd.data = Value(ValueMap{{"x", Value::markup("<b>")}});
  CHECK_THROWS_AS(encode_facts(odd), std::invalid_argument);
}

TEST_CASE("products: the loaders use a product only for a file with the same fingerprint") {
  MemoryFileSystem fs = fixture_site("catalogue/site");
  Loaded first = load(fs);
  Kept kept(first);
  kept.edited_title = " (kept)";

  SUBCASE("nothing changed: every kept file is taken from its product, and the result is the same") {
    Loaded again = load(fs, &kept);
    CHECK(again.diags.format() == first.diags.format());
    REQUIRE(again.facts.size() == first.facts.size());
    for (const auto& [id, f] : first.facts) check_same_facts(again.facts.at(id), f);
    int kept_files = 0;
    for (const auto& [path, p] : first.prose) {
      const ProseFile& q = again.prose.at(path);
      if (p.fingerprint == 0) {
        CHECK(q.title == p.title);  // parsed again
        continue;
      }
      ++kept_files;
      CHECK(q.title == p.title + " (kept)");
      ProseFile same = q;
      same.title = p.title;
      check_same_prose(same, p);
    }
    CHECK(kept.answered == kept_files + static_cast<int>(std::count_if(first.facts.begin(), first.facts.end(), [](const auto& f) {
                                          return f.second.fingerprint != 0;
                                        })));
  }

  SUBCASE("a changed prose file is parsed again") {
    const std::string path = "content/en/films/northern-ferry.md";
    fs.write(path, *fs.read(path) + "\nOne more line.\n");
    Loaded again = load(fs, &kept);
    CHECK(again.prose.at(path).title == first.prose.at(path).title);  // not "(kept)"
    CHECK(again.prose.at(path).fingerprint == hash_bytes(*fs.read(path)));
    CHECK(again.prose.at(path).html().find("One more line.") != std::string_view::npos);
  }

  SUBCASE("a changed facts file, or a changed schema, is parsed again") {
    const std::string path = "content/films/northern-ferry.yaml";
    const FactsFile& before = first.facts.at("films/northern-ferry");
    std::string text = *fs.read(path);
    text.replace(text.find("runtime_minutes: "), 17, "runtime_minutes: 9");
    fs.write(path, text);
    Loaded edited = load(fs, &kept);
    CHECK(edited.facts.at("films/northern-ferry").data.get("runtime_minutes") ==
          Value(static_cast<std::int64_t>(std::stoll("9" + std::to_string(before.data.get("runtime_minutes").as_int())))));
    CHECK(edited.facts.at("films/northern-ferry").fingerprint != before.fingerprint);

    MemoryFileSystem other = fixture_site("catalogue/site");
    other.write("content/films/_schema.yaml", *other.read("content/films/_schema.yaml") + "\n# a comment\n");
    Loaded reschema = load(other, &kept);
    for (const auto& [id, f] : reschema.facts) {
      if (first.facts.at(id).fingerprint != 0) CHECK(f.fingerprint != first.facts.at(id).fingerprint);
    }
    int answered_before = kept.answered;
    load(other, &kept);
    CHECK(kept.answered == answered_before + static_cast<int>(std::count_if(
                                                 reschema.prose.begin(), reschema.prose.end(),
                                                 [](const auto& p) { return p.second.fingerprint != 0; })));
  }

  SUBCASE("a file whose reading gave a warning has no fingerprint") {
    fs.write("content/en/odd.md", "---\ntitle: Odd\norder: soon\n---\n\nText.\n");
    Loaded l = load(fs);
    CHECK(l.diags.format().find("content/en/odd.md") != std::string::npos);
    CHECK(l.prose.at("content/en/odd.md").fingerprint == 0);
  }
}

TEST_CASE("products: the store adds a file per build, compacts, and refuses damage and other keys") {
  MemoryFileSystem fs = fixture_site("catalogue/site");
  Loaded first = load(fs);
  MemoryFileSystem out;
  const std::uint64_t key = products_key(BuildOptions{}, *fs.read("site.yaml"));

  ProductStore empty(key);
  empty.load(out);
  CHECK(empty.loaded() == 0);
  empty.prepare(first.facts, first.prose);
  empty.save(out);
  CHECK(products_files(out) == ".reel-products.1 ");
  const std::size_t kept_count = empty.saved();
  CHECK(kept_count > 20);

  // A build that uses it parses nothing it kept, and gives the same sets.
  ProductStore store(key);
  store.load(out);
  CHECK(store.loaded() == kept_count);
  Loaded second = load(fs, &store);
  for (const auto& [id, f] : first.facts) check_same_facts(second.facts.at(id), f);
  for (const auto& [path, p] : first.prose) check_same_prose(second.prose.at(path), p);
  store.prepare(second.facts, second.prose);
  store.save(out);
  CHECK(store.saved() == 0);
  CHECK(products_files(out) == ".reel-products.1 ");  // nothing new: nothing written

  // One edit: one record more, in a file of its own.
  const std::string path = "content/en/films/northern-ferry.md";
  fs.write(path, *fs.read(path) + "\nOne more line.\n");
  ProductStore third(key);
  third.load(out);
  Loaded edited = load(fs, &third);
  third.prepare(edited.facts, edited.prose);
  third.save(out);
  CHECK(third.saved() == 1);
  CHECK_FALSE(third.compacted());
  CHECK(products_files(out) == ".reel-products.1 .reel-products.2 ");
  ProductStore fourth(key);
  fourth.load(out);
  CHECK(fourth.find_prose(path, hash_bytes(*fs.read(path))));
  CHECK(fourth.find_prose(path, first.prose.at(path).fingerprint));  // the old one is still good

  SUBCASE("a damaged record is not used, and is replaced") {
    std::string bytes = *out.read(".reel-products.2");
    bytes[bytes.size() - 3] ^= 0x20;  // inside the HTML
    out.write(".reel-products.2", bytes);
    ProductStore damaged(key);
    damaged.load(out);
    CHECK_FALSE(damaged.find_prose(path, hash_bytes(*fs.read(path))));
    Loaded again = load(fs, &damaged);
    check_same_prose(again.prose.at(path), edited.prose.at(path));
    damaged.prepare(again.facts, again.prose);
    damaged.save(out);
    CHECK(damaged.saved() == 1);
    ProductStore repaired(key);
    repaired.load(out);
    CHECK(repaired.find_prose(path, hash_bytes(*fs.read(path))));
  }

  SUBCASE("a truncated file keeps the records before the cut") {
    std::string bytes = *out.read(".reel-products.1");
    out.write(".reel-products.1", bytes.substr(0, bytes.size() / 2));
    ProductStore cut(key);
    cut.load(out);
    CHECK(cut.loaded() > 0);
    CHECK(cut.loaded() < kept_count + 1);
    Loaded again = load(fs, &cut);
    for (const auto& [p, file] : edited.prose) check_same_prose(again.prose.at(p), file);
  }

  SUBCASE("another key (site.yaml changed) uses nothing, and the next save starts over") {
    ProductStore other(products_key(BuildOptions{}, *fs.read("site.yaml") + "\n# changed\n"));
    other.load(out);
    CHECK(other.loaded() == 0);
    CHECK_FALSE(other.find_prose(path, hash_bytes(*fs.read(path))));
    other.prepare(edited.facts, edited.prose);
    other.save(out);
    CHECK(other.compacted());
    CHECK(products_files(out) == ".reel-products.1 ");
    ProductStore reread(key);
    reread.load(out);
    CHECK(reread.loaded() == 0);  // written under the other key
  }

  SUBCASE("the eighth file makes the next build write one") {
    for (int i = 0; i < 12; ++i) {
      fs.write(path, *fs.read(path) + "\nLine " + std::to_string(i) + ".\n");
      ProductStore s(key);
      s.load(out);
      Loaded l = load(fs, &s);
      s.prepare(l.facts, l.prose);
      s.save(out);
      CHECK(out.files().count(".reel-products.9") == 0);
    }
    ProductStore last(key);
    last.load(out);
    // Only what the last build used is left once it compacted: one product per file.
    Loaded l = load(fs, &last);
    CHECK(last.find_prose(path, hash_bytes(*fs.read(path))));
    CHECK(last.loaded() <= kept_count + 8);
  }
}
