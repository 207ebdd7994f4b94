#include "logs/filter_pattern.h"

namespace cloudlet::logs {

std::optional<FilterPattern> FilterPattern::Parse(std::string_view text, std::string* error) {
  FilterPattern pattern;
  std::size_t i = 0;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (true) {
    while (i < text.size() && space(text[i])) ++i;
    if (i == text.size()) break;
    if (pattern.required_.empty() && pattern.excluded_.empty() && pattern.optional_.empty() &&
        (text[i] == '{' || text[i] == '[' || text[i] == '%')) {
      *error = "cloudlet supports only term and quoted-phrase filter patterns, not JSON, space-delimited or regex ones";
      return std::nullopt;
    }
    std::vector<std::string>* into = &pattern.required_;
    if (text[i] == '?' || text[i] == '-') {
      into = text[i] == '?' ? &pattern.optional_ : &pattern.excluded_;
      ++i;
    }
    std::string term;
    if (i < text.size() && text[i] == '"') {
      std::size_t close = text.find('"', i + 1);
      if (close == std::string_view::npos) {
        *error = "Invalid filter pattern: unterminated quoted phrase";
        return std::nullopt;
      }
      term = std::string(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      std::size_t start = i;
      while (i < text.size() && !space(text[i])) ++i;
      term = std::string(text.substr(start, i - start));
    }
    if (!term.empty()) into->push_back(std::move(term));
  }
  return pattern;
}

bool FilterPattern::Matches(std::string_view message) const {
  for (const auto& term : required_)
    if (message.find(term) == std::string_view::npos) return false;
  for (const auto& term : excluded_)
    if (message.find(term) != std::string_view::npos) return false;
  if (optional_.empty()) return true;
  for (const auto& term : optional_)
    if (message.find(term) != std::string_view::npos) return true;
  return false;
}

}  // namespace cloudlet::logs
