#include "dynamodb/request_expressions.h"

#include <fmt/format.h>

#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/expressions/legacy.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

namespace {

struct Member {
  const char* expression;
  const char* legacy[2];
  bool ExpressionAllowed(const ExpressionMembers& a) const {
    std::string_view e = expression;
    return (e == "ConditionExpression" && a.condition) || (e == "FilterExpression" && a.filter) ||
           (e == "KeyConditionExpression" && a.key_condition) || (e == "ProjectionExpression" && a.projection) ||
           (e == "UpdateExpression" && a.update);
  }
};

constexpr Member kMembers[] = {
    {"UpdateExpression", {"AttributeUpdates", nullptr}},
    {"ConditionExpression", {"Expected", nullptr}},
    {"FilterExpression", {"QueryFilter", "ScanFilter"}},
    {"KeyConditionExpression", {"KeyConditions", nullptr}},
    {"ProjectionExpression", {"AttributesToGet", nullptr}},
};

bool Present(const json::object& req, const char* name) {
  if (name == nullptr) return false;
  auto* v = req.if_contains(name);
  return v != nullptr && !v->is_null();
}

aws::Result<std::optional<std::string_view>> ExpressionText(const json::object& req, const char* name) {
  auto* v = req.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<std::string_view>{};
  if (!v->is_string()) return errors::Serialization("Unexpected value type in payload: expected string");
  return std::optional<std::string_view>{std::string_view(v->get_string())};
}

// ---- Legacy (pre-expression) members, translated onto the same AST (expressions/legacy.h).
// Each is read only when its expression member is absent (mixing both is rejected above);
// the order is dynalite's: UpdateItem AttributeUpdates then Expected, Query QueryFilter,
// AttributesToGet, KeyConditions, Scan AttributesToGet then ScanFilter.
aws::Status TranslateLegacyMembers(json::object& req, const ExpressionMembers& allowed, RequestExpressions& out) {
  auto assign = [](auto& slot, auto result) -> aws::Status {
    if (!result.ok()) return result.take_error();
    if (*result) slot = std::move(**result);
    return aws::OkStatus();
  };
  const bool query = allowed.key_condition;
  if (allowed.update && !out.update) CLOUDLET_TRY(assign(out.update, expr::TranslateAttributeUpdates(req)));
  if (allowed.condition && !out.condition) CLOUDLET_TRY(assign(out.condition, expr::TranslateExpected(req)));
  if (allowed.filter && !out.condition && query)
    CLOUDLET_TRY(assign(out.condition, expr::TranslateFilter(req, "QueryFilter")));
  if (allowed.projection && !out.projection) CLOUDLET_TRY(assign(out.projection, expr::TranslateAttributesToGet(req)));
  if (allowed.key_condition && !out.key_condition)
    CLOUDLET_TRY(assign(out.key_condition, expr::TranslateKeyConditions(req)));
  if (allowed.filter && !out.condition && !query)
    CLOUDLET_TRY(assign(out.condition, expr::TranslateFilter(req, "ScanFilter")));
  return aws::OkStatus();
}

}  // namespace

aws::Result<RequestExpressions> ParseRequestExpressions(json::object& req, ExpressionMembers allowed) {
  RequestExpressions out;
  // Mixing legacy and expression parameters, listed in DynamoDB's order.
  // KeyConditions clashes only with KeyConditionExpression.
  std::vector<std::string> legacy_used, expression_used;
  for (const char* e : {"ProjectionExpression", "UpdateExpression", "ConditionExpression", "FilterExpression",
                        "KeyConditionExpression"}) {
    for (const auto& m : kMembers)
      if (std::string_view(m.expression) == e && m.ExpressionAllowed(allowed) && Present(req, e))
        expression_used.push_back(e);
  }
  bool key_condition_expression = allowed.key_condition && Present(req, "KeyConditionExpression");
  const std::pair<const char*, bool> legacy_members[] = {
      {"AttributesToGet", allowed.projection},
      {"AttributeUpdates", allowed.update},
      {"Expected", allowed.condition},
      {"QueryFilter", allowed.filter && allowed.key_condition},
      {"ScanFilter", allowed.filter && !allowed.key_condition},
      {"ConditionalOperator", allowed.condition || allowed.filter},
      {"KeyConditions", key_condition_expression},
  };
  for (auto [name, member_of_operation] : legacy_members)
    if (member_of_operation && Present(req, name)) legacy_used.push_back(name);
  if (!legacy_used.empty() && !expression_used.empty()) {
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s;
    };
    return errors::Validation(fmt::format(
        "Can not use both expression and non-expression parameters in the same request: Non-expression "
        "parameters: {{{}}} Expression parameters: {{{}}}", join(legacy_used), join(expression_used)));
  }

  auto* names = req.if_contains("ExpressionAttributeNames");
  auto* values = req.if_contains("ExpressionAttributeValues");
  if (names && !names->is_null()) {
    if (!names->is_object()) return errors::Serialization("Unexpected value type in payload: expected map");
    if (expression_used.empty())
      return errors::Validation("ExpressionAttributeNames can only be specified when using expressions");
    if (names->get_object().empty()) return errors::Validation("ExpressionAttributeNames must not be empty");
    for (auto& [k, v] : names->get_object()) {
      if (!v.is_string()) return errors::Serialization("Unexpected value type in payload: expected string");
      if (k.size() < 2 || k[0] != '#')
        return errors::Validation(fmt::format("ExpressionAttributeNames contains invalid key: Syntax error; key: \"{}\"",
                                              std::string_view(k)));
    }
    out.placeholders.names = &names->get_object();
  }
  if (values && !values->is_null()) {
    if (!values->is_object()) return errors::Serialization("Unexpected value type in payload: expected map");
    if (expression_used.empty()) {
      std::string absent;
      for (const auto& m : kMembers)
        if (m.ExpressionAllowed(allowed) && std::string_view(m.expression) != "ProjectionExpression")
          absent += (absent.empty() ? "" : " and ") + std::string(m.expression) + " is null";
      return errors::Validation("ExpressionAttributeValues can only be specified when using expressions: " + absent);
    }
    if (values->get_object().empty()) return errors::Validation("ExpressionAttributeValues must not be empty");
    for (auto& [k, v] : values->get_object()) {
      if (k.size() < 2 || k[0] != ':')
        return errors::Validation(fmt::format(
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"{}\"", std::string_view(k)));
    }
    CLOUDLET_TRY(ValidateAttributeMap(values->get_object(), ValueOrigin::kExpressionAttributeValues));
    out.placeholders.values = &values->get_object();
  }

  if (allowed.key_condition) {
    auto text = ExpressionText(req, "KeyConditionExpression");
    if (!text.ok()) return text.take_error();
    if (*text) {
      auto parsed = expr::ParseKeyCondition(**text, out.placeholders);
      if (!parsed.ok()) return parsed.take_error();
      out.key_condition = std::move(parsed.value());
    }
  }
  for (auto [member, kind, want] : {std::tuple{"ConditionExpression", expr::ExpressionKind::kCondition, allowed.condition},
                                    std::tuple{"FilterExpression", expr::ExpressionKind::kFilter, allowed.filter}}) {
    if (!want) continue;
    auto text = ExpressionText(req, member);
    if (!text.ok()) return text.take_error();
    if (*text) {
      auto parsed = expr::ParseCondition(**text, kind, out.placeholders);
      if (!parsed.ok()) return parsed.take_error();
      out.condition = std::move(parsed.value());
    }
  }
  if (allowed.update) {
    auto text = ExpressionText(req, "UpdateExpression");
    if (!text.ok()) return text.take_error();
    if (*text) {
      auto parsed = expr::ParseUpdate(**text, out.placeholders);
      if (!parsed.ok()) return parsed.take_error();
      out.update = std::move(parsed.value());
    }
  }
  if (allowed.projection) {
    auto text = ExpressionText(req, "ProjectionExpression");
    if (!text.ok()) return text.take_error();
    if (*text) {
      auto parsed = expr::ParseProjection(**text, out.placeholders);
      if (!parsed.ok()) return parsed.take_error();
      out.projection = std::move(parsed.value());
    }
  }
  CLOUDLET_TRY(expr::CheckUnusedPlaceholders(out.placeholders));
  CLOUDLET_TRY(TranslateLegacyMembers(req, allowed, out));
  return out;
}

}  // namespace cloudlet::dynamodb
