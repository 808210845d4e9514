// ast: the parsed form of a template. Expressions and statements carry their 1-based
// line:column; a Template owns its tree, its (normalized) source for error carets, its
// blocks by name and the template names it references statically. Node kinds follow
// Jinja2's `jinja2.nodes` (Template Designer Documentation, "Expressions" and "List of
// Control Structures").
#pragma once

#include <cstdint>
#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/value.h"

namespace reel::tpl {

/// Line and column (1-based) inside the template the node belongs to.
struct Pos {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// ---------------------------------------------------------------------------
// Expressions

enum class ExprKind : std::uint8_t {
  kConst, kName, kGetAttr, kGetItem, kSlice, kCall, kFilter, kTest, kUnary, kBinary,
  kCompare, kCond, kList, kDict,
};

struct Expr {
  explicit Expr(ExprKind k, Pos p) : kind(k), pos(p) {}
  virtual ~Expr() = default;
  ExprKind kind;
  Pos pos;
};
using ExprPtr = std::unique_ptr<Expr>;

/// A literal: string, number, bool, none (and constant-folded lists are not made).
struct ConstExpr : Expr {
  ConstExpr(Pos p, Value v) : Expr(ExprKind::kConst, p), value(std::move(v)) {}
  Value value;
};

/// A variable reference `name`.
struct NameExpr : Expr {
  NameExpr(Pos p, std::string n) : Expr(ExprKind::kName, p), name(std::move(n)) {}
  std::string name;
};

/// `obj.name` (attribute first, then item, as Jinja's getattr).
struct GetAttrExpr : Expr {
  GetAttrExpr(Pos p, ExprPtr o, std::string n) : Expr(ExprKind::kGetAttr, p), obj(std::move(o)), name(std::move(n)) {}
  ExprPtr obj;
  std::string name;
};

/// `obj[index]` (item first, then attribute, as Jinja's getitem).
struct GetItemExpr : Expr {
  GetItemExpr(Pos p, ExprPtr o, ExprPtr i) : Expr(ExprKind::kGetItem, p), obj(std::move(o)), index(std::move(i)) {}
  ExprPtr obj;
  ExprPtr index;
};

/// `obj[start:stop:step]`; absent parts are null.
struct SliceExpr : Expr {
  SliceExpr(Pos p) : Expr(ExprKind::kSlice, p) {}
  ExprPtr obj, start, stop, step;
};

/// Arguments as written: positional, keyword (in order), `*args`, `**kwargs`.
struct Args {
  std::vector<ExprPtr> positional;
  std::vector<std::pair<std::string, ExprPtr>> keyword;
  ExprPtr star_args;
  ExprPtr star_kwargs;
};

/// `callee(args)`.
struct CallExpr : Expr {
  CallExpr(Pos p, ExprPtr c) : Expr(ExprKind::kCall, p), callee(std::move(c)) {}
  ExprPtr callee;
  Args args;
};

/// `input|name(args)`; `input` is null for the filter of a `{% filter %}` block or a
/// `{% set x | f %}` block, where the body is the input.
struct FilterExpr : Expr {
  FilterExpr(Pos p, ExprPtr in, std::string n) : Expr(ExprKind::kFilter, p), input(std::move(in)), name(std::move(n)) {}
  ExprPtr input;
  std::string name;
  Args args;
  /// The Environment's filter, found on first use (a const Filter*; stable because the
  /// Environment keeps filters in a map and replacing one keeps its node). Renders on
  /// many threads may race to set it, all to the same value.
  mutable std::atomic<const void*> resolved{nullptr};
};

/// `input is [not] name(args)`.
struct TestExpr : Expr {
  TestExpr(Pos p, ExprPtr in, std::string n) : Expr(ExprKind::kTest, p), input(std::move(in)), name(std::move(n)) {}
  ExprPtr input;
  std::string name;
  Args args;
  bool negated = false;
  /// The Environment's test, found on first use (see FilterExpr::resolved).
  mutable std::atomic<const void*> resolved{nullptr};
};

enum class UnaryOp : std::uint8_t { kNot, kNeg, kPos };

struct UnaryExpr : Expr {
  UnaryExpr(Pos p, UnaryOp o, ExprPtr e) : Expr(ExprKind::kUnary, p), op(o), operand(std::move(e)) {}
  UnaryOp op;
  ExprPtr operand;
};

enum class BinaryOp : std::uint8_t { kAdd, kSub, kMul, kDiv, kFloorDiv, kMod, kPow, kConcat, kAnd, kOr };

struct BinaryExpr : Expr {
  BinaryExpr(Pos p, BinaryOp o, ExprPtr l, ExprPtr r)
      : Expr(ExprKind::kBinary, p), op(o), left(std::move(l)), right(std::move(r)) {}
  BinaryOp op;
  ExprPtr left, right;
};

enum class CompareOp : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn };

/// A comparison chain `a < b <= c` (Python semantics: each pair, short-circuit).
struct CompareExpr : Expr {
  CompareExpr(Pos p, ExprPtr f) : Expr(ExprKind::kCompare, p), first(std::move(f)) {}
  ExprPtr first;
  std::vector<std::pair<CompareOp, ExprPtr>> rest;
};

/// `then if test else otherwise`; `otherwise` may be null (yields undefined).
struct CondExpr : Expr {
  CondExpr(Pos p) : Expr(ExprKind::kCond, p) {}
  ExprPtr test, then, otherwise;
};

/// `[a, b]` or a tuple `(a, b)` / `a, b`.
struct ListExpr : Expr {
  ListExpr(Pos p, bool t) : Expr(ExprKind::kList, p), tuple(t) {}
  std::vector<ExprPtr> items;
  bool tuple;
};

/// `{k: v, ...}`.
struct DictExpr : Expr {
  DictExpr(Pos p) : Expr(ExprKind::kDict, p) {}
  std::vector<std::pair<ExprPtr, ExprPtr>> items;
};

// ---------------------------------------------------------------------------
// Statements

enum class StmtKind : std::uint8_t {
  kData, kPrint, kIf, kFor, kSet, kSetBlock, kBlock, kExtends, kInclude, kImport,
  kFromImport, kMacro, kCallBlock, kFilterBlock, kWith, kAutoescape, kDo, kBreak, kContinue,
};

struct Stmt {
  Stmt(StmtKind k, Pos p) : kind(k), pos(p) {}
  virtual ~Stmt() = default;
  StmtKind kind;
  Pos pos;
};
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

/// Template text, output as is.
struct DataStmt : Stmt {
  DataStmt(Pos p, std::string t) : Stmt(StmtKind::kData, p), text(std::move(t)) {}
  std::string text;
};

/// `{{ expr }}`.
struct PrintStmt : Stmt {
  PrintStmt(Pos p, ExprPtr e) : Stmt(StmtKind::kPrint, p), expr(std::move(e)) {}
  ExprPtr expr;
};

/// `{% if %}...{% elif %}...{% else %}...{% endif %}`.
struct IfStmt : Stmt {
  explicit IfStmt(Pos p) : Stmt(StmtKind::kIf, p) {}
  std::vector<std::pair<ExprPtr, Body>> branches;
  Body else_body;
};

/// `{% for target in iter [if filter] [recursive] %}...{% else %}...{% endfor %}`.
struct ForStmt : Stmt {
  explicit ForStmt(Pos p) : Stmt(StmtKind::kFor, p) {}
  ExprPtr target;  // NameExpr or tuple ListExpr of targets
  ExprPtr iter;
  ExprPtr filter;  // may be null
  Body body;
  Body else_body;
  bool recursive = false;
};

/// `{% set target = value %}`; target is a name, a tuple of names or `ns.attr`.
struct SetStmt : Stmt {
  explicit SetStmt(Pos p) : Stmt(StmtKind::kSet, p) {}
  ExprPtr target;
  ExprPtr value;
};

/// `{% set target [| filters] %}body{% endset %}`.
struct SetBlockStmt : Stmt {
  explicit SetBlockStmt(Pos p) : Stmt(StmtKind::kSetBlock, p) {}
  ExprPtr target;
  ExprPtr filter;  // FilterExpr chain whose innermost input is null; may be null
  Body body;
};

struct Template;

/// `{% block name [scoped] [required] %}...{% endblock %}`.
struct BlockStmt : Stmt {
  explicit BlockStmt(Pos p) : Stmt(StmtKind::kBlock, p) {}
  std::string name;
  Body body;
  bool scoped = false;
  bool required = false;
  const Template* owner = nullptr;  // the template that defines this block
};

/// `{% extends expr %}`.
struct ExtendsStmt : Stmt {
  explicit ExtendsStmt(Pos p) : Stmt(StmtKind::kExtends, p) {}
  ExprPtr tmpl;
};

/// `{% include expr [ignore missing] [with|without context] %}`.
struct IncludeStmt : Stmt {
  explicit IncludeStmt(Pos p) : Stmt(StmtKind::kInclude, p) {}
  ExprPtr tmpl;
  bool ignore_missing = false;
  bool with_context = true;
};

/// `{% import expr as name [with context] %}`.
struct ImportStmt : Stmt {
  explicit ImportStmt(Pos p) : Stmt(StmtKind::kImport, p) {}
  ExprPtr tmpl;
  std::string alias;
  bool with_context = false;
};

/// `{% from expr import a, b as c [with context] %}`.
struct FromImportStmt : Stmt {
  explicit FromImportStmt(Pos p) : Stmt(StmtKind::kFromImport, p) {}
  ExprPtr tmpl;
  std::vector<std::pair<std::string, std::string>> names;  // (name, alias)
  bool with_context = false;
};

/// A macro signature and body, shared by `{% macro %}` and `{% call %}` blocks.
struct MacroDef {
  std::string name;
  std::vector<std::string> params;
  std::vector<ExprPtr> defaults;  // defaults for the last defaults.size() params
  Body body;
  bool uses_caller = false;
  bool uses_varargs = false;
  bool uses_kwargs = false;
};

/// `{% macro name(params) %}...{% endmacro %}`.
struct MacroStmt : Stmt {
  explicit MacroStmt(Pos p) : Stmt(StmtKind::kMacro, p) {}
  MacroDef def;
};

/// `{% call[(params)] expr(args) %}body{% endcall %}`: calls with `caller` = body.
struct CallBlockStmt : Stmt {
  explicit CallBlockStmt(Pos p) : Stmt(StmtKind::kCallBlock, p) {}
  ExprPtr call;  // a CallExpr
  MacroDef caller;
};

/// `{% filter f|g %}body{% endfilter %}`.
struct FilterBlockStmt : Stmt {
  explicit FilterBlockStmt(Pos p) : Stmt(StmtKind::kFilterBlock, p) {}
  ExprPtr filter;  // FilterExpr chain whose innermost input is null
  Body body;
};

/// `{% with a = 1, b = 2 %}...{% endwith %}`.
struct WithStmt : Stmt {
  explicit WithStmt(Pos p) : Stmt(StmtKind::kWith, p) {}
  std::vector<std::pair<ExprPtr, ExprPtr>> assignments;
  Body body;
};

/// `{% autoescape expr %}...{% endautoescape %}`.
struct AutoescapeStmt : Stmt {
  explicit AutoescapeStmt(Pos p) : Stmt(StmtKind::kAutoescape, p) {}
  ExprPtr enabled;
  Body body;
};

/// `{% do expr %}` (jinja2.ext.do), `{% break %}`, `{% continue %}` (jinja2.ext.loopcontrols).
struct DoStmt : Stmt {
  DoStmt(Pos p, ExprPtr e) : Stmt(StmtKind::kDo, p), expr(std::move(e)) {}
  ExprPtr expr;
};
struct LoopControlStmt : Stmt {
  LoopControlStmt(Pos p, StmtKind k) : Stmt(k, p) {}
};

/// One parsed template.
struct Template {
  std::string name;          // relative to the template dir: "layouts/page.html"
  std::string display_name;  // as shown in messages: "templates/layouts/page.html"
  std::string source;        // newline-normalized source, for carets
  bool autoescape = false;   // decided by extension
  Body body;
  std::unordered_map<std::string, const BlockStmt*> blocks;
  std::vector<std::string> references;  // static names used by extends/include/import
  bool has_extends = false;
  /// Size of the last output rendered from this template: the next render reserves it
  /// up front instead of growing its string a dozen times.
  mutable std::atomic<std::size_t> output_size_hint{0};
};

}  // namespace reel::tpl
