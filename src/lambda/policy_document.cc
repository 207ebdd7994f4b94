#include "lambda/policy_document.h"

#include <boost/json.hpp>

#include <regex>

#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

struct MemberRule {
  std::string_view key;         // in the body
  std::string_view member;      // as validation messages name it
  std::string_view pattern;     // the model's pattern
  std::size_t max_length;
};

constexpr MemberRule kStatementId{"StatementId", "statementId", "([a-zA-Z0-9-_]+)", 100};
constexpr MemberRule kAction{"Action", "action", "(lambda:[*]|lambda:[a-zA-Z]+|[*])", 0};
constexpr MemberRule kPrincipal{"Principal", "principal", R"([^\s]+)", 0};
constexpr MemberRule kSourceArn{"SourceArn", "sourceArn",
                                R"(arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*))", 0};
constexpr MemberRule kSourceAccount{"SourceAccount", "sourceAccount", R"(\d{12})", 12};
constexpr MemberRule kOrgId{"PrincipalOrgID", "principalOrgID", "o-[a-z0-9]{10,32}", 34};
constexpr MemberRule kEventSourceToken{"EventSourceToken", "eventSourceToken", R"([a-zA-Z0-9._\-]+)", 256};

aws::Result<std::optional<std::string>> Member(const json::object& body, const MemberRule& rule, bool required) {
  const json::value* v = body.if_contains(rule.key);
  if (!v || v->is_null()) {
    if (!required) return std::optional<std::string>{};
    return aws::AwsError::Make(400, "ValidationException",
                               "1 validation error detected: Value null at '" + std::string(rule.member) +
                                   "' failed to satisfy constraint: Member must not be null");
  }
  if (!v->is_string())
    return errors::InvalidRequestContent("Could not parse request body into json: Unexpected value for " +
                                         std::string(rule.key));
  std::string value(v->as_string());
  if (rule.max_length && value.size() > rule.max_length)
    return errors::Validation(value, rule.member,
                              "Member must have length less than or equal to " + std::to_string(rule.max_length));
  std::regex pattern{std::string(rule.pattern)};
  if (!std::regex_match(value, pattern))
    return errors::Validation(value, rule.member,
                              "Member must satisfy regular expression pattern: " + std::string(rule.pattern));
  return std::optional<std::string>(std::move(value));
}

json::value PrincipalJson(const std::string& principal) {
  static const std::regex kAccount{R"(\d{12})"};
  if (principal == "*") return json::value("*");
  if (std::regex_match(principal, kAccount)) return json::object{{"AWS", "arn:aws:iam::" + principal + ":root"}};
  if (principal.starts_with("arn:")) return json::object{{"AWS", principal}};
  return json::object{{"Service", principal}};
}

}  // namespace

aws::Result<PermissionRequest> ParsePermission(const json::object& body) {
  PermissionRequest p;
  auto take = [&](const MemberRule& rule, bool required, std::optional<std::string>& out) -> aws::Status {
    auto v = Member(body, rule, required);
    CLOUDLET_TRY(v);
    out = std::move(v.value());
    return aws::OkStatus();
  };
  std::optional<std::string> sid, action, principal;
  CLOUDLET_TRY(take(kStatementId, true, sid));
  CLOUDLET_TRY(take(kAction, true, action));
  CLOUDLET_TRY(take(kPrincipal, true, principal));
  p.statement_id = std::move(*sid);
  p.action = std::move(*action);
  p.principal = std::move(*principal);
  CLOUDLET_TRY(take(kSourceArn, false, p.source_arn));
  CLOUDLET_TRY(take(kSourceAccount, false, p.source_account));
  CLOUDLET_TRY(take(kOrgId, false, p.principal_org_id));
  CLOUDLET_TRY(take(kEventSourceToken, false, p.event_source_token));
  if (const json::value* v = body.if_contains("FunctionUrlAuthType"); v && !v->is_null()) {
    std::string type = v->is_string() ? std::string(v->as_string()) : json::serialize(*v);
    if (type != "NONE" && type != "AWS_IAM")
      return errors::Validation(type, "functionUrlAuthType", "Member must satisfy enum value set: [AWS_IAM, NONE]");
    p.function_url_auth_type = std::move(type);
  }
  if (const json::value* v = body.if_contains("RevisionId"); v && v->is_string())
    p.revision_id = std::string(v->as_string());
  return p;
}

json::object BuildStatement(const PermissionRequest& p, std::string_view resource_arn) {
  json::object statement;
  statement["Sid"] = p.statement_id;
  statement["Effect"] = "Allow";
  statement["Principal"] = PrincipalJson(p.principal);
  statement["Action"] = p.action;
  statement["Resource"] = resource_arn;
  json::object string_equals, arn_like;
  if (p.source_account) string_equals["AWS:SourceAccount"] = *p.source_account;
  if (p.principal_org_id) string_equals["aws:PrincipalOrgID"] = *p.principal_org_id;
  if (p.event_source_token) string_equals["lambda:EventSourceToken"] = *p.event_source_token;
  if (p.function_url_auth_type) string_equals["lambda:FunctionUrlAuthType"] = *p.function_url_auth_type;
  if (p.source_arn) arn_like["AWS:SourceArn"] = *p.source_arn;
  json::object condition;
  if (!string_equals.empty()) condition["StringEquals"] = std::move(string_equals);
  if (!arn_like.empty()) condition["ArnLike"] = std::move(arn_like);
  if (!condition.empty()) statement["Condition"] = std::move(condition);
  return statement;
}

std::string RenderPolicy(const PolicyRecord& policy) {
  json::array statements;
  for (const auto& [sid, text] : policy.statements) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (!ec) statements.push_back(std::move(v));
  }
  return json::serialize(
      json::object{{"Version", "2012-10-17"}, {"Id", "default"}, {"Statement", std::move(statements)}});
}

}  // namespace cloudlet::lambda
