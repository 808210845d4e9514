// Fuzz target: the build's products (build/products.h) and the CBOR reader behind them
// (input/json.h cbor_to_value). A products record whose bytes match its hash is decoded
// as it stands, so the decoders must refuse whatever they cannot read, never crash: the
// input is decoded as a facts body, as a prose body (copying its HTML, then sharing it),
// and as one CBOR item, which must give what nlohmann's JSON tree gives. What decodes
// must encode and decode again to the same thing. Then it is loaded as the records of a
// products file of the right key, whose every record is looked up.
#include <nlohmann/json.hpp>

#include "base/fs.h"
#include "build/products.h"
#include "fuzz_util.h"
#include "input/json.h"

using namespace reel;

namespace {

using Json = nlohmann::ordered_json;

/// Whether `j` holds a binary string, or nests deeper than `depth` arrays and objects:
/// what cbor_to_value refuses and nlohmann's tree keeps.
bool beyond_values(const Json& j, std::uint32_t depth) {
  if (j.is_binary()) return true;
  if (!j.is_array() && !j.is_object()) return false;
  if (depth == 0) return true;
  for (const auto& item : j) {
    if (beyond_values(item, depth - 1)) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = fuzz::bytes(data, size);

  // One CBOR item: the SAX reader gives the tree's Value, or refuses what it must.
  std::optional<Value> value = cbor_to_value(text, 64);
  Json tree;
  bool parsed = false;
  // nlohmann's tree parser recurses once per level with no limit: only inputs too short
  // to nest deeper than the stack holds are compared.
  if (size <= 2048) {
    try {
      tree = Json::from_cbor(data, data + size);
      parsed = true;
    } catch (const Json::exception&) {
    }
  }
  if (value && !parsed && size <= 2048) __builtin_trap();  // accepted what nlohmann refuses
  if (parsed && !beyond_values(tree, 64)) {
    if (!value || !identical(*value, json_to_value(tree))) __builtin_trap();
  }

  // A facts body: what decodes encodes to bytes that decode and encode to the same bytes
  // (the first encoding may normalize, as a NaN's payload).
  try {
    if (std::optional<FactsFile> facts = decode_facts(text)) {
      std::string once = encode_facts(*facts);
      std::optional<FactsFile> back = decode_facts(once);
      if (!back || encode_facts(*back) != once) __builtin_trap();
    }
    // A prose body, its HTML copied, then shared with the bytes' owner.
    std::optional<ProseFile> copied = decode_prose(text);
    auto owned = std::make_shared<const std::string>(text);
    std::optional<ProseFile> shared = decode_prose(*owned, owned);
    if (copied.has_value() != shared.has_value()) __builtin_trap();
    if (copied) {
      if (copied->html() != shared->html() || !same_but_body(*copied, *shared)) __builtin_trap();
      std::string once = encode_prose(*shared);
      std::optional<ProseFile> back = decode_prose(once);
      if (!back || encode_prose(*back) != once) __builtin_trap();
    }
  } catch (const std::invalid_argument&) {
    __builtin_trap();  // a decoded value the encoder refuses: decoding gave what YAML never gives
  }

  // The input as a products file, of another key and then of the store's own (the
  // header written as products.h says): load() indexes what it can; the build's end
  // (prepare, save) keeps none of it, since this build used none.
  for (const std::string& head : {std::string(), std::string("reel-products 1 0000000000000000\n")}) {
    ProductStore store(0);
    MemoryFileSystem out;
    out.write(".reel-products.1", head + std::string(text));
    store.load(out);
    store.prepare(FactsSet{}, ProseSet{});
    store.save(out);
    if (store.saved() != 0) __builtin_trap();
  }
  return 0;
}
