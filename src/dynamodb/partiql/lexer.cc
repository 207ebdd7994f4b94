#include "dynamodb/partiql/lexer.h"

#include <fmt/format.h>

#include "dynamodb/partiql/errors.h"

namespace cloudlet::dynamodb::partiql {
namespace {

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentPart(char c) { return IsIdentStart(c) || IsDigit(c); }
bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  aws::Result<std::vector<Token>> Run() {
    std::vector<Token> out;
    while (true) {
      CLOUDLET_TRY(SkipSpaceAndComments());
      if (i_ >= s_.size()) break;
      auto token = Next();
      if (!token.ok()) return token.take_error();
      out.push_back(std::move(token.value()));
    }
    Token end;
    end.kind = Tok::kEnd;
    end.pos = Here();
    out.push_back(std::move(end));
    return out;
  }

 private:
  Position Here() const { return Position{line_, column_, 0}; }

  // Advances one byte, counting characters (not UTF-8 continuation bytes) and lines.
  void Advance() {
    char c = s_[i_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if (!IsContinuation(c)) {
      ++column_;
    }
  }
  bool At(std::string_view p) const { return s_.substr(i_, p.size()) == p; }

  aws::Status SkipSpaceAndComments() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
        Advance();
      } else if (At("--")) {
        while (i_ < s_.size() && s_[i_] != '\n') Advance();
      } else if (At("/*")) {
        Advance();
        Advance();
        while (i_ < s_.size() && !At("*/")) Advance();
        if (i_ >= s_.size()) return NotWellFormed("");
        Advance();
        Advance();
      } else {
        break;
      }
    }
    return aws::OkStatus();
  }

  aws::Result<Token> Next() {
    Token t;
    t.pos = Here();
    std::size_t begin = i_;
    char c = s_[i_];
    bool unquoted = false;  // t.text holds the decoded text of a quoted token
    auto finish = [&](Tok kind) {
      t.kind = kind;
      if (!unquoted) t.text.assign(s_.substr(begin, i_ - begin));
      t.pos.length = column_ - t.pos.column;
      if (line_ != t.pos.line) t.pos.length = uint32_t(i_ - begin);
      return t;
    };
    if (IsIdentStart(c)) {
      while (i_ < s_.size() && IsIdentPart(s_[i_])) Advance();
      return finish(Tok::kIdent);
    }
    if (c == '"' || c == '\'') {
      Advance();
      std::string text;
      while (true) {
        if (i_ >= s_.size()) return NotWellFormed("");
        if (s_[i_] == c) {
          if (i_ + 1 < s_.size() && s_[i_ + 1] == c) {
            text += c;
            Advance();
            Advance();
            continue;
          }
          Advance();
          break;
        }
        text += s_[i_];
        Advance();
      }
      t.text = std::move(text);
      unquoted = true;
      return finish(c == '"' ? Tok::kQuotedIdent : Tok::kString);
    }
    if (IsDigit(c) || (c == '.' && i_ + 1 < s_.size() && IsDigit(s_[i_ + 1]))) return Number(t, begin);
    struct Punct {
      std::string_view text;
      Tok kind;
    };
    static constexpr Punct kPuncts[] = {
        {"<<", Tok::kLBag}, {">>", Tok::kRBag}, {"<>", Tok::kNe}, {"!=", Tok::kNe}, {"<=", Tok::kLe},
        {">=", Tok::kGe},   {"<", Tok::kLt},    {">", Tok::kGt},  {"=", Tok::kEq},  {"*", Tok::kStar},
        {",", Tok::kComma}, {".", Tok::kDot},   {"[", Tok::kLBracket}, {"]", Tok::kRBracket},
        {"(", Tok::kLParen}, {")", Tok::kRParen}, {"{", Tok::kLBrace}, {"}", Tok::kRBrace},
        {":", Tok::kColon}, {";", Tok::kSemicolon}, {"+", Tok::kPlus}, {"-", Tok::kMinus}, {"?", Tok::kParam},
    };
    for (const auto& p : kPuncts) {
      if (At(p.text)) {
        for (std::size_t k = 0; k < p.text.size(); ++k) Advance();
        return finish(p.kind);
      }
    }
    return NotWellFormed("");
  }

  // A number literal; an exponent that does not fit 32 bits is unreadable,
  // as Java's BigDecimal finds it (the scale is fraction digits minus exponent).
  aws::Result<Token> Number(Token& t, std::size_t begin) {
    int64_t fraction_digits = 0;
    while (i_ < s_.size() && IsDigit(s_[i_])) Advance();
    if (i_ < s_.size() && s_[i_] == '.') {
      Advance();
      while (i_ < s_.size() && IsDigit(s_[i_])) {
        Advance();
        ++fraction_digits;
      }
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      std::size_t save = i_;
      uint32_t save_column = column_;
      Advance();
      bool negative = false;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) {
        negative = s_[i_] == '-';
        Advance();
      }
      if (i_ < s_.size() && IsDigit(s_[i_])) {
        int64_t exponent = 0;
        bool overflow = false;
        while (i_ < s_.size() && IsDigit(s_[i_])) {
          if (exponent < (int64_t(1) << 40)) exponent = exponent * 10 + (s_[i_] - '0');
          Advance();
        }
        if (negative) exponent = -exponent;
        if (exponent > INT32_MAX || exponent < INT32_MIN) overflow = true;
        int64_t scale = fraction_digits - exponent;
        if (scale > INT32_MAX || scale < INT32_MIN) overflow = true;
        if (overflow) return NotWellFormed("");
      } else {
        i_ = save;  // "1e" is the number 1 and the identifier e
        column_ = save_column;
      }
    }
    t.kind = Tok::kNumber;
    t.text.assign(s_.substr(begin, i_ - begin));
    t.pos.length = column_ - t.pos.column;
    return t;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
};

}  // namespace

std::string Position::At() const { return fmt::format(" at {}:{}:{}", line, column, length); }

aws::Result<std::vector<Token>> Lex(std::string_view statement) { return Lexer(statement).Run(); }

}  // namespace cloudlet::dynamodb::partiql
