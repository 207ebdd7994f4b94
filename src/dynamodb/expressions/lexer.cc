#include "dynamodb/expressions/lexer.h"

#include <array>
#include <cstdint>

namespace cloudlet::dynamodb::expr {
namespace {

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return IsLetter(c) || IsDigit(c) || c == '_'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (x != b[i]) return false;
  }
  return true;
}

TokenKind KeywordOrName(std::string_view word) {
  struct Kw { std::string_view text; TokenKind kind; };
  static constexpr std::array<Kw, 9> kKeywords = {{
      {"AND", TokenKind::kAnd}, {"OR", TokenKind::kOr}, {"NOT", TokenKind::kNot},
      {"BETWEEN", TokenKind::kBetween}, {"IN", TokenKind::kIn}, {"SET", TokenKind::kSet},
      {"REMOVE", TokenKind::kRemove}, {"ADD", TokenKind::kAdd}, {"DELETE", TokenKind::kDelete},
  }};
  for (const Kw& k : kKeywords) {
    if (EqualsIgnoreCase(word, k.text)) return k.kind;
  }
  return TokenKind::kName;
}

// Length of the UTF-8 sequence starting at s[i] (1 for invalid bytes).
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  auto b = static_cast<std::uint8_t>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) return 1;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<std::uint8_t>(s[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

}  // namespace

std::vector<Token> Lex(std::string_view in) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto emit = [&](TokenKind kind, std::size_t len) {
    out.push_back(Token{kind, in.substr(i, len), i});
    i += len;
  };
  while (i < in.size()) {
    char c = in[i];
    if (IsSpace(c)) { ++i; continue; }
    if (IsLetter(c)) {
      std::size_t j = i + 1;
      while (j < in.size() && IsNameChar(in[j])) ++j;
      emit(KeywordOrName(in.substr(i, j - i)), j - i);
      continue;
    }
    if (IsDigit(c)) {
      std::size_t j = i + 1;
      while (j < in.size() && IsDigit(in[j])) ++j;
      emit(TokenKind::kNumber, j - i);
      continue;
    }
    if (c == '#' || c == ':') {
      std::size_t j = i + 1;
      while (j < in.size() && IsNameChar(in[j])) ++j;
      if (j == i + 1) { emit(TokenKind::kUnknown, 1); continue; }
      emit(c == '#' ? TokenKind::kNameRef : TokenKind::kValueRef, j - i);
      continue;
    }
    char next = i + 1 < in.size() ? in[i + 1] : '\0';
    switch (c) {
      case '=': emit(TokenKind::kEq, 1); break;
      case '<':
        if (next == '>') emit(TokenKind::kNe, 2);
        else if (next == '=') emit(TokenKind::kLe, 2);
        else emit(TokenKind::kLt, 1);
        break;
      case '>':
        if (next == '=') emit(TokenKind::kGe, 2);
        else emit(TokenKind::kGt, 1);
        break;
      case '+': emit(TokenKind::kPlus, 1); break;
      case '-': emit(TokenKind::kMinus, 1); break;
      case '(': emit(TokenKind::kLParen, 1); break;
      case ')': emit(TokenKind::kRParen, 1); break;
      case '[': emit(TokenKind::kLBracket, 1); break;
      case ']': emit(TokenKind::kRBracket, 1); break;
      case '.': emit(TokenKind::kDot, 1); break;
      case ',': emit(TokenKind::kComma, 1); break;
      default: emit(TokenKind::kUnknown, Utf8Length(in, i)); break;
    }
  }
  out.push_back(Token{TokenKind::kEnd, in.substr(in.size()), in.size()});
  return out;
}

}  // namespace cloudlet::dynamodb::expr
