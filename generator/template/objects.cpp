#include "template/objects.h"

#include <limits>
#include <memory>

#include "template/ops.h"
#include "template/printer.h"

namespace reel::tpl {

namespace {
thread_local NamespaceScope* current_scope = nullptr;
}  // namespace

NamespaceScope::NamespaceScope() : outer_(current_scope) { current_scope = this; }

NamespaceScope::~NamespaceScope() {
  current_scope = outer_;
  for (const auto& weak : made_) {
    if (std::shared_ptr<NamespaceObject> ns = weak.lock()) ns->clear();
  }
}

void NamespaceScope::add(const std::shared_ptr<NamespaceObject>& ns) {
  if (current_scope) current_scope->made_.push_back(ns);
}

Value NamespaceObject::get_attr(std::string_view name) const {
  if (const Value* v = attrs_.find(name)) return *v;
  return Value::undefined(name);
}

bool NamespaceObject::set_attr(std::string_view name, const Value& value) {
  attrs_.set(std::string(name), value);
  return true;
}

std::string NamespaceObject::repr() const {
  std::string out = "<Namespace {";
  bool first = true;
  for (const auto& [k, v] : attrs_) {
    if (!first) out += ", ";
    first = false;
    append_string_repr(out, k);
    out += ": ";
    append_repr(out, v);
  }
  return out + "}>";
}

namespace {

// Jinja's Cycler: next(), reset(), current.
class CyclerObject : public Object {
 public:
  explicit CyclerObject(ValueList items) : items_(std::move(items)) {}
  std::string_view type_name() const override { return "Cycler"; }
  Value get_attr(std::string_view name) const override {
    auto self = const_cast<CyclerObject*>(this);
    if (name == "current") return items_.empty() ? Value() : items_[pos_];
    if (name == "items") return Value(items_);
    if (name == "next") {
      return Value(std::make_shared<FunctionObject>("next", [self](const CallArgs&) {
        if (self->items_.empty()) return Value();
        Value v = self->items_[self->pos_];
        self->pos_ = (self->pos_ + 1) % self->items_.size();
        return v;
      }));
    }
    if (name == "reset") {
      return Value(std::make_shared<FunctionObject>("reset", [self](const CallArgs&) {
        self->pos_ = 0;
        return Value();
      }));
    }
    return Value::undefined(name);
  }

 private:
  ValueList items_;
  std::size_t pos_ = 0;
};

// Jinja's joiner: returns "" the first time, then the separator.
class JoinerObject : public Object {
 public:
  explicit JoinerObject(Value sep) : sep_(std::move(sep)) {}
  std::string_view type_name() const override { return "Joiner"; }
  bool callable() const override { return true; }
  Value call(const CallArgs&) override {
    if (!used_) {
      used_ = true;
      return Value("");
    }
    return sep_;
  }

 private:
  Value sep_;
  bool used_ = false;
};

// Python's range(), as a list. Jinja has no limit outside its sandbox; the number of
// items is checked against Options::max_list_items before anything is built.
Value do_range(const CallArgs& args) {
  if (!args.keyword.empty()) fail("range() takes no keyword arguments");
  std::int64_t start = 0, stop = 0, step = 1;
  const auto& p = args.positional;
  if (p.size() == 1) {
    stop = to_int(p[0]);
  } else if (p.size() == 2 || p.size() == 3) {
    start = to_int(p[0]);
    stop = to_int(p[1]);
    if (p.size() == 3) step = to_int(p[2]);
  } else {
    fail("range expected 1 to 3 arguments, got " + std::to_string(p.size()));
  }
  if (step == 0) fail("range() arg 3 must not be zero");
  // The item count in 128 bits: stop - start and the steps never overflow there.
  __int128 span = step > 0 ? static_cast<__int128>(stop) - start : static_cast<__int128>(start) - stop;
  __int128 st = step > 0 ? static_cast<__int128>(step) : -static_cast<__int128>(step);
  __int128 count = span <= 0 ? 0 : (span + st - 1) / st;
  constexpr __int128 kHuge = static_cast<__int128>(std::numeric_limits<std::size_t>::max());
  check_list_size(count >= kHuge ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(count));
  ValueList out;
  out.reserve(static_cast<std::size_t>(count));
  __int128 i = start;
  for (std::size_t k = 0; k < static_cast<std::size_t>(count); ++k, i += step) out.emplace_back(static_cast<std::int64_t>(i));
  return Value(std::move(out));
}

const char* const kLipsumWords[] = {
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do",
    "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua"};

}  // namespace

ValueMap builtin_globals() {
  ValueMap g;
  g.set("range", Value(std::make_shared<FunctionObject>("range", do_range)));
  g.set("dict", Value(std::make_shared<FunctionObject>("dict", [](const CallArgs& args) {
          ValueMap m;
          for (const auto& p : args.positional) {
            if (p.is_map()) {
              for (const auto& [k, v] : p.as_map()) m.set(k, v);
            } else {
              for (const auto& item : to_list(p, true)) {
                if (!item.is_list() || item.as_list().size() != 2) fail("dict() sequence elements must be pairs");
                m.set(to_str(item.as_list()[0]), item.as_list()[1]);
              }
            }
          }
          for (const auto& [k, v] : args.keyword) m.set(k, v);
          return Value(std::move(m));
        })));
  g.set("namespace", Value(std::make_shared<FunctionObject>("namespace", [](const CallArgs& args) {
          ValueMap m;
          for (const auto& p : args.positional) {
            if (!p.is_map()) fail("namespace() takes a dict or keyword arguments");
            for (const auto& [k, v] : p.as_map()) m.set(k, v);
          }
          for (const auto& [k, v] : args.keyword) m.set(k, v);
          auto ns = std::make_shared<NamespaceObject>(std::move(m));
          NamespaceScope::add(ns);
          return Value(std::move(ns));
        })));
  g.set("cycler", Value(std::make_shared<FunctionObject>("cycler", [](const CallArgs& args) {
          if (args.positional.empty()) fail("cycler() needs at least one item");
          return Value(std::make_shared<CyclerObject>(args.positional));
        })));
  g.set("joiner", Value(std::make_shared<FunctionObject>("joiner", [](const CallArgs& args) {
          Value sep = args.positional.empty() ? Value(", ") : args.positional[0];
          for (const auto& [k, v] : args.keyword) {
            if (k == "sep") sep = v;
          }
          return Value(std::make_shared<JoinerObject>(sep));
        })));
  g.set("lipsum", Value(std::make_shared<FunctionObject>("lipsum", [](const CallArgs& args) {
          // Deterministic placeholder text (Jinja's is random): n paragraphs of 20 words.
          std::int64_t n = args.positional.empty() ? 5 : to_int(args.positional[0]);
          std::string out;
          for (std::int64_t p = 0; p < n; ++p) {
            if (p) out += "\n\n";
            std::string para;
            for (int w = 0; w < 20; ++w) {
              if (w) para += ' ';
              para += kLipsumWords[(p * 7 + w) % 19];
            }
            para[0] = static_cast<char>(para[0] - 32);
            append_checked(out, "<p>" + para + ".</p>");
          }
          return Value::markup(std::move(out));
        })));
  return g;
}

}  // namespace reel::tpl
