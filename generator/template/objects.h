// objects: the host objects templates see: plain functions (the `range`, `dict`,
// `namespace`, `cycler`, `joiner` and `lipsum` globals of Jinja's "List of Global
// Functions"), namespaces, cyclers, joiners, and bound methods.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/value.h"

namespace reel::tpl {

class Context;

/// A callable Object backed by a std::function; `name` shows in messages and repr.
class FunctionObject : public Object {
 public:
  using Fn = std::function<Value(const CallArgs&)>;
  FunctionObject(std::string name, Fn fn) : name_(std::move(name)), fn_(std::move(fn)) {}
  std::string_view type_name() const override { return "function"; }
  bool callable() const override { return true; }
  Value call(const CallArgs& args) override { return fn_(args); }
  std::string repr() const override { return "<function " + name_ + ">"; }

 private:
  std::string name_;
  Fn fn_;
};

/// A global function that needs the render context (Environment::add_function). The
/// renderer calls call_in(); a plain call() without context is an error.
class ContextFunctionObject : public Object {
 public:
  using Fn = std::function<Value(const CallArgs&, const Context&)>;
  ContextFunctionObject(std::string name, Fn fn) : name_(std::move(name)), fn_(std::move(fn)) {}
  std::string_view type_name() const override { return "function"; }
  bool callable() const override { return true; }
  Value call_in(const CallArgs& args, const Context& ctx) const { return fn_(args, ctx); }
  std::string repr() const override { return "<function " + name_ + ">"; }

 private:
  std::string name_;
  Fn fn_;
};

/// Jinja's namespace(): attributes can be assigned with `{% set ns.x = 1 %}`, even
/// from inside loops ("Assignments", Scoping Behavior).
class NamespaceObject : public Object {
 public:
  explicit NamespaceObject(ValueMap attrs) : attrs_(std::move(attrs)) {}
  std::string_view type_name() const override { return "Namespace"; }
  Value get_attr(std::string_view name) const override;
  bool set_attr(std::string_view name, const Value& value) override;
  std::string repr() const override;
  /// Drops every attribute (see NamespaceScope).
  void clear() { attrs_ = ValueMap{}; }

 private:
  ValueMap attrs_;
};

/// The namespaces made by `namespace()` while one render runs on this thread. A
/// template can make a namespace hold itself (`{% set ns.me = ns %}`), a reference
/// cycle that would never be freed; when the render ends, the scope clears every
/// namespace it saw, which breaks such cycles. Scopes nest (a render inside a render).
class NamespaceScope {
 public:
  NamespaceScope();
  ~NamespaceScope();
  NamespaceScope(const NamespaceScope&) = delete;
  NamespaceScope& operator=(const NamespaceScope&) = delete;
  /// Records `ns` in the innermost scope of this thread (none: nothing to do).
  static void add(const std::shared_ptr<NamespaceObject>& ns);

 private:
  std::vector<std::weak_ptr<NamespaceObject>> made_;
  NamespaceScope* outer_;
};

/// Registers nothing; returns the built-in globals: range, dict, namespace, cycler,
/// joiner, lipsum. Each call creates stateless function objects safe to share between
/// threads.
ValueMap builtin_globals();

}  // namespace reel::tpl
