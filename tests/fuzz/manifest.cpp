// Fuzz target: the output folder's manifest and journal (output/output.h). The input is
// parsed as a manifest and as a journal (neither may throw; what parses must format and
// parse again to the same thing), then written as `.reel-manifest` (and as
// `.reel-journal`, a write stopped halfway) of an in-memory output folder that
// write_output then updates. Whatever the manifest says, a file reel did not write is
// never touched, and no path outside the folder is written.
#include <set>

#include "base/fs.h"
#include "fuzz_util.h"
#include "output/output.h"

using namespace reel;

namespace {

const OutputSet kSite = {
    {"index.html", "<h1>Home</h1>"},
    {"it/index.html", "<h1>Inizio</h1>"},
    {"about/index.html", "<p>About</p>"},
    {"style.css", "body{}"},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = fuzz::bytes(data, size);

  std::optional<std::set<std::string, std::less<>>> paths = parse_manifest(text);
  if (paths) {
    std::optional<std::set<std::string, std::less<>>> again = parse_manifest(format_manifest(*paths));
    if (!again || *again != *paths) __builtin_trap();
  }
  std::optional<Journal> journal = parse_journal(text);
  if (journal) {
    std::optional<Journal> again = parse_journal(format_journal(*journal));
    if (!again || !(*again == *journal)) __builtin_trap();
  }

  for (const char* as : {kManifestName, kJournalName}) {
    MemoryFileSystem out;
    out.write(as, text);
    out.write("mine.txt", "not reel's");    // a file reel did not write
    out.write("old/page.html", "old page");  // maybe reel's, if the manifest says so
    Diagnostics diags;
    try {
      (void)write_output(out, kSite, diags);
    } catch (const Error& e) {
      fuzz::touch(e);
    }
    (void)diags.format();
    // A file the manifest does not list is never removed nor changed.
    bool listed = paths && paths->count("mine.txt");
    if (!listed && std::string(as) == kManifestName && out.read("mine.txt") != std::optional<std::string>("not reel's"))
      __builtin_trap();
    for (const auto& [path, bytes] : out.files())
      if (path.rfind("../", 0) == 0 || path.rfind('/', 0) == 0 || path.find("/../") != std::string::npos) __builtin_trap();
  }
  return 0;
}
