// Recursive descent with backtracking over a token vector. Failures record the
// furthest token reached; when the whole parse fails, that token is the one
// DynamoDB names in `Syntax error; token: "...", near: "..."`, and `near` is
// the source text from the token before it to the token after it (or to the
// end of the input when the offending token is <EOF>).
#include "dynamodb/expressions/syntax.h"

#include <algorithm>
#include <charconv>

namespace cloudlet::dynamodb::expr::internal {
namespace {

class Parser {
 public:
  Parser(std::string_view text, const std::vector<Token>& tokens) : text_(text), toks_(tokens) {}

  // ---- condition ----
  bool Condition_(Condition& out) { return Or(out); }

  bool Or(Condition& out) {
    if (!And(out)) return false;
    while (Peek().kind == TokenKind::kOr) {
      ++pos_;
      Condition rhs;
      if (!And(rhs)) return false;
      out = Binary(Condition::Kind::kOr, std::move(out), std::move(rhs));
    }
    return true;
  }

  bool And(Condition& out) {
    if (!Not(out)) return false;
    while (Peek().kind == TokenKind::kAnd) {
      ++pos_;
      Condition rhs;
      if (!Not(rhs)) return false;
      out = Binary(Condition::Kind::kAnd, std::move(out), std::move(rhs));
    }
    return true;
  }

  bool Not(Condition& out) {
    if (Peek().kind == TokenKind::kNot) {
      ++pos_;
      DepthGuard guard(this);
      if (!guard.ok()) return Fail();
      Condition inner;
      if (!Not(inner)) return false;
      out = Condition{};
      out.kind = Condition::Kind::kNot;
      out.children.push_back(std::move(inner));
      return true;
    }
    return Primary(out);
  }

  bool Primary(Condition& out) {
    if (Peek().kind == TokenKind::kLParen) {
      std::size_t save = pos_;
      ++pos_;
      Condition inner;
      DepthGuard guard(this);
      if (!guard.ok()) return Fail();
      if (Condition_(inner)) {
        if (Accept(TokenKind::kRParen)) {
          TokenKind k = Peek().kind;
          bool continues_as_operand =
              IsComparator(k) || k == TokenKind::kBetween || k == TokenKind::kIn;
          if (!continues_as_operand) {
            out = std::move(inner);
            return true;
          }
          Fail();  // "(cond) = x": report the comparator unless "(operand)" parses further
        } else {
          Fail();
        }
      }
      pos_ = save;  // maybe "(" operand ")" comparator ...
    }
    return Predicate(out);
  }

  bool Predicate(Condition& out) {
    Operand first;
    if (!ConditionOperand(first)) return false;
    TokenKind k = Peek().kind;
    out = Condition{};
    if (IsComparator(k)) {
      ++pos_;
      out.kind = Condition::Kind::kCompare;
      out.comparator = ToComparator(k);
      Operand second;
      if (!ConditionOperand(second)) return false;
      out.operands.push_back(std::move(first));
      out.operands.push_back(std::move(second));
      return true;
    }
    if (k == TokenKind::kBetween) {
      ++pos_;
      Operand lo, hi;
      if (!ConditionOperand(lo)) return false;
      if (!Expect(TokenKind::kAnd)) return false;
      if (!ConditionOperand(hi)) return false;
      out.kind = Condition::Kind::kBetween;
      out.operands.push_back(std::move(first));
      out.operands.push_back(std::move(lo));
      out.operands.push_back(std::move(hi));
      return true;
    }
    if (k == TokenKind::kIn) {
      ++pos_;
      if (!Expect(TokenKind::kLParen)) return false;
      out.kind = Condition::Kind::kIn;
      out.operands.push_back(std::move(first));
      do {
        Operand o;
        if (!ConditionOperand(o)) return false;
        out.operands.push_back(std::move(o));
      } while (Accept(TokenKind::kComma));
      return Expect(TokenKind::kRParen);
    }
    if (first.kind == Operand::Kind::kFunction) {  // a call standing as a condition
      out.kind = Condition::Kind::kFunction;
      out.operands.push_back(std::move(first));
      return true;
    }
    return Fail();
  }

  // operand = call | value_ref | path | "(" operand ")"
  bool ConditionOperand(Operand& out) {
    if (Peek().kind == TokenKind::kLParen) {
      ++pos_;
      DepthGuard guard(this);
      if (!guard.ok()) return Fail();
      if (!ConditionOperand(out)) return false;
      return Expect(TokenKind::kRParen);
    }
    return Atom(out, /*update=*/false);
  }

  // call | value_ref | path ; call arguments are condition operands or, in an
  // update, set operands.
  bool Atom(Operand& out, bool update) {
    const Token& t = Peek();
    out = Operand{};
    if (t.kind == TokenKind::kValueRef) {
      ++pos_;
      out.kind = Operand::Kind::kValue;
      out.placeholder = std::string(t.text);
      return true;
    }
    if (t.kind == TokenKind::kName && PeekAt(1).kind == TokenKind::kLParen) {
      pos_ += 2;
      DepthGuard guard(this);
      if (!guard.ok()) return Fail();
      out.kind = Operand::Kind::kFunction;
      out.function_name = std::string(t.text);
      do {
        Operand arg;
        if (!(update ? SetOperand(arg) : ConditionOperand(arg))) return false;
        out.args.push_back(std::move(arg));
      } while (Accept(TokenKind::kComma));
      return Expect(TokenKind::kRParen);
    }
    out.kind = Operand::Kind::kPath;
    return PathRule(out.path);
  }

  // path = ( name | name_ref ) { "." ( name | name_ref ) | "[" number "]" }
  bool PathRule(Path& out) {
    out.elements.clear();
    if (!PathName(out)) return false;
    for (;;) {
      if (Accept(TokenKind::kDot)) {
        if (!PathName(out)) return false;
      } else if (Accept(TokenKind::kLBracket)) {
        const Token& n = Peek();
        if (n.kind != TokenKind::kNumber) return Fail();
        std::uint32_t index = 0;
        auto [ptr, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), index);
        if (ec != std::errc() || index > 0x7fffffffu) return Fail();  // beyond a Java int
        ++pos_;
        out.elements.push_back(PathElement::Index(index));
        if (!Expect(TokenKind::kRBracket)) return false;
      } else {
        return true;
      }
    }
  }

  bool PathName(Path& out) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kName) {
      out.elements.push_back(PathElement::Name(std::string(t.text)));
    } else if (t.kind == TokenKind::kNameRef) {
      out.elements.push_back(PathElement::Name({}, std::string(t.text)));
    } else {
      return Fail();
    }
    ++pos_;
    return true;
  }

  // ---- projection ----
  bool ProjectionRule(Projection& out) {
    do {
      Path p;
      if (!PathRule(p)) return false;
      out.paths.push_back(std::move(p));
    } while (Accept(TokenKind::kComma));
    return true;
  }

  // ---- update ----
  bool UpdateRule(RawUpdate& out) {
    do {
      const Token& t = Peek();
      switch (t.kind) {
        case TokenKind::kSet:
          ++pos_;
          out.clause_order.push_back("SET");
          do {
            SetAction a;
            if (!PathRule(a.path) || !Expect(TokenKind::kEq) || !SetValue(a.value)) return false;
            out.target_order.emplace_back(0, out.update.set.size());
            out.update.set.push_back(std::move(a));
          } while (Accept(TokenKind::kComma));
          break;
        case TokenKind::kRemove:
          ++pos_;
          out.clause_order.push_back("REMOVE");
          do {
            Path p;
            if (!PathRule(p)) return false;
            out.target_order.emplace_back(1, out.update.remove.size());
            out.update.remove.push_back(std::move(p));
          } while (Accept(TokenKind::kComma));
          break;
        case TokenKind::kAdd:
        case TokenKind::kDelete: {
          bool add = t.kind == TokenKind::kAdd;
          ++pos_;
          out.clause_order.push_back(add ? "ADD" : "DELETE");
          do {
            Path p;
            if (!PathRule(p)) return false;
            const Token& v = Peek();
            if (v.kind != TokenKind::kValueRef) return Fail();
            ++pos_;
            Operand value;
            value.kind = Operand::Kind::kValue;
            value.placeholder = std::string(v.text);
            if (add) {
              out.target_order.emplace_back(2, out.update.add.size());
              out.update.add.push_back(AddAction{std::move(p), std::move(value)});
            } else {
              out.target_order.emplace_back(3, out.update.del.size());
              out.update.del.push_back(DeleteAction{std::move(p), std::move(value)});
            }
          } while (Accept(TokenKind::kComma));
          break;
        }
        default:
          return Fail();
      }
    } while (Peek().kind != TokenKind::kEnd);
    return true;
  }

  // set_value = set_operand [ ("+" | "-") set_operand ]
  bool SetValue(Operand& out) {
    Operand first;
    if (!SetOperand(first)) return false;
    TokenKind k = Peek().kind;
    if (k != TokenKind::kPlus && k != TokenKind::kMinus) {
      out = std::move(first);
      return true;
    }
    ++pos_;
    Operand second;
    if (!SetOperand(second)) return false;
    out = Operand{};
    out.kind = k == TokenKind::kPlus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
    out.args.push_back(std::move(first));
    out.args.push_back(std::move(second));
    return true;
  }

  // set_operand = call | value_ref | path | "(" set_value ")"
  bool SetOperand(Operand& out) {
    if (Accept(TokenKind::kLParen)) {
      DepthGuard guard(this);
      if (!guard.ok()) return Fail();
      if (!SetValue(out)) return false;
      return Expect(TokenKind::kRParen);
    }
    return Atom(out, /*update=*/true);
  }

  // ---- plumbing ----
  bool AtEnd() {
    if (Peek().kind == TokenKind::kEnd) return true;
    return Fail();
  }

  SyntaxError Error() const {
    std::size_t idx = furthest_ < toks_.size() ? furthest_ : toks_.size() - 1;
    const Token& t = toks_[idx];
    std::size_t begin = idx > 0 ? toks_[idx - 1].begin : t.begin;
    std::size_t end;
    if (t.kind == TokenKind::kEnd) {
      end = text_.size();
    } else if (toks_[idx + 1].kind == TokenKind::kEnd) {
      end = t.end();
    } else {
      end = toks_[idx + 1].end();
    }
    std::string token = t.kind == TokenKind::kEnd ? "<EOF>" : std::string(t.text);
    return SyntaxError{"Syntax error; token: \"" + token + "\", near: \"" +
                       std::string(text_.substr(begin, end - begin)) + "\""};
  }

 private:
  const Token& Peek() const { return toks_[pos_ < toks_.size() ? pos_ : toks_.size() - 1]; }
  const Token& PeekAt(std::size_t ahead) const {
    std::size_t i = pos_ + ahead;
    return toks_[i < toks_.size() ? i : toks_.size() - 1];
  }
  bool Accept(TokenKind k) {
    if (Peek().kind != k) return false;
    ++pos_;
    return true;
  }
  bool Expect(TokenKind k) { return Accept(k) || Fail(); }
  bool Fail() {
    furthest_ = std::max(furthest_, pos_);
    return false;
  }

  // Bounds recursion (parentheses, NOT chains, nested calls) so that a 4 KB
  // expression cannot exhaust the stack. Deeper input is a syntax error.
  static constexpr int kMaxDepth = 400;
  class DepthGuard {
   public:
    explicit DepthGuard(Parser* p) : p_(p) { ++p_->depth_; }
    ~DepthGuard() { --p_->depth_; }
    bool ok() const { return p_->depth_ <= kMaxDepth; }
   private:
    Parser* p_;
  };

  static bool IsComparator(TokenKind k) {
    return k == TokenKind::kEq || k == TokenKind::kNe || k == TokenKind::kLt ||
           k == TokenKind::kLe || k == TokenKind::kGt || k == TokenKind::kGe;
  }
  static Comparator ToComparator(TokenKind k) {
    switch (k) {
      case TokenKind::kNe: return Comparator::kNe;
      case TokenKind::kLt: return Comparator::kLt;
      case TokenKind::kLe: return Comparator::kLe;
      case TokenKind::kGt: return Comparator::kGt;
      case TokenKind::kGe: return Comparator::kGe;
      default: return Comparator::kEq;
    }
  }
  static Condition Binary(Condition::Kind kind, Condition lhs, Condition rhs) {
    Condition c;
    c.kind = kind;
    c.children.push_back(std::move(lhs));
    c.children.push_back(std::move(rhs));
    return c;
  }

  std::string_view text_;
  const std::vector<Token>& toks_;
  std::size_t pos_ = 0;
  std::size_t furthest_ = 0;
  int depth_ = 0;
};

}  // namespace

bool ParseConditionSyntax(std::string_view text, const std::vector<Token>& tokens,
                          Condition& out, SyntaxError& error) {
  Parser p(text, tokens);
  if (p.Condition_(out) && p.AtEnd()) return true;
  error = p.Error();
  return false;
}

bool ParseProjectionSyntax(std::string_view text, const std::vector<Token>& tokens,
                           Projection& out, SyntaxError& error) {
  Parser p(text, tokens);
  if (p.ProjectionRule(out) && p.AtEnd()) return true;
  error = p.Error();
  return false;
}

bool ParseUpdateSyntax(std::string_view text, const std::vector<Token>& tokens, RawUpdate& out,
                       SyntaxError& error) {
  Parser p(text, tokens);
  if (p.UpdateRule(out) && p.AtEnd()) return true;
  error = p.Error();
  return false;
}

}  // namespace cloudlet::dynamodb::expr::internal
