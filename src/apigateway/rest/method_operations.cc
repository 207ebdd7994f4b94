// PutMethod, GetMethod, UpdateMethod, DeleteMethod and the method
// responses (PutMethodResponse, GetMethodResponse, UpdateMethodResponse,
// DeleteMethodResponse). Authorization NONE, AWS_IAM or CUSTOM (a TOKEN or
// REQUEST authorizer of the API); COGNITO_USER_POOLS needs an authorizer of
// that type, which cloudlet does not create. Request models may name only
// the models every API has (Empty, Error); request validators are not
// there, so a requestValidatorId never names one.
#include <fmt/format.h>

#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/method_access.h"
#include "apigateway/rest/patch.h"

namespace cloudlet::apigateway::rest {
namespace {

aws::AwsError BadAuthorizer() {
  return errors::BadRequest(
      "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a "
      "valid authorizer.");
}

aws::Status CheckHttpMethod(std::string_view m) {
  static constexpr std::string_view kMethods[] = {"GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"};
  for (auto k : kMethods)
    if (k == m) return aws::OkStatus();
  return errors::BadRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
}

aws::Status CheckModels(const json::object& models) {
  for (const auto& [type, name] : models) {
    std::string_view n = name.is_string() ? std::string_view(name.as_string()) : std::string_view{};
    if (n != "Empty" && n != "Error") return errors::BadRequest(fmt::format("Invalid model identifier specified: {}", n));
  }
  return aws::OkStatus();
}

// The method's authorization as stored: CUSTOM needs an authorizer of the API;
// other types keep no authorizerId.
aws::Status CheckAuthorization(const ControlPlane& cp, std::string_view api_id, json::object& method) {
  std::string_view type = Str(method, "authorizationType");
  if (type != "NONE" && type != "AWS_IAM" && type != "CUSTOM" && type != "COGNITO_USER_POOLS")
    return errors::BadRequest(fmt::format(
        "Invalid authorization type specified: {}. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS", type));
  if (type != "CUSTOM" && type != "COGNITO_USER_POOLS") {
    method.erase("authorizerId");
    return aws::OkStatus();
  }
  std::string_view id = Str(method, "authorizerId");
  if (id.empty()) return BadAuthorizer();
  auto authorizer = cp.store().GetChild(api_id, Kind::kAuthorizer, id);
  CLOUDLET_TRY(authorizer);
  if (!*authorizer) return BadAuthorizer();
  std::string_view auth_type = Str(**authorizer, "type");
  if ((type == "CUSTOM") != (auth_type == "TOKEN" || auth_type == "REQUEST")) return BadAuthorizer();
  return aws::OkStatus();
}

json::object& MethodResponses(json::object& method) { return ObjMember(method, "methodResponses"); }

aws::Result<json::object*> FindMethodResponse(LoadedMethod& loaded, std::string_view code) {
  json::value* responses = loaded.method().if_contains("methodResponses");
  json::value* response = responses && responses->is_object() ? responses->as_object().if_contains(code) : nullptr;
  if (!response || !response->is_object()) return errors::ResponseNotFound();
  return &response->as_object();
}

}  // namespace

aws::Result<ControlReply> PutMethod(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  auto resource = cp.LoadResource(req, api_id, req.Label("resource_id"));
  CLOUDLET_TRY(resource);
  std::string http_method(req.Label("http_method"));
  for (char& c : http_method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CLOUDLET_TRY(CheckHttpMethod(http_method));
  json::object& methods = ObjMember(*resource, "resourceMethods");
  if (methods.contains(http_method)) return errors::Conflict("Method already exists for this resource");
  const json::object& body = req.body;
  json::object method;
  auto key_required = OptBool(body, "apiKeyRequired");
  CLOUDLET_TRY(key_required);
  method["apiKeyRequired"] = key_required->value_or(false);
  auto auth = OptString(body, "authorizationType");
  CLOUDLET_TRY(auth);
  if (!*auth) return errors::BadRequest("Authorization type must be specified");
  method["authorizationType"] = **auth;
  auto authorizer = OptString(body, "authorizerId");
  CLOUDLET_TRY(authorizer);
  if (*authorizer) method["authorizerId"] = **authorizer;
  CLOUDLET_TRY(CheckAuthorization(cp, api_id, method));
  method["httpMethod"] = http_method;
  auto operation = OptString(body, "operationName");
  CLOUDLET_TRY(operation);
  if (*operation) method["operationName"] = **operation;
  auto params = OptBoolMap(body, "requestParameters");
  CLOUDLET_TRY(params);
  if (*params && !(*params)->empty()) method["requestParameters"] = std::move(**params);
  auto models = OptStringMap(body, "requestModels");
  CLOUDLET_TRY(models);
  if (*models && !(*models)->empty()) {
    CLOUDLET_TRY(CheckModels(**models));
    method["requestModels"] = std::move(**models);
  }
  auto validator = OptString(body, "requestValidatorId");
  CLOUDLET_TRY(validator);
  if (*validator) return errors::BadRequest("Invalid Request Validator identifier specified");
  auto scopes = OptStringList(body, "authorizationScopes");
  CLOUDLET_TRY(scopes);
  if (*scopes && !(*scopes)->empty()) method["authorizationScopes"] = std::move(**scopes);
  methods[http_method] = method;
  storage::WriteBatch batch;
  cp.store().PutChild(batch, api_id, Kind::kResource, req.Label("resource_id"), *resource);
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  return JsonReply(201, method);
}

aws::Result<ControlReply> GetMethod(ControlPlane& cp, const ControlRequest& req) {
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  return JsonReply(200, loaded->method());
}

aws::Result<ControlReply> UpdateMethod(ControlPlane& cp, const ControlRequest& req) {
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  auto ops = ReadPatchOperations(req.body, "updateMethodInput");
  CLOUDLET_TRY(ops);
  json::object& method = loaded->method();
  for (const auto& op : *ops) {
    const auto& seg = op.segments;
    if (seg.empty()) return InvalidPatchPath(op.path);
    if (seg[0] == "requestParameters" || seg[0] == "requestModels") {
      CLOUDLET_TRY(PatchMapMember(method, seg[0], op, seg[0] == "requestParameters"));
      if (seg[0] == "requestModels") CLOUDLET_TRY(CheckModels(Obj(method, "requestModels")));
      continue;
    }
    if (seg[0] == "authorizationScopes" && seg.size() == 2) {
      json::value& list = method["authorizationScopes"];
      if (!list.is_array()) list.emplace_array();
      json::array& scopes = list.as_array();
      for (std::size_t i = 0; i < scopes.size();)
        if (scopes[i].as_string() == seg[1]) scopes.erase(scopes.begin() + i);
        else ++i;
      if (op.op == "add") scopes.emplace_back(seg[1]);
      else if (op.op != "remove") return PatchOpNotOneOf("add, remove");
      if (scopes.empty()) method.erase("authorizationScopes");
      continue;
    }
    static constexpr std::string_view kScalars[] = {"authorizationType", "authorizerId", "apiKeyRequired",
                                                    "operationName", "requestValidatorId"};
    bool known = false;
    for (auto k : kScalars) known = known || (seg.size() == 1 && seg[0] == k);
    if (!known) return InvalidPatchPath(op.path);
    if (op.op != "replace") return PatchOpNotOneOf("replace");
    std::string value = op.value.value_or("");
    if (seg[0] == "apiKeyRequired") {
      method["apiKeyRequired"] = TextIsTrue(value);
    } else if (seg[0] == "requestValidatorId") {
      if (!value.empty()) return errors::BadRequest("Invalid Request Validator identifier specified");
      method.erase("requestValidatorId");
    } else if (value.empty()) {
      method.erase(seg[0]);
    } else {
      method[seg[0]] = value;
    }
  }
  CLOUDLET_TRY(CheckAuthorization(cp, req.Label("restapi_id"), method));
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return JsonReply(200, method);
}

aws::Result<ControlReply> DeleteMethod(ControlPlane& cp, const ControlRequest& req) {
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  ObjMember(loaded->resource, "resourceMethods").erase(loaded->http_method);
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return Accepted(204);
}

aws::Result<ControlReply> PutMethodResponse(ControlPlane& cp, const ControlRequest& req) {
  std::string_view code = req.Label("status_code");
  CLOUDLET_TRY(CheckStatusCode(code));
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  json::object response;
  auto params = OptBoolMap(req.body, "responseParameters");
  CLOUDLET_TRY(params);
  if (*params) response["responseParameters"] = std::move(**params);
  auto models = OptStringMap(req.body, "responseModels");
  CLOUDLET_TRY(models);
  if (*models) {
    CLOUDLET_TRY(CheckModels(**models));
    response["responseModels"] = std::move(**models);
  }
  response["statusCode"] = code;
  MethodResponses(loaded->method())[code] = response;
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return JsonReply(201, response);
}

aws::Result<ControlReply> GetMethodResponse(ControlPlane& cp, const ControlRequest& req) {
  std::string_view code = req.Label("status_code");
  CLOUDLET_TRY(CheckStatusCode(code));
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  auto response = FindMethodResponse(*loaded, code);
  CLOUDLET_TRY(response);
  return JsonReply(200, **response);
}

aws::Result<ControlReply> UpdateMethodResponse(ControlPlane& cp, const ControlRequest& req) {
  std::string_view code = req.Label("status_code");
  auto ops = ReadPatchOperations(req.body, "updateMethodResponseInput");
  CLOUDLET_TRY(ops);
  CLOUDLET_TRY(CheckStatusCode(code));
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  auto response = FindMethodResponse(*loaded, code);
  CLOUDLET_TRY(response);
  for (const auto& op : *ops) {
    const auto& seg = op.segments;
    if (seg.empty() || (seg[0] != "responseParameters" && seg[0] != "responseModels"))
      return InvalidPatchPath(op.path);
    CLOUDLET_TRY(PatchMapMember(**response, seg[0], op, seg[0] == "responseParameters"));
    if (seg[0] == "responseModels") CLOUDLET_TRY(CheckModels(Obj(**response, "responseModels")));
  }
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return JsonReply(201, **response);
}

aws::Result<ControlReply> DeleteMethodResponse(ControlPlane& cp, const ControlRequest& req) {
  std::string_view code = req.Label("status_code");
  CLOUDLET_TRY(CheckStatusCode(code));
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  CLOUDLET_TRY(FindMethodResponse(*loaded, code));
  json::object& responses = MethodResponses(loaded->method());
  responses.erase(code);
  if (responses.empty()) loaded->method().erase("methodResponses");
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return Accepted(204);
}

}  // namespace cloudlet::apigateway::rest
