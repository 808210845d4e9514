// check: what keeps two languages honest. Lists every UI string, fact label and page
// missing in a language, every fact without a source, and every translation older than
// its original. `reel check` prints the list and fails when it is not empty; `reel build`
// prints it as warnings.
#pragma once

#include "base/diagnostics.h"
#include "site/site.h"

namespace reel {

/// Every gap of `site`, as warnings with positions, in a stable order: UI strings, facts
/// (missing translations, then unsourced facts, per file), pages (missing translations,
/// stale or unmarked translations). A translation is a page in a language other than the
/// default whose original (the default language's page with the same id) exists; it
/// records the original's content_hash() in its front matter as `original_hash`.
Diagnostics check_site(const Site& site);

}  // namespace reel
