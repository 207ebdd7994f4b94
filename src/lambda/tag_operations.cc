// TagResource, UntagResource and ListTags on function ARNs (the {Resource}
// label, percent-decoded by the router). Tags belong to the function as a
// whole and are kept on its $LATEST record.
#include <boost/json.hpp>

#include "http/router.h"
#include "lambda/lambda_errors.h"
#include "lambda/operations.h"
#include "lambda/tags.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

aws::Result<json::object> ParseBody(const http::Request& request) {
  boost::system::error_code ec;
  json::value v = json::parse(request.body().empty() ? std::string_view("{}") : std::string_view(request.body()), ec);
  if (ec || !v.is_object())
    return errors::InvalidRequestContent("Could not parse request body into json: " +
                                         (ec ? ec.message() : std::string("the body is not a JSON object")));
  return std::move(v.as_object());
}

// The $LATEST record of the function the Resource ARN names.
aws::Result<FunctionRecord> TaggedRecord(LambdaState& state, const OperationRequest& req) {
  auto it = req.route.labels.find("Resource");
  if (it == req.route.labels.end()) return errors::Service("route without Resource");
  auto tagged = ParseTagResource(it->second);
  CLOUDLET_TRY(tagged);
  std::string arn = FunctionArn(tagged->region, tagged->account_id, tagged->name);
  if (tagged->account_id != req.account_id) return errors::FunctionNotFound(arn);
  auto record = state.functions.Get(tagged->region, tagged->name);
  CLOUDLET_TRY(record);
  if (!*record) return errors::FunctionNotFound(arn);
  return std::move(**record);
}

// Every value of `name` in a query string: tagKeys=a&tagKeys=b → {a, b}.
std::vector<std::string> QueryValues(std::string_view query, std::string_view name) {
  std::vector<std::string> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    auto eq = pair.find('=');
    if (http::PercentDecode(pair.substr(0, eq), true) != name) continue;
    out.push_back(eq == std::string_view::npos ? std::string{} : http::PercentDecode(pair.substr(eq + 1), true));
  }
  return out;
}

}  // namespace

aws::Result<Reply> TagResource(LambdaState& state, const OperationRequest& req) {
  auto body = ParseBody(req.request);
  CLOUDLET_TRY(body);
  const json::value* tags_value = body->if_contains("Tags");
  if (!tags_value || tags_value->is_null())
    return aws::AwsError::Make(400, "ValidationException",
                               "1 validation error detected: Value null at 'tags' failed to satisfy constraint: "
                               "Member must not be null");
  auto tags = ParseTags(*tags_value);
  CLOUDLET_TRY(tags);
  if (tags->empty()) return errors::InvalidParameter("An error occurred and the request cannot be processed.");
  std::lock_guard lock(state.write_mutex);
  auto record = TaggedRecord(state, req);
  CLOUDLET_TRY(record);
  std::map<std::string, std::string> merged = record->tags;
  for (auto& [k, v] : *tags) merged[k] = v;
  CLOUDLET_TRY(CheckTagCount(merged.size()));
  record->tags = std::move(merged);
  CLOUDLET_TRY(state.functions.Put(*record));
  return Reply{204, {}};
}

aws::Result<Reply> UntagResource(LambdaState& state, const OperationRequest& req) {
  std::vector<std::string> keys = QueryValues(req.route.query, "tagKeys");
  if (keys.empty())
    return aws::AwsError::Make(400, "ValidationException",
                               "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: "
                               "Member must not be null");
  std::lock_guard lock(state.write_mutex);
  auto record = TaggedRecord(state, req);
  CLOUDLET_TRY(record);
  for (const auto& key : keys) record->tags.erase(key);
  CLOUDLET_TRY(state.functions.Put(*record));
  return Reply{204, {}};
}

aws::Result<Reply> ListTags(LambdaState& state, const OperationRequest& req) {
  auto record = TaggedRecord(state, req);
  CLOUDLET_TRY(record);
  return Reply{200, json::serialize(json::object{{"Tags", TagsJson(record->tags)}})};
}

}  // namespace cloudlet::lambda
