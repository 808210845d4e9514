#include "base/value.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <cmath>
#include <optional>
#include <vector>

#include "base/diagnostics.h"

namespace reel {

namespace {
const std::string kEmpty;

/// Deletes lists and maps without recursion: a list a million levels deep (a template
/// can build one) would otherwise overflow the stack when its last reference goes. A
/// container released while another is being deleted waits in a queue of this thread.
struct FlatDeleter {
  struct Pending {
    const void* p;
    void (*destroy)(const void*);
  };
  template <typename T>
  void operator()(const T* p) const {
    thread_local bool deleting = false;
    thread_local std::vector<Pending> pending;
    if (deleting) {
      pending.push_back({p, [](const void* q) { delete static_cast<const T*>(q); }});
      return;
    }
    deleting = true;
    delete p;
    while (!pending.empty()) {
      Pending next = pending.back();
      pending.pop_back();
      next.destroy(next.p);
    }
    deleting = false;
  }
};

/// Comparing values nested deeper than this is an error, not a stack overflow.
constexpr int kMaxCompareDepth = 1000;
thread_local int compare_depth = 0;
}  // namespace

Value::Value(const char* s) : Value(std::string(s)) {}
Value::Value(std::string_view s) : Value(std::string(s)) {}
Value::Value(std::string s) : kind_(Kind::kString), ptr_(std::make_shared<const std::string>(std::move(s))) {}
Value::Value(ValueList list)
    : kind_(Kind::kList), ptr_(std::shared_ptr<const ValueList>(new ValueList(std::move(list)), FlatDeleter{})) {}
Value::Value(ValueMap map)
    : kind_(Kind::kMap), ptr_(std::shared_ptr<const ValueMap>(new ValueMap(std::move(map)), FlatDeleter{})) {}
Value::Value(std::shared_ptr<Object> object) : kind_(object ? Kind::kObject : Kind::kNone), obj_(std::move(object)) {}

Value Value::undefined(std::string_view name) {
  Value v;
  v.kind_ = Kind::kUndefined;
  if (!name.empty()) v.ptr_ = std::make_shared<const std::string>(name);
  return v;
}

Value Value::markup(std::string html) {
  Value v(std::move(html));
  v.kind_ = Kind::kMarkup;
  return v;
}

Value Value::tuple(ValueList items) {
  Value v(std::move(items));
  v.tuple_ = true;
  return v;
}

const std::string& Value::as_string() const {
  assert(is_string());
  return *static_cast<const std::string*>(ptr_.get());
}

const ValueList& Value::as_list() const {
  assert(is_list());
  return *static_cast<const ValueList*>(ptr_.get());
}

const ValueMap& Value::as_map() const {
  assert(is_map());
  return *static_cast<const ValueMap*>(ptr_.get());
}

const std::shared_ptr<Object>& Value::as_object() const {
  assert(is_object());
  return obj_;
}

const std::string& Value::undefined_name() const {
  if (kind_ != Kind::kUndefined || !ptr_) return kEmpty;
  return *static_cast<const std::string*>(ptr_.get());
}

bool Value::truthy() const {
  switch (kind_) {
    case Kind::kUndefined:
    case Kind::kNone: return false;
    case Kind::kBool: return b_;
    case Kind::kInt: return i_ != 0;
    case Kind::kDouble: return d_ != 0.0;
    case Kind::kString:
    case Kind::kMarkup: return !as_string().empty();
    case Kind::kList: return !as_list().empty();
    case Kind::kMap: return !as_map().empty();
    case Kind::kObject: return true;
  }
  return false;
}

Value Value::get(std::string_view key) const {
  if (kind_ == Kind::kMap) {
    if (const Value* v = as_map().find(key)) return *v;
  }
  return undefined(key);
}

std::string_view Value::type_name() const {
  switch (kind_) {
    case Kind::kUndefined: return "undefined";
    case Kind::kNone: return "none";
    case Kind::kBool: return "bool";
    case Kind::kInt: return "int";
    case Kind::kDouble: return "float";
    case Kind::kString: return "string";
    case Kind::kMarkup: return "markup";
    case Kind::kList: return "list";
    case Kind::kMap: return "dict";
    case Kind::kObject: return obj_->type_name();
  }
  return "?";
}

bool operator==(const Value& a, const Value& b) {
  using K = Value::Kind;
  // Numbers (bool counts as a number in Python) compare by value across kinds.
  auto numeric = [](const Value& v) { return v.is_number() || v.is_bool(); };
  if (numeric(a) && numeric(b)) {
    auto as_d = [](const Value& v) { return v.is_bool() ? (v.as_bool() ? 1.0 : 0.0) : v.as_double(); };
    if ((a.is_int() || a.is_bool()) && (b.is_int() || b.is_bool())) {
      auto as_i = [](const Value& v) { return v.is_bool() ? std::int64_t(v.as_bool()) : v.as_int(); };
      return as_i(a) == as_i(b);
    }
    return as_d(a) == as_d(b);
  }
  if (a.is_string() && b.is_string()) return a.as_string() == b.as_string();
  if (a.kind() != b.kind()) return false;
  if ((a.is_list() || a.is_map()) && a.ptr_ == b.ptr_) return true;  // the very same container
  struct Depth {
    Depth() {
      if (++compare_depth > kMaxCompareDepth) {
        --compare_depth;
        throw Error(SourcePos{}, "value nested too deeply to be compared (more than " + std::to_string(kMaxCompareDepth) + " levels)");
      }
    }
    ~Depth() { --compare_depth; }
  };
  std::optional<Depth> depth;
  if (a.is_list() || a.is_map()) depth.emplace();
  switch (a.kind()) {
    case K::kUndefined:
    case K::kNone: return true;
    case K::kList: return a.as_list() == b.as_list();
    case K::kMap: {
      const ValueMap& x = a.as_map();
      const ValueMap& y = b.as_map();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x) {
        const Value* other = y.find(k);
        if (!other || !(*other == v)) return false;
      }
      return true;
    }
    case K::kObject: return a.as_object() == b.as_object();
    default: return false;
  }
}

bool identical(const Value& a, const Value& b) {
  using K = Value::Kind;
  if (a.kind_ != b.kind_ || a.tuple_ != b.tuple_) return false;
  switch (a.kind_) {
    case K::kNone: return true;
    case K::kBool: return a.b_ == b.b_;
    case K::kInt: return a.i_ == b.i_;
    case K::kDouble: return std::memcmp(&a.d_, &b.d_, sizeof a.d_) == 0;
    case K::kUndefined: return a.undefined_name() == b.undefined_name();
    case K::kString:
    case K::kMarkup: return a.as_string() == b.as_string();
    case K::kObject: return a.obj_ == b.obj_;
    case K::kList:
    case K::kMap: break;
  }
  if (a.ptr_ == b.ptr_) return true;  // the very same container
  if (++compare_depth > kMaxCompareDepth) {
    --compare_depth;
    throw Error(SourcePos{}, "value nested too deeply to be compared (more than " + std::to_string(kMaxCompareDepth) + " levels)");
  }
  struct Leave {
    ~Leave() { --compare_depth; }
  } leave;
  if (a.is_list()) {
    const ValueList& x = a.as_list();
    const ValueList& y = b.as_list();
    return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), [](const Value& p, const Value& q) { return identical(p, q); });
  }
  const ValueMap& x = a.as_map();
  const ValueMap& y = b.as_map();
  return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), [](const auto& p, const auto& q) {
           return p.first == q.first && identical(p.second, q.second);
         });
}

ValueMap::ValueMap(std::initializer_list<Entry> entries) {
  for (const auto& e : entries) set(e.first, e.second);
}

void ValueMap::set(std::string key, Value value) {
  if (Value* existing = const_cast<Value*>(find(key))) {
    *existing = std::move(value);
    return;
  }
  entries_.emplace_back(std::move(key), std::move(value));
  if (entries_.size() > kIndexThreshold) {
    if (index_.empty()) {
      for (std::size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].first, i);
    } else {
      index_.emplace(entries_.back().first, entries_.size() - 1);
    }
  }
}

const Value* ValueMap::find(std::string_view key) const {
  if (!index_.empty()) {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &entries_[it->second].second;
  }
  for (const auto& e : entries_) {
    if (e.first == key) return &e.second;
  }
  return nullptr;
}

Value Object::get_attr(std::string_view name) const { return Value::undefined(name); }

bool Object::set_attr(std::string_view, const Value&) { return false; }

Value Object::call(const CallArgs&) {
  throw Error(SourcePos{}, "`" + std::string(type_name()) + "` object is not callable");
}

std::string Object::repr() const { return "<" + std::string(type_name()) + " object>"; }

}  // namespace reel
