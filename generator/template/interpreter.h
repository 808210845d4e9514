// interpreter: the tree-walking renderer. One Renderer lives for one Environment::render
// call (so rendering never mutates shared state and many threads may render at once);
// it walks the Template tree, appends output to one std::string, and implements Jinja2's
// scoping, template inheritance (extends/block/super/self), include/import, macros and
// call blocks, loops, filters and tests (Template Designer Documentation, "Template
// Inheritance", "Control Structures", "Import Context Behavior").
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/value.h"
#include "template/ast.h"
#include "template/environment.h"
#include "template/objects.h"

namespace reel::tpl::detail {

/// One variable scope. Lookups walk `parent` links; the outermost frame of a chain
/// carries the render context map (null for templates imported without context).
struct Frame {
  const Frame* parent = nullptr;
  const ValueMap* context = nullptr;
  std::vector<std::pair<std::string_view, Value>> vars;

  /// The variable in this frame only, or nullptr.
  const Value* find(std::string_view name) const {
    for (auto it = vars.rbegin(); it != vars.rend(); ++it) {
      if (it->first == name) return &it->second;
    }
    return nullptr;
  }
  /// Sets or replaces `name` in this frame. `name` must outlive the frame (it points
  /// into a Template or is a literal).
  void set(std::string_view name, Value v) {
    for (auto& [k, val] : vars) {
      if (k == name) {
        val = std::move(v);
        return;
      }
    }
    vars.emplace_back(name, std::move(v));
  }
};

class MacroObject;
class LoopObject;

/// Renders templates of one Environment for one call. Not thread-safe itself; create
/// one per render.
class Renderer {
 public:
  Renderer(const Environment& env, const Value& context);
  ~Renderer();

  /// Renders `t` (the top of a fresh inheritance chain) and returns the output.
  std::string render(std::shared_ptr<const Template> t);

  // ---- for objects and Context -------------------------------------------
  Value lookup(const Frame& frame, std::string_view name) const;
  /// The variable `name` where it lives (locals, render context, globals), or nullptr
  /// (also for `self`, which lookup() makes on demand).
  const Value* lookup_ref(const Frame& frame, std::string_view name) const;
  bool autoescape() const { return autoescape_; }
  const Environment& environment() const { return env_; }
  const Template& current_template() const { return *tmpl_; }
  Value call_macro(const MacroObject& macro, const CallArgs& args);
  Value call_loop(const LoopObject& loop, const CallArgs& args);
  Value render_block_by_name(std::string_view name, const void* run);

  struct Run;

 private:
  struct BlockCtx {
    const BlockStmt* block;
    std::size_t index;
    Run* run;
  };
  enum class Flow : std::uint8_t { kNormal, kBreak, kContinue };
  struct Saved;   // saves and restores the per-template state below
  struct DepthGuard;

  // Statements.
  void exec(const Body& body, Frame& frame);
  void exec_stmt(const Stmt& s, Frame& frame);
  void exec_for(const ForStmt& s, Frame& frame);
  void loop_over(const ForStmt& s, Frame& outer, const Value& iterable, int depth);
  void exec_block(const BlockStmt& s, Frame& frame);
  void render_block_chain(Run& run, std::string_view name, std::size_t index, const Frame* scope);
  void exec_extends(const ExtendsStmt& s, Frame& frame);
  void exec_include(const IncludeStmt& s, Frame& frame);
  std::shared_ptr<Object> import_module(const Expr& tmpl, bool with_context, Frame& frame, Pos pos);
  /// Renders `t` (reached by `verb`: "", "includes", "imports") and the templates it extends.
  void run_template(const Template& t, Run& run, Frame& root, std::string_view verb);
  std::shared_ptr<MacroObject> make_macro(const MacroDef& def, Frame& frame);
  void assign(const Expr& target, const Value& value, Frame& frame);

  // Expressions.
  Value eval(const Expr& e, const Frame& frame);
  Value eval_inner(const Expr& e, const Frame& frame);
  /// The value of `e` without copying it when it already exists somewhere (a constant,
  /// a variable, an entry of a map): a reference valid while the expression is being
  /// used (no statement runs in between); otherwise the result is stored in `scratch`
  /// and returned. The hot path of printing and attribute access.
  /// `chain` (conditions under Options::strict_conditions = false): an attribute or item
  /// of an undefined value along a chain of names, `.attr` and `[key]` is that same
  /// undefined value (the first missing link, for messages) instead of an error; keys in
  /// `[...]` are evaluated as usual.
  const Value& eval_ref(const Expr& e, const Frame& frame, Value& scratch, bool chain = false);
  /// bool(e): its Python truth; an undefined value is an error in strict mode
  /// (StrictUndefined.__bool__), reported at `e` with a did-you-mean hint.
  bool eval_truth(const Expr& e, const Frame& frame);
  /// The truth of `e` used as a condition (if/elif, `for ... if`, inline if, operands of
  /// and/or/not): eval_truth() when Options::strict_conditions, else forgiving: an
  /// undefined value, or a chain through one, is false (see Options::strict_conditions).
  /// Every other error is thrown, positioned.
  bool eval_cond(const Expr& e, const Frame& frame);
  /// eval_cond() once forgiving is known to be on.
  bool eval_cond_forgiving(const Expr& e, const Frame& frame);
  Value eval_call(const CallExpr& e, const Frame& frame, const Value* caller);
  Value eval_filter(const FilterExpr& e, const Frame& frame);
  /// `input is [not] name(args)`; `chain`: the input is read as eval_ref(chain) does.
  bool eval_test(const TestExpr& e, const Frame& frame, bool chain = false);
  CallArgs eval_args(const Args& a, const Frame& frame);
  Value call_value(const Value& callee, const CallArgs& args, const Expr& callee_expr, const Frame& frame);
  Value super_block();
  std::string expr_text(const Expr& e) const;
  /// A "did you mean" hint for printing an undefined `e` (names in scope, map keys).
  std::string undefined_hint(const Expr& e, const Frame& frame);

  // Output and budget (Options::max_output_bytes, max_iterations).
  /// Appends `v` to the output (escaped when autoescaping), then check_output().
  void write(const Value& v);
  void append_value(const Value& v);
  /// Fails when the buffer being written passed Options::max_output_bytes.
  void check_output(Pos pos) const;
  /// Counts one step (a loop iteration, a macro call) against Options::max_iterations.
  void step(Pos pos);
  Value wrap_output(std::string text) const;

  // Errors.
  void locate(Error& err, Pos pos) const;
  [[noreturn]] void fail_at(Pos pos, std::string message, std::string hint = {}) const;
  void enter(Pos pos);
  /// "a.html includes b.html includes a.html": the chain of active templates from the
  /// last one that is `next`, then `next` reached by `verb`; empty when `next` is not
  /// active (no cycle).
  std::string cycle_text(const Template& next, std::string_view verb) const;
  /// The include/import/extends nesting limit was hit at `pos` while `verb`-ing `next`:
  /// fails naming the template cycle when there is one, else as DepthGuard does.
  [[noreturn]] void fail_depth(Pos pos, const Template* next, std::string_view verb) const;
  /// Turns any other C++ exception escaping evaluation (std::bad_alloc,
  /// std::length_error, std::out_of_range, ...) into a reel::Error at `pos`.
  [[noreturn]] void fail_native(Pos pos, const std::exception& e) const;
  std::shared_ptr<const Template> find_template(const std::string& name, Pos pos, bool missing_ok);

  NamespaceScope namespaces_;  ///< first, so that it ends last: cycles broken after the render
  const Environment& env_;
  const ValueMap* context_;
  ValueMap empty_context_;
  bool strict_;
  bool forgiving_;  ///< !Options::strict_conditions: undefined in a condition is false
  std::string* out_ = nullptr;
  const Template* tmpl_ = nullptr;
  bool autoescape_ = false;
  Run* run_ = nullptr;
  bool toplevel_ = false;
  bool suppressed_ = false;
  int depth_ = 0;
  std::size_t max_output_;
  std::uint64_t steps_ = 0;
  std::uint64_t max_steps_;
  /// The templates being rendered, outermost first, each with how it was reached from
  /// the one before it ("includes", "imports", "extends"; "" for the first one).
  struct Active {
    const Template* tmpl;
    std::string_view verb;
  };
  std::vector<Active> active_;
  Flow flow_ = Flow::kNormal;
  const Value* block_input_ = nullptr;
  std::vector<BlockCtx> block_stack_;
  std::deque<Frame> arena_;                                 // frames that outlive a statement
  std::deque<Run> runs_;                                    // inheritance chains
  std::vector<std::shared_ptr<const Template>> keep_alive_;  // templates loaded for this render
  std::unordered_map<std::string, std::shared_ptr<const Template>> loaded_;  // uncached loads by name
};

}  // namespace reel::tpl::detail
