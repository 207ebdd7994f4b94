// PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency:
// a reservation applies to the function as a whole (every version), is kept
// on its $LATEST record, and reaches the Invoker through SpecFor.
#include <boost/json.hpp>

#include "lambda/concurrency.h"
#include "lambda/function_lookup.h"
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

constexpr std::string_view kUnqualifiedOnly =
    "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. "
    "Please specify either a function name or an unqualified function ARN.";

aws::Result<FunctionRecord> ConcurrencyTarget(LambdaState& state, const OperationRequest& req) {
  auto name = UnqualifiedFunctionOf(req, kUnqualifiedOnly);
  CLOUDLET_TRY(name);
  auto found = LookupFunction(state, req.region, req.account_id, *name, std::nullopt, AliasRouting::kPrimary);
  CLOUDLET_TRY(found);
  return std::move(found->latest);
}

}  // namespace

aws::Result<int> ReservedConcurrencyTotal(LambdaState& state, std::string_view region, std::string_view except) {
  int total = 0;
  std::string marker;
  for (;;) {
    auto page = state.functions.List(region, marker, 1000);
    CLOUDLET_TRY(page);
    for (const auto& f : page->functions)
      if (f.name != except) total += f.reserved_concurrency.value_or(0);
    if (!page->next_marker) break;
    marker = *page->next_marker;
  }
  return total;
}

aws::Result<Reply> PutFunctionConcurrency(LambdaState& state, const OperationRequest& req) {
  boost::system::error_code ec;
  json::value body = json::parse(req.request.body().empty() ? std::string_view("{}") : std::string_view(req.request.body()), ec);
  if (ec || !body.is_object())
    return errors::InvalidRequestContent("Could not parse request body into json: " +
                                         (ec ? ec.message() : std::string("the body is not a JSON object")));
  const json::value* value = body.as_object().if_contains("ReservedConcurrentExecutions");
  if (!value || value->is_null())
    return aws::AwsError::Make(400, "ValidationException",
                               "1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to "
                               "satisfy constraint: Member must not be null");
  if (!value->is_int64())
    return errors::InvalidRequestContent(
        "Could not parse request body into json: Unexpected value for ReservedConcurrentExecutions");
  int64_t reserved = value->as_int64();
  if (reserved < 0)
    return errors::Validation(std::to_string(reserved), "reservedConcurrentExecutions",
                              "Member must have value greater than or equal to 0");
  std::lock_guard lock(state.write_mutex);
  auto record = ConcurrencyTarget(state, req);
  CLOUDLET_TRY(record);
  auto others = ReservedConcurrencyTotal(state, req.region, record->name);
  CLOUDLET_TRY(others);
  int minimum = MinimumUnreserved(state.account_concurrency);
  if (state.account_concurrency - *others - reserved < minimum)
    return errors::InvalidParameter(
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution "
        "below its minimum value of [" + std::to_string(minimum) + "].");
  record->reserved_concurrency = static_cast<int>(reserved);
  CLOUDLET_TRY(state.functions.Put(*record));
  return Reply{200, json::serialize(json::object{{"ReservedConcurrentExecutions", reserved}})};
}

aws::Result<Reply> GetFunctionConcurrency(LambdaState& state, const OperationRequest& req) {
  auto record = ConcurrencyTarget(state, req);
  CLOUDLET_TRY(record);
  json::object o;
  if (record->reserved_concurrency) o["ReservedConcurrentExecutions"] = *record->reserved_concurrency;
  return Reply{200, json::serialize(o)};
}

aws::Result<Reply> DeleteFunctionConcurrency(LambdaState& state, const OperationRequest& req) {
  std::lock_guard lock(state.write_mutex);
  auto record = ConcurrencyTarget(state, req);
  CLOUDLET_TRY(record);
  if (record->reserved_concurrency) {
    record->reserved_concurrency.reset();
    CLOUDLET_TRY(state.functions.Put(*record));
  }
  return Reply{204, {}};
}

}  // namespace cloudlet::lambda
