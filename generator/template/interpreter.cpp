#include "template/interpreter.h"

#include <algorithm>
#include <exception>
#include <new>
#include <stdexcept>

#include "base/diagnostics.h"
#include "base/fs.h"
#include "template/objects.h"
#include "template/ops.h"
#include "template/printer.h"

namespace reel::tpl {

// ---- Context ------------------------------------------------------------------

Value Context::lookup(std::string_view name) const { return renderer_->lookup(*frame_, name); }
bool Context::autoescape() const { return renderer_->autoescape(); }
bool Context::strict_undefined() const { return renderer_->environment().options().strict_undefined; }
bool Context::strict_conditions() const {
  const Options& o = renderer_->environment().options();
  return o.strict_undefined && o.strict_conditions;
}
bool Context::condition_truth(const Value& v) const {
  if (v.is_undefined() && strict_conditions()) return truth(v, true);
  return v.truthy();
}
const Environment& Context::environment() const { return renderer_->environment(); }
const std::string& Context::template_name() const { return renderer_->current_template().name; }

namespace detail {

/// One inheritance chain (Jinja's Context): the blocks by name, child first, and the
/// frame holding template-level variables.
struct Renderer::Run {
  std::unordered_map<std::string_view, std::vector<const BlockStmt*>> blocks;
  Frame* root = nullptr;
  const Template* parent = nullptr;  // set by `extends`, rendered after the child
  bool extended_here = false;
  Pos extends_pos;
};

struct Renderer::Saved {
  explicit Saved(Renderer& r)
      : r_(r), out_(r.out_), tmpl_(r.tmpl_), autoescape_(r.autoescape_), run_(r.run_), toplevel_(r.toplevel_),
        suppressed_(r.suppressed_), block_input_(r.block_input_) {}
  ~Saved() {
    r_.out_ = out_;
    r_.tmpl_ = tmpl_;
    r_.autoescape_ = autoescape_;
    r_.run_ = run_;
    r_.toplevel_ = toplevel_;
    r_.suppressed_ = suppressed_;
    r_.block_input_ = block_input_;
  }
  Renderer& r_;
  std::string* out_;
  const Template* tmpl_;
  bool autoescape_;
  Run* run_;
  bool toplevel_;
  bool suppressed_;
  const Value* block_input_;
};

struct Renderer::DepthGuard {
  DepthGuard(Renderer& r, Pos pos) : r_(r) {
    if (++r_.depth_ > r_.env_.options().max_depth) {
      --r_.depth_;
      r_.fail_at(pos, "maximum nesting depth of " + std::to_string(r_.env_.options().max_depth) + " exceeded",
                 "a macro, include, extends or recursive loop probably calls itself without end");
    }
  }
  ~DepthGuard() { --r_.depth_; }
  Renderer& r_;
};

// ---- host objects ---------------------------------------------------------------

/// A macro or the body of a call block, callable from templates.
class MacroObject : public Object {
 public:
  MacroObject(Renderer* r, const MacroDef* def, const Template* tmpl, Frame* closure, bool autoescape, void* run)
      : renderer_(r), def_(def), tmpl_(tmpl), closure_(closure), autoescape_(autoescape), run_(run) {}
  std::string_view type_name() const override { return "Macro"; }
  bool callable() const override { return true; }
  Value call(const CallArgs& args) override { return renderer_->call_macro(*this, args); }
  Value get_attr(std::string_view name) const override {
    if (name == "name") return Value(def_->name);
    if (name == "arguments") {
      ValueList params;
      for (const auto& p : def_->params) params.emplace_back(p);
      return Value::tuple(std::move(params));
    }
    if (name == "catch_kwargs") return Value(def_->uses_kwargs);
    if (name == "catch_varargs") return Value(def_->uses_varargs);
    if (name == "caller") return Value(def_->uses_caller);
    return Value::undefined(name);
  }
  std::string repr() const override { return "<Macro '" + def_->name + "'>"; }

  Renderer* renderer_;
  const MacroDef* def_;
  const Template* tmpl_;
  Frame* closure_;
  bool autoescape_;
  void* run_;
};

/// The `loop` variable of a for loop ("Loop Variables" in Jinja's docs).
class LoopObject : public Object {
 public:
  LoopObject(Renderer* r, const ForStmt* stmt, Frame* outer, Value seq, int depth)
      : renderer_(r), stmt_(stmt), outer_(outer), seq_(std::move(seq)), depth_(depth) {}
  std::string_view type_name() const override { return "LoopContext"; }
  bool callable() const override { return stmt_->recursive; }
  Value call(const CallArgs& args) override { return renderer_->call_loop(*this, args); }
  Value get_attr(std::string_view name) const override {
    const ValueList& items = seq_.as_list();
    auto n = static_cast<std::int64_t>(items.size());
    auto i = static_cast<std::int64_t>(index_);
    if (name == "index") return Value(i + 1);
    if (name == "index0") return Value(i);
    if (name == "revindex") return Value(n - i);
    if (name == "revindex0") return Value(n - i - 1);
    if (name == "first") return Value(i == 0);
    if (name == "last") return Value(i == n - 1);
    if (name == "length") return Value(n);
    if (name == "depth") return Value(static_cast<std::int64_t>(depth_));
    if (name == "depth0") return Value(static_cast<std::int64_t>(depth_ - 1));
    if (name == "previtem") return i > 0 ? items[index_ - 1] : Value::undefined("loop.previtem");
    if (name == "nextitem") return i + 1 < n ? items[index_ + 1] : Value::undefined("loop.nextitem");
    if (name == "cycle") {
      std::size_t idx = index_;
      return Value(std::make_shared<FunctionObject>("cycle", [idx](const CallArgs& args) {
        if (args.positional.empty()) fail("no items for cycling given");
        return args.positional[idx % args.positional.size()];
      }));
    }
    if (name == "changed") {
      auto self = const_cast<LoopObject*>(this);
      return Value(std::make_shared<FunctionObject>("changed", [self](const CallArgs& args) {
        Value v = Value::tuple(args.positional);
        if (self->has_last_ && self->last_changed_ == v) return Value(false);
        self->last_changed_ = v;
        self->has_last_ = true;
        return Value(true);
      }));
    }
    return Value::undefined(name);
  }
  std::string repr() const override {
    return "<LoopContext " + std::to_string(index_ + 1) + "/" + std::to_string(seq_.as_list().size()) + ">";
  }

  Renderer* renderer_;
  const ForStmt* stmt_;
  Frame* outer_;
  Value seq_;
  int depth_;
  std::size_t index_ = 0;
  Value last_changed_;
  bool has_last_ = false;
};

/// What `{% import %}` binds: the template-level variables and macros of a template.
class ModuleObject : public Object {
 public:
  ModuleObject(const Frame* root, std::string name, std::string output)
      : root_(root), name_(std::move(name)), output_(std::move(output)) {}
  std::string_view type_name() const override { return "TemplateModule"; }
  Value get_attr(std::string_view name) const override {
    if (!name.empty() && name[0] != '_') {
      if (const Value* v = root_->find(name)) return *v;
    }
    return Value::undefined(name);
  }
  std::string repr() const override { return output_; }

 private:
  const Frame* root_;
  std::string name_;
  std::string output_;
};

/// `self`: renders the blocks of the current inheritance chain (`self.title()`).
class SelfObject : public Object {
 public:
  SelfObject(Renderer* r, const void* run) : renderer_(r), run_(run) {}
  std::string_view type_name() const override { return "TemplateReference"; }
  Value get_attr(std::string_view name) const override {
    Renderer* r = renderer_;
    const void* run = run_;
    std::string n(name);
    return Value(std::make_shared<FunctionObject>(n, [r, run, n](const CallArgs&) { return r->render_block_by_name(n, run); }));
  }
  std::string repr() const override { return "<TemplateReference>"; }

 private:
  Renderer* renderer_;
  const void* run_;
};

// ---- Renderer -------------------------------------------------------------------

Renderer::Renderer(const Environment& env, const Value& context)
    : env_(env), context_(context.is_map() ? &context.as_map() : &empty_context_),
      strict_(env.options().strict_undefined), forgiving_(!env.options().strict_conditions),
      max_output_(env.options().max_output_bytes),
      max_steps_(env.options().max_iterations) {}

Renderer::~Renderer() = default;

std::string Renderer::render(std::shared_ptr<const Template> t) {
  // Operations and filters check string and list sizes against this render's Options.
  LimitScope limits(env_.options());
  keep_alive_.push_back(t);
  std::string out;
  out.reserve(t->output_size_hint.load(std::memory_order_relaxed));
  out_ = &out;
  Frame& root = arena_.emplace_back();
  root.context = context_;
  Run& run = runs_.emplace_back();
  run.root = &root;
  try {
    run_template(*t, run, root, "");
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    // Statements and expressions convert these with their position; this is the net
    // for anything between them.
    throw Error(SourcePos{t->display_name, 0, 0}, std::string("rendering failed: ") + e.what());
  }
  t->output_size_hint.store(out.size(), std::memory_order_relaxed);
  // A page is kept until the whole output is written: when appending grew its buffer
  // past what it holds (up to twice), one copy gives the rest back.
  if (out.capacity() - out.size() > out.size() / 16) out.shrink_to_fit();
  return out;
}

void Renderer::check_output(Pos pos) const {
  if (out_->size() <= max_output_) return;
  fail_at(pos, "output too long: the template wrote more than " + std::to_string(max_output_) + " bytes",
          "the limit is the template option `max_output_bytes` (tpl::Options); a loop or a macro probably "
          "repeats without end");
}

void Renderer::step(Pos pos) {
  if (++steps_ <= max_steps_) return;
  fail_at(pos, "too many steps: the render went past " + std::to_string(max_steps_) +
                   " loop iterations and macro calls",
          "the limit is the template option `max_iterations` (tpl::Options); a loop over a huge range or a "
          "macro that calls itself many times probably runs away");
}

void Renderer::fail_native(Pos pos, const std::exception& e) const {
  std::string what = e.what();
  if (dynamic_cast<const std::bad_alloc*>(&e) || dynamic_cast<const std::length_error*>(&e)) {
    fail_at(pos, "out of memory while rendering (" + what + ")",
            "a value grew too big; the template options max_string_bytes, max_list_items and "
            "max_output_bytes (tpl::Options) bound most of them");
  }
  fail_at(pos, "internal error while rendering: " + what);
}

std::string Renderer::cycle_text(const Template& next, std::string_view verb) const {
  for (std::size_t i = active_.size(); i-- > 0;) {
    if (active_[i].tmpl != &next && active_[i].tmpl->name != next.name) continue;
    std::string text = active_[i].tmpl->name;
    auto add = [&text](std::string_view how, const std::string& name) {
      text.append(" ").append(how).append(" ").append(name);
    };
    for (std::size_t j = i + 1; j < active_.size(); ++j) add(active_[j].verb, active_[j].tmpl->name);
    add(verb, next.name);
    return text;
  }
  return {};
}

void Renderer::fail_depth(Pos pos, const Template* next, std::string_view verb) const {
  const int limit = env_.options().max_depth;
  std::string cycle = next ? cycle_text(*next, verb) : std::string();
  if (!cycle.empty()) {
    fail_at(pos, "template cycle: " + cycle,
            "templates nested " + std::to_string(limit) +
                " levels deep (the template option `max_depth`); a template that includes or imports "
                "itself needs a condition that stops it");
  }
  fail_at(pos, "maximum nesting depth of " + std::to_string(limit) + " exceeded",
          "a macro, include, extends or recursive loop probably calls itself without end");
}

void Renderer::locate(Error& err, Pos pos) const {
  Diagnostic& d = err.diagnostic();
  if (d.pos.line != 0 || pos.line == 0 || !tmpl_) return;
  d.pos = SourcePos{tmpl_->display_name, pos.line, pos.column};
  d.source_line = std::string(line_of(tmpl_->source, pos.line));
}

void Renderer::fail_at(Pos pos, std::string message, std::string hint) const {
  Error err(SourcePos{}, std::move(message), std::move(hint));
  locate(err, pos);
  throw err;
}

namespace {

std::string where(const Template& t, Pos p) {
  return t.display_name + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

// Adds a note to an error's chain (included from, extended from, in macro ...). Deep
// recursion would add the same note a hundred times: a note equal to the previous one
// is counted instead ("... the same N more times"), and the chain stops growing after
// kMaxNotes notes ("... and N more").
void add_chain_note(Error& e, std::string note) {
  constexpr std::size_t kMaxNotes = 16;
  constexpr std::string_view kSame = "... the same ";
  constexpr std::string_view kMore = "... and ";
  auto& notes = e.diagnostic().notes;
  auto count_in = [](const std::string& n, std::string_view prefix) {
    return std::stoi(n.substr(prefix.size()));
  };
  auto times = [](int n) { return std::to_string(n) + (n == 1 ? " more time" : " more times"); };
  if (notes.size() >= 2 && notes[notes.size() - 2] == note && notes.back().starts_with(kSame)) {
    notes.back() = std::string(kSame) + times(count_in(notes.back(), kSame) + 1);
  } else if (!notes.empty() && notes.back() == note) {
    notes.push_back(std::string(kSame) + times(1));
  } else if (!notes.empty() && notes.back().starts_with(kMore)) {
    notes.back() = std::string(kMore) + std::to_string(count_in(notes.back(), kMore) + 1) + " more";
  } else if (notes.size() >= kMaxNotes) {
    notes.push_back(std::string(kMore) + "1 more");
  } else {
    notes.push_back(std::move(note));
  }
}

}  // namespace

std::shared_ptr<const Template> Renderer::find_template(const std::string& name, Pos pos, bool missing_ok) {
  if (!is_safe_relative_path(name)) {
    fail_at(pos, "template name `" + name + "` is not a safe relative path",
            "template names are relative to the template folder and may not contain `..`");
  }
  if (auto t = env_.find_template(name)) return t;
  auto it = loaded_.find(name);
  if (it != loaded_.end()) return it->second;
  std::shared_ptr<const Template> t;
  try {
    t = env_.load_uncached(name);
  } catch (Error& e) {
    add_chain_note(e, "loaded from " + where(*tmpl_, pos));
    throw;
  }
  if (t) {
    loaded_.emplace(name, t);
    return t;
  }
  if (missing_ok) return nullptr;
  fail_at(pos, "unknown template `" + name + "`", suggestion_hint(name, env_.template_names()));
}

const Value* Renderer::lookup_ref(const Frame& frame, std::string_view name) const {
  const Frame* last = &frame;
  for (const Frame* f = &frame; f; f = f->parent) {
    if (const Value* v = f->find(name)) return v;
    last = f;
  }
  if (last->context) {
    if (const Value* v = last->context->find(name)) return v;
  }
  return env_.find_global(name);
}

Value Renderer::lookup(const Frame& frame, std::string_view name) const {
  if (const Value* v = lookup_ref(frame, name)) return *v;
  if (name == "self" && run_) {
    return Value(std::make_shared<SelfObject>(const_cast<Renderer*>(this), static_cast<const void*>(run_)));
  }
  return Value::undefined(name);
}

Value Renderer::wrap_output(std::string text) const {
  return autoescape_ ? Value::markup(std::move(text)) : Value(std::move(text));
}

void Renderer::write(const Value& v) {
  append_value(v);
  if (out_->size() > max_output_) check_output(Pos{});
}

void Renderer::append_value(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString:
      if (autoescape_) {
        append_escaped(*out_, v.as_string());
      } else {
        *out_ += v.as_string();
      }
      return;
    case Value::Kind::kMarkup: *out_ += v.as_string(); return;
    case Value::Kind::kUndefined:
      if (undefined_is_error(v, strict_)) throw_undefined(v);
      return;
    case Value::Kind::kNone:
    case Value::Kind::kBool:
    case Value::Kind::kInt:
    case Value::Kind::kDouble: append_str(*out_, v); return;
    default: {
      std::string s = to_str(v);
      if (autoescape_) {
        append_escaped(*out_, s);
      } else {
        *out_ += s;
      }
    }
  }
}

// ---- templates, blocks, inheritance ---------------------------------------------

void Renderer::run_template(const Template& t, Run& run, Frame& root, std::string_view verb) {
  Saved saved(*this);
  const std::size_t first = active_.size();
  active_.push_back(Active{&t, verb});
  struct Pop {
    std::vector<Active>& a;
    std::size_t n;
    ~Pop() { a.resize(n); }
  } pop{active_, first};
  tmpl_ = &t;
  autoescape_ = t.autoescape;
  run_ = &run;
  toplevel_ = true;
  suppressed_ = false;
  for (const auto& [name, block] : t.blocks) run.blocks[name].push_back(block);
  exec(t.body, root);
  const Template* child = &t;
  while (run.parent) {
    const Template* parent = run.parent;
    Pos extends_pos = run.extends_pos;
    run.parent = nullptr;
    run.extended_here = false;
    // A template met again in its own inheritance chain extends itself without end.
    for (std::size_t i = first; i < active_.size(); ++i) {
      if (active_[i].tmpl == parent || active_[i].tmpl->name == parent->name) {
        std::string text = "template cycle: " + active_[i].tmpl->name;
        for (std::size_t j = i + 1; j < active_.size(); ++j) text.append(" extends ").append(active_[j].tmpl->name);
        text.append(" extends ").append(parent->name);
        fail_at(extends_pos, std::move(text),
                "a template may not extend itself, directly or through its parents");
      }
    }
    if (depth_ + 1 > env_.options().max_depth) fail_depth(extends_pos, parent, "extends");
    DepthGuard guard(*this, extends_pos);
    active_.push_back(Active{parent, "extends"});
    tmpl_ = parent;
    autoescape_ = parent->autoescape;
    toplevel_ = true;
    suppressed_ = false;
    flow_ = Flow::kNormal;
    try {
      exec(parent->body, root);
    } catch (Error& e) {
      add_chain_note(e, "in " + parent->display_name + ", extended from " + where(*child, extends_pos));
      throw;
    }
    child = parent;
  }
}

void Renderer::exec_extends(const ExtendsStmt& s, Frame& frame) {
  if (!toplevel_) fail_at(s.pos, "`extends` may only be used at the top level of a template");
  if (run_->extended_here) fail_at(s.pos, "this template extends another one more than once");
  Value v = eval(*s.tmpl, frame);
  std::shared_ptr<const Template> parent;
  if (v.is_string()) {
    parent = find_template(v.as_string(), s.tmpl->pos, false);
  } else if (v.is_list()) {
    for (const auto& name : v.as_list()) {
      if (name.is_string() && (parent = find_template(name.as_string(), s.tmpl->pos, true))) break;
    }
    if (!parent) fail_at(s.tmpl->pos, "none of the templates " + to_repr(v) + " exist");
  } else {
    fail_at(s.tmpl->pos, "`extends` needs a template name, got " + py_type_name(v));
  }
  keep_alive_.push_back(parent);
  for (const auto& [name, block] : parent->blocks) run_->blocks[name].push_back(block);
  run_->parent = parent.get();
  run_->extended_here = true;
  run_->extends_pos = s.pos;
  suppressed_ = true;
}

void Renderer::exec_block(const BlockStmt& s, Frame& frame) {
  if (suppressed_) return;
  render_block_chain(*run_, s.name, 0, s.scoped ? &frame : nullptr);
}

void Renderer::render_block_chain(Run& run, std::string_view name, std::size_t index, const Frame* scope) {
  auto it = run.blocks.find(name);
  if (it == run.blocks.end() || index >= it->second.size()) {
    fail_at(Pos{}, "no block named `" + std::string(name) + "`");
  }
  const BlockStmt* b = it->second[index];
  if (b->required) {
    fail_at(b->pos, "required block `" + b->name + "` was not overridden",
            "a template extending " + b->owner->display_name + " must define `{% block " + b->name + " %}`");
  }
  Saved saved(*this);
  Frame bf;
  bf.parent = scope ? scope : run.root;
  tmpl_ = b->owner;
  autoescape_ = b->owner->autoescape;
  run_ = &run;
  toplevel_ = false;
  suppressed_ = false;
  block_stack_.push_back(BlockCtx{b, index, &run});
  struct Pop {
    std::vector<BlockCtx>& s;
    ~Pop() { s.pop_back(); }
  } pop{block_stack_};
  exec(b->body, bf);
}

Value Renderer::super_block() {
  BlockCtx ctx = block_stack_.back();
  auto& chain = ctx.run->blocks[ctx.block->name];
  if (ctx.index + 1 >= chain.size()) {
    fail("no parent block called `" + ctx.block->name + "`", "`super()` renders the block this one overrides");
  }
  std::string buf;
  {
    Saved saved(*this);
    out_ = &buf;
    render_block_chain(*ctx.run, ctx.block->name, ctx.index + 1, nullptr);
  }
  return wrap_output(std::move(buf));
}

Value Renderer::render_block_by_name(std::string_view name, const void* run_ptr) {
  Run& run = *static_cast<Run*>(const_cast<void*>(run_ptr));
  if (!run.blocks.count(name)) fail("no block named `" + std::string(name) + "`");
  std::string buf;
  {
    Saved saved(*this);
    out_ = &buf;
    render_block_chain(run, name, 0, nullptr);
  }
  return wrap_output(std::move(buf));
}

void Renderer::exec_include(const IncludeStmt& s, Frame& frame) {
  if (suppressed_) return;
  Value v = eval(*s.tmpl, frame);
  std::shared_ptr<const Template> t;
  if (v.is_string()) {
    t = find_template(v.as_string(), s.tmpl->pos, s.ignore_missing);
  } else if (v.is_list()) {
    for (const auto& name : v.as_list()) {
      if (!name.is_string()) fail_at(s.tmpl->pos, "template names must be strings, got " + py_type_name(name));
      if ((t = find_template(name.as_string(), s.tmpl->pos, true))) break;
    }
    if (!t && !s.ignore_missing) fail_at(s.tmpl->pos, "none of the templates " + to_repr(v) + " exist");
  } else if (v.is_undefined()) {
    try {
      throw_undefined(v);
    } catch (Error& e) {
      locate(e, s.tmpl->pos);
      throw;
    }
  } else {
    fail_at(s.tmpl->pos, "`include` needs a template name, got " + py_type_name(v));
  }
  if (!t) return;
  if (depth_ + 1 > env_.options().max_depth) fail_depth(s.pos, t.get(), "includes");
  DepthGuard guard(*this, s.pos);
  Frame& root = arena_.emplace_back();
  root.parent = s.with_context ? &frame : nullptr;
  Run& run = runs_.emplace_back();
  run.root = &root;
  try {
    run_template(*t, run, root, "includes");
  } catch (Error& e) {
    add_chain_note(e, "included from " + where(*tmpl_, s.pos));
    throw;
  }
}

std::shared_ptr<Object> Renderer::import_module(const Expr& tmpl_expr, bool with_context, Frame& frame, Pos pos) {
  Value v = eval(tmpl_expr, frame);
  if (!v.is_string()) {
    if (v.is_undefined()) {
      try {
        throw_undefined(v);
      } catch (Error& e) {
        locate(e, tmpl_expr.pos);
        throw;
      }
    }
    fail_at(tmpl_expr.pos, "`import` needs a template name, got " + py_type_name(v));
  }
  std::shared_ptr<const Template> t = find_template(v.as_string(), tmpl_expr.pos, false);
  if (depth_ + 1 > env_.options().max_depth) fail_depth(pos, t.get(), "imports");
  DepthGuard guard(*this, pos);
  Frame& root = arena_.emplace_back();
  root.parent = with_context ? &frame : nullptr;
  Run& run = runs_.emplace_back();
  run.root = &root;
  std::string buf;
  {
    Saved saved(*this);
    out_ = &buf;
    try {
      run_template(*t, run, root, "imports");
    } catch (Error& e) {
      add_chain_note(e, "imported from " + where(*tmpl_, pos));
      throw;
    }
  }
  return std::make_shared<ModuleObject>(&root, t->name, std::move(buf));
}

std::shared_ptr<MacroObject> Renderer::make_macro(const MacroDef& def, Frame& frame) {
  Frame* closure = &frame;
  if (&frame != run_->root) {
    // Capture the local variables visible here (loop variables, with-bindings...);
    // template-level names stay live lookups through the run's root frame.
    Frame& snap = arena_.emplace_back();
    snap.parent = run_->root;
    for (const Frame* f = &frame; f && f != run_->root; f = f->parent) {
      for (auto it = f->vars.rbegin(); it != f->vars.rend(); ++it) {
        if (!snap.find(it->first)) snap.vars.push_back(*it);
      }
    }
    closure = &snap;
  }
  auto m = std::make_shared<MacroObject>(this, &def, tmpl_, closure, autoescape_, run_);
  if (closure != &frame && def.name != "caller") closure->set(def.name, Value(m));
  return m;
}

Value Renderer::call_macro(const MacroObject& m, const CallArgs& args) {
  const MacroDef& d = *m.def_;
  step(Pos{});
  DepthGuard guard(*this, Pos{});
  Frame cf;
  cf.parent = m.closure_;
  const std::size_t np = d.params.size();
  if (args.positional.size() > np && !d.uses_varargs) {
    fail("macro `" + d.name + "` takes not more than " + std::to_string(np) + " argument(s), got " +
         std::to_string(args.positional.size()));
  }
  std::vector<bool> bound(np, false);
  for (std::size_t i = 0; i < np && i < args.positional.size(); ++i) {
    cf.vars.emplace_back(d.params[i], args.positional[i]);
    bound[i] = true;
  }
  ValueMap extra_kw;
  bool has_caller = false;
  Value caller;
  for (const auto& [k, v] : args.keyword) {
    auto it = std::find(d.params.begin(), d.params.end(), k);
    if (it != d.params.end()) {
      std::size_t i = static_cast<std::size_t>(it - d.params.begin());
      if (bound[i]) fail("macro `" + d.name + "` got multiple values for argument `" + k + "`");
      cf.vars.emplace_back(d.params[i], v);
      bound[i] = true;
    } else if (k == "caller") {
      has_caller = true;
      caller = v;
    } else if (d.uses_kwargs) {
      extra_kw.set(k, v);
    } else {
      fail("macro `" + d.name + "` takes no keyword argument `" + k + "`",
           suggestion_hint(k, d.params, "its parameters are: " + [&] {
             std::string s;
             for (const auto& p : d.params) s += (s.empty() ? "" : ", ") + p;
             return s.empty() ? std::string("(none)") : s;
           }()));
    }
  }
  Saved saved(*this);
  tmpl_ = m.tmpl_;
  autoescape_ = m.autoescape_;
  run_ = static_cast<Run*>(m.run_);
  toplevel_ = false;
  suppressed_ = false;
  const std::size_t first_default = np - d.defaults.size();
  for (std::size_t i = 0; i < np; ++i) {
    if (bound[i]) continue;
    if (i >= first_default) {
      cf.vars.emplace_back(d.params[i], eval(*d.defaults[i - first_default], cf));
    } else {
      cf.vars.emplace_back(d.params[i], Value::undefined(d.params[i]));
    }
  }
  if (d.uses_varargs) {
    ValueList rest;
    for (std::size_t i = np; i < args.positional.size(); ++i) rest.push_back(args.positional[i]);
    cf.vars.emplace_back("varargs", Value::tuple(std::move(rest)));
  }
  if (d.uses_kwargs) cf.vars.emplace_back("kwargs", Value(std::move(extra_kw)));
  if (has_caller) cf.vars.emplace_back("caller", caller);
  std::string buf;
  out_ = &buf;
  Flow saved_flow = flow_;
  exec(d.body, cf);
  flow_ = saved_flow;
  return m.autoescape_ ? Value::markup(std::move(buf)) : Value(std::move(buf));
}

// ---- statements -------------------------------------------------------------------

void Renderer::exec(const Body& body, Frame& frame) {
  for (const auto& s : body) {
    try {
      exec_stmt(*s, frame);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      fail_native(s->pos, e);
    }
    if (flow_ != Flow::kNormal) return;
  }
}

void Renderer::exec_stmt(const Stmt& s, Frame& frame) {
  switch (s.kind) {
    case StmtKind::kData:
      if (!suppressed_) {
        *out_ += static_cast<const DataStmt&>(s).text;
        if (out_->size() > max_output_) check_output(s.pos);
      }
      return;
    case StmtKind::kPrint: {
      if (suppressed_) return;
      const auto& p = static_cast<const PrintStmt&>(s);
      Value scratch;
      const Value& v = eval_ref(*p.expr, frame, scratch);
      try {
        write(v);
      } catch (Error& e) {
        locate(e, p.expr->pos);
        if (v.is_undefined()) {
          std::string hint = undefined_hint(*p.expr, frame);
          if (!hint.empty()) e.diagnostic().hint = hint;
        }
        throw;
      }
      return;
    }
    case StmtKind::kIf: {
      const auto& st = static_cast<const IfStmt&>(s);
      for (const auto& [test, body] : st.branches) {
        if (eval_cond(*test, frame)) {
          exec(body, frame);
          return;
        }
      }
      exec(st.else_body, frame);
      return;
    }
    case StmtKind::kFor: exec_for(static_cast<const ForStmt&>(s), frame); return;
    case StmtKind::kSet: {
      const auto& st = static_cast<const SetStmt&>(s);
      Value v = eval(*st.value, frame);
      assign(*st.target, v, frame);
      return;
    }
    case StmtKind::kSetBlock: {
      const auto& st = static_cast<const SetBlockStmt&>(s);
      std::string buf;
      Value v;
      {
        Saved saved(*this);
        out_ = &buf;
        toplevel_ = false;
        suppressed_ = false;
        Frame inner;
        inner.parent = &frame;
        exec(st.body, inner);
        v = wrap_output(std::move(buf));
        if (st.filter) {
          block_input_ = &v;
          v = eval(*st.filter, frame);
        }
      }
      assign(*st.target, v, frame);
      return;
    }
    case StmtKind::kBlock: exec_block(static_cast<const BlockStmt&>(s), frame); return;
    case StmtKind::kExtends: exec_extends(static_cast<const ExtendsStmt&>(s), frame); return;
    case StmtKind::kInclude: exec_include(static_cast<const IncludeStmt&>(s), frame); return;
    case StmtKind::kImport: {
      const auto& st = static_cast<const ImportStmt&>(s);
      frame.set(st.alias, Value(import_module(*st.tmpl, st.with_context, frame, st.pos)));
      return;
    }
    case StmtKind::kFromImport: {
      const auto& st = static_cast<const FromImportStmt&>(s);
      auto module = import_module(*st.tmpl, st.with_context, frame, st.pos);
      for (const auto& [name, alias] : st.names) {
        Value v = module->get_attr(name);
        frame.set(alias, v.is_undefined() ? Value::undefined(name) : v);
      }
      return;
    }
    case StmtKind::kMacro: {
      const auto& st = static_cast<const MacroStmt&>(s);
      frame.set(st.def.name, Value(make_macro(st.def, frame)));
      return;
    }
    case StmtKind::kCallBlock: {
      if (suppressed_) return;
      const auto& st = static_cast<const CallBlockStmt&>(s);
      Value caller(make_macro(st.caller, frame));
      Value r;
      try {
        r = eval_call(static_cast<const CallExpr&>(*st.call), frame, &caller);
        write(r);
      } catch (Error& e) {
        locate(e, st.call->pos);
        throw;
      }
      return;
    }
    case StmtKind::kFilterBlock: {
      if (suppressed_) return;
      const auto& st = static_cast<const FilterBlockStmt&>(s);
      std::string buf;
      Value r;
      {
        Saved saved(*this);
        out_ = &buf;
        toplevel_ = false;
        Frame inner;
        inner.parent = &frame;
        exec(st.body, inner);
        Value input = wrap_output(std::move(buf));
        block_input_ = &input;
        r = eval(*st.filter, frame);
      }
      try {
        write(r);
      } catch (Error& e) {
        locate(e, st.pos);
        throw;
      }
      return;
    }
    case StmtKind::kWith: {
      const auto& st = static_cast<const WithStmt&>(s);
      Frame inner;
      inner.parent = &frame;
      // Values are evaluated in the enclosing scope, as Jinja does.
      for (const auto& [target, value] : st.assignments) assign(*target, eval(*value, frame), inner);
      bool saved_top = toplevel_;
      toplevel_ = false;
      exec(st.body, inner);
      toplevel_ = saved_top;
      return;
    }
    case StmtKind::kAutoescape: {
      const auto& st = static_cast<const AutoescapeStmt&>(s);
      bool saved = autoescape_;
      autoescape_ = eval_truth(*st.enabled, frame);
      Frame inner;
      inner.parent = &frame;
      exec(st.body, inner);
      autoescape_ = saved;
      return;
    }
    case StmtKind::kDo: eval(*static_cast<const DoStmt&>(s).expr, frame); return;
    case StmtKind::kBreak: flow_ = Flow::kBreak; return;
    case StmtKind::kContinue: flow_ = Flow::kContinue; return;
  }
}

void Renderer::assign(const Expr& target, const Value& value, Frame& frame) {
  switch (target.kind) {
    case ExprKind::kName: frame.set(static_cast<const NameExpr&>(target).name, value); return;
    case ExprKind::kList: {
      const auto& t = static_cast<const ListExpr&>(target);
      ValueList items;
      try {
        items = to_list(value, strict_);
      } catch (Error& e) {
        locate(e, target.pos);
        throw;
      }
      if (items.size() != t.items.size()) {
        fail_at(target.pos, items.size() > t.items.size()
                                ? "too many values to unpack (expected " + std::to_string(t.items.size()) + ")"
                                : "not enough values to unpack (expected " + std::to_string(t.items.size()) +
                                      ", got " + std::to_string(items.size()) + ")");
      }
      for (std::size_t i = 0; i < items.size(); ++i) assign(*t.items[i], items[i], frame);
      return;
    }
    case ExprKind::kGetAttr: {
      const auto& g = static_cast<const GetAttrExpr&>(target);
      const auto& ns_name = static_cast<const NameExpr&>(*g.obj).name;
      Value ns = lookup(frame, ns_name);
      if (!ns.is_object() || !ns.as_object()->set_attr(g.name, value)) {
        fail_at(target.pos, "can't set attribute `" + g.name + "` on `" + ns_name + "`: it is not a namespace",
                "create it with `{% set " + ns_name + " = namespace() %}`");
      }
      return;
    }
    default: fail_at(target.pos, "can't assign to this expression");
  }
}

void Renderer::exec_for(const ForStmt& s, Frame& frame) {
  Value iterable = eval(*s.iter, frame);
  bool saved_top = toplevel_;
  toplevel_ = false;
  loop_over(s, frame, iterable, 1);
  toplevel_ = saved_top;
}

void Renderer::loop_over(const ForStmt& s, Frame& outer, const Value& iterable, int depth) {
  Value seq;
  try {
    seq = iterable.is_list() ? iterable : Value(to_list(iterable, strict_));
  } catch (Error& e) {
    locate(e, s.iter->pos);
    throw;
  }
  if (s.filter) {
    ValueList kept;
    Frame ff;
    ff.parent = &outer;
    for (const auto& item : seq.as_list()) {
      step(s.pos);
      ff.vars.clear();
      assign(*s.target, item, ff);
      if (eval_cond(*s.filter, ff)) kept.push_back(item);
    }
    seq = Value(std::move(kept));
  }
  const ValueList& items = seq.as_list();
  if (items.empty()) {
    exec(s.else_body, outer);
    return;
  }
  Frame lf;
  lf.parent = &outer;
  auto loop = std::make_shared<LoopObject>(this, &s, &outer, seq, depth);
  lf.vars.emplace_back("loop", Value(loop));
  const std::size_t base = lf.vars.size();
  for (std::size_t i = 0; i < items.size(); ++i) {
    step(s.pos);
    lf.vars.resize(base);
    loop->index_ = i;
    assign(*s.target, items[i], lf);
    exec(s.body, lf);
    if (flow_ == Flow::kBreak) {
      flow_ = Flow::kNormal;
      break;
    }
    flow_ = Flow::kNormal;
  }
}

Value Renderer::call_loop(const LoopObject& loop, const CallArgs& args) {
  if (args.positional.size() != 1 || !args.keyword.empty()) fail("a recursive loop is called with one iterable: `loop(item.children)`");
  DepthGuard guard(*this, Pos{});
  std::string buf;
  {
    Saved saved(*this);
    out_ = &buf;
    loop_over(*loop.stmt_, *loop.outer_, args.positional[0], loop.depth_ + 1);
  }
  return wrap_output(std::move(buf));
}

// ---- expressions ------------------------------------------------------------------

std::string Renderer::expr_text(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::kName: return static_cast<const NameExpr&>(e).name;
    case ExprKind::kGetAttr: {
      const auto& g = static_cast<const GetAttrExpr&>(e);
      return expr_text(*g.obj) + "." + g.name;
    }
    case ExprKind::kGetItem: {
      const auto& g = static_cast<const GetItemExpr&>(e);
      if (g.index->kind == ExprKind::kConst) {
        return expr_text(*g.obj) + "[" + to_repr(static_cast<const ConstExpr&>(*g.index).value) + "]";
      }
      return expr_text(*g.obj) + "[...]";
    }
    case ExprKind::kCall: return expr_text(*static_cast<const CallExpr&>(e).callee) + "(...)";
    case ExprKind::kFilter: {
      const auto& f = static_cast<const FilterExpr&>(e);
      return (f.input ? expr_text(*f.input) : std::string()) + "|" + f.name;
    }
    default: return "expression";
  }
}

std::string Renderer::undefined_hint(const Expr& e, const Frame& frame) {
  std::vector<std::string> candidates;
  std::string name;
  std::string fallback;
  if (e.kind == ExprKind::kName) {
    name = static_cast<const NameExpr&>(e).name;
    const Frame* last = &frame;
    for (const Frame* f = &frame; f; f = f->parent) {
      for (const auto& [k, _] : f->vars) candidates.emplace_back(k);
      last = f;
    }
    if (last->context) {
      for (const auto& [k, _] : *last->context) candidates.push_back(k);
    }
    for (auto& g : env_.global_names()) candidates.push_back(std::move(g));
  } else if (e.kind == ExprKind::kGetAttr) {
    const auto& g = static_cast<const GetAttrExpr&>(e);
    name = g.name;
    Value obj;
    try {
      obj = eval(*g.obj, frame);
    } catch (const Error&) {
      return {};
    }
    if (!obj.is_map()) return {};
    for (const auto& [k, _] : obj.as_map()) {
      if (candidates.size() < 12) fallback += (fallback.empty() ? "" : ", ") + ("`" + k + "`");
      candidates.push_back(k);
    }
    if (!fallback.empty()) {
      fallback = "`" + expr_text(*g.obj) + "` has " + fallback + (candidates.size() > 12 ? ", ..." : "") +
                 "; test with `is defined` or use `|default(...)`";
    }
  } else {
    return {};
  }
  return suggestion_hint(name, candidates, fallback);
}

Value Renderer::eval(const Expr& e, const Frame& frame) {
  try {
    return eval_inner(e, frame);
  } catch (Error& err) {
    locate(err, e.pos);
    throw;
  } catch (const std::exception& ex) {
    fail_native(e.pos, ex);
  }
}

const Value& Renderer::eval_ref(const Expr& e, const Frame& frame, Value& scratch, bool chain) {
  switch (e.kind) {
    case ExprKind::kConst: return static_cast<const ConstExpr&>(e).value;
    case ExprKind::kName: {
      const auto& n = static_cast<const NameExpr&>(e);
      if (const Value* v = lookup_ref(frame, n.name)) return *v;
      scratch = lookup(frame, n.name);  // `self`, or undefined
      return scratch;
    }
    case ExprKind::kGetAttr: {
      const auto& g = static_cast<const GetAttrExpr&>(e);
      Value obj_scratch;
      const Value& obj = eval_ref(*g.obj, frame, obj_scratch, chain);
      // A reference into `obj` outlives this call only when `obj` is not our temporary.
      const bool temporary = &obj == &obj_scratch;
      if (obj.is_map()) {
        if (const Value* v = obj.as_map().find(g.name)) {
          if (!temporary) return *v;
          scratch = *v;
          return scratch;
        }
      }
      if (chain && obj.is_undefined()) {
        scratch = obj;  // the first missing link names the undefined value
        return scratch;
      }
      try {
        scratch = get_attr(obj, g.name);
      } catch (Error& err) {
        locate(err, e.pos);
        throw;
      }
      if (scratch.is_undefined()) {
        if (obj.is_tuple() && obj.as_list().size() == 2) {
          // groupby's (grouper, list) pairs also answer to .grouper and .list.
          if (g.name == "grouper") scratch = obj.as_list()[0];
          if (g.name == "list") scratch = obj.as_list()[1];
          if (!scratch.is_undefined()) return scratch;
        }
        scratch = Value::undefined(expr_text(e));
      }
      return scratch;
    }
    case ExprKind::kGetItem: {
      const auto& g = static_cast<const GetItemExpr&>(e);
      Value obj_scratch, key_scratch;
      const Value& obj = eval_ref(*g.obj, frame, obj_scratch, chain);
      const Value& key = eval_ref(*g.index, frame, key_scratch);
      if (obj.is_map() && key.is_string()) {
        if (const Value* v = obj.as_map().find(key.as_string())) {
          if (&obj != &obj_scratch) return *v;
          scratch = *v;
          return scratch;
        }
      }
      if (chain && obj.is_undefined()) {
        scratch = obj;
        return scratch;
      }
      try {
        scratch = get_item(obj, key);
      } catch (Error& err) {
        locate(err, e.pos);
        throw;
      }
      if (scratch.is_undefined()) scratch = Value::undefined(expr_text(e));
      return scratch;
    }
    default: scratch = eval(e, frame); return scratch;
  }
}

bool Renderer::eval_truth(const Expr& e, const Frame& frame) {
  Value scratch;
  const Value& v = eval_ref(e, frame, scratch);
  if (!undefined_is_error(v, strict_)) return v.truthy();
  try {
    throw_undefined(v);
  } catch (Error& err) {
    locate(err, e.pos);
    std::string hint = undefined_hint(e, frame);
    if (!hint.empty()) err.diagnostic().hint = hint;
    throw;
  }
}

bool Renderer::eval_cond(const Expr& e, const Frame& frame) {
  if (!forgiving_) return eval_truth(e, frame);
  return eval_cond_forgiving(e, frame);
}

bool Renderer::eval_cond_forgiving(const Expr& e, const Frame& frame) {
  try {
    switch (e.kind) {
      case ExprKind::kName:
      case ExprKind::kGetAttr:
      case ExprKind::kGetItem: {
        Value scratch;
        return eval_ref(e, frame, scratch, true).truthy();  // undefined is false
      }
      case ExprKind::kTest: return eval_test(static_cast<const TestExpr&>(e), frame, true);
      case ExprKind::kUnary: {
        const auto& u = static_cast<const UnaryExpr&>(e);
        if (u.op == UnaryOp::kNot) return !eval_cond_forgiving(*u.operand, frame);
        break;
      }
      case ExprKind::kBinary: {
        // bool(a and b) is bool(a) and bool(b); likewise for `or`.
        const auto& b = static_cast<const BinaryExpr&>(e);
        if (b.op == BinaryOp::kAnd) return eval_cond_forgiving(*b.left, frame) && eval_cond_forgiving(*b.right, frame);
        if (b.op == BinaryOp::kOr) return eval_cond_forgiving(*b.left, frame) || eval_cond_forgiving(*b.right, frame);
        break;
      }
      case ExprKind::kCond: {
        const auto& c = static_cast<const CondExpr&>(e);
        if (eval_cond_forgiving(*c.test, frame)) return eval_cond_forgiving(*c.then, frame);
        return c.otherwise && eval_cond_forgiving(*c.otherwise, frame);
      }
      default: break;
    }
    // Anything else (a comparison, a call, a filter, arithmetic) is evaluated as usual,
    // with its own errors; only an undefined result is forgiven.
    return eval(e, frame).truthy();
  } catch (Error& err) {
    locate(err, e.pos);
    throw;
  } catch (const std::exception& ex) {
    fail_native(e.pos, ex);
  }
}

CallArgs Renderer::eval_args(const Args& a, const Frame& frame) {
  CallArgs out;
  out.positional.reserve(a.positional.size());
  for (const auto& p : a.positional) out.positional.push_back(eval(*p, frame));
  if (a.star_args) {
    for (auto& v : to_list(eval(*a.star_args, frame), true)) out.positional.push_back(std::move(v));
  }
  for (const auto& [k, v] : a.keyword) out.keyword.emplace_back(k, eval(*v, frame));
  if (a.star_kwargs) {
    Value m = eval(*a.star_kwargs, frame);
    if (!m.is_map()) fail_at(a.star_kwargs->pos, "argument after ** must be a mapping, not " + py_type_name(m));
    for (const auto& [k, v] : m.as_map()) out.keyword.emplace_back(k, v);
  }
  return out;
}

Value Renderer::call_value(const Value& callee, const CallArgs& args, const Expr& callee_expr, const Frame& frame) {
  if (callee.is_object() && callee.as_object()->callable()) {
    if (auto* f = dynamic_cast<ContextFunctionObject*>(callee.as_object().get())) return f->call_in(args, Context(*this, frame));
    auto* macro = dynamic_cast<MacroObject*>(callee.as_object().get());
    if (!macro) return callee.as_object()->call(args);
    try {
      return macro->call(args);
    } catch (Error& e) {
      if (e.diagnostic().pos.line != 0) {
        add_chain_note(e, "in macro `" + macro->def_->name + "` called from " + where(*tmpl_, callee_expr.pos));
      }
      throw;
    }
  }
  if (callee.is_undefined()) throw_undefined(callee);
  fail("`" + expr_text(callee_expr) + "` is not callable (it is " + py_type_name(callee) + ")");
}

Value Renderer::eval_call(const CallExpr& c, const Frame& frame, const Value* caller) {
  if (c.callee->kind == ExprKind::kName && !block_stack_.empty() &&
      static_cast<const NameExpr&>(*c.callee).name == "super" && lookup(frame, "super").is_undefined()) {
    return super_block();
  }
  Value callee;
  if (c.callee->kind == ExprKind::kGetAttr) {
    const auto& g = static_cast<const GetAttrExpr&>(*c.callee);
    Value obj = eval(*g.obj, frame);
    if (obj.is_string() || obj.is_list() || obj.is_map()) {
      const Value* member = obj.is_map() ? obj.as_map().find(g.name) : nullptr;
      if (member && member->is_object()) {
        callee = *member;
      } else {
        CallArgs args = eval_args(c.args, frame);
        if (caller) args.keyword.emplace_back("caller", *caller);
        Value out;
        if (call_method(obj, g.name, args, out)) return out;
        if (member) fail("`" + expr_text(*c.callee) + "` is not callable (it is " + py_type_name(*member) + ")");
        fail("'" + py_type_name(obj) + "' object has no method `" + g.name + "`");
      }
    } else {
      callee = get_attr(obj, g.name);
      if (callee.is_undefined()) callee = Value::undefined(expr_text(*c.callee));
    }
  } else {
    callee = eval(*c.callee, frame);
  }
  CallArgs args = eval_args(c.args, frame);
  if (caller) args.keyword.emplace_back("caller", *caller);
  return call_value(callee, args, *c.callee, frame);
}

Value Renderer::eval_filter(const FilterExpr& e, const Frame& frame) {
  static const Value kNone;
  Value scratch;
  const Value& input = e.input ? eval_ref(*e.input, frame, scratch) : block_input_ ? *block_input_ : kNone;
  auto f = static_cast<const Filter*>(e.resolved.load(std::memory_order_relaxed));
  if (!f) {
    f = env_.find_filter(e.name);
    if (!f) fail_at(e.pos, "unknown filter `" + e.name + "`", suggestion_hint(e.name, env_.filter_names()));
    e.resolved.store(f, std::memory_order_relaxed);
  }
  CallArgs args = eval_args(e.args, frame);
  Context ctx(*this, frame);
  return (*f)(input, args, ctx);
}

bool Renderer::eval_test(const TestExpr& e, const Frame& frame, bool chain) {
  bool r;
  if (e.name == "filter" || e.name == "test") {
    CallArgs args = eval_args(e.args, frame);
    Value name = eval(*e.input, frame);
    if (!name.is_string()) return e.negated;
    r = e.name == "filter" ? env_.find_filter(name.as_string()) != nullptr : env_.find_test(name.as_string()) != nullptr;
  } else {
    auto t = static_cast<const Test*>(e.resolved.load(std::memory_order_relaxed));
    if (!t) {
      t = env_.find_test(e.name);
      if (!t) fail_at(e.pos, "unknown test `" + e.name + "`", suggestion_hint(e.name, env_.test_names()));
      e.resolved.store(t, std::memory_order_relaxed);
    }
    Value scratch;
    const Value& input = eval_ref(*e.input, frame, scratch, chain);
    CallArgs args = eval_args(e.args, frame);
    r = (*t)(input, args);
  }
  return e.negated ? !r : r;
}

Value Renderer::eval_inner(const Expr& e, const Frame& frame) {
  switch (e.kind) {
    case ExprKind::kConst: return static_cast<const ConstExpr&>(e).value;
    case ExprKind::kGetAttr:
    case ExprKind::kGetItem:
    case ExprKind::kName: {
      Value scratch;
      const Value& r = eval_ref(e, frame, scratch);
      return &r == &scratch ? std::move(scratch) : r;
    }
    case ExprKind::kSlice: {
      const auto& s = static_cast<const SliceExpr&>(e);
      Value obj = eval(*s.obj, frame);
      Value start, stop, step;
      if (s.start) start = eval(*s.start, frame);
      if (s.stop) stop = eval(*s.stop, frame);
      if (s.step) step = eval(*s.step, frame);
      return slice(obj, s.start ? &start : nullptr, s.stop ? &stop : nullptr, s.step ? &step : nullptr);
    }
    case ExprKind::kCall: return eval_call(static_cast<const CallExpr&>(e), frame, nullptr);
    case ExprKind::kFilter: return eval_filter(static_cast<const FilterExpr&>(e), frame);
    case ExprKind::kTest: return Value(eval_test(static_cast<const TestExpr&>(e), frame));
    case ExprKind::kUnary: {
      const auto& u = static_cast<const UnaryExpr&>(e);
      if (u.op == UnaryOp::kNot && forgiving_) return Value(!eval_cond_forgiving(*u.operand, frame));
      Value v = eval(*u.operand, frame);
      if (u.op == UnaryOp::kNot) return Value(!truth(v, strict_));
      return unary_op(u.op, v);
    }
    case ExprKind::kBinary: {
      const auto& b = static_cast<const BinaryExpr&>(e);
      if (forgiving_ && (b.op == BinaryOp::kAnd || b.op == BinaryOp::kOr)) {
        // The left operand is a condition (its truth decides) and also the result when
        // it decides: read it as a condition reads a chain; the right one is a value.
        Value l;
        bool t;
        if (b.left->kind == ExprKind::kTest) {
          t = eval_cond_forgiving(*b.left, frame);
          l = Value(t);
        } else {
          Value scratch;
          const Value& r = eval_ref(*b.left, frame, scratch, true);
          l = &r == &scratch ? std::move(scratch) : r;
          t = l.truthy();
        }
        if (b.op == BinaryOp::kAnd) return t ? eval(*b.right, frame) : l;
        return t ? l : eval(*b.right, frame);
      }
      if (b.op == BinaryOp::kAnd) {
        Value l = eval(*b.left, frame);
        return truth(l, strict_) ? eval(*b.right, frame) : l;
      }
      if (b.op == BinaryOp::kOr) {
        Value l = eval(*b.left, frame);
        return truth(l, strict_) ? l : eval(*b.right, frame);
      }
      Value l = eval(*b.left, frame);
      Value r = eval(*b.right, frame);
      if (b.op == BinaryOp::kConcat) {
        if (undefined_is_error(l, strict_)) throw_undefined(l);
        if (undefined_is_error(r, strict_)) throw_undefined(r);
      }
      return binary_op(b.op, l, r, autoescape_);
    }
    case ExprKind::kCompare: {
      const auto& c = static_cast<const CompareExpr&>(e);
      Value left = eval(*c.first, frame);
      for (const auto& [op, rhs] : c.rest) {
        Value right = eval(*rhs, frame);
        if (!compare_op(op, left, right, strict_)) return Value(false);
        left = std::move(right);
      }
      return Value(true);
    }
    case ExprKind::kCond: {
      const auto& c = static_cast<const CondExpr&>(e);
      if (forgiving_ ? eval_cond_forgiving(*c.test, frame) : truth(eval(*c.test, frame), strict_)) {
        return eval(*c.then, frame);
      }
      if (c.otherwise) return eval(*c.otherwise, frame);
      return soft_undefined();
    }
    case ExprKind::kList: {
      const auto& l = static_cast<const ListExpr&>(e);
      ValueList items;
      items.reserve(l.items.size());
      for (const auto& item : l.items) items.push_back(eval(*item, frame));
      return l.tuple ? Value::tuple(std::move(items)) : Value(std::move(items));
    }
    case ExprKind::kDict: {
      const auto& d = static_cast<const DictExpr&>(e);
      ValueMap m;
      for (const auto& [k, v] : d.items) {
        Value key = eval(*k, frame);
        m.set(key.is_string() ? key.as_string() : to_str(key), eval(*v, frame));
      }
      return Value(std::move(m));
    }
  }
  return Value::undefined();
}

}  // namespace detail
}  // namespace reel::tpl
