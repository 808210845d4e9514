#include "template/parser.h"

#include <algorithm>
#include <initializer_list>

#include "base/diagnostics.h"

namespace reel::tpl {

namespace {

// Every tag the parser knows, for "did you mean" hints on unknown tags.
const std::vector<std::string> kTags = {
    "for", "endfor", "if", "elif", "else", "endif", "set", "endset", "block", "endblock",
    "extends", "include", "import", "from", "macro", "endmacro", "call", "endcall",
    "filter", "endfilter", "with", "endwith", "autoescape", "endautoescape", "raw", "do",
    "break", "continue"};

using Ends = std::initializer_list<std::string_view>;

// How deep expressions and blocks may nest. Parsing, rendering and freeing the tree all
// recurse once per level, so an absurd template (`((((...` 100,000 times) must stop
// with an error instead of overflowing the stack; real templates stay far below.
constexpr int kMaxNesting = 400;

class Parser {
 public:
  Parser(Template& t, std::vector<Token> tokens) : t_(t), toks_(std::move(tokens)) {}

  void run() {
    t_.body = parse_body({}, "", Pos{});
  }

 private:
  // ---- token stream -------------------------------------------------------
  const Token& cur() const { return toks_[i_]; }
  const Token& peek(std::size_t n = 1) const { return toks_[std::min(i_ + n, toks_.size() - 1)]; }
  void next() {
    if (i_ + 1 < toks_.size()) ++i_;
  }
  static Pos pos_of(const Token& t) { return Pos{t.line, t.column}; }
  Pos here() const { return pos_of(cur()); }

  std::string where(Pos p) const { return t_.display_name + ":" + std::to_string(p.line) + ":" + std::to_string(p.column); }

  [[noreturn]] void fail_at(Pos p, std::string message, std::string hint = {}) const {
    Diagnostic d;
    d.pos = SourcePos{t_.display_name, p.line, p.column};
    d.message = std::move(message);
    d.hint = std::move(hint);
    d.source_line = std::string(line_of(t_.source, p.line));
    throw Error(std::move(d));
  }
  [[noreturn]] void fail(std::string message, std::string hint = {}) const { fail_at(here(), std::move(message), std::move(hint)); }

  bool at_op(std::string_view op) const { return cur().is_op(op); }
  bool at_name(std::string_view n) const { return cur().is_name(n); }
  bool skip_op(std::string_view op) {
    if (!at_op(op)) return false;
    next();
    return true;
  }
  bool skip_name(std::string_view n) {
    if (!at_name(n)) return false;
    next();
    return true;
  }
  void expect_op(std::string_view op) {
    if (!skip_op(op)) fail("expected `" + std::string(op) + "`, got " + describe(cur()));
  }
  std::string expect_name(std::string_view what = "a name") {
    if (cur().kind != TokenKind::kName) fail("expected " + std::string(what) + ", got " + describe(cur()));
    std::string n = cur().text;
    next();
    return n;
  }
  void expect_keyword(std::string_view kw) {
    if (!skip_name(kw)) fail("expected `" + std::string(kw) + "`, got " + describe(cur()));
  }
  void expect_block_end() {
    if (cur().kind != TokenKind::kBlockEnd) fail("expected end of statement block `%}`, got " + describe(cur()));
    next();
  }

  // ---- statements ---------------------------------------------------------

  // Parses template content until a `{% name %}` whose name is in `ends` (left as the
  // current token) or, when `ends` is empty, the end of the template.
  Body parse_body(Ends ends, std::string_view opener, Pos opener_pos) {
    Nest nest(*this);
    Body body;
    while (true) {
      const Token& t = cur();
      switch (t.kind) {
        case TokenKind::kData:
          body.push_back(std::make_unique<DataStmt>(pos_of(t), t.text));
          next();
          break;
        case TokenKind::kVariableBegin: {
          Pos p = pos_of(t);
          next();
          ExprPtr e = parse_tuple(false, true, {}, false);
          if (cur().kind != TokenKind::kVariableEnd) fail("expected end of print statement `}}`, got " + describe(cur()));
          next();
          body.push_back(std::make_unique<PrintStmt>(p, std::move(e)));
          break;
        }
        case TokenKind::kBlockBegin: {
          const Token& n = peek();
          if (n.kind == TokenKind::kName && std::find(ends.begin(), ends.end(), n.text) != ends.end()) {
            next();
            return body;
          }
          Pos p = pos_of(t);
          next();
          if (StmtPtr s = parse_statement(p, ends, opener, opener_pos)) body.push_back(std::move(s));
          break;
        }
        case TokenKind::kEof:
          if (ends.size() == 0) return body;
          fail_unclosed(ends, opener, opener_pos);
        default:
          fail("unexpected " + describe(t));
      }
    }
  }

  [[noreturn]] void fail_unclosed(Ends ends, std::string_view opener, Pos opener_pos) const {
    std::string end(*ends.begin());
    for (auto e : ends) {
      if (e.starts_with("end")) end = std::string(e);
    }
    std::string got = describe(cur());
    std::string hint;
    if (ends.size() > 1) {
      hint = "the tags allowed here are ";
      bool first = true;
      for (auto e : ends) {
        hint += first ? "`" : ", `";
        hint += e;
        hint += "`";
        first = false;
      }
    }
    fail("expected `" + end + "` to close `" + std::string(opener) + "` opened at " + where(opener_pos) + ", got " + got,
         hint);
  }

  StmtPtr parse_statement(Pos p, Ends ends, std::string_view opener, Pos opener_pos) {
    if (cur().kind != TokenKind::kName) fail("expected a tag name, got " + describe(cur()));
    const std::string tag = cur().text;
    if (tag == "for") return parse_for(p);
    if (tag == "if") return parse_if(p);
    if (tag == "set") return parse_set(p);
    if (tag == "block") return parse_block(p);
    if (tag == "extends") return parse_extends(p);
    if (tag == "include") return parse_include(p);
    if (tag == "import") return parse_import(p);
    if (tag == "from") return parse_from(p);
    if (tag == "macro") return parse_macro(p);
    if (tag == "call") return parse_call_block(p);
    if (tag == "filter") return parse_filter_block(p);
    if (tag == "with") return parse_with(p);
    if (tag == "autoescape") return parse_autoescape(p);
    if (tag == "do") {
      next();
      auto s = std::make_unique<DoStmt>(p, parse_tuple(false, true, {}, false));
      expect_block_end();
      return s;
    }
    if (tag == "break" || tag == "continue") {
      if (loop_depth_ == 0) fail("`" + tag + "` is only allowed inside a `for` loop");
      next();
      expect_block_end();
      return std::make_unique<LoopControlStmt>(p, tag == "break" ? StmtKind::kBreak : StmtKind::kContinue);
    }
    bool is_end = (tag.starts_with("end") || tag == "else" || tag == "elif") &&
                  std::find(kTags.begin(), kTags.end(), tag) != kTags.end();
    if (is_end) {
      if (ends.size() > 0) fail_unclosed(ends, opener, opener_pos);
      fail("unexpected `" + tag + "`: no block is open here");
    }
    fail("unknown tag `" + tag + "`", suggestion_hint(tag, kTags));
  }

  StmtPtr parse_for(Pos p) {
    next();
    auto s = std::make_unique<ForStmt>(p);
    s->target = parse_assign_target(true, false, {"in"}, false);
    expect_keyword("in");
    s->iter = parse_tuple(false, false, {"recursive"}, false);
    if (skip_name("if")) s->filter = parse_expression(true);
    s->recursive = skip_name("recursive");
    expect_block_end();
    ++loop_depth_;
    s->body = parse_body({"endfor", "else"}, "for", p);
    --loop_depth_;
    if (skip_name("else")) {
      expect_block_end();
      s->else_body = parse_body({"endfor"}, "for", p);
    }
    next();  // endfor
    expect_block_end();
    return s;
  }

  StmtPtr parse_if(Pos p) {
    next();
    auto s = std::make_unique<IfStmt>(p);
    while (true) {
      ExprPtr test = parse_tuple(false, false, {}, false);
      expect_block_end();
      Body body = parse_body({"elif", "else", "endif"}, "if", p);
      s->branches.emplace_back(std::move(test), std::move(body));
      if (skip_name("elif")) continue;
      if (skip_name("else")) {
        expect_block_end();
        s->else_body = parse_body({"endif"}, "if", p);
      }
      break;
    }
    next();  // endif
    expect_block_end();
    return s;
  }

  StmtPtr parse_set(Pos p) {
    next();
    ExprPtr target = parse_assign_target(true, false, {}, true);
    if (skip_op("=")) {
      auto s = std::make_unique<SetStmt>(p);
      s->target = std::move(target);
      s->value = parse_tuple(false, true, {}, false);
      expect_block_end();
      return s;
    }
    auto s = std::make_unique<SetBlockStmt>(p);
    s->target = std::move(target);
    if (at_op("|")) s->filter = parse_filter(nullptr, false);
    expect_block_end();
    s->body = parse_body({"endset"}, "set", p);
    next();
    expect_block_end();
    return s;
  }

  StmtPtr parse_block(Pos p) {
    next();
    auto s = std::make_unique<BlockStmt>(p);
    s->name = expect_name("a block name");
    if (at_op("-")) fail("block names may not contain hyphens", "use an underscore instead");
    while (true) {
      if (skip_name("scoped")) {
        s->scoped = true;
      } else if (skip_name("required")) {
        s->required = true;
      } else {
        break;
      }
    }
    expect_block_end();
    if (t_.blocks.count(s->name)) fail_at(p, "block `" + s->name + "` defined twice");
    s->body = parse_body({"endblock"}, "block", p);
    next();
    if (cur().kind == TokenKind::kName) {
      if (cur().text != s->name) fail("mismatching name `" + cur().text + "` for `endblock` of block `" + s->name + "`");
      next();
    }
    expect_block_end();
    if (s->required) {
      for (const auto& st : s->body) {
        if (st->kind != StmtKind::kData ||
            static_cast<const DataStmt&>(*st).text.find_first_not_of(" \t\r\n") != std::string::npos) {
          fail_at(st->pos, "required block `" + s->name + "` may only contain whitespace and comments");
        }
      }
    }
    s->owner = &t_;
    t_.blocks[s->name] = s.get();
    return s;
  }

  void note_reference(const Expr& e) {
    if (e.kind == ExprKind::kConst) {
      const Value& v = static_cast<const ConstExpr&>(e).value;
      if (v.is_string()) t_.references.push_back(v.as_string());
    } else if (e.kind == ExprKind::kList) {
      for (const auto& item : static_cast<const ListExpr&>(e).items) note_reference(*item);
    }
  }

  StmtPtr parse_extends(Pos p) {
    next();
    auto s = std::make_unique<ExtendsStmt>(p);
    s->tmpl = parse_expression(true);
    note_reference(*s->tmpl);
    t_.has_extends = true;
    expect_block_end();
    return s;
  }

  // `with context` / `without context`; returns whether one was there.
  bool parse_context(bool& with_context) {
    if ((at_name("with") || at_name("without")) && peek().is_name("context")) {
      with_context = at_name("with");
      next();
      next();
      return true;
    }
    return false;
  }

  StmtPtr parse_include(Pos p) {
    next();
    auto s = std::make_unique<IncludeStmt>(p);
    s->tmpl = parse_expression(true);
    note_reference(*s->tmpl);
    if (at_name("ignore") && peek().is_name("missing")) {
      next();
      next();
      s->ignore_missing = true;
    }
    parse_context(s->with_context);
    expect_block_end();
    return s;
  }

  StmtPtr parse_import(Pos p) {
    next();
    auto s = std::make_unique<ImportStmt>(p);
    s->tmpl = parse_expression(true);
    note_reference(*s->tmpl);
    expect_keyword("as");
    s->alias = expect_name();
    parse_context(s->with_context);
    expect_block_end();
    return s;
  }

  StmtPtr parse_from(Pos p) {
    next();
    auto s = std::make_unique<FromImportStmt>(p);
    s->tmpl = parse_expression(true);
    note_reference(*s->tmpl);
    expect_keyword("import");
    while (true) {
      if (!s->names.empty()) expect_op(",");
      if (cur().kind != TokenKind::kName) fail("expected a name to import, got " + describe(cur()));
      if (parse_context(s->with_context)) break;
      Pos np = here();
      std::string name = expect_name();
      if (name[0] == '_') fail_at(np, "names starting with an underscore can not be imported");
      std::string alias = name;
      if (skip_name("as")) alias = expect_name();
      s->names.emplace_back(std::move(name), std::move(alias));
      if (parse_context(s->with_context) || !at_op(",")) break;
    }
    expect_block_end();
    return s;
  }

  void parse_signature(MacroDef& def) {
    expect_op("(");
    while (!at_op(")")) {
      if (!def.params.empty()) expect_op(",");
      if (at_op(")")) break;
      Pos np = here();
      std::string name = expect_name("a parameter name");
      if (skip_op("=")) {
        def.defaults.push_back(parse_expression(true));
      } else if (!def.defaults.empty()) {
        fail_at(np, "parameter `" + name + "` without a default follows one with a default");
      }
      def.params.push_back(std::move(name));
    }
    expect_op(")");
  }

  StmtPtr parse_macro(Pos p) {
    next();
    auto s = std::make_unique<MacroStmt>(p);
    s->def.name = expect_name("a macro name");
    parse_signature(s->def);
    expect_block_end();
    macros_.push_back(&s->def);
    int saved_loops = loop_depth_;
    loop_depth_ = 0;
    s->def.body = parse_body({"endmacro"}, "macro", p);
    loop_depth_ = saved_loops;
    macros_.pop_back();
    next();
    if (cur().kind == TokenKind::kName) {
      if (cur().text != s->def.name) fail("mismatching name `" + cur().text + "` for `endmacro` of macro `" + s->def.name + "`");
      next();
    }
    expect_block_end();
    return s;
  }

  StmtPtr parse_call_block(Pos p) {
    next();
    auto s = std::make_unique<CallBlockStmt>(p);
    s->caller.name = "caller";
    if (at_op("(")) parse_signature(s->caller);
    Pos cp = here();
    s->call = parse_expression(true);
    if (s->call->kind != ExprKind::kCall) fail_at(cp, "expected a call after `call`, e.g. `{% call my_macro() %}`");
    expect_block_end();
    macros_.push_back(&s->caller);
    int saved_loops = loop_depth_;
    loop_depth_ = 0;
    s->caller.body = parse_body({"endcall"}, "call", p);
    loop_depth_ = saved_loops;
    macros_.pop_back();
    next();
    expect_block_end();
    return s;
  }

  StmtPtr parse_filter_block(Pos p) {
    next();
    auto s = std::make_unique<FilterBlockStmt>(p);
    s->filter = parse_filter(nullptr, true);
    expect_block_end();
    s->body = parse_body({"endfilter"}, "filter", p);
    next();
    expect_block_end();
    return s;
  }

  StmtPtr parse_with(Pos p) {
    next();
    auto s = std::make_unique<WithStmt>(p);
    while (cur().kind != TokenKind::kBlockEnd) {
      if (!s->assignments.empty()) expect_op(",");
      ExprPtr target = parse_assign_target(true, false, {}, false);
      expect_op("=");
      s->assignments.emplace_back(std::move(target), parse_expression(true));
    }
    expect_block_end();
    s->body = parse_body({"endwith"}, "with", p);
    next();
    expect_block_end();
    return s;
  }

  StmtPtr parse_autoescape(Pos p) {
    next();
    auto s = std::make_unique<AutoescapeStmt>(p);
    s->enabled = parse_expression(true);
    expect_block_end();
    s->body = parse_body({"endautoescape"}, "autoescape", p);
    next();
    expect_block_end();
    return s;
  }

  // ---- expressions --------------------------------------------------------

  static bool can_assign(const Expr& e) {
    if (e.kind == ExprKind::kName) return true;
    if (e.kind == ExprKind::kList && static_cast<const ListExpr&>(e).tuple) {
      for (const auto& item : static_cast<const ListExpr&>(e).items) {
        if (!can_assign(*item)) return false;
      }
      return true;
    }
    return false;
  }

  ExprPtr parse_assign_target(bool with_tuple, bool name_only, Ends extra_end, bool with_namespace) {
    Pos p = here();
    if (with_namespace && cur().kind == TokenKind::kName && peek().is_op(".")) {
      std::string ns = cur().text;
      next();
      next();
      std::string attr = expect_name("an attribute name");
      return std::make_unique<GetAttrExpr>(p, std::make_unique<NameExpr>(p, std::move(ns)), std::move(attr));
    }
    ExprPtr target;
    if (name_only) {
      target = std::make_unique<NameExpr>(p, expect_name());
    } else if (with_tuple) {
      target = parse_tuple(true, true, extra_end, false);
    } else {
      target = parse_primary();
    }
    if (!can_assign(*target)) fail_at(p, "can't assign to this expression", "assign to a name or a tuple of names");
    return target;
  }

  bool is_tuple_end(Ends extra_end) const {
    const Token& t = cur();
    if (t.kind == TokenKind::kVariableEnd || t.kind == TokenKind::kBlockEnd || t.kind == TokenKind::kEof) return true;
    if (t.is_op(")")) return true;
    for (auto e : extra_end) {
      if (t.is_name(e)) return true;
    }
    return false;
  }

  ExprPtr parse_tuple(bool simplified, bool with_condexpr, Ends extra_end, bool explicit_parens) {
    Pos p = here();
    std::vector<ExprPtr> items;
    bool is_tuple = false;
    while (true) {
      if (!items.empty()) expect_op(",");
      if (is_tuple_end(extra_end)) break;
      if (simplified) {
        items.push_back(parse_primary());
      } else {
        items.push_back(parse_expression(with_condexpr));
      }
      if (at_op(",")) {
        is_tuple = true;
      } else {
        break;
      }
    }
    if (!is_tuple) {
      if (!items.empty()) return std::move(items[0]);
      if (!explicit_parens) fail("expected an expression, got " + describe(cur()));
    }
    auto t = std::make_unique<ListExpr>(p, true);
    t->items = std::move(items);
    return t;
  }

  ExprPtr parse_expression(bool with_condexpr) {
    if (with_condexpr) return parse_condexpr();
    return parse_or();
  }

  ExprPtr parse_condexpr() {
    Nest nest(*this, false);
    Pos p = here();
    ExprPtr expr1 = parse_or();
    while (skip_name("if")) {
      nest.bump();
      auto c = std::make_unique<CondExpr>(p);
      c->test = parse_or();
      if (skip_name("else")) c->otherwise = parse_condexpr();
      c->then = std::move(expr1);
      expr1 = std::move(c);
    }
    return expr1;
  }

  ExprPtr parse_or() {
    Nest nest(*this, false);
    Pos p = here();
    ExprPtr left = parse_and();
    while (skip_name("or")) {
      nest.bump();
      left = std::make_unique<BinaryExpr>(p, BinaryOp::kOr, std::move(left), parse_and());
    }
    return left;
  }

  ExprPtr parse_and() {
    Nest nest(*this, false);
    Pos p = here();
    ExprPtr left = parse_not();
    while (skip_name("and")) {
      nest.bump();
      left = std::make_unique<BinaryExpr>(p, BinaryOp::kAnd, std::move(left), parse_not());
    }
    return left;
  }

  ExprPtr parse_not() {
    Nest nest(*this);
    Pos p = here();
    if (skip_name("not")) return std::make_unique<UnaryExpr>(p, UnaryOp::kNot, parse_not());
    return parse_compare();
  }

  ExprPtr parse_compare() {
    Pos p = here();
    ExprPtr expr = parse_math1();
    std::unique_ptr<CompareExpr> cmp;
    auto add = [&](CompareOp op, ExprPtr rhs) {
      if (!cmp) cmp = std::make_unique<CompareExpr>(p, std::move(expr));
      cmp->rest.emplace_back(op, std::move(rhs));
    };
    while (true) {
      const Token& t = cur();
      CompareOp op;
      if (t.is_op("==")) {
        op = CompareOp::kEq;
      } else if (t.is_op("!=")) {
        op = CompareOp::kNe;
      } else if (t.is_op("<")) {
        op = CompareOp::kLt;
      } else if (t.is_op("<=")) {
        op = CompareOp::kLe;
      } else if (t.is_op(">")) {
        op = CompareOp::kGt;
      } else if (t.is_op(">=")) {
        op = CompareOp::kGe;
      } else if (t.is_name("in")) {
        op = CompareOp::kIn;
      } else if (t.is_name("not") && peek().is_name("in")) {
        next();
        op = CompareOp::kNotIn;
      } else {
        break;
      }
      next();
      add(op, parse_math1());
    }
    if (cmp) return cmp;
    return expr;
  }

  ExprPtr parse_math1() {
    Nest nest(*this, false);
    Pos p = here();
    ExprPtr left = parse_concat();
    while (at_op("+") || at_op("-")) {
      BinaryOp op = at_op("+") ? BinaryOp::kAdd : BinaryOp::kSub;
      next();
      nest.bump();
      left = std::make_unique<BinaryExpr>(p, op, std::move(left), parse_concat());
    }
    return left;
  }

  ExprPtr parse_concat() {
    Nest nest(*this, false);
    Pos p = here();
    ExprPtr left = parse_math2();
    while (skip_op("~")) {
      nest.bump();
      left = std::make_unique<BinaryExpr>(p, BinaryOp::kConcat, std::move(left), parse_math2());
    }
    return left;
  }

  ExprPtr parse_math2() {
    Nest nest(*this, false);
    Pos p = here();
    ExprPtr left = parse_pow();
    while (true) {
      BinaryOp op;
      if (at_op("*")) {
        op = BinaryOp::kMul;
      } else if (at_op("/")) {
        op = BinaryOp::kDiv;
      } else if (at_op("//")) {
        op = BinaryOp::kFloorDiv;
      } else if (at_op("%")) {
        op = BinaryOp::kMod;
      } else {
        break;
      }
      next();
      nest.bump();
      left = std::make_unique<BinaryExpr>(p, op, std::move(left), parse_pow());
    }
    return left;
  }

  ExprPtr parse_pow() {
    Nest nest(*this, false);
    Pos p = here();
    ExprPtr left = parse_unary(true);
    while (skip_op("**")) {
      nest.bump();
      left = std::make_unique<BinaryExpr>(p, BinaryOp::kPow, std::move(left), parse_unary(true));
    }
    return left;
  }

  ExprPtr parse_unary(bool with_filter) {
    Nest nest(*this);
    Pos p = here();
    ExprPtr node;
    if (skip_op("-")) {
      node = std::make_unique<UnaryExpr>(p, UnaryOp::kNeg, parse_unary(false));
    } else if (skip_op("+")) {
      node = std::make_unique<UnaryExpr>(p, UnaryOp::kPos, parse_unary(false));
    } else {
      node = parse_primary();
    }
    node = parse_postfix(std::move(node));
    if (with_filter) node = parse_filter_expr(std::move(node));
    return node;
  }

  ExprPtr parse_primary() {
    const Token& t = cur();
    Pos p = pos_of(t);
    switch (t.kind) {
      case TokenKind::kName: {
        const std::string& n = t.text;
        ExprPtr e;
        if (n == "true" || n == "True") {
          e = std::make_unique<ConstExpr>(p, Value(true));
        } else if (n == "false" || n == "False") {
          e = std::make_unique<ConstExpr>(p, Value(false));
        } else if (n == "none" || n == "None") {
          e = std::make_unique<ConstExpr>(p, Value());
        } else {
          if (!macros_.empty()) {
            if (n == "caller") macros_.back()->uses_caller = true;
            if (n == "varargs") macros_.back()->uses_varargs = true;
            if (n == "kwargs") macros_.back()->uses_kwargs = true;
          }
          e = std::make_unique<NameExpr>(p, n);
        }
        next();
        return e;
      }
      case TokenKind::kString: {
        std::string s = t.text;
        next();
        while (cur().kind == TokenKind::kString) {
          s += cur().text;
          next();
        }
        return std::make_unique<ConstExpr>(p, Value(std::move(s)));
      }
      case TokenKind::kInteger: {
        auto e = std::make_unique<ConstExpr>(p, Value(t.int_value));
        next();
        return e;
      }
      case TokenKind::kFloat: {
        auto e = std::make_unique<ConstExpr>(p, Value(t.float_value));
        next();
        return e;
      }
      case TokenKind::kOperator:
        if (t.text == "(") {
          next();
          ExprPtr e = parse_tuple(false, true, {}, true);
          expect_op(")");
          return e;
        }
        if (t.text == "[") {
          next();
          auto l = std::make_unique<ListExpr>(p, false);
          while (!at_op("]")) {
            if (!l->items.empty()) expect_op(",");
            if (at_op("]")) break;
            l->items.push_back(parse_expression(true));
          }
          expect_op("]");
          return l;
        }
        if (t.text == "{") {
          next();
          auto d = std::make_unique<DictExpr>(p);
          while (!at_op("}")) {
            if (!d->items.empty()) expect_op(",");
            if (at_op("}")) break;
            ExprPtr key = parse_expression(true);
            expect_op(":");
            d->items.emplace_back(std::move(key), parse_expression(true));
          }
          expect_op("}");
          return d;
        }
        break;
      default:
        break;
    }
    fail("expected an expression, got " + describe(t));
  }

  ExprPtr parse_postfix(ExprPtr node) {
    Nest nest(*this, false);
    while (true) {
      nest.bump();
      if (at_op(".") || at_op("[")) {
        node = parse_subscript(std::move(node));
      } else if (at_op("(")) {
        node = parse_call(std::move(node));
      } else {
        return node;
      }
    }
  }

  ExprPtr parse_filter_expr(ExprPtr node) {
    Nest nest(*this, false);
    while (true) {
      nest.bump();
      if (at_op("|")) {
        node = parse_filter(std::move(node), false);
      } else if (at_name("is")) {
        node = parse_test(std::move(node));
      } else if (at_op("(")) {
        node = parse_call(std::move(node));
      } else {
        return node;
      }
    }
  }

  ExprPtr parse_subscript(ExprPtr node) {
    Pos p = node->pos;  // errors about `a.b` point at the start of the expression
    if (skip_op(".")) {
      const Token& t = cur();
      if (t.kind == TokenKind::kName) {
        std::string n = t.text;
        next();
        return std::make_unique<GetAttrExpr>(p, std::move(node), std::move(n));
      }
      if (t.kind == TokenKind::kInteger) {
        auto idx = std::make_unique<ConstExpr>(pos_of(t), Value(t.int_value));
        next();
        return std::make_unique<GetItemExpr>(p, std::move(node), std::move(idx));
      }
      fail("expected an attribute name after `.`, got " + describe(t));
    }
    expect_op("[");
    std::vector<ExprPtr> args;
    while (!at_op("]")) {
      if (!args.empty()) {
        expect_op(",");
        if (at_op("]")) break;
      }
      args.push_back(parse_subscribed());
    }
    expect_op("]");
    if (args.empty()) fail_at(p, "expected a subscript inside `[]`");
    if (args.size() == 1) {
      if (args[0]->kind == ExprKind::kSlice && !static_cast<SliceExpr&>(*args[0]).obj) {
        static_cast<SliceExpr&>(*args[0]).obj = std::move(node);
        args[0]->pos = p;
        return std::move(args[0]);
      }
      return std::make_unique<GetItemExpr>(p, std::move(node), std::move(args[0]));
    }
    auto t = std::make_unique<ListExpr>(p, true);
    t->items = std::move(args);
    return std::make_unique<GetItemExpr>(p, std::move(node), std::move(t));
  }

  ExprPtr parse_subscribed() {
    Pos p = here();
    auto s = std::make_unique<SliceExpr>(p);
    if (!skip_op(":")) {
      ExprPtr e = parse_expression(true);
      if (!at_op(":")) return e;
      next();
      s->start = std::move(e);
    }
    if (!at_op(":") && !at_op("]") && !at_op(",")) s->stop = parse_expression(true);
    if (skip_op(":")) {
      if (!at_op("]") && !at_op(",")) s->step = parse_expression(true);
    }
    return s;
  }

  void parse_call_args(Args& args) {
    Pos open = here();
    expect_op("(");
    bool need_comma = false;
    while (!at_op(")")) {
      if (need_comma) {
        expect_op(",");
        if (at_op(")")) break;
      }
      if (cur().kind == TokenKind::kEof) fail_at(open, "unclosed `(`");
      if (skip_op("*")) {
        args.star_args = parse_expression(true);
      } else if (skip_op("**")) {
        args.star_kwargs = parse_expression(true);
      } else if (cur().kind == TokenKind::kName && peek().is_op("=")) {
        if (args.star_kwargs) fail("keyword argument after `**`");
        std::string key = cur().text;
        next();
        next();
        args.keyword.emplace_back(std::move(key), parse_expression(true));
      } else {
        if (args.star_args || args.star_kwargs || !args.keyword.empty()) {
          fail("positional argument follows keyword argument");
        }
        args.positional.push_back(parse_expression(true));
      }
      need_comma = true;
    }
    expect_op(")");
  }

  ExprPtr parse_call(ExprPtr node) {
    Pos p = node->pos;
    auto c = std::make_unique<CallExpr>(p, std::move(node));
    parse_call_args(c->args);
    return c;
  }

  std::string parse_dotted_name() {
    std::string name = expect_name("a filter or test name");
    while (at_op(".") && peek().kind == TokenKind::kName) {
      next();
      name += '.';
      name += cur().text;
      next();
    }
    return name;
  }

  ExprPtr parse_filter(ExprPtr node, bool start_inline) {
    Nest nest(*this, false);
    while (at_op("|") || start_inline) {
      if (!start_inline) next();
      start_inline = false;
      nest.bump();
      Pos p = here();
      std::string name = parse_dotted_name();
      auto f = std::make_unique<FilterExpr>(p, std::move(node), std::move(name));
      if (at_op("(")) parse_call_args(f->args);
      node = std::move(f);
    }
    return node;
  }

  ExprPtr parse_test(ExprPtr node) {
    next();  // is
    bool negated = skip_name("not");
    Pos p = here();
    std::string name = parse_dotted_name();
    auto t = std::make_unique<TestExpr>(p, std::move(node), std::move(name));
    t->negated = negated;
    const Token& c = cur();
    if (c.is_op("(")) {
      parse_call_args(t->args);
    } else if ((c.kind == TokenKind::kName || c.kind == TokenKind::kString || c.kind == TokenKind::kInteger ||
                c.kind == TokenKind::kFloat || c.is_op("(") || c.is_op("[") || c.is_op("{")) &&
               !c.is_name("else") && !c.is_name("or") && !c.is_name("and")) {
      if (c.is_name("is")) fail("tests can't be chained with `is`");
      ExprPtr arg = parse_primary();
      t->args.positional.push_back(parse_postfix(std::move(arg)));
    }
    return t;
  }

  // Counts nesting levels for the lifetime of one parse function: bump() once per
  // recursive entry or per node a loop wraps around the previous one (`a + b + c`).
  struct Nest {
    /// `entry`: this function recursed, which is one level by itself.
    explicit Nest(Parser& p, bool entry = true) : p_(p) {
      if (entry) bump();
    }
    ~Nest() { p_.depth_ -= n_; }
    void bump() {
      ++n_;
      if (++p_.depth_ > kMaxNesting) {
        p_.fail("expressions or blocks nest more than " + std::to_string(kMaxNesting) + " levels deep here",
                "split the template or the expression into smaller parts");
      }
    }
    Parser& p_;
    int n_ = 0;
  };

  Template& t_;
  std::vector<Token> toks_;
  std::size_t i_ = 0;
  int depth_ = 0;
  std::vector<MacroDef*> macros_;
  int loop_depth_ = 0;
};

}  // namespace

std::unique_ptr<Template> parse_template(std::string name, std::string display_name, std::string source,
                                         bool autoescape, const LexerOptions& options) {
  auto t = std::make_unique<Template>();
  t->name = std::move(name);
  t->display_name = std::move(display_name);
  t->source = std::move(source);
  t->autoescape = autoescape;
  Parser parser(*t, tokenize(t->source, options, t->display_name));
  parser.run();
  std::sort(t->references.begin(), t->references.end());
  t->references.erase(std::unique(t->references.begin(), t->references.end()), t->references.end());
  return t;
}

}  // namespace reel::tpl
