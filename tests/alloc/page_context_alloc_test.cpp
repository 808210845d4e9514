// A page's template context costs the same whatever the size of the site (issue 10,
// item 8): SiteView::page_context() points at the shared per-language values instead
// of copying them. This executable replaces the global operator new and delete to
// count the heap allocations (and bytes) made on the counting thread while a flag is
// set, and compares the context of the same page in a 10-film and a 1,000-film site.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>

#include "input/config.h"
#include "input/facts.h"
#include "input/prose.h"
#include "render/view.h"
#include "site/site.h"

namespace {

// Only the thread that sets the flag counts, so that no other thread's allocations
// (there should be none while a context is made) can blur the numbers.
thread_local bool t_counting = false;
std::atomic<std::size_t> g_allocations{0};
std::atomic<std::size_t> g_bytes{0};

void* allocate(std::size_t n, std::size_t align = 0) {
  if (t_counting) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    g_bytes.fetch_add(n, std::memory_order_relaxed);
  }
  if (n == 0) n = 1;
  void* p = nullptr;
  if (align > alignof(std::max_align_t)) {
    std::size_t rounded = (n + align - 1) / align * align;
    p = std::aligned_alloc(align, rounded);
  } else {
    p = std::malloc(n);
  }
  return p;
}

}  // namespace

void* operator new(std::size_t n) {
  if (void* p = allocate(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  if (void* p = allocate(n)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void* operator new(std::size_t n, std::align_val_t a) {
  if (void* p = allocate(n, static_cast<std::size_t>(a))) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) {
  if (void* p = allocate(n, static_cast<std::size_t>(a))) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

using namespace reel;

namespace {

struct Usage {
  std::size_t allocations = 0;
  std::size_t bytes = 0;
};

/// The heap allocations `fn` makes on this thread.
template <typename Fn>
Usage measure(const Fn& fn) {
  std::size_t a0 = g_allocations.load(), b0 = g_bytes.load();
  t_counting = true;
  fn();
  t_counting = false;
  return {g_allocations.load() - a0, g_bytes.load() - b0};
}

/// "0005": every film id has the same length whatever the size of the site, so that
/// the same page is byte for byte the same page in both sites.
std::string number(int i) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d", i);
  return buf;
}

/// A bilingual catalogue of `films` films: a collection with a few fields, a prose
/// body for film 5, a paginated list, a taxonomy, a menu.
MemoryFileSystem catalogue(int films) {
  MemoryFileSystem fs;
  fs.write("site.yaml",
           "title: {en: Catalogue, it: Catalogo}\n"
           "base_url: https://example.org/catalogue/\n"
           "languages:\n"
           "  en: {name: English, locale: en-GB, strings: {home: Home}}\n"
           "  it: {name: Italiano, locale: it-IT, strings: {home: Inizio}}\n"
           "collections:\n"
           "  films: {as: film, permalink: '/films/{slug}/', layout: film, description: tagline, date: released}\n"
           "taxonomies:\n"
           "  genres: {collection: films, field: genres}\n"
           "menus:\n"
           "  main: [{page: index}, {page: films/index}, {page: genres}]\n");
  fs.write("content/en/index.md", "---\ntitle: Home\n---\nWelcome.\n");
  fs.write("content/it/index.md", "---\ntitle: Inizio\n---\nBenvenuti.\n");
  fs.write("content/en/films/index.md", "---\ntitle: Films\nlist: {collection: films, paginate_by: 10}\n---\n");
  fs.write("content/it/films/index.md", "---\ntitle: Film\nlist: {collection: films, paginate_by: 10}\n---\n");
  static const char* kGenres[] = {"Drama", "Comedy", "Western", "Noir"};
  for (int i = 0; i < films; ++i) {
    std::string n = number(i);
    fs.write("content/films/f" + n + ".yaml",
             "title: !translated {en: Film " + n + ", it: Il film " + n + "}\n"
             "tagline: !translated {en: A film, it: Un film}\n"
             "year: " + std::to_string(1950 + i % 70) + "\n"
             "released: '" + std::to_string(1950 + i % 70) + "-05-01'\n"
             "runtime: " + std::to_string(80 + i % 60) + "\n"
             "genres: [" + kGenres[i % 4] + "]\n");
  }
  fs.write("content/en/films/f0005.md", "---\ntitle: Film five\n---\n## Story\n\nA story.\n\n## Cast\n\nPeople.\n");
  return fs;
}

struct Built {
  Diagnostics diags;
  Site site;
  std::unique_ptr<SiteView> view;
};

std::unique_ptr<Built> build(int films) {
  MemoryFileSystem fs = catalogue(films);
  auto out = std::make_unique<Built>();
  Config config = load_config(fs, out->diags);
  auto facts = std::make_shared<const FactsSet>(load_facts(fs, config, out->diags));
  auto prose = std::make_shared<const ProseSet>(read_prose_files(fs, config, list_prose_files(fs, config), out->diags));
  out->site = assemble_site(config, facts, prose, out->diags);
  REQUIRE_MESSAGE(!out->diags.has_errors(), out->diags.format());
  out->view = std::make_unique<SiteView>(out->site);
  return out;
}

/// What page_context() of page `id` in `lang` allocates, after a first call that may
/// set up lazily made statics.
Usage context_usage(const Built& b, const std::string& id, const std::string& lang) {
  const Page* p = b.site.find(id, lang);
  REQUIRE_MESSAGE(p, std::string(id + " in " + lang));
  std::size_t i = static_cast<std::size_t>(p - b.site.pages.data());
  { Value warm = b.view->page_context(i); }
  Value ctx;
  Usage u = measure([&] { ctx = b.view->page_context(i); });
  CHECK(ctx.get("page").get("id") == Value(id));
  return u;
}

}  // namespace

TEST_CASE("alloc: the counter sees this thread's allocations only while counting") {
  Usage none = measure([] {});
  CHECK(none.allocations == 0);
  static std::unique_ptr<std::string> kept;
  Usage one = measure([] { kept = std::make_unique<std::string>(100, 'x'); });
  kept.reset();
  CHECK(one.allocations == 2);  // the string object and its 100 characters
  CHECK(one.bytes >= sizeof(std::string) + 101);
}

TEST_CASE("alloc: a collection page's context allocates the same in a 10-film and a 1000-film site") {
  auto small = build(10);
  auto large = build(1000);
  REQUIRE(small->site.pages_by_lang[0].size() == 12);   // home, list, 10 films
  REQUIRE(large->site.pages_by_lang[0].size() == 1002);
  for (const char* lang : {"en", "it"}) {
    for (const char* id : {"films/f0005", "films/f0007"}) {
      std::string where = std::string(id) + " in " + lang;
      CAPTURE(where);
      Usage s = context_usage(*small, id, lang);
      Usage l = context_usage(*large, id, lang);
      INFO("10 films: " << s.allocations << " allocations, " << s.bytes << " bytes; 1000 films: " << l.allocations
                           << " allocations, " << l.bytes << " bytes");
      CHECK(s.allocations > 0);
      CHECK(s.allocations == l.allocations);
      CHECK(s.bytes == l.bytes);
    }
  }
}

TEST_CASE("alloc: a prose page's context allocates the same in a 10-film and a 1000-film site") {
  auto small = build(10);
  auto large = build(1000);
  for (std::string lang : {"en", "it"}) {
    CAPTURE(lang);
    Usage s = context_usage(*small, "index", lang);
    Usage l = context_usage(*large, "index", lang);
    CHECK(s.allocations == l.allocations);
    CHECK(s.bytes == l.bytes);
  }
}

TEST_CASE("alloc: the counter would see a context that copied the list of pages") {
  // The control: copying what the context shares does grow with the site, so equal
  // counts above mean the context shares it.
  auto small = build(10);
  auto large = build(1000);
  auto copy_pages = [](const Built& b) {
    const Value& pages = *b.view->language_context(0).find("pages");
    return measure([&] { ValueList copy = pages.as_list(); });
  };
  CHECK(copy_pages(*small).allocations == 1);
  CHECK(copy_pages(*small).bytes < copy_pages(*large).bytes);
}
