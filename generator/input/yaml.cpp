#include "input/yaml.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/eventhandler.h>

namespace reel {

namespace {

/// A diagnostic at yaml-cpp's 0-based `mark` with its line of `text`.
Diagnostic mark_diagnostic(const YAML::Mark& mark, std::string_view text, const std::string& file, std::uint32_t line_offset,
                           std::string message, std::string hint) {
  Diagnostic d;
  d.pos = SourcePos{file, static_cast<std::uint32_t>(mark.line + 1) + line_offset, static_cast<std::uint32_t>(mark.column + 1)};
  d.message = std::move(message);
  d.hint = std::move(hint);
  d.source_line = std::string(line_of(text, static_cast<std::uint32_t>(mark.line + 1)));
  return d;
}

/// a + b, stopping at a bound far above any limit instead of wrapping around.
std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  constexpr std::uint64_t kCap = std::uint64_t(1) << 62;
  return a >= kCap || b >= kCap || a + b >= kCap ? kCap : a + b;
}

/// Reads a document's parser events once, before its nodes are built, and throws at the
/// first duplicate key, nesting past the depth limit or alias inside its own anchor;
/// finish() then checks how many nodes the aliases repeat. It never expands an alias:
/// each anchor's node records its size and height when it ends, and an alias adds them.
class DocumentChecker : public YAML::EventHandler {
 public:
  DocumentChecker(std::string_view text, const std::string& file, std::uint32_t line_offset, const YamlLimits& limits)
      : text_(text), file_(file), line_offset_(line_offset), limits_(limits) {}

  /// Throws when the aliases repeat more nodes than the limits allow.
  void finish() const {
    std::uint64_t allowed = std::max(limits_.min_alias_nodes, limits_.alias_factor * written_);
    for (const AliasUse& use : aliases_) {
      if (use.total <= allowed) continue;
      const Anchor& a = anchors_[use.anchor];
      std::string size = a.size >= (std::uint64_t(1) << 62) ? "more than 4·10¹⁸" : std::to_string(a.size);
      throw Error(mark_diagnostic(
          use.mark, text_, file_, line_offset_,
          "aliases repeat more than " + std::to_string(allowed) + " nodes here: `*" + a.name + "` stands for the " + size +
              " nodes of `&" + a.name + "`",
          "`&" + a.name + "` is at " + pos_str(a.mark) +
              "; an alias repeats its anchor's whole node, aliases in it included, so nested aliases multiply "
              "(a \"billion laughs\"): write the data out, or alias less"));
    }
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
    pending_name_ = name;
    pending_mark_ = mark;
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    leaf(mark, anchor, "", "null");
  }

  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    leaf(mark, anchor, value, value);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const Anchor& a = anchor_at(anchor);
    if (!a.complete) {
      throw Error(mark_diagnostic(mark, text_, file_, line_offset_,
                                  "alias `*" + a.name + "` is inside the node of its own anchor `&" + a.name + "`",
                                  "a node cannot contain itself; `&" + a.name + "` is at " + pos_str(a.mark)));
    }
    if (frames_.size() + a.height > limits_.max_depth) {
      throw Error(mark_diagnostic(mark, text_, file_, line_offset_,
                                  "alias `*" + a.name + "` nests its anchor's node deeper than " +
                                      std::to_string(limits_.max_depth) + " levels",
                                  "`&" + a.name + "` is at " + pos_str(a.mark) + "; write flatter data"));
    }
    if (is_key()) {
      if (a.scalar) check_key(mark, a.value, a.value);
    }
    alias_total_ = saturating_add(alias_total_, a.size);
    aliases_.push_back({mark, anchor, alias_total_});
    end_node(a.size, a.height);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor, true);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Anchor {
    std::string name;
    YAML::Mark mark;
    std::uint64_t size = 0;    ///< nodes it stands for, aliases inside expanded
    std::uint32_t height = 0;  ///< collections nested in it, itself included
    bool complete = false;     ///< its node has ended (an alias may name it)
    bool scalar = false;
    std::string value;  ///< a scalar's text, for keys written as aliases
  };
  struct Frame {
    bool map = false;
    YAML::anchor_t anchor = 0;
    std::uint64_t size = 1;
    std::uint32_t height = 1;
    bool expect_key = true;  ///< in a map: the next node is a key
    std::unordered_map<std::string, YAML::Mark> keys;
  };
  struct AliasUse {
    YAML::Mark mark;
    YAML::anchor_t anchor = 0;
    std::uint64_t total = 0;  ///< nodes repeated by the aliases so far, this one included
  };

  std::string pos_str(const YAML::Mark& mark) const {
    return SourcePos{file_, static_cast<std::uint32_t>(mark.line + 1) + line_offset_, static_cast<std::uint32_t>(mark.column + 1)}
        .str();
  }

  Anchor& anchor_at(YAML::anchor_t anchor) {
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
    return anchors_[anchor];
  }

  /// Names anchor `anchor` with the name OnAnchor gave just before its node.
  void start_anchor(YAML::anchor_t anchor, const YAML::Mark& mark) {
    if (anchor == 0) return;
    Anchor& a = anchor_at(anchor);
    a = Anchor{};
    a.name = pending_name_;
    a.mark = pending_name_.empty() ? mark : pending_mark_;
    pending_name_.clear();
  }

  /// True when the node starting now is a key of the map around it.
  bool is_key() const { return !frames_.empty() && frames_.back().map && frames_.back().expect_key; }

  void check_key(const YAML::Mark& mark, const std::string& key, const std::string& shown) {
    auto [it, added] = frames_.back().keys.emplace(key, mark);
    if (added) return;
    throw Error(mark_diagnostic(mark, text_, file_, line_offset_,
                                "duplicate key `" + shown + "`: first at " + pos_str(it->second),
                                "a key may appear once in a map (YAML 1.2, section 3.2.1.1): delete one of the two"));
  }

  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, const std::string& key, const std::string& shown) {
    ++written_;
    if (is_key()) check_key(mark, key, shown);
    if (anchor != 0) {
      start_anchor(anchor, mark);
      Anchor& a = anchors_[anchor];
      a.size = 1;
      a.complete = a.scalar = true;
      a.value = key;
    }
    end_node(1, 0);
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool map) {
    ++written_;
    if (frames_.size() + 1 > limits_.max_depth) {
      throw Error(mark_diagnostic(mark, text_, file_, line_offset_,
                                  "YAML nested deeper than " + std::to_string(limits_.max_depth) + " levels",
                                  "maps and lists may hold each other at most " + std::to_string(limits_.max_depth) +
                                      " deep: write flatter data"));
    }
    start_anchor(anchor, mark);
    Frame f;
    f.map = map;
    f.anchor = anchor;
    frames_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    if (f.anchor != 0) {
      Anchor& a = anchors_[f.anchor];
      a.size = f.size;
      a.height = f.height;
      a.complete = true;
    }
    end_node(f.size, f.height);
  }

  /// Adds a finished node (or an alias, as the node it repeats) to the collection around it.
  void end_node(std::uint64_t size, std::uint32_t height) {
    if (frames_.empty()) return;
    Frame& parent = frames_.back();
    parent.size = saturating_add(parent.size, size);
    parent.height = std::max(parent.height, height + 1);
    if (parent.map) parent.expect_key = !parent.expect_key;
  }

  std::string_view text_;
  const std::string& file_;
  std::uint32_t line_offset_;
  const YamlLimits& limits_;
  std::vector<Frame> frames_;
  std::vector<Anchor> anchors_;
  std::vector<AliasUse> aliases_;
  std::string pending_name_;
  YAML::Mark pending_mark_;
  std::uint64_t written_ = 0;      ///< nodes written in the document (aliases not counted)
  std::uint64_t alias_total_ = 0;  ///< nodes the aliases stand for, all together
};

/// Whether the node tree of a document without aliases might break a rule that
/// DocumentChecker enforces: a map with two equal keys (scalars, or nulls, which it
/// compares as the empty string) or collections nested deeper than `max_depth`.
/// `depth` is the number of collections around `node`. Stops descending past max_depth,
/// so it recurses at most max_depth + 1 deep.
bool may_break_limits(const YAML::Node& node, std::uint32_t depth, std::uint32_t max_depth) {
  if (!node.IsMap() && !node.IsSequence()) return false;
  if (depth + 1 > max_depth) return true;
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      if (may_break_limits(item, depth + 1, max_depth)) return true;
    }
    return false;
  }
  std::vector<const std::string*> keys;
  keys.reserve(node.size());
  for (const auto& kv : node) {
    if (kv.first.IsScalar() || kv.first.IsNull()) keys.push_back(&kv.first.Scalar());
    if (may_break_limits(kv.first, depth + 1, max_depth) || may_break_limits(kv.second, depth + 1, max_depth)) return true;
  }
  std::sort(keys.begin(), keys.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
  return std::adjacent_find(keys.begin(), keys.end(), [](const std::string* a, const std::string* b) { return *a == *b; }) !=
         keys.end();
}

}  // namespace

YAML::Node parse_yaml(std::string_view text, const std::string& file, std::uint32_t line_offset, const YamlLimits& limits) {
  if (std::optional<Diagnostic> bad = utf8_diagnostic(text, file, line_offset)) throw Error(std::move(*bad));
  std::string copy(text);
  try {
    // One parse instead of two, for a document that can hold no alias: it has no `*`
    // (an alias is `*name`: YAML 1.2, section 7.1). Its node tree is then as written,
    // and what DocumentChecker refuses (duplicate keys, nesting past max_depth) can be
    // found on the tree. yaml-cpp's parser bounds its own recursion (its DepthGuard
    // stops a few hundred levels deep, using less than 256 KB of stack). A document
    // that may break a rule (or that yaml-cpp refuses) is read a second time, by
    // DocumentChecker first, so that the error reported is the first one in the text,
    // as before.
    if (text.find('*') == std::string_view::npos) {
      std::optional<YAML::Node> root;
      try {
        root = YAML::Load(copy);
      } catch (const YAML::Exception&) {
        // Checked below: DocumentChecker may find an earlier error than yaml-cpp's.
      }
      if (root && !may_break_limits(*root, 0, limits.max_depth)) return *root;
    }
    {
      std::istringstream in(copy);
      YAML::Parser parser(in);
      DocumentChecker checker(text, file, line_offset, limits);
      parser.HandleNextDocument(checker);
      checker.finish();
    }
    return YAML::Load(copy);
  } catch (const YAML::Exception& e) {
    Diagnostic d;
    d.pos = SourcePos{file, static_cast<std::uint32_t>(e.mark.line + 1 + line_offset),
                      static_cast<std::uint32_t>(e.mark.column + 1)};
    if (e.mark.is_null()) d.pos.line = d.pos.column = 0;
    d.message = "invalid YAML: " + e.msg;
    d.source_line = std::string(line_of(text, static_cast<std::uint32_t>(e.mark.line + 1)));
    d.hint = "check the indentation and quoting on this line or the one above";
    throw Error(std::move(d));
  }
}

bool has_translated_tag(const YAML::Node& node) {
  return node.IsDefined() && node.Tag() == kTranslatedTag;
}

SourcePos yaml_pos(const YAML::Node& node, const std::string& file, std::uint32_t line_offset) {
  YAML::Mark m = node.Mark();
  if (m.is_null()) return SourcePos{file};
  return SourcePos{file, static_cast<std::uint32_t>(m.line + 1 + line_offset),
                   static_cast<std::uint32_t>(m.column + 1)};
}

Diagnostic yaml_diagnostic(const YAML::Node& node, std::string_view text, const std::string& file,
                           std::string message, std::string hint, std::uint32_t line_offset) {
  Diagnostic d;
  d.pos = yaml_pos(node, file, line_offset);
  d.message = std::move(message);
  d.hint = std::move(hint);
  if (d.pos.line > line_offset) d.source_line = std::string(line_of(text, d.pos.line - line_offset));
  return d;
}

namespace {

bool parse_int(const std::string& s, std::int64_t& out) {
  std::string_view v = s;
  if (!v.empty() && v.front() == '+') v.remove_prefix(1);
  if (v.empty()) return false;
  int base = 10;
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'o')) {
    base = v[1] == 'x' ? 16 : 8;
    v.remove_prefix(2);
  }
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out, base);
  return ec == std::errc() && ptr == v.data() + v.size();
}

bool parse_float(const std::string& s, double& out) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") { out = HUGE_VAL; return true; }
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") { out = -HUGE_VAL; return true; }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") { out = std::nan(""); return true; }
  // YAML 1.2 core schema: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool digits = false;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; digits = true; }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; digits = true; }
  }
  if (!digits) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    bool exp = false;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; exp = true; }
    if (!exp) return false;
  }
  if (i != s.size()) return false;
  out = std::strtod(s.c_str(), nullptr);
  return true;
}

Value scalar_to_value(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  // Quoted and block scalars carry the "!" tag, and tagged ones their tag ("!translated"
  // misplaced on a scalar is reported by the caller); only untagged plain scalars are typed.
  if (node.Tag() != "?") return Value(s);
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value();
  if (s == "true" || s == "True" || s == "TRUE") return Value(true);
  if (s == "false" || s == "False" || s == "FALSE") return Value(false);
  std::int64_t i = 0;
  if (parse_int(s, i)) return Value(i);
  double d = 0;
  if (parse_float(s, d)) return Value(d);
  return Value(s);
}

}  // namespace

Value yaml_to_value(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: return Value();
    case YAML::NodeType::Scalar: return scalar_to_value(node);
    case YAML::NodeType::Sequence: {
      ValueList list;
      list.reserve(node.size());
      for (const auto& item : node) list.push_back(yaml_to_value(item));
      return Value(std::move(list));
    }
    case YAML::NodeType::Map: {
      ValueMap map;
      map.reserve(node.size());
      for (const auto& kv : node) map.set(kv.first.Scalar(), yaml_to_value(kv.second));
      return Value(std::move(map));
    }
  }
  return Value();
}

}  // namespace reel
