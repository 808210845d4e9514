#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "output/links.h"

using namespace reel;

namespace {

// The URLs of `html`, in order.
std::vector<std::string> urls_of(std::string_view html) {
  std::vector<std::string> urls;
  for (const LinkRef& link : find_links(html)) urls.push_back(link.url);
  return urls;
}

// The URLs of the broken links check_links finds.
std::vector<std::string> broken_urls(const OutputSet& files, std::string_view base_path = "/",
                                     const LinkCheckOptions& options = {}) {
  std::vector<std::string> urls;
  for (const BrokenLink& link : check_links(files, base_path, options)) urls.push_back(link.url);
  return urls;
}

using Urls = std::vector<std::string>;

LinkCheckOptions no_fragments() {
  LinkCheckOptions options;
  options.check_fragments = false;
  return options;
}

LinkCheckOptions under_base_url(std::string_view base_url) {
  LinkCheckOptions options;
  options.base_url = base_url;
  return options;
}

}  // namespace

TEST_CASE("links: find_links reads double-quoted single-quoted and unquoted values in any case") {
  auto links = find_links(R"(<A HREF="/a">x</A><img SrC='/b.png'><video poster=/c.jpg controls>)"
                          R"(<form action = "/d"></form><object data=/e.svg></object><use xlink:href="/f.svg#i"/>)"
                          R"(<a class=x href=/g>)");
  REQUIRE(links.size() == 7);
  CHECK(links[0].url == "/a");
  CHECK(links[0].element == "a");
  CHECK(links[0].attribute == "href");
  CHECK(links[1].url == "/b.png");
  CHECK(links[1].attribute == "src");
  CHECK(links[2].url == "/c.jpg");
  CHECK(links[2].attribute == "poster");
  CHECK(links[3].url == "/d");
  CHECK(links[4].url == "/e.svg");
  CHECK(links[5].url == "/f.svg#i");
  CHECK(links[5].attribute == "xlink:href");
  CHECK(links[6].url == "/g");
  // Other attributes, data-* and names that merely contain "href" are no links.
  CHECK(urls_of(R"(<a data-href="/x" hreflang="it" title="/y" href>z</a><p data-src=/q>)").empty());
}

TEST_CASE("links: find_links reports exact byte offsets lines and columns") {
  const std::string html = "<p>\n  <a href=\"/one\">1</a>\r\n<img\n   src='two.png'><a href=three>";
  auto links = find_links(html);
  REQUIRE(links.size() == 3);
  CHECK(links[0].offset == html.find("/one"));
  CHECK(links[0].line == 2);
  CHECK(links[0].column == 12);
  CHECK(links[1].offset == html.find("two.png"));
  CHECK(links[1].line == 4);
  CHECK(links[1].column == 9);
  CHECK(links[2].offset == html.find("three"));
  CHECK(links[2].line == 4);
  CHECK(links[2].column == 26);
  // Whitespace around a URL is not part of it, and the position is its first byte.
  auto padded = find_links("<a href=\"  /x  \">");
  REQUIRE(padded.size() == 1);
  CHECK(padded[0].url == "/x");
  CHECK(padded[0].column == 12);
}

TEST_CASE("links: find_links splits srcset into its candidate URLs") {
  const std::string html = R"(<img srcset="a.png 1x, b-2.png 2x,c.png   3x" src=d.png>)"
                           R"(<source srcset="/e,f.png 100w, g.png"><link imagesrcset="h.png 1x,i.png">)"
                           R"(<img srcset="j.png,, k.png,,"><img srcset="l.png,,m.png">)";
  auto links = find_links(html);
  Urls urls;
  for (const auto& link : links) urls.push_back(link.url);
  CHECK(urls == Urls{"a.png", "b-2.png", "c.png", "d.png", "/e,f.png", "g.png", "h.png", "i.png", "j.png", "k.png",
                     "l.png,,m.png"});
  CHECK(links[1].offset == html.find("b-2.png"));
  CHECK(links[2].offset == html.find("c.png"));
  CHECK(links[4].offset == html.find("/e,f.png"));
  CHECK(links[9].offset == html.find("k.png"));
  // A URL runs to whitespace; only its trailing commas are dropped.
  CHECK(links[10].url == "l.png,,m.png");
  // A comma inside a descriptor's parentheses does not start a candidate.
  CHECK(urls_of(R"(<img srcset="x.png foo(1,2), y.png">)") == Urls{"x.png", "y.png"});
}

TEST_CASE("links: find_links decodes character references in values") {
  CHECK(urls_of(R"(<a href="/s?a=1&amp;b=2&#38;c=3&#x26;d&quot;&lt;&gt;&apos;">)") ==
        Urls{"/s?a=1&b=2&c=3&d\"<>'"});
  // Legacy references without `;` decode unless followed by `=` or an alphanumeric.
  CHECK(urls_of(R"(<a href="/s?a&amp=1&ampx&amp">)") == Urls{"/s?a&amp=1&ampx&"});
  // Unknown names, bare ampersands and `&#` without digits are kept; numeric ones become UTF-8.
  CHECK(urls_of(R"(<a href="/&eacute;&x&#;&#233;&#0;">)") == Urls{"/&eacute;&x&#;\xC3\xA9\xEF\xBF\xBD"});
  // Positions stay those of the written text when references come before a candidate.
  const std::string html = R"(<img srcset="/a?x&amp;y 1x, /b.png 2x">)";
  auto links = find_links(html);
  REQUIRE(links.size() == 2);
  CHECK(links[0].url == "/a?x&y");
  CHECK(links[1].url == "/b.png");
  CHECK(links[1].offset == html.find("/b.png"));
}

TEST_CASE("links: find_links skips comments scripts styles and text-only elements") {
  const std::string html =
      "<!-- <a href=\"/c1\"> --><!--><a href=/ok1><!---><a href=/ok2>"
      "<!-- a -- b --!><a href=/ok3>"
      "<script>var s = '<a href=\"/s1\">'; if (a<b) {}</script >"
      "<SCRIPT type=module>document.write('<img src=/s2>')</SCRIPT><a href=/ok4>"
      "<style>a[href=\"/s3\"] { background: url(/s4) }</style>"
      "<textarea><a href=/t1></textarea><title>x <a href=/t2></title>"
      "<![CDATA[ <a href=/cd> ]]><!DOCTYPE html><?xml version=\"1.0\"?>"
      "<a title='<a href=/attr>' href=/ok5></a href=/end>"
      "<script src=/ok6></script><a href=/ok7>";
  CHECK(urls_of(html) == Urls{"/ok1", "/ok2", "/ok3", "/ok4", "/ok5", "/ok6", "/ok7"});
  // A self-closing script (XML, SVG) has no contents to skip.
  CHECK(urls_of("<svg><script href='/js.js'/><a href='/after'/></svg>") == Urls{"/js.js", "/after"});
  // `</scripts` does not end a script; an unclosed comment or tag runs to the end.
  CHECK(urls_of("<script>'</scripts>'<a href=/no></script><a href=/yes>").size() == 1);
  CHECK(urls_of("<a href=/yes><!-- <a href=/no>").size() == 1);
  CHECK(urls_of("<a href=/yes><a href=\"/no>").size() == 1);
}

TEST_CASE("links: check_links resolves relative references against the document URL") {
  OutputSet site{
      {"index.html", R"(<a href="it/">it</a><a href="./it/about/">a</a><a href="style.css"><a href="it">)"
                     R"(<a href="it/about"><a href="it/index.html"><a href="./nope/"><a href="">)"},
      {"it/index.html", R"(<a href="../"><a href="../style.css"><a href="about/"><a href="../../style.css">)"
                        R"(<a href=".././it/./about/../about/"><a href="../it/missing/index.html"><a href="?page=2">)"},
      {"it/about/index.html", R"(<img src="../../favicon.svg"><img src="../favicon.svg"><a href="..">)"},
      {"404.html", R"(<link href="style.css"><a href="it/about/">)"},
      {"style.css", "body { background: url(missing.png) }"},
      {"favicon.svg", "<svg/>"},
  };
  auto broken = check_links(site, "/");
  REQUIRE(broken.size() == 3);
  CHECK(broken[0].file == "index.html");
  CHECK(broken[0].url == "./nope/");
  CHECK(broken[0].reason == "no file nope/index.html in the output");
  CHECK(broken[1].file == "it/about/index.html");
  CHECK(broken[1].url == "../favicon.svg");
  CHECK(broken[1].reason == "no file it/favicon.svg in the output");
  CHECK(broken[2].file == "it/index.html");
  CHECK(broken[2].url == "../it/missing/index.html");
  // `../../` above the root stays at the root (RFC 3986 §5.2.4), so it resolves here.
  // A folder link without a slash needs the folder's index.html.
  auto missing = check_links({{"a/index.html", "<a href='../b'><a href='../c.html'>"}}, "/");
  REQUIRE(missing.size() == 2);
  CHECK(missing[0].reason == "no file b or b/index.html in the output");
  CHECK(missing[1].reason == "no file c.html in the output");
}

TEST_CASE("links: check_links serves the site under its base path") {
  OutputSet site{
      {"index.html", R"(<a href="/proj/it/"><a href="/it/"><a href="/proj"><a href="/proj/../other/">)"
                     R"(<a href="it/../../x/"><link href="/proj/style.css">)"},
      {"it/index.html", R"(<a href="../"><a href="/proj/"><a href="../../">)"},
      {"style.css", ""},
  };
  auto broken = check_links(site, "/proj/");
  REQUIRE(broken.size() == 4);
  CHECK(broken[0].url == "/it/");
  CHECK(broken[0].reason == "outside the site: /it/ is not under the base path /proj/");
  CHECK(broken[1].url == "/proj/../other/");
  CHECK(broken[2].url == "it/../../x/");
  CHECK(broken[2].reason == "outside the site: /x/ is not under the base path /proj/");
  CHECK(broken[3].file == "it/index.html");
  CHECK(broken[3].url == "../../");
  // A base path without its slashes means the same.
  CHECK(check_links(site, "proj") == broken);
}

TEST_CASE("links: check_links drops queries and fragments and percent-decodes paths") {
  OutputSet site{
      {"index.html", R"(<a href="a b/?x=1#y"><a href="a%20b/"><a href="/caf%C3%A9.html?v=2"><a href="/café.html">)"
                     R"(<a href="/a%20b/index.html#"><a href="/a%2Fb/"><a href="/%zz.css"><a href="x/%2e%2E/a%20b/">)"
                     R"(<a href="/a%20c/"><a href="/style.css?/../missing">)"},
      {"a b/index.html", ""},
      {"café.html", ""},
      {"%zz.css", ""},
      {"style.css", ""},
  };
  CHECK(broken_urls(site, "/", no_fragments()) == Urls{"/a%2Fb/", "/a%20c/"});
}

TEST_CASE("links: check_links checks absolute URLs under the base URL and ignores external ones") {
  OutputSet site{
      {"index.html",
       R"(<a href="https://user.github.io/proj/it/"><a href="HTTPS://User.GitHub.io/proj/gone/">)"
       R"(<a href="https://user.github.io/proj"><a href="//user.github.io/proj/gone2/">)"
       R"(<a href="https://user.github.io/other/"><a href="https://user.github.io.evil/proj/x/">)"
       R"(<a href="http://user.github.io/proj/x/"><a href="https://example.org/missing">)"
       R"(<a href="mailto:a@b.c"><a href="tel:+39"><img src="data:image/png;base64,AAAA">)"
       R"x(<a href="javascript:void(0)"><a href="#"><a href="//cdn.example/x.js">)x"},
      {"it/index.html", ""},
  };
  CHECK(broken_urls(site, "/proj/", under_base_url("https://user.github.io/proj/")) ==
        Urls{"HTTPS://User.GitHub.io/proj/gone/", "//user.github.io/proj/gone2/"});
  // Without a base URL every absolute URL is external.
  CHECK(broken_urls(site, "/proj/").empty());
}

TEST_CASE("links: check_links checks fragments against the ids of the target") {
  OutputSet site{
      {"index.html", R"(<a href="it/#plot"><a href="it/#cast"><a href="it/index.html#Plot"><a href="it/#top">)"
                     R"(<a href="it/#"><a href="it/#caf%C3%A9"><a href="it/#a&amp;b"><a href="it/#old">)"
                     R"(<a href="it/#x:~:text=hi"><a href="it/#hidden"><a href="?q#here"><a href="?q#gone">)"
                     R"(<a href="style.css#anything"><a href="#here"><a href="#missing-here"><p id=here>)"},
      {"it/index.html", R"(<h2 id="plot">P</h2><p ID='café'><p id="a&amp;b"><a name="old"></a><p data-id="x">)"
                        R"(<!-- <p id="hidden"> --><script>'<p id="hidden2">'</script>)"},
      {"style.css", ""},
  };
  auto broken = check_links(site, "/");
  Urls urls;
  for (const auto& link : broken) urls.push_back(link.url);
  // A pure fragment names the document itself.
  CHECK(urls == Urls{"it/#cast", "it/index.html#Plot", "it/#x:~:text=hi", "it/#hidden", "?q#gone", "#missing-here"});
  CHECK(broken[0].reason == "no id \"cast\" in it/index.html");
  CHECK(broken[4].reason == "no id \"gone\" in index.html");
  CHECK(broken[5].reason == "no id \"missing-here\" in index.html");
  CHECK(broken_urls(site, "/", no_fragments()).empty());
}

TEST_CASE("links: check_links reads html htm xml and svg documents only") {
  OutputSet site{
      {"a.htm", "<a href=/gone1>"},
      {"feed.xml", R"(<feed><link href="/gone2"/><link rel="alternate" href="/a.htm"/></feed>)"},
      {"icons.svg", R"(<svg><use href="/gone3#i"/><image xlink:href="a.htm"/></svg>)"},
      {"PAGE.HTML", "<img src=gone4.png>"},
      {"style.css", "<a href=/not-read>"},
      {"robots.txt", "<a href=/not-read>"},
      {"data.json", R"({"href": "<a href=/not-read>"})"},
  };
  CHECK(broken_urls(site) == Urls{"gone4.png", "/gone1", "/gone2", "/gone3#i"});
}

TEST_CASE("links: check_links resolves against the first base element") {
  OutputSet site{
      {"it/about/index.html", R"(<head><BASE href="/it/"><base href="/nope/"></head><a href="about/"><a href="x/">)"},
      {"it/index.html", R"(<base href="https://cdn.example/"><a href="anything"><a href="/gone/">)"},
  };
  auto broken = check_links(site, "/");
  REQUIRE(broken.size() == 2);
  CHECK(broken[0].url == "/nope/");  // the base element's own href is checked too
  CHECK(broken[1].url == "x/");
  CHECK(broken[1].reason == "no file it/x/index.html in the output");
}

TEST_CASE("links: check_links results are sorted by file and position and deterministic") {
  OutputSet site;
  for (int i = 0; i < 200; ++i) {
    std::string n = std::to_string(i);
    site["p" + n + "/index.html"] = "<a href=/z" + n + ">\n<a href=../p" + n + "/>\n  <img src='/a" + n + ".png'>";
  }
  auto first = check_links(site, "/");
  REQUIRE(first.size() == 400);
  for (std::size_t i = 1; i < first.size(); ++i) {
    const auto& a = first[i - 1];
    const auto& b = first[i];
    CHECK((a.file < b.file || (a.file == b.file && (a.line < b.line || (a.line == b.line && a.column < b.column)))));
  }
  CHECK(first[0].file == "p0/index.html");
  CHECK(first[0].line == 1);
  CHECK(first[0].column == 9);
  CHECK(first[1].line == 3);
  CHECK(first[1].column == 13);
  for (int run = 0; run < 3; ++run) CHECK(check_links(site, "/") == first);
}

TEST_CASE("links: resolve_internal_links turns @/ hrefs into URLs and keeps fragments") {
  auto resolve = [](std::string_view target) -> std::optional<std::string> {
    if (target == "films/x") return std::string("/it/films/x/");
    if (target == "about") return std::string("/it/about/");
    if (target == "città") return std::string("/it/citta/?a=1&b=2");
    return std::nullopt;
  };
  std::vector<UnresolvedLink> errors;
  const std::string html =
      R"(<p><a href="@/films/x.md">x</a> <a href='@/about.md#plot'>a</a> <a href=@/films/x>y</a>)"
      R"( <a href="@/citt%C3%A0.md#a&amp;b">c</a> <a href="/plain/">p</a> <img src="@/films/x.md">)"
      R"(<!-- <a href="@/films/x.md"> --><code>&lt;a href="@/films/x.md"&gt;</code></p>)";
  CHECK(resolve_internal_links(html, resolve, errors) ==
        R"(<p><a href="/it/films/x/">x</a> <a href='/it/about/#plot'>a</a> <a href="/it/films/x/">y</a>)"
        R"( <a href="/it/citta/?a=1&amp;b=2#a&amp;b">c</a> <a href="/plain/">p</a> <img src="@/films/x.md">)"
        R"(<!-- <a href="@/films/x.md"> --><code>&lt;a href="@/films/x.md"&gt;</code></p>)");
  CHECK(errors.empty());
  const std::string plain = "<p>no links here</p>";
  CHECK(resolve_internal_links(plain, resolve, errors) == plain);
}

TEST_CASE("links: resolve_internal_links records the links it cannot resolve") {
  auto resolve = [](std::string_view target) -> std::optional<std::string> {
    if (target == "about") return std::string("/about/");
    return std::nullopt;
  };
  std::vector<UnresolvedLink> errors;
  const std::string html = "<p>\n<a href=\"@/films/missing.md#plot\">m</a>\n  <a href=@/about.md>a</a><a href='@/gone'>";
  CHECK(resolve_internal_links(html, resolve, errors) ==
        "<p>\n<a href=\"@/films/missing.md#plot\">m</a>\n  <a href=\"/about/\">a</a><a href='@/gone'>");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].target == "films/missing");
  CHECK(errors[0].href == "@/films/missing.md#plot");
  CHECK(errors[0].offset == html.find("@/films"));
  CHECK(errors[0].line == 2);
  CHECK(errors[0].column == 10);
  CHECK(errors[1].target == "gone");
  CHECK(errors[1].line == 3);
  CHECK(errors[1].column == 36);
}

TEST_CASE("links: check_links finds exactly the planted broken links among 20000 pages") {
  // 20,000 pages under /proj/, 50 links each: navigation, relative neighbours, assets,
  // fragments; every 997th page also holds one planted broken link of a rotating kind.
  constexpr int kPages = 20000;
  OutputSet site;
  site["style.css"] = "body{}";
  site["logo.svg"] = "<svg id='logo'/>";
  std::vector<BrokenLink> planted;
  const char* kinds[] = {"/proj/p%d/nope/", "../p%d/#missing", "/elsewhere/p%d/", "img/%d.png",
                         "https://example.io/proj/p%d/gone.html"};
  for (int i = 0; i < kPages; ++i) {
    std::string dir = "p" + std::to_string(i) + "/";
    std::string html = "<!doctype html><html><head><link rel=stylesheet href=\"/proj/style.css\">"
                       "<link rel=icon href=\"../logo.svg#logo\"></head>\n<body id=top><h1 id=\"title\">P</h1>\n";
    int links = 2;
    for (int k = 0; links < 50; ++k, ++links) {
      int other = (i + k * 37 + 1) % kPages;
      switch (k % 4) {
        case 0: html += "<a href=\"/proj/p" + std::to_string(other) + "/\">n</a>\n"; break;
        case 1: html += "<a href=\"../p" + std::to_string(other) + "/#title\">r</a>\n"; break;
        case 2: html += "<img srcset=\"../logo.svg 1x, /proj/style.css?v=" + std::to_string(k) + " 2x\">\n"; ++links; break;
        default: html += "<a href='https://example.io/proj/p" + std::to_string(other) + "/'>x</a>\n"; break;
      }
    }
    if (i % 997 == 0) {
      char url[96];
      std::snprintf(url, sizeof url, kinds[(i / 997) % 5], i);
      const std::uint32_t line = static_cast<std::uint32_t>(std::count(html.begin(), html.end(), '\n') + 1);
      html += "<a href=\"" + std::string(url) + "\">broken</a>";
      std::string reason;
      planted.push_back(BrokenLink{dir + "index.html", line, 10, url, ""});
    }
    html += "</body></html>\n";
    site[dir + "index.html"] = std::move(html);
  }
  auto broken = check_links(site, "/proj/", under_base_url("https://example.io/proj/"));
  std::sort(planted.begin(), planted.end(), [](const BrokenLink& a, const BrokenLink& b) { return a.file < b.file; });
  REQUIRE(broken.size() == planted.size());
  for (std::size_t i = 0; i < broken.size(); ++i) {
    CHECK(broken[i].file == planted[i].file);
    CHECK(broken[i].url == planted[i].url);
    CHECK(broken[i].line == planted[i].line);
    CHECK(broken[i].column == planted[i].column);
    CHECK_FALSE(broken[i].reason.empty());
  }
}

TEST_CASE("links: check_links_of reports what check_links reports for the documents named, and document_ids") {
  OutputSet files{
      {"index.html", "<a href=\"a/\">a</a><a href=\"missing/\">m</a><h2 id=\"top-news\">x</h2>"},
      {"a/index.html", "<a href=\"/#top-news\">ok</a><a href=\"/#gone\">gone</a><a href=\"../b.css\">css</a>"},
      {"b/index.html", "<a href=\"/a/#nope\">x</a>"},
      {"style.css", "body{}"},
  };
  std::vector<BrokenLink> all = check_links(files, "/");
  auto only = [&](std::set<std::string> docs) {
    std::vector<std::string> out;
    for (const BrokenLink& b : all)
      if (docs.count(b.file)) out.push_back(b.file + " " + b.url + " " + b.reason);
    return out;
  };
  auto of = [&](std::vector<std::string> docs) {
    std::vector<std::string> out;
    for (const BrokenLink& b : check_links_of(files, docs, "/")) out.push_back(b.file + " " + b.url + " " + b.reason);
    return out;
  };
  CHECK(of({"a/index.html"}) == only({"a/index.html"}));
  CHECK(of({"a/index.html"}).size() == 2);  // #gone and b.css
  CHECK(of({"b/index.html", "index.html"}) == only({"index.html", "b/index.html"}));
  CHECK(of({"style.css", "nowhere.html"}).empty());
  CHECK(document_ids("index.html", files.at("index.html")) == std::vector<std::string>{"top-news"});
  CHECK(document_ids("style.css", "#x{}").empty());
}
