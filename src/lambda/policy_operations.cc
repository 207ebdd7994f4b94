// AddPermission, RemovePermission, GetPolicy: one resource-based policy per
// qualifier (the unqualified function, a version or an alias), rendered by
// policy_document.h. Policies are stored and reported, never evaluated.
#include <boost/json.hpp>

#include "http/request_context.h"
#include "lambda/function_lookup.h"
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"
#include "lambda/policy_document.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

aws::AwsError ResourceNotFound(std::string message) {
  return aws::AwsError::Make(404, "ResourceNotFoundException", std::move(message));
}

// The function and qualifier a policy request names; "$LATEST" is the
// unqualified function. A missing alias answers as Lambda does.
struct PolicyTarget {
  QualifiedFunction function;
  std::optional<std::string> qualifier;  // nullopt: unqualified
  std::string key_qualifier() const { return qualifier.value_or(std::string(kLatest)); }
  std::string resource_arn() const { return QualifiedArn(function.latest.arn, qualifier); }
  // The revision a RevisionId precondition compares with when no policy exists yet.
  std::string target_revision() const {
    return function.alias ? function.alias->revision_id : function.record.revision_id;
  }
};

aws::Result<PolicyTarget> FindTarget(LambdaState& state, const OperationRequest& req) {
  auto requested = RequestedFunctionOf(req);
  CLOUDLET_TRY(requested);
  PolicyTarget target;
  if (requested->qualifier && *requested->qualifier != kLatest) target.qualifier = requested->qualifier;
  auto latest = LookupFunction(state, req.region, req.account_id, requested->name, std::nullopt, AliasRouting::kPrimary);
  CLOUDLET_TRY(latest);
  if (!target.qualifier) {
    target.function = std::move(latest.value());
    return target;
  }
  auto found = LookupFunction(state, req.region, req.account_id, requested->name, *target.qualifier,
                              AliasRouting::kPrimary);
  if (!found.ok()) {
    if (!IsVersionNumber(*target.qualifier))
      return ResourceNotFound("Cannot find alias arn: " + QualifiedArn(latest->latest.arn, *target.qualifier));
    return found.error();
  }
  target.function = std::move(found.value());
  return target;
}

}  // namespace

aws::Result<Reply> AddPermission(LambdaState& state, const OperationRequest& req) {
  boost::system::error_code ec;
  json::value body = json::parse(req.request.body().empty() ? std::string_view("{}") : std::string_view(req.request.body()), ec);
  if (ec || !body.is_object())
    return errors::InvalidRequestContent("Could not parse request body into json: " +
                                         (ec ? ec.message() : std::string("the body is not a JSON object")));
  auto permission = ParsePermission(body.as_object());
  CLOUDLET_TRY(permission);
  if (auto q = QueryParameter(req.route, "Qualifier"); q && *q == kLatest)
    return errors::InvalidParameter("We currently do not support adding policies for $LATEST.");
  std::lock_guard lock(state.write_mutex);
  auto target = FindTarget(state, req);
  CLOUDLET_TRY(target);
  const std::string& name = target->function.latest.name;
  auto stored = state.functions.GetPolicy(req.region, name, target->key_qualifier());
  CLOUDLET_TRY(stored);
  PolicyRecord policy = stored->value_or(PolicyRecord{});
  if (permission->revision_id &&
      *permission->revision_id != (*stored ? policy.revision_id : target->target_revision()))
    return errors::PreconditionFailed();
  for (const auto& [sid, statement] : policy.statements)
    if (sid == permission->statement_id)
      return aws::AwsError::Make(409, "ResourceConflictException",
                                 "The statement id (" + sid +
                                     ") provided already exists. Please provide a new statement id, or remove the "
                                     "existing statement.");
  std::string statement = json::serialize(BuildStatement(*permission, target->resource_arn()));
  policy.statements.emplace_back(permission->statement_id, statement);
  if (std::size_t size = RenderPolicy(policy).size(); size > kMaxPolicyBytes)
    return aws::AwsError::Make(400, "PolicyLengthExceededException",
                               "The final policy size (" + std::to_string(size) + ") is bigger than the limit (" +
                                   std::to_string(kMaxPolicyBytes) + ").");
  policy.revision_id = http::NewRequestId();
  CLOUDLET_TRY(state.functions.PutPolicy(req.region, name, target->key_qualifier(), policy));
  return Reply{201, json::serialize(json::object{{"Statement", statement}})};
}

aws::Result<Reply> RemovePermission(LambdaState& state, const OperationRequest& req) {
  auto sid_label = req.route.labels.find("StatementId");
  if (sid_label == req.route.labels.end()) return errors::Service("route without StatementId");
  std::string sid = sid_label->second;
  std::lock_guard lock(state.write_mutex);
  auto target = FindTarget(state, req);
  CLOUDLET_TRY(target);
  const std::string& name = target->function.latest.name;
  auto stored = state.functions.GetPolicy(req.region, name, target->key_qualifier());
  CLOUDLET_TRY(stored);
  if (!*stored) return ResourceNotFound("No policy is associated with the given resource.");
  PolicyRecord policy = std::move(**stored);
  auto it = std::find_if(policy.statements.begin(), policy.statements.end(),
                         [&](const auto& s) { return s.first == sid; });
  if (it == policy.statements.end()) return ResourceNotFound("Statement " + sid + " is not found in resource policy.");
  if (auto revision = QueryParameter(req.route, "RevisionId"); revision && *revision != policy.revision_id)
    return errors::PreconditionFailed();
  policy.statements.erase(it);
  policy.revision_id = http::NewRequestId();
  CLOUDLET_TRY(state.functions.PutPolicy(req.region, name, target->key_qualifier(), policy));
  return Reply{204, {}};
}

aws::Result<Reply> GetPolicy(LambdaState& state, const OperationRequest& req) {
  auto target = FindTarget(state, req);
  CLOUDLET_TRY(target);
  auto stored = state.functions.GetPolicy(req.region, target->function.latest.name, target->key_qualifier());
  CLOUDLET_TRY(stored);
  if (!*stored) return ResourceNotFound("The resource you requested does not exist.");
  return Reply{200, json::serialize(json::object{{"Policy", RenderPolicy(**stored)}, {"RevisionId", (*stored)->revision_id}})};
}

}  // namespace cloudlet::lambda
