#include "build/products.h"

#include <cstring>
#include <limits>
#include <stdexcept>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/parallel.h"
#include "base/text.h"
#include "build/build.h"
#include "build/cache.h"
#include "input/json.h"

namespace reel {

namespace {

using Json = nlohmann::ordered_json;  // keeps a map's keys in the order written

constexpr int kFormat = 1;
constexpr std::uint8_t kFactsKind = 1;
constexpr std::uint8_t kProseKind = 2;
constexpr std::size_t kRecordHead = 4 + 8;        // size, hash
constexpr std::size_t kBodyHead = 1 + 8 + 4;      // kind, fingerprint, path size

std::string header(std::uint64_t key) { return fmt::format("reel-products {} {:016x}\n", kFormat, key); }

std::string file_name(int n) { return kProductsPrefix + std::to_string(n); }

template <typename T>
void put(std::string& out, T v) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));  // reel targets little-endian machines (x86-64, arm64)
  out.append(bytes, sizeof(T));
}

template <typename T>
T get(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

std::string index_key(std::uint8_t kind, std::string_view path) {
  std::string k(1, static_cast<char>(kind));
  k += path;
  return k;
}

// ---- Value <-> JSON (CBOR) ------------------------------------------------------------

Json to_json(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNone: return nullptr;
    case Value::Kind::kBool: return v.as_bool();
    case Value::Kind::kInt: return v.as_int();
    case Value::Kind::kDouble: return v.as_double();
    case Value::Kind::kString: return v.as_string();
    case Value::Kind::kList: {
      if (v.is_tuple()) break;
      Json out = Json::array();
      for (const Value& item : v.as_list()) out.push_back(to_json(item));
      return out;
    }
    case Value::Kind::kMap: {
      Json out = Json::object();
      for (const auto& [key, item] : v.as_map()) out.emplace(key, to_json(item));
      return out;
    }
    default: break;
  }
  throw std::invalid_argument(std::string("a ") + std::string(v.type_name()) + " is not kept");
}

Json pos_json(const SourcePos& p) { return Json::array({p.file, p.line, p.column}); }

// Readers of a decoded record's fields (cbor_to_value's Values): each throws
// std::invalid_argument when a Value is not what the encoder writes there.

const std::string& field_text(const Value& v) {
  if (v.kind() != Value::Kind::kString) throw std::invalid_argument("not a string");
  return v.as_string();
}

std::int64_t field_int(const Value& v, std::int64_t min, std::int64_t max) {
  if (!v.is_int() || v.as_int() < min || v.as_int() > max) throw std::invalid_argument("not a number in range");
  return v.as_int();
}

std::uint32_t field_u32(const Value& v) {
  return static_cast<std::uint32_t>(field_int(v, 0, std::numeric_limits<std::uint32_t>::max()));
}

bool field_bool(const Value& v) {
  if (!v.is_bool()) throw std::invalid_argument("not a bool");
  return v.as_bool();
}

/// A list of `size` items.
const ValueList& field_row(const Value& v, std::size_t size) {
  if (!v.is_list() || v.as_list().size() != size) throw std::invalid_argument("not a row");
  return v.as_list();
}

/// A list of rows of `width` items each.
const ValueList& field_rows(const Value& v, std::size_t width) {
  if (!v.is_list()) throw std::invalid_argument("not a list");
  for (const Value& row : v.as_list()) field_row(row, width);
  return v.as_list();
}

SourcePos field_pos(const Value& v) {
  const ValueList& p = field_row(v, 3);
  return SourcePos{field_text(p[0]), field_u32(p[1]), field_u32(p[2])};
}

void append_cbor(const Json& j, std::string& out) {
  std::vector<std::uint8_t> cbor = Json::to_cbor(j);
  out.append(reinterpret_cast<const char*>(cbor.data()), cbor.size());
}

/// Where each map of `root` is, as the steps from the root (an entry's index in a map,
/// an item's in a list): translated maps are known by address, which a new tree changes.
void map_steps(const Value& v, std::vector<std::uint32_t>& steps,
               std::unordered_map<const ValueMap*, std::vector<std::uint32_t>>& out) {
  if (v.is_map()) {
    out.emplace(&v.as_map(), steps);
    std::uint32_t i = 0;
    for (const auto& [key, item] : v.as_map()) {
      steps.push_back(i++);
      map_steps(item, steps, out);
      steps.pop_back();
    }
  } else if (v.is_list()) {
    std::uint32_t i = 0;
    for (const Value& item : v.as_list()) {
      steps.push_back(i++);
      map_steps(item, steps, out);
      steps.pop_back();
    }
  }
}

Json line_refs(const std::vector<Shortcode>& shortcodes) {
  Json out = Json::array();
  for (const Shortcode& s : shortcodes) out.push_back(Json::array({s.source, s.line, s.column, s.line_text}));
  return out;
}

}  // namespace

std::uint64_t products_key(const BuildOptions& options, std::string_view site_yaml) {
  return hash_combine(hash_bytes(cache_key(options)), hash_bytes(site_yaml));
}

void encode_facts(const FactsFile& file, std::string& out) {
  Json translated = Json::array();
  if (!file.translated.empty()) {
    std::unordered_map<const ValueMap*, std::vector<std::uint32_t>> steps_of;
    std::vector<std::uint32_t> steps;
    map_steps(file.data, steps, steps_of);
    for (const TranslatedMap& t : file.translated) {
      auto it = steps_of.find(t.map);
      if (it == steps_of.end()) throw std::invalid_argument("a translated map outside the data");
      translated.push_back(Json::array({it->second, pos_json(t.pos), t.path}));
    }
  }
  Json unsourced = Json::array();
  for (const auto& u : file.gaps.unsourced) unsourced.push_back(Json::array({pos_json(u.pos), u.path, u.field}));
  append_cbor(Json::array({to_json(file.data), std::move(translated), std::move(unsourced)}), out);
}

std::string encode_facts(const FactsFile& file) {
  std::string out;
  encode_facts(file, out);
  return out;
}

std::optional<FactsFile> decode_facts(std::string_view body) {
  // Straight from CBOR to Values (cbor_to_value): a facts file is most of a product's
  // values, and a resumed build decodes every one.
  std::optional<Value> all = cbor_to_value(body);
  if (!all || !all->is_list() || all->as_list().size() != 3) return std::nullopt;
  const ValueList& parts = all->as_list();
  if (!parts[0].is_map()) return std::nullopt;
  try {
    FactsFile f;
    f.data = parts[0];
    for (const Value& t : field_rows(parts[1], 3)) {
      const ValueList& r = t.as_list();
      if (!r[0].is_list()) return std::nullopt;
      const Value* at = &f.data;  // the map's steps from the root
      for (const Value& step : r[0].as_list()) {
        auto i = static_cast<std::size_t>(field_u32(step));
        if (at->is_map() && i < at->as_map().size()) at = &at->as_map().entries()[i].second;
        else if (at->is_list() && i < at->as_list().size()) at = &at->as_list()[i];
        else return std::nullopt;
      }
      if (!at->is_map()) return std::nullopt;
      f.translated.push_back(TranslatedMap{&at->as_map(), field_pos(r[1]), field_text(r[2])});
    }
    for (const Value& u : field_rows(parts[2], 3)) {
      const ValueList& r = u.as_list();
      f.gaps.unsourced.push_back({field_pos(r[0]), field_text(r[1]), field_text(r[2])});
    }
    return f;
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

void encode_prose(const ProseFile& p, std::string& out) {
  Json facts = Json::array();
  for (const auto& [name, id] : p.facts) facts.push_back(Json::array({name, id}));
  Json headings = Json::array();
  for (const Heading& h : p.prose.headings) headings.push_back(Json::array({h.level, h.id, h.text}));
  Json links = Json::array();
  for (const InternalLinkRef& l : p.internal_links) links.push_back(Json::array({l.target, l.line, l.column, l.line_text}));
  Json list = Json::array({p.list.collection, p.list.sort_by, p.list.reverse, p.list.paginate_by});
  Json fields = Json::array({to_json(p.front_matter), p.title, p.description, p.layout, p.order, p.date, p.slug,
                             std::move(facts), p.draft, p.has_list, std::move(list), p.original_hash, p.hash,
                             std::move(headings), line_refs(p.shortcodes), std::move(links), p.title_line,
                             pos_json(p.layout_pos), pos_json(p.facts_pos), p.layout_line, p.facts_line});
  // The HTML, most of the bytes, follows the CBOR as it is (nlohmann's reader copies a
  // CBOR string one byte at a time).
  const std::size_t size_at = out.size();
  put<std::uint32_t>(out, 0);
  append_cbor(fields, out);
  const auto cbor_size = static_cast<std::uint32_t>(out.size() - size_at - 4);
  std::memcpy(out.data() + size_at, &cbor_size, 4);
  out += p.html();
}

std::string encode_prose(const ProseFile& p) {
  std::string out;
  encode_prose(p, out);
  return out;
}

std::optional<ProseFile> decode_prose(std::string_view body, std::shared_ptr<const void> owner) {
  if (body.size() < 4) return std::nullopt;
  std::uint32_t cbor_size = get<std::uint32_t>(body.data());
  if (cbor_size > body.size() - 4) return std::nullopt;
  // The fields, straight from CBOR to Values (depth-limited, as every decoded record).
  std::optional<Value> all = cbor_to_value(body.substr(4, cbor_size));
  if (!all || !all->is_list() || all->as_list().size() != 21) return std::nullopt;
  const ValueList& j = all->as_list();
  try {
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    ProseFile p;
    p.front_matter = j[0];
    if (!p.front_matter.is_map()) return std::nullopt;
    p.title = field_text(j[1]);
    p.description = field_text(j[2]);
    p.layout = field_text(j[3]);
    p.order = field_int(j[4], kMin, kMax);
    p.date = field_text(j[5]);
    p.slug = field_text(j[6]);
    for (const Value& f : field_rows(j[7], 2)) p.facts.emplace_back(field_text(f.as_list()[0]), field_text(f.as_list()[1]));
    p.draft = field_bool(j[8]);
    p.has_list = field_bool(j[9]);
    const ValueList& list = field_row(j[10], 4);
    p.list = ListSpec{field_text(list[0]), field_text(list[1]), field_bool(list[2]), field_int(list[3], kMin, kMax)};
    p.original_hash = field_text(j[11]);
    p.hash = field_text(j[12]);
    if (owner) {
      p.stored_html = SharedBytes{body.substr(4 + cbor_size), std::move(owner)};
    } else {
      p.prose.html = std::string(body.substr(4 + cbor_size));
    }
    for (const Value& h : field_rows(j[13], 3)) {
      const ValueList& r = h.as_list();
      p.prose.headings.push_back({static_cast<int>(field_int(r[0], 1, 6)), field_text(r[1]), field_text(r[2])});
    }
    for (const Value& sc : field_rows(j[14], 4)) {
      const ValueList& r = sc.as_list();
      p.shortcodes.push_back({field_text(r[0]), field_u32(r[1]), field_u32(r[2]), field_text(r[3])});
    }
    for (const Value& l : field_rows(j[15], 4)) {
      const ValueList& r = l.as_list();
      p.internal_links.push_back({field_text(r[0]), field_u32(r[1]), field_u32(r[2]), field_text(r[3])});
    }
    p.title_line = field_u32(j[16]);
    p.layout_pos = field_pos(j[17]);
    p.facts_pos = field_pos(j[18]);
    p.layout_line = field_text(j[19]);
    p.facts_line = field_text(j[20]);
    return p;
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

// ---- ProductStore -------------------------------------------------------------------------

void ProductStore::load(const FileSystem& out) {
  const std::string head = header(key_);
  for (int n = 1; n <= kProductsFiles; ++n) {
    // Mapped, not read: a build uses the pages of the records it finds, and copies none.
    std::optional<SharedBytes> bytes;
    try {
      bytes = out.read_shared(file_name(n));
    } catch (const std::exception&) {
      bytes.reset();
    }
    if (!bytes) continue;
    if (!bytes->bytes.starts_with(head)) {
      foreign_ = true;  // another reel, options or site.yaml: replaced at the next save
      continue;
    }
    files_.push_back(std::move(*bytes));
  }
  for (std::size_t file_index = 0; file_index < files_.size(); ++file_index) {
    const std::string_view file = files_[file_index].bytes;
    file_bytes_ += file.size();
    std::size_t at = head.size();
    while (at + kRecordHead <= file.size()) {
      std::uint32_t n = get<std::uint32_t>(file.data() + at);
      std::uint64_t hash = get<std::uint64_t>(file.data() + at + 4);
      if (n < kBodyHead || n > file.size() - at - kRecordHead) break;  // truncated: the rest is not trusted
      std::string_view rest(file.data() + at + kRecordHead, n);
      std::string_view raw(file.data() + at, kRecordHead + n);
      at += kRecordHead + n;
      Record r;
      r.hash = hash;
      r.kind = static_cast<std::uint8_t>(rest[0]);
      r.fingerprint = get<std::uint64_t>(rest.data() + 1);
      std::uint32_t path_size = get<std::uint32_t>(rest.data() + 9);
      if (path_size > rest.size() - kBodyHead) {
        foreign_ = true;
        continue;
      }
      r.path = rest.substr(kBodyHead, path_size);
      r.body = rest.substr(kBodyHead + path_size);
      r.raw = raw;
      r.file = file_index;
      index_[index_key(r.kind, r.path)].push_back(records_.size());
      records_.push_back(r);
    }
    if (at != file.size()) foreign_ = true;
  }
  checked_ = std::make_unique<std::atomic<std::uint8_t>[]>(records_.size());
  for (std::size_t i = 0; i < records_.size(); ++i) checked_[i].store(0, std::memory_order_relaxed);
}

bool ProductStore::intact(std::size_t i) const {
  std::uint8_t state = checked_[i].load(std::memory_order_acquire);
  if (state == 0) {
    const Record& r = records_[i];
    state = hash_bytes(r.raw.substr(kRecordHead)) == r.hash ? 1 : 2;
    checked_[i].store(state, std::memory_order_release);  // two threads may both check: same answer
  }
  return state == 1;
}

const ProductStore::Record* ProductStore::find(std::uint8_t kind, std::string_view path, std::uint64_t fingerprint) const {
  if (fingerprint == 0) return nullptr;
  auto it = index_.find(index_key(kind, path));
  if (it == index_.end()) return nullptr;
  for (std::size_t i : it->second) {
    if (records_[i].fingerprint == fingerprint && intact(i)) return &records_[i];
  }
  return nullptr;
}

std::optional<FactsFile> ProductStore::find_facts(std::string_view path, std::uint64_t fingerprint) const {
  const Record* r = find(kFactsKind, path, fingerprint);
  if (!r) return std::nullopt;
  std::optional<FactsFile> f = decode_facts(r->body);
  if (!f) {
    unusable(*r);
    return std::nullopt;
  }
  for (TranslatedMap& t : f->translated) t.pos.file = std::string(path);
  for (auto& u : f->gaps.unsourced) u.pos.file = std::string(path);
  return f;
}

std::optional<ProseFile> ProductStore::find_prose(std::string_view path, std::uint64_t fingerprint) const {
  const Record* r = find(kProseKind, path, fingerprint);
  if (!r) return std::nullopt;
  std::optional<ProseFile> p = decode_prose(r->body, files_[r->file].owner);
  if (!p) unusable(*r);
  return p;
}

void ProductStore::unusable(const Record& r) const {
  checked_[static_cast<std::size_t>(&r - records_.data())].store(2, std::memory_order_release);
}

void ProductStore::prepare(const FactsSet& facts, const ProseSet& prose) {
  struct Item {
    std::uint8_t kind;
    std::string_view path;
    std::uint64_t fingerprint;
    const FactsFile* facts = nullptr;
    const ProseFile* prose = nullptr;
  };
  kept_.clear();
  kept_bytes_ = 0;
  std::vector<Item> fresh;  // products to encode
  std::unordered_set<const Record*> seen;
  auto consider = [&](Item item) {
    if (item.fingerprint == 0) return;
    if (const Record* r = find(item.kind, item.path, item.fingerprint)) {
      if (seen.insert(r).second) {
        kept_.push_back(r->raw);
        kept_bytes_ += r->raw.size();
      }
      return;
    }
    fresh.push_back(item);
  };
  for (const auto& [id, f] : facts) consider({kFactsKind, f.file, f.fingerprint, &f, nullptr});
  for (const auto& [path, p] : prose) consider({kProseKind, p.path, p.fingerprint, nullptr, &p});

  // Each record is made in place: its size and hash are filled in once its body is there.
  encoded_.assign(fresh.size(), std::string());
  parallel_for(fresh.size(), [&](std::size_t i) {
    const Item& item = fresh[i];
    std::string& record = encoded_[i];
    record.reserve(kRecordHead + kBodyHead + item.path.size() +
                   (item.prose ? item.prose->html().size() + 1024 : 4096));
    record.resize(kRecordHead);
    record += static_cast<char>(item.kind);
    put<std::uint64_t>(record, item.fingerprint);
    put<std::uint32_t>(record, static_cast<std::uint32_t>(item.path.size()));
    record += item.path;
    try {
      if (item.facts) encode_facts(*item.facts, record);
      else encode_prose(*item.prose, record);
    } catch (const std::invalid_argument&) {
      std::string().swap(record);  // a value YAML never gives: not kept
      return;
    }
    std::string_view rest = std::string_view(record).substr(kRecordHead);
    const auto n = static_cast<std::uint32_t>(rest.size());
    const std::uint64_t hash = hash_bytes(rest);
    std::memcpy(record.data(), &n, 4);
    std::memcpy(record.data() + 4, &hash, 8);
  });
  saved_ = 0;
  for (const std::string& r : encoded_) saved_ += r.empty() ? 0 : 1;
}

void ProductStore::save(FileSystem& out) {
  std::size_t fresh_bytes = 0;
  for (const std::string& r : encoded_) fresh_bytes += r.size();
  const std::string head = header(key_);
  const std::size_t unused = file_bytes_ - files_.size() * head.size() - kept_bytes_;
  // The first free name, unless every product is to be written afresh into the first.
  int free_name = 0;
  for (int n = 1; n <= kProductsFiles && free_name == 0; ++n) {
    if (out.kind(file_name(n)) == FileKind::none) free_name = n;
  }
  compacted_ = foreign_ || free_name == 0 || unused > kept_bytes_ + fresh_bytes;
  if (!compacted_ && saved_ == 0) return;  // nothing new, nothing to drop

  // Written in pieces (the records are never joined into one more copy), into a new
  // file: a build stopped while writing it leaves a truncated products file, whose
  // records after the cut are not used, and no temporary. A compaction writes the
  // staging name first, then renames it over the first file.
  std::vector<std::string_view> parts{head};
  if (compacted_) parts.insert(parts.end(), kept_.begin(), kept_.end());
  for (const std::string& r : encoded_) {
    if (!r.empty()) parts.push_back(r);
  }
  if (!compacted_) {
    out.create_file_parts(file_name(free_name), parts);
    std::vector<std::string>().swap(encoded_);
    return;
  }
  const std::string staging = std::string(kProductsPrefix) + "new";
  out.remove_file(staging);  // left by a build stopped while compacting
  out.create_file_parts(staging, parts);
  std::vector<std::string>().swap(encoded_);
  out.rename_file(staging, file_name(1));
  for (int n = 2; n <= kProductsFiles; ++n) out.remove_file(file_name(n));
}

}  // namespace reel
