#include "dynamodb/partiql/parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "dynamodb/partiql/errors.h"

namespace cloudlet::dynamodb::partiql {
namespace json = boost::json;
using aws::Result;

namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Words of PartiQL's grammar (and SQL's) that DynamoDB refuses as a bare
// attribute name; quoted ("value") they are names like any other.
constexpr std::array<std::string_view, 58> kReserved = {
    "ALL",     "AND",   "AS",       "ASC",     "AT",        "BETWEEN", "BY",     "CASE",    "CAST",     "CROSS",
    "DELETE",  "DESC",  "DISTINCT", "ELSE",    "END",       "EXISTS",  "FALSE",  "FROM",    "FULL",     "GROUP",
    "HAVING",  "IN",    "INNER",    "INSERT",  "INTO",      "IS",      "JOIN",   "LEFT",    "LIMIT",    "MISSING",
    "NOT",     "NULL",  "OFFSET",   "ON",      "OR",        "ORDER",   "OUTER",  "PIVOT",   "REMOVE",   "RETURNING",
    "RIGHT",   "SELECT", "SET",     "THEN",    "TRUE",      "UNION",   "UNPIVOT", "UPDATE", "VALUE",    "VALUES",
    "WHEN",    "WHERE", "WITH",     "INTERSECT", "EXCEPT",  "LET",     "NOTHING", "CONFLICT",
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Result<Statement> Run() {
    Statement s;
    const Token& first = Peek();
    if (IsKeyword(first, "SELECT")) {
      CLOUDLET_TRY(Select(s));
    } else if (IsKeyword(first, "INSERT")) {
      CLOUDLET_TRY(Insert(s));
    } else if (IsKeyword(first, "UPDATE")) {
      CLOUDLET_TRY(Update(s));
    } else if (IsKeyword(first, "DELETE")) {
      CLOUDLET_TRY(Delete(s));
    } else if (IsKeyword(first, "EXISTS")) {
      Take();
      CLOUDLET_TRY(Expect(Tok::kLParen, "LEFT_PAREN"));
      if (!IsKeyword(Peek(), "SELECT")) return NotWellFormed("Expected SELECT");
      CLOUDLET_TRY(Select(s));
      CLOUDLET_TRY(Expect(Tok::kRParen, "RIGHT_PAREN"));
      s.kind = Statement::Kind::kExists;
    } else {
      return NotWellFormed("Expected data manipulation");
    }
    if (Peek().kind == Tok::kSemicolon) Take();
    if (Peek().kind != Tok::kEnd) return NotWellFormed(kUnexpectedTokenAfterExpression);
    s.parameter_count = params_;
    return s;
  }

 private:
  const Token& Peek(std::size_t ahead = 0) const { return t_[std::min(i_ + ahead, t_.size() - 1)]; }
  const Token& Take() {
    const Token& t = t_[i_];
    if (i_ + 1 < t_.size()) ++i_;
    return t;
  }
  static bool IsKeyword(const Token& t, std::string_view word) {
    if (t.kind != Tok::kIdent || t.text.size() != word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
      if (std::toupper(static_cast<unsigned char>(t.text[k])) != word[k]) return false;
    return true;
  }
  bool TakeKeyword(std::string_view word) {
    if (!IsKeyword(Peek(), word)) return false;
    Take();
    return true;
  }
  aws::Status ExpectKeyword(std::string_view word) {
    if (TakeKeyword(word)) return aws::OkStatus();
    if (Peek().kind == Tok::kEnd) return NotWellFormed("Expected " + std::string(word));
    return NotWellFormed(kUnexpectedTokenAfterExpression);
  }
  aws::Status Expect(Tok kind, std::string_view name) {
    if (Peek().kind == kind) {
      Take();
      return aws::OkStatus();
    }
    return NotWellFormed("Expected " + std::string(name));
  }

  // A table or index name: an identifier or a quoted identifier.
  Result<std::string> Name() {
    const Token& t = Peek();
    if (t.kind == Tok::kQuotedIdent) return Take().text;
    if (t.kind == Tok::kIdent && !IsReservedWord(t.text)) return Take().text;
    if (t.kind == Tok::kEnd) return NotWellFormed("Expected identifier");
    return NotWellFormed("Unexpected keyword");
  }

  // After the table of SELECT/UPDATE/DELETE: an alias is refused by name.
  aws::Status RefuseAlias() {
    const Token& t = Peek();
    if (IsKeyword(t, "AS") || (t.kind == Tok::kIdent && !IsReservedWord(t.text)) || t.kind == Tok::kQuotedIdent)
      return errors::Validation("Aliasing is not supported");
    return aws::OkStatus();
  }

  aws::Status Source(Statement& s) {
    s.table_pos = Peek().pos;
    auto table = Name();
    if (!table.ok()) return table.take_error();
    s.table = std::move(*table);
    if (Peek().kind == Tok::kDot) {
      Take();
      auto index = Name();
      if (!index.ok()) return index.take_error();
      s.index = std::move(*index);
      if (Peek().kind == Tok::kDot) return errors::Validation("A path may contain at most 2 components in the FROM clause");
    }
    return RefuseAlias();
  }

  aws::Status Select(Statement& s) {
    s.kind = Statement::Kind::kSelect;
    Take();  // SELECT
    if (Peek().kind == Tok::kStar) {
      Take();
      s.select_all = true;
      if (Peek().kind == Tok::kComma)
        return errors::Validation("Other attributes should not be present in the projection when '*' is used.");
    } else {
      while (true) {
        const Token& t = Peek();
        if ((t.kind == Tok::kIdent || t.kind == Tok::kQuotedIdent) && Peek(1).kind == Tok::kLParen)
          return errors::Validation("Unexpected path component" + t.pos.At());
        if (t.kind != Tok::kIdent && t.kind != Tok::kQuotedIdent) {
          if (t.kind == Tok::kEnd || IsKeyword(t, "FROM")) return NotWellFormed("Expected expression");
          return errors::Validation("Unexpected path component" + t.pos.At());
        }
        auto path = Path();
        if (!path.ok()) return path.take_error();
        s.projection.push_back(std::move(*path));
        if (Peek().kind == Tok::kComma) {
          Take();
          continue;
        }
        if (IsKeyword(Peek(), "FROM")) break;
        if (Peek().kind == Tok::kEnd) return NotWellFormed("Expected FROM");
        return errors::Validation("Unexpected path component" + Peek().pos.At());
      }
    }
    CLOUDLET_TRY(ExpectKeyword("FROM"));
    CLOUDLET_TRY(Source(s));
    if (TakeKeyword("WHERE")) {
      auto where = Expression();
      if (!where.ok()) return where.take_error();
      s.where = std::move(*where);
    }
    if (IsKeyword(Peek(), "ORDER")) {
      Take();
      CLOUDLET_TRY(ExpectKeyword("BY"));
      while (true) {
        OrderKey key;
        key.pos = Peek().pos;
        auto name = Name();
        if (!name.ok()) return name.take_error();
        key.name = std::move(*name);
        if (TakeKeyword("DESC")) {
          key.descending = true;
        } else {
          TakeKeyword("ASC");
        }
        s.order_by.push_back(std::move(key));
        if (Peek().kind != Tok::kComma) break;
        Take();
      }
    }
    if (IsKeyword(Peek(), "LIMIT") || IsKeyword(Peek(), "OFFSET"))
      return errors::Validation("Unsupported clause: " + Upper(Peek().text) + Peek().pos.At());
    return aws::OkStatus();
  }

  aws::Status Insert(Statement& s) {
    s.kind = Statement::Kind::kInsert;
    Take();
    CLOUDLET_TRY(ExpectKeyword("INTO"));
    s.table_pos = Peek().pos;
    auto table = Name();
    if (!table.ok()) return table.take_error();
    s.table = std::move(*table);
    if (IsKeyword(Peek(), "VALUES") || IsKeyword(Peek(), "SELECT"))
      return errors::Validation("Unsupported operation: Inserting multiple items in a single statement is not "
                                "supported, use \"INSERT INTO tableName VALUE item\" instead");
    CLOUDLET_TRY(ExpectKeyword("VALUE"));
    auto item = Expression();
    if (!item.ok()) return item.take_error();
    s.item = std::move(*item);
    if (IsKeyword(Peek(), "RETURNING")) return errors::Validation("RETURNING is not supported in INSERT");
    return aws::OkStatus();
  }

  aws::Status Update(Statement& s) {
    s.kind = Statement::Kind::kUpdate;
    Take();
    s.table_pos = Peek().pos;
    auto table = Name();
    if (!table.ok()) return table.take_error();
    s.table = std::move(*table);
    if (!IsKeyword(Peek(), "SET") && !IsKeyword(Peek(), "REMOVE")) {
      CLOUDLET_TRY(RefuseAlias());
      if (IsKeyword(Peek(), "WHERE") || Peek().kind == Tok::kEnd) return NotWellFormed("Expected SET or REMOVE");
      return errors::Validation("Only SET and REMOVE are supported in update expressions at this time");
    }
    while (IsKeyword(Peek(), "SET") || IsKeyword(Peek(), "REMOVE")) {
      bool remove = IsKeyword(Take(), "REMOVE");
      while (true) {
        UpdateAction action;
        action.remove = remove;
        auto path = Path();
        if (!path.ok()) return path.take_error();
        action.path = std::move(*path);
        if (!remove) {
          CLOUDLET_TRY(Expect(Tok::kEq, "EQ"));
          auto value = Expression();
          if (!value.ok()) return value.take_error();
          action.value = std::move(*value);
        }
        s.actions.push_back(std::move(action));
        if (Peek().kind != Tok::kComma) break;
        Take();
      }
    }
    if (Peek().kind == Tok::kIdent && !IsKeyword(Peek(), "WHERE") && !IsKeyword(Peek(), "RETURNING"))
      return errors::Validation("Only SET and REMOVE are supported in update expressions at this time");
    CLOUDLET_TRY(WhereAndReturning(s));
    return aws::OkStatus();
  }

  aws::Status Delete(Statement& s) {
    s.kind = Statement::Kind::kDelete;
    Take();
    CLOUDLET_TRY(ExpectKeyword("FROM"));
    s.table_pos = Peek().pos;
    auto table = Name();
    if (!table.ok()) return table.take_error();
    s.table = std::move(*table);
    CLOUDLET_TRY(RefuseAlias());
    return WhereAndReturning(s);
  }

  // The WHERE of UPDATE and DELETE (required, but its absence is the planner's
  // "mandatory equality" error), then RETURNING.
  aws::Status WhereAndReturning(Statement& s) {
    if (TakeKeyword("WHERE")) {
      auto where = Expression();
      if (!where.ok()) return where.take_error();
      s.where = std::move(*where);
    }
    if (!TakeKeyword("RETURNING")) return aws::OkStatus();
    std::string which;
    if (IsKeyword(Peek(), "ALL") || IsKeyword(Peek(), "MODIFIED")) which = Upper(Take().text);
    if (which.empty() || !(IsKeyword(Peek(), "OLD") || IsKeyword(Peek(), "NEW")))
      return NotWellFormed("Expected ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
    std::string age = Upper(Take().text);
    if (Peek().kind != Tok::kStar)
      return errors::Validation("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
    Take();
    if (Peek().kind == Tok::kComma)
      return errors::Validation("Invalid syntax with multiple returning elements in RETURNING clause");
    s.returning_text = which + " " + age;
    s.returning = which == "ALL" ? (age == "OLD" ? Returning::kAllOld : Returning::kAllNew)
                                 : (age == "OLD" ? Returning::kModifiedOld : Returning::kModifiedNew);
    return aws::OkStatus();
  }

  // path = name { "." name | "[" number|string "]" }
  Result<Expr> Path() {
    Expr e;
    e.kind = Expr::Kind::kPath;
    e.pos = Peek().pos;
    const Token& first = Peek();
    if (first.kind == Tok::kIdent && IsReservedWord(first.text)) return NotWellFormed("Unexpected keyword");
    if (first.kind != Tok::kIdent && first.kind != Tok::kQuotedIdent) {
      if (first.kind == Tok::kEnd) return NotWellFormed("Expected identifier");
      return NotWellFormed("Unexpected term");
    }
    e.path.push_back(PathStep{false, Take().text, 0, first.pos});
    CLOUDLET_TRY(PathSteps(e));
    return e;
  }

  aws::Status PathSteps(Expr& e) {
    while (true) {
      if (Peek().kind == Tok::kDot) {
        Take();
        const Token& t = Peek();
        if (t.kind == Tok::kQuotedIdent || (t.kind == Tok::kIdent && !IsReservedWord(t.text))) {
          e.path.push_back(PathStep{false, Take().text, 0, t.pos});
          continue;
        }
        if (t.kind == Tok::kStar) return errors::Validation("Unpivot path component like a.*.b are not supported");
        return NotWellFormed("Invalid path dot component");
      }
      if (Peek().kind == Tok::kLBracket) {
        Take();
        const Token& t = Peek();
        if (t.kind == Tok::kString) {
          e.path.push_back(PathStep{false, Take().text, 0, t.pos});
        } else if (t.kind == Tok::kNumber || (t.kind == Tok::kMinus && Peek(1).kind == Tok::kNumber)) {
          bool negative = t.kind == Tok::kMinus;
          if (negative) Take();
          const Token& n = Take();
          uint64_t index = 0;
          auto [ptr, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), index);
          if (negative || ec != std::errc() || ptr != n.text.data() + n.text.size() || index > UINT32_MAX)
            return errors::Validation("List index is not within the allowable range; index: [" +
                                      std::string(negative ? "-" : "") + n.text + "]");
          e.path.push_back(PathStep{true, {}, uint32_t(index), t.pos});
        } else if (t.kind == Tok::kStar) {
          return errors::Validation("Wildcard path component like a[*].b are not supported");
        } else {
          return NotWellFormed("Invalid path component");
        }
        CLOUDLET_TRY(Expect(Tok::kRBracket, "RIGHT_BRACKET"));
        continue;
      }
      return aws::OkStatus();
    }
  }

  // ---- expressions ----
  Result<Expr> Expression() { return Or(); }

  static Expr Binary(Expr::Kind kind, Position pos, Expr a, Expr b) {
    Expr e;
    e.kind = kind;
    e.pos = pos;
    e.args.push_back(std::move(a));
    e.args.push_back(std::move(b));
    return e;
  }

  Result<Expr> Or() {
    auto left = And();
    if (!left.ok()) return left;
    while (IsKeyword(Peek(), "OR")) {
      Position pos = Take().pos;
      auto right = And();
      if (!right.ok()) return right;
      left = Binary(Expr::Kind::kOr, pos, std::move(*left), std::move(*right));
    }
    return left;
  }

  Result<Expr> And() {
    auto left = Not();
    if (!left.ok()) return left;
    while (IsKeyword(Peek(), "AND")) {
      Position pos = Take().pos;
      auto right = Not();
      if (!right.ok()) return right;
      left = Binary(Expr::Kind::kAnd, pos, std::move(*left), std::move(*right));
    }
    return left;
  }

  Result<Expr> Not() {
    if (IsKeyword(Peek(), "NOT")) {
      if (++depth_ > kMaxDepth) return NotWellFormed("Statement is too deeply nested");
      Expr e;
      e.kind = Expr::Kind::kNot;
      e.pos = Take().pos;
      auto inner = Not();
      --depth_;
      if (!inner.ok()) return inner;
      e.args.push_back(std::move(*inner));
      return e;
    }
    return Predicate();
  }

  Result<Expr> Predicate() {
    auto left = Additive();
    if (!left.ok()) return left;
    const Token& t = Peek();
    expr::Comparator cmp;
    bool is_cmp = true;
    switch (t.kind) {
      case Tok::kEq: cmp = expr::Comparator::kEq; break;
      case Tok::kNe: cmp = expr::Comparator::kNe; break;
      case Tok::kLt: cmp = expr::Comparator::kLt; break;
      case Tok::kLe: cmp = expr::Comparator::kLe; break;
      case Tok::kGt: cmp = expr::Comparator::kGt; break;
      case Tok::kGe: cmp = expr::Comparator::kGe; break;
      default: is_cmp = false; cmp = expr::Comparator::kEq;
    }
    if (is_cmp) {
      Position pos = Take().pos;
      auto right = Additive();
      if (!right.ok()) return right;
      Expr e = Binary(Expr::Kind::kCompare, pos, std::move(*left), std::move(*right));
      e.comparator = cmp;
      return e;
    }
    bool negated = false;
    if (IsKeyword(t, "NOT") && (IsKeyword(Peek(1), "BETWEEN") || IsKeyword(Peek(1), "IN"))) {
      Take();
      negated = true;
    }
    if (IsKeyword(Peek(), "BETWEEN")) {
      Expr e;
      e.kind = Expr::Kind::kBetween;
      e.pos = Take().pos;
      e.negated = negated;
      auto low = Additive();
      if (!low.ok()) return low;
      CLOUDLET_TRY(ExpectKeyword("AND"));
      auto high = Additive();
      if (!high.ok()) return high;
      e.args.push_back(std::move(*left));
      e.args.push_back(std::move(*low));
      e.args.push_back(std::move(*high));
      return e;
    }
    if (IsKeyword(Peek(), "IN")) {
      Expr e;
      e.kind = Expr::Kind::kIn;
      e.pos = Take().pos;
      e.negated = negated;
      e.args.push_back(std::move(*left));
      Tok open = Peek().kind;
      if (open != Tok::kLBracket && open != Tok::kLParen) {
        auto rhs = Additive();
        if (!rhs.ok()) return rhs;
        e.args.push_back(std::move(*rhs));  // checked by the planner (a list literal or parameter is refused)
        e.text = "VALUE";
        return e;
      }
      Take();
      Tok close = open == Tok::kLBracket ? Tok::kRBracket : Tok::kRParen;
      if (Peek().kind != close) {
        while (true) {
          auto item = Expression();
          if (!item.ok()) return item;
          e.args.push_back(std::move(*item));
          if (Peek().kind != Tok::kComma) break;
          Take();
        }
      }
      CLOUDLET_TRY(Expect(close, close == Tok::kRBracket ? "RIGHT_BRACKET" : "RIGHT_PAREN"));
      return e;
    }
    if (IsKeyword(Peek(), "IS")) {
      Expr e;
      e.kind = Expr::Kind::kIs;
      e.pos = Take().pos;
      e.negated = TakeKeyword("NOT");
      const Token& type = Peek();
      if (type.kind != Tok::kIdent) return NotWellFormed("Expected type name");
      e.text = Upper(Take().text);
      e.args.push_back(std::move(*left));
      return e;
    }
    return left;
  }

  Result<Expr> Additive() {
    auto left = Unary();
    if (!left.ok()) return left;
    while (Peek().kind == Tok::kPlus || Peek().kind == Tok::kMinus) {
      bool plus = Peek().kind == Tok::kPlus;
      Position pos = Take().pos;
      auto right = Unary();
      if (!right.ok()) return right;
      left = Binary(plus ? Expr::Kind::kPlus : Expr::Kind::kMinus, pos, std::move(*left), std::move(*right));
    }
    return left;
  }

  Result<Expr> Unary() {
    if (Peek().kind == Tok::kMinus && Peek(1).kind == Tok::kNumber) {
      Position pos = Take().pos;
      Expr e;
      e.kind = Expr::Kind::kLiteral;
      e.pos = pos;
      e.literal = json::object{{"N", "-" + Take().text}};
      return e;
    }
    if (Peek().kind == Tok::kPlus && Peek(1).kind == Tok::kNumber) Take();
    return Primary();
  }

  Result<Expr> Primary() {
    if (++depth_ > kMaxDepth) return NotWellFormed("Statement is too deeply nested");
    auto result = PrimaryInner();
    --depth_;
    return result;
  }

  Result<Expr> PrimaryInner() {
    const Token& t = Peek();
    Expr e;
    e.pos = t.pos;
    switch (t.kind) {
      case Tok::kString:
        e.literal = json::object{{"S", Take().text}};
        return e;
      case Tok::kNumber:
        e.literal = json::object{{"N", Take().text}};
        return e;
      case Tok::kParam:
        Take();
        e.kind = Expr::Kind::kParam;
        e.param = params_++;
        return e;
      case Tok::kLParen: {
        Take();
        auto inner = Expression();
        if (!inner.ok()) return inner;
        CLOUDLET_TRY(Expect(Tok::kRParen, "RIGHT_PAREN"));
        return inner;
      }
      case Tok::kLBracket:
      case Tok::kLBag: {
        bool bag = t.kind == Tok::kLBag;
        Take();
        e.kind = bag ? Expr::Kind::kSet : Expr::Kind::kList;
        Tok close = bag ? Tok::kRBag : Tok::kRBracket;
        if (Peek().kind != close) {
          while (true) {
            auto item = Expression();
            if (!item.ok()) return item;
            e.args.push_back(std::move(*item));
            if (Peek().kind != Tok::kComma) break;
            Take();
          }
        }
        CLOUDLET_TRY(Expect(close, bag ? "RIGHT_DOUBLE_ANGLE_BRACKET" : "RIGHT_BRACKET"));
        return e;
      }
      case Tok::kLBrace: {
        Take();
        e.kind = Expr::Kind::kMap;
        if (Peek().kind != Tok::kRBrace) {
          while (true) {
            auto key = Expression();
            if (!key.ok()) return key;
            CLOUDLET_TRY(Expect(Tok::kColon, "COLON"));
            auto value = Expression();
            if (!value.ok()) return value;
            e.args.push_back(std::move(*key));
            e.args.push_back(std::move(*value));
            if (Peek().kind != Tok::kComma) break;
            Take();
          }
        }
        CLOUDLET_TRY(Expect(Tok::kRBrace, "RIGHT_CURLY"));
        return e;
      }
      case Tok::kIdent: {
        if (Peek(1).kind == Tok::kLParen) return Call();
        std::string word = Upper(t.text);
        if (word == "TRUE" || word == "FALSE") {
          Take();
          e.literal = json::object{{"BOOL", word == "TRUE"}};
          return e;
        }
        if (word == "NULL") {
          Take();
          e.literal = json::object{{"NULL", true}};
          return e;
        }
        if (word == "MISSING") {
          Take();
          e.kind = Expr::Kind::kMissing;
          return e;
        }
        return Path();
      }
      case Tok::kQuotedIdent:
        return Path();
      case Tok::kEnd:
        return NotWellFormed("Expected expression");
      default:
        return NotWellFormed("Unexpected term");
    }
  }

  Result<Expr> Call() {
    Expr e;
    e.kind = Expr::Kind::kCall;
    e.pos = Peek().pos;
    e.text = Take().text;
    e.literal = json::value(e.text);  // as written, for messages
    for (char& c : e.text) c = char(std::tolower(static_cast<unsigned char>(c)));
    Take();  // (
    if (Peek().kind != Tok::kRParen) {
      while (true) {
        auto arg = Expression();
        if (!arg.ok()) return arg;
        e.args.push_back(std::move(*arg));
        if (Peek().kind != Tok::kComma) break;
        Take();
      }
    }
    CLOUDLET_TRY(Expect(Tok::kRParen, "RIGHT_PAREN"));
    return e;
  }

  static constexpr int kMaxDepth = 200;
  std::vector<Token> t_;
  std::size_t i_ = 0;
  std::size_t params_ = 0;
  int depth_ = 0;
};

}  // namespace

bool IsReservedWord(std::string_view word) {
  std::string upper = Upper(word);
  return std::find(kReserved.begin(), kReserved.end(), upper) != kReserved.end();
}

Result<Statement> Parse(std::string_view statement) {
  auto tokens = Lex(statement);
  if (!tokens.ok()) return tokens.take_error();
  return Parser(std::move(*tokens)).Run();
}

}  // namespace cloudlet::dynamodb::partiql
