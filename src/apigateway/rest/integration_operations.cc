// PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration and
// the integration responses. Integration types cloudlet serves: AWS_PROXY
// (a Lambda function through
// arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations),
// HTTP_PROXY (an http(s) URL) and MOCK (the status code of its request
// template, answered by its integration responses). HTTP and AWS
// integrations need VTL mapping templates, which cloudlet does not run yet:
// they are refused here rather than stored and failed later.
#include <fmt/format.h>

#include <charconv>

#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/method_access.h"
#include "apigateway/rest/patch.h"

namespace cloudlet::apigateway::rest {
namespace {

constexpr int64_t kDefaultTimeout = 29000;

aws::Status CheckType(std::string_view type) {
  static constexpr std::string_view kTypes[] = {"HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"};
  bool known = false;
  for (auto t : kTypes) known = known || t == type;
  if (!known)
    return errors::Validation(fmt::format(
        "1 validation error detected: Value '{}' at 'putIntegrationInput.type' failed to satisfy constraint: Member "
        "must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]",
        type));
  if (type == "HTTP" || type == "AWS")
    return errors::BadRequest(fmt::format(
        "cloudlet does not support integrations of type {} yet (they need VTL mapping templates); use {}_PROXY", type,
        type));
  return aws::OkStatus();
}

// The URI rules of each type, with AWS's texts.
aws::Status CheckUri(std::string_view type, std::string_view uri) {
  if (type == "MOCK") return aws::OkStatus();
  if (type == "HTTP_PROXY") {
    if (!uri.starts_with("http://") && !uri.starts_with("https://"))
      return errors::BadRequest("Invalid HTTP endpoint specified for URI");
    return aws::OkStatus();
  }
  // AWS_PROXY: arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations
  if (!uri.starts_with("arn:")) return errors::BadRequest("Invalid ARN specified in the request");
  if (!uri.starts_with("arn:aws:apigateway:") || (uri.find(":path/") == std::string_view::npos &&
                                                  uri.find(":action/") == std::string_view::npos))
    return errors::BadRequest("AWS ARN for integration must contain path or action");
  auto at = uri.find(":lambda:path/2015-03-31/functions/");
  bool lambda = at != std::string_view::npos && uri.ends_with("/invocations") &&
                uri.substr(at).find(":function:") != std::string_view::npos;
  if (!lambda)
    return errors::BadRequest(
        "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
  return aws::OkStatus();
}

aws::Result<int64_t> ReadTimeout(std::string_view text_or_empty, std::optional<int64_t> given) {
  int64_t t = given.value_or(kDefaultTimeout);
  if (!text_or_empty.empty()) {
    auto [p, ec] = std::from_chars(text_or_empty.data(), text_or_empty.data() + text_or_empty.size(), t);
    if (ec != std::errc() || p != text_or_empty.data() + text_or_empty.size())
      return errors::BadRequest("Invalid timeout specified");
  }
  if (t < 50 || t > kDefaultTimeout) return errors::BadRequest("Timeout should be between 50 ms and 29000 ms");
  return t;
}

aws::Result<json::object*> FindIntegration(LoadedMethod& loaded) {
  json::value* integration = loaded.method().if_contains("methodIntegration");
  if (!integration || !integration->is_object()) return errors::IntegrationNotFound();
  return &integration->as_object();
}

aws::Result<json::object*> FindIntegrationResponse(json::object& integration, std::string_view code) {
  json::value* responses = integration.if_contains("integrationResponses");
  json::value* response = responses && responses->is_object() ? responses->as_object().if_contains(code) : nullptr;
  if (!response || !response->is_object()) return errors::ResponseNotFound();
  return &response->as_object();
}

aws::Status CheckResponseParameters(const json::object& params) {
  for (const auto& [k, v] : params)
    if (!v.is_string() || v.as_string().empty())
      return errors::BadRequest("Invalid null or empty value in responseParameters");
  return aws::OkStatus();
}

}  // namespace

aws::Result<ControlReply> PutIntegration(ControlPlane& cp, const ControlRequest& req) {
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  const json::object& body = req.body;
  auto type = OptString(body, "type");
  CLOUDLET_TRY(type);
  if (!*type) return errors::BadRequest("Integration type must be specified");
  CLOUDLET_TRY(CheckType(**type));
  json::object integration;
  integration["cacheKeyParameters"] = json::array{};
  auto cache_keys = OptStringList(body, "cacheKeyParameters");
  CLOUDLET_TRY(cache_keys);
  if (*cache_keys) integration["cacheKeyParameters"] = std::move(**cache_keys);
  auto ns = OptString(body, "cacheNamespace");
  CLOUDLET_TRY(ns);
  integration["cacheNamespace"] = *ns ? **ns : std::string(req.Label("resource_id"));
  if (**type == "HTTP_PROXY") integration["connectionType"] = "INTERNET";
  auto connection = OptString(body, "connectionType");
  CLOUDLET_TRY(connection);
  if (*connection) {
    if (**connection == "VPC_LINK") return errors::BadRequest("cloudlet does not support VPC links");
    if (**connection != "INTERNET") return errors::BadRequest("Invalid connection type specified");
    if (**type == "HTTP_PROXY") integration["connectionType"] = **connection;
  }
  for (std::string_view member : {"contentHandling", "credentials"}) {
    auto v = OptString(body, member);
    CLOUDLET_TRY(v);
    if (*v) integration[member] = **v;
  }
  auto method = OptString(body, "httpMethod");  // integrationHttpMethod on the wire
  CLOUDLET_TRY(method);
  if (**type != "MOCK") {
    if (!*method || (*method)->empty()) return errors::BadRequest("Enumeration value for HttpMethod must be non-empty");
    integration["httpMethod"] = **method;
  }
  integration["passthroughBehavior"] = "WHEN_NO_MATCH";
  auto passthrough = OptString(body, "passthroughBehavior");
  CLOUDLET_TRY(passthrough);
  if (*passthrough) integration["passthroughBehavior"] = **passthrough;
  auto params = OptStringMap(body, "requestParameters");
  CLOUDLET_TRY(params);
  if (*params && !(*params)->empty()) integration["requestParameters"] = std::move(**params);
  auto templates = OptStringMap(body, "requestTemplates");
  CLOUDLET_TRY(templates);
  if (*templates && !(*templates)->empty()) integration["requestTemplates"] = std::move(**templates);
  auto timeout_given = OptInt(body, "timeoutInMillis");
  CLOUDLET_TRY(timeout_given);
  auto timeout = ReadTimeout({}, *timeout_given);
  CLOUDLET_TRY(timeout);
  integration["timeoutInMillis"] = *timeout;
  integration["type"] = **type;
  auto uri = OptString(body, "uri");
  CLOUDLET_TRY(uri);
  if (**type != "MOCK") {
    if (!*uri) return errors::BadRequest("Invalid ARN specified in the request");
    CLOUDLET_TRY(CheckUri(**type, **uri));
    integration["uri"] = **uri;
  }
  if (const json::value* tls = Given(body, "tlsConfig")) integration["tlsConfig"] = *tls;
  loaded->method()["methodIntegration"] = integration;
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return JsonReply(201, integration);
}

aws::Result<ControlReply> GetIntegration(ControlPlane& cp, const ControlRequest& req) {
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  auto integration = FindIntegration(*loaded);
  CLOUDLET_TRY(integration);
  return JsonReply(200, **integration);
}

aws::Result<ControlReply> UpdateIntegration(ControlPlane& cp, const ControlRequest& req) {
  auto ops = ReadPatchOperations(req.body, "updateIntegrationInput");
  CLOUDLET_TRY(ops);
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  auto found = FindIntegration(*loaded);
  CLOUDLET_TRY(found);
  json::object& integration = **found;
  for (const auto& op : *ops) {
    const auto& seg = op.segments;
    if (seg.empty()) return InvalidPatchPath(op.path);
    if (seg[0] == "requestTemplates" || seg[0] == "requestParameters") {
      CLOUDLET_TRY(PatchMapMember(integration, seg[0], op, false));
      continue;
    }
    if (seg[0] == "cacheKeyParameters" && seg.size() == 2) {
      json::value& list = integration["cacheKeyParameters"];
      if (!list.is_array()) list.emplace_array();
      json::array& keys = list.as_array();
      for (std::size_t i = 0; i < keys.size();)
        if (keys[i].as_string() == seg[1]) keys.erase(keys.begin() + i);
        else ++i;
      if (op.op == "add") keys.emplace_back(seg[1]);
      else if (op.op != "remove") return PatchOpNotOneOf("add, remove");
      continue;
    }
    static constexpr std::string_view kScalars[] = {"uri", "httpMethod", "timeoutInMillis", "passthroughBehavior",
                                                    "contentHandling", "credentials", "connectionType",
                                                    "cacheNamespace"};
    bool known = false;
    for (auto k : kScalars) known = known || (seg.size() == 1 && seg[0] == k);
    if (!known) return InvalidPatchPath(op.path);
    if (op.op != "replace") return PatchOpNotOneOf("replace");
    std::string value = op.value.value_or("");
    if (seg[0] == "timeoutInMillis") {
      auto t = ReadTimeout(value.empty() ? "29000" : value, std::nullopt);
      CLOUDLET_TRY(t);
      integration["timeoutInMillis"] = *t;
    } else if (seg[0] == "uri") {
      CLOUDLET_TRY(CheckUri(Str(integration, "type"), value));
      integration["uri"] = value;
    } else if (seg[0] == "connectionType" && value == "VPC_LINK") {
      return errors::BadRequest("cloudlet does not support VPC links");
    } else if (value.empty() && seg[0] != "httpMethod") {
      integration.erase(seg[0]);
    } else {
      if (seg[0] == "httpMethod" && value.empty())
        return errors::BadRequest("Enumeration value for HttpMethod must be non-empty");
      integration[seg[0]] = value;
    }
  }
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return JsonReply(200, integration);
}

aws::Result<ControlReply> DeleteIntegration(ControlPlane& cp, const ControlRequest& req) {
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  CLOUDLET_TRY(FindIntegration(*loaded));
  loaded->method().erase("methodIntegration");
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return Accepted(204);
}

aws::Result<ControlReply> PutIntegrationResponse(ControlPlane& cp, const ControlRequest& req) {
  std::string_view code = req.Label("status_code");
  CLOUDLET_TRY(CheckStatusCode(code));
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  auto integration = FindIntegration(*loaded);
  CLOUDLET_TRY(integration);
  const json::object& body = req.body;
  json::object response;
  auto content = OptString(body, "contentHandling");
  CLOUDLET_TRY(content);
  if (*content) response["contentHandling"] = **content;
  auto params = OptStringMap(body, "responseParameters");
  CLOUDLET_TRY(params);
  if (*params) {
    CLOUDLET_TRY(CheckResponseParameters(**params));
    response["responseParameters"] = std::move(**params);
  }
  auto templates = OptStringMap(body, "responseTemplates");
  CLOUDLET_TRY(templates);
  if (*templates) {
    for (auto& [k, v] : **templates)
      if (v.is_string() && v.as_string().empty()) v = nullptr;
    response["responseTemplates"] = std::move(**templates);
  }
  auto pattern = OptString(body, "selectionPattern");
  CLOUDLET_TRY(pattern);
  response["selectionPattern"] = *pattern ? **pattern : std::string{};
  response["statusCode"] = code;
  ObjMember(**integration, "integrationResponses")[code] = response;
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return JsonReply(201, response);
}

aws::Result<ControlReply> GetIntegrationResponse(ControlPlane& cp, const ControlRequest& req) {
  std::string_view code = req.Label("status_code");
  CLOUDLET_TRY(CheckStatusCode(code));
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  auto integration = FindIntegration(*loaded);
  CLOUDLET_TRY(integration);
  auto response = FindIntegrationResponse(**integration, code);
  CLOUDLET_TRY(response);
  return JsonReply(200, **response);
}

aws::Result<ControlReply> UpdateIntegrationResponse(ControlPlane& cp, const ControlRequest& req) {
  std::string_view code = req.Label("status_code");
  auto ops = ReadPatchOperations(req.body, "updateIntegrationResponseInput");
  CLOUDLET_TRY(ops);
  CLOUDLET_TRY(CheckStatusCode(code));
  auto loaded = LoadMethod(cp, req);
  CLOUDLET_TRY(loaded);
  auto integration = FindIntegration(*loaded);
  CLOUDLET_TRY(integration);
  auto found = FindIntegrationResponse(**integration, code);
  CLOUDLET_TRY(found);
  json::object& response = **found;
  for (const auto& op : *ops) {
    const auto& seg = op.segments;
    if (seg.empty()) return InvalidPatchPath(op.path);
    if (seg[0] == "responseTemplates" || seg[0] == "responseParameters") {
      CLOUDLET_TRY(PatchMapMember(response, seg[0], op, false));
      if (seg[0] == "responseParameters") CLOUDLET_TRY(CheckResponseParameters(Obj(response, "responseParameters")));
      continue;
    }
    if (seg.size() != 1 || (seg[0] != "selectionPattern" && seg[0] != "contentHandling"))
      return InvalidPatchPath(op.path);
    if (op.op != "replace") return PatchOpNotOneOf("replace");
    if (seg[0] == "contentHandling" && op.value.value_or("").empty()) response.erase("contentHandling");
    else response[seg[0]] = op.value.value_or("");
  }
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return JsonReply(200, response);
}

aws::Result<ControlReply> DeleteIntegrationResponse(ControlPlane& cp, const ControlRequest& req) {
  std::string_view code = req.Label("status_code");
  CLOUDLET_TRY(CheckStatusCode(code));
  auto loaded = LoadMethod(cp, req);
  if (!loaded.ok() && loaded.error().message == errors::MethodNotFound().message) return errors::IntegrationNotFound();
  CLOUDLET_TRY(loaded);
  auto integration = FindIntegration(*loaded);
  CLOUDLET_TRY(integration);
  CLOUDLET_TRY(FindIntegrationResponse(**integration, code));
  json::object& responses = ObjMember(**integration, "integrationResponses");
  responses.erase(code);
  if (responses.empty()) (*integration)->erase("integrationResponses");
  CLOUDLET_TRY(SaveMethod(cp, req, *loaded));
  return Accepted(204);
}

}  // namespace cloudlet::apigateway::rest
