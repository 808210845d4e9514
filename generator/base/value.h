// value: the one dynamic Value shared by facts, front matter and templates: undefined,
// none, bool, int, double, string, markup (an HTML-safe string), list, map (ordered
// like a Python dict) and host objects (loops, macros, namespaces, functions).
//
// Values are cheap to copy: strings, lists, maps and objects are shared, immutable
// once built (objects may keep their own mutable state, as Jinja's namespace does).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace reel {

class Value;
class ValueMap;
class Object;
using ValueList = std::vector<Value>;

/// Arguments of a call from a template: positional first, then keyword arguments in
/// the order written.
struct CallArgs {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keyword;
};

class Value {
 public:
  enum class Kind : std::uint8_t {
    kUndefined, kNone, kBool, kInt, kDouble, kString, kMarkup, kList, kMap, kObject
  };

  /// None (Python's None, YAML's null).
  Value() : kind_(Kind::kNone) {}
  Value(std::nullptr_t) : kind_(Kind::kNone) {}
  Value(bool b) : kind_(Kind::kBool), b_(b) {}
  Value(int i) : kind_(Kind::kInt), i_(i) {}
  Value(std::int64_t i) : kind_(Kind::kInt), i_(i) {}
  Value(double d) : kind_(Kind::kDouble), d_(d) {}
  Value(const char* s);
  Value(std::string_view s);
  Value(std::string s);
  Value(ValueList list);
  Value(ValueMap map);
  Value(std::shared_ptr<Object> object);

  /// An undefined value; `name` (may be empty) is kept for "`x` is undefined" messages.
  static Value undefined(std::string_view name = {});
  /// A string that is already safe HTML (Jinja's Markup): never escaped again.
  static Value markup(std::string html);
  /// A list that prints as a Python tuple, `(1, 2)`; otherwise it is a list in every way
  /// (is_list() is true, as_list() works).
  static Value tuple(ValueList items);

  Kind kind() const { return kind_; }
  bool is_undefined() const { return kind_ == Kind::kUndefined; }
  bool is_none() const { return kind_ == Kind::kNone; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_int() const { return kind_ == Kind::kInt; }
  bool is_double() const { return kind_ == Kind::kDouble; }
  bool is_number() const { return kind_ == Kind::kInt || kind_ == Kind::kDouble; }
  /// True for plain strings and markup.
  bool is_string() const { return kind_ == Kind::kString || kind_ == Kind::kMarkup; }
  bool is_markup() const { return kind_ == Kind::kMarkup; }
  bool is_list() const { return kind_ == Kind::kList; }
  /// True for lists made by Value::tuple().
  bool is_tuple() const { return kind_ == Kind::kList && tuple_; }
  bool is_map() const { return kind_ == Kind::kMap; }
  bool is_object() const { return kind_ == Kind::kObject; }

  /// Accessors; each requires the matching kind (checked with assert in debug builds).
  bool as_bool() const { return b_; }
  std::int64_t as_int() const { return i_; }
  /// The number as a double (ints convert).
  double as_double() const { return kind_ == Kind::kInt ? static_cast<double>(i_) : d_; }
  /// The text of a string or markup value.
  const std::string& as_string() const;
  const ValueList& as_list() const;
  const ValueMap& as_map() const;
  const std::shared_ptr<Object>& as_object() const;
  /// For undefined values: the name it was looked up by (may be empty).
  const std::string& undefined_name() const;

  /// Python truthiness: none, undefined, false, 0, 0.0, "" and empty lists and maps are false.
  bool truthy() const;

  /// Map lookup: the value under `key`, or undefined when this is not a map or has no
  /// such key.
  Value get(std::string_view key) const;

  /// Kind name as Jinja users know it: "undefined", "none", "bool", "int", "float",
  /// "string", "markup", "list", "dict", or the object's type name.
  std::string_view type_name() const;

  /// Python equality: 1 == 1.0, True == 1, lists and maps compare element-wise,
  /// markup equals a plain string with the same text, objects by identity.
  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

  /// Strict equality, for telling whether a template could print `a` and `b`
  /// differently: the same kind (1, 1.0 and true differ; a tuple is not a list), the
  /// same bits of a number, the same text, lists item by item, maps key by key in the
  /// same order, objects by identity, undefined values by name. Throws reel::Error past
  /// 1,000 levels of nesting, as operator== does.
  friend bool identical(const Value& a, const Value& b);

 private:
  Kind kind_;
  bool tuple_ = false;
  union {
    bool b_;
    std::int64_t i_;
    double d_ = 0;
  };
  // string / markup / undefined name: std::string; list: ValueList; map: ValueMap;
  // object: std::shared_ptr<Object> held through the aliasing constructor.
  std::shared_ptr<const void> ptr_;
  std::shared_ptr<Object> obj_;
};

/// A string-keyed map that keeps insertion order, like a Python dict and like YAML as
/// written. Lookups are linear for small maps and hashed past kIndexThreshold entries.
class ValueMap {
 public:
  using Entry = std::pair<std::string, Value>;
  static constexpr std::size_t kIndexThreshold = 8;

  ValueMap() = default;
  ValueMap(std::initializer_list<Entry> entries);

  /// Inserts or replaces; a replaced key keeps its original position (Python semantics).
  void set(std::string key, Value value);
  /// Room for `n` entries, so that a map filled from a known number of keys holds no
  /// unused capacity.
  void reserve(std::size_t n) { entries_.reserve(n); }
  /// The value under `key`, or nullptr.
  const Value* find(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::vector<Entry>& entries() const { return entries_; }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  /// Hashes std::string and std::string_view alike, so lookups never allocate.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t, KeyHash, std::equal_to<>> index_;  // built past kIndexThreshold
};

/// A host object reachable from templates: Jinja's loop, namespace, cycler, joiner,
/// macros, and functions a site registers. Override what the object supports; the
/// defaults say "no such attribute" and "not callable".
class Object {
 public:
  virtual ~Object() = default;
  /// The name shown in messages and by `repr`, e.g. "loop", "macro".
  virtual std::string_view type_name() const = 0;
  /// Attribute lookup (`obj.name`); undefined when the object has no such attribute.
  virtual Value get_attr(std::string_view name) const;
  /// Attribute assignment (`{% set ns.x = 1 %}`); false when not supported.
  virtual bool set_attr(std::string_view name, const Value& value);
  virtual bool callable() const { return false; }
  /// Calls the object. Throws reel::Error (without position; the caller adds it) on
  /// bad arguments or when the object is not callable.
  virtual Value call(const CallArgs& args);
  /// Python-style representation, used when the object is printed.
  virtual std::string repr() const;
};

}  // namespace reel
