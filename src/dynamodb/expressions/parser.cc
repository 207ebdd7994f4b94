// The entry points of parser.h: limits, then syntax (syntax.cc), then the
// semantic checks and placeholder resolution (validation.cc).
#include "dynamodb/expressions/parser.h"

#include <boost/json/object.hpp>

#include "dynamodb/expressions/lexer.h"
#include "dynamodb/expressions/syntax.h"
#include "dynamodb/expressions/validation.h"

namespace cloudlet::dynamodb::expr {
namespace {

aws::AwsError Invalid(ExpressionKind kind, const std::string& reason) {
  return aws::AwsError::Validation(std::string("Invalid ") + ExpressionKindName(kind) + ": " +
                                   reason);
}

// The checks made before parsing: the 4 KB limit (measured on the raw text)
// and emptiness (whitespace only counts as empty).
std::string CheckText(std::string_view text) {
  if (text.size() > kMaxExpressionBytes) {
    return "Expression size has exceeded the maximum allowed size; expression size: " +
           std::to_string(text.size());
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return "The expression can not be empty;";
  }
  return {};
}

aws::Result<Condition> ParseConditionOfKind(std::string_view text, ExpressionKind kind,
                                            Placeholders& placeholders,
                                            std::vector<Token>* tokens_out = nullptr) {
  if (std::string m = CheckText(text); !m.empty()) return Invalid(kind, m);
  std::vector<Token> tokens = Lex(text);
  Condition condition;
  internal::SyntaxError syntax;
  if (!internal::ParseConditionSyntax(text, tokens, condition, syntax)) {
    return Invalid(kind, syntax.message);
  }
  if (std::string m = internal::ValidateCondition(condition, tokens, placeholders); !m.empty()) {
    return Invalid(kind, m);
  }
  return condition;
}

}  // namespace

aws::Result<Condition> ParseCondition(std::string_view text, ExpressionKind kind,
                                      Placeholders& placeholders) {
  return ParseConditionOfKind(text, kind, placeholders);
}

aws::Result<KeyCondition> ParseKeyCondition(std::string_view text, Placeholders& placeholders) {
  auto condition = ParseConditionOfKind(text, ExpressionKind::kKeyCondition, placeholders);
  if (!condition.ok()) return condition.take_error();
  KeyCondition out;
  if (std::string m = internal::ValidateKeyConditionShape(*condition, out); !m.empty()) {
    return aws::AwsError::Validation(m);  // DynamoDB sends these without a prefix
  }
  out.condition = std::move(condition).value();
  return out;
}

aws::Result<Projection> ParseProjection(std::string_view text, Placeholders& placeholders) {
  constexpr ExpressionKind kind = ExpressionKind::kProjection;
  if (std::string m = CheckText(text); !m.empty()) return Invalid(kind, m);
  std::vector<Token> tokens = Lex(text);
  Projection projection;
  internal::SyntaxError syntax;
  if (!internal::ParseProjectionSyntax(text, tokens, projection, syntax)) {
    return Invalid(kind, syntax.message);
  }
  if (std::string m = internal::ValidateProjection(projection, placeholders); !m.empty()) {
    return Invalid(kind, m);
  }
  return projection;
}

aws::Result<Update> ParseUpdate(std::string_view text, Placeholders& placeholders) {
  constexpr ExpressionKind kind = ExpressionKind::kUpdate;
  if (std::string m = CheckText(text); !m.empty()) return Invalid(kind, m);
  std::vector<Token> tokens = Lex(text);
  internal::RawUpdate raw;
  internal::SyntaxError syntax;
  if (!internal::ParseUpdateSyntax(text, tokens, raw, syntax)) {
    return Invalid(kind, syntax.message);
  }
  if (std::string m = internal::ValidateUpdate(raw, placeholders); !m.empty()) {
    return Invalid(kind, m);
  }
  return std::move(raw.update);
}

aws::Status CheckUnusedPlaceholders(const Placeholders& placeholders) {
  auto unused = [](const boost::json::object* map, const std::set<std::string>& used) {
    std::string keys;
    if (map == nullptr) return keys;
    for (const auto& kv : *map) {
      std::string key(kv.key());
      if (used.count(key)) continue;
      if (!keys.empty()) keys += ", ";
      keys += key;
    }
    return keys;
  };
  if (std::string k = unused(placeholders.names, placeholders.used_names); !k.empty()) {
    return aws::AwsError::Validation(
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + k + "}");
  }
  if (std::string k = unused(placeholders.values, placeholders.used_values); !k.empty()) {
    return aws::AwsError::Validation(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + k + "}");
  }
  return aws::OkStatus();
}

}  // namespace cloudlet::dynamodb::expr
