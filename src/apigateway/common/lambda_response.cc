#include "apigateway/common/lambda_response.h"

#include <boost/beast/core/string.hpp>
#include <boost/json.hpp>

#include <optional>

#include "apigateway/common/base64.h"
#include "aws/protocol/protocols.h"

namespace cloudlet::apigateway {
namespace json = boost::json;
namespace {

std::string Text(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : json::serialize(v); }

MappedResponse Malformed(std::string why) {
  return MappedResponse{GatewayError(502, "Internal Server Error"), std::move(why)};
}

// statusCode as a number or numeric string, 100..599.
int StatusOf(const json::value& code) {
  int64_t status = 0;
  if (code.is_int64()) status = code.as_int64();
  else if (code.is_uint64()) status = static_cast<int64_t>(code.as_uint64());
  else if (code.is_double()) status = static_cast<int64_t>(code.as_double());
  else if (code.is_string()) {
    std::string s(code.as_string());
    char* end = nullptr;
    status = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0') status = 0;
  }
  return status >= 100 && status <= 599 ? static_cast<int>(status) : 0;
}

// body and isBase64Encoded into `res`; false when the base64 is bad.
bool SetBody(const json::object& o, http::Response& res) {
  std::string body;
  if (auto* b = o.if_contains("body"); b && !b->is_null()) body = Text(*b);
  auto* b64 = o.if_contains("isBase64Encoded");
  if (b64 && b64->is_bool() && b64->as_bool()) {
    auto decoded = Base64Decode(body);
    if (!decoded) return false;
    body = std::move(*decoded);
  }
  res.body() = std::move(body);
  return true;
}

}  // namespace

MappedResponse MapLambdaResponseV2(std::string_view payload) {
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  if (ec) return Malformed("The response from the Lambda function is not valid JSON");
  const json::object* o = v.is_object() ? &v.as_object() : nullptr;
  if (!o || !o->contains("statusCode")) {
    http::Response res{http::beast_http::status::ok, 11};
    res.set(http::Field::content_type, "application/json");
    res.body() = std::string(payload);
    return MappedResponse{std::move(res), {}};
  }
  int status = StatusOf(o->at("statusCode"));
  if (!status) return Malformed("The Lambda function returned an invalid statusCode");
  http::Response res{static_cast<http::beast_http::status>(status), 11};
  if (auto* h = o->if_contains("headers"); h && h->is_object())
    for (const auto& [k, val] : h->as_object())
      if (!val.is_null()) res.set(std::string_view(k), Text(val));
  if (auto* c = o->if_contains("cookies"); c && c->is_array())
    for (const auto& cookie : c->as_array())
      if (cookie.is_string()) res.insert(http::Field::set_cookie, std::string_view(cookie.as_string()));
  if (!SetBody(*o, res)) return Malformed("The Lambda function returned a body that is not valid base64");
  return MappedResponse{std::move(res), {}};
}

MappedResponse MapLambdaResponseV1(std::string_view payload) {
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) return Malformed("The response from the Lambda function is not a JSON object");
  const json::object& o = v.as_object();
  const json::value* code = o.if_contains("statusCode");
  int status = code ? StatusOf(*code) : 0;
  if (!status) return Malformed("The Lambda function's response has no valid statusCode");
  http::Response res{static_cast<http::beast_http::status>(status), 11};
  const json::object* multi = nullptr;
  if (auto* m = o.if_contains("multiValueHeaders"); m && m->is_object()) multi = &m->as_object();
  if (auto* h = o.if_contains("headers"); h && h->is_object())
    for (const auto& [k, val] : h->as_object()) {
      if (val.is_null()) continue;
      bool overridden = false;
      if (multi)
        for (const auto& [mk, mv] : *multi) overridden = overridden || boost::beast::iequals(mk, k);
      if (!overridden) res.set(std::string_view(k), Text(val));
    }
  if (multi)
    for (const auto& [k, values] : *multi) {
      if (!values.is_array()) continue;
      for (const auto& item : values.as_array())
        if (!item.is_null()) res.insert(std::string_view(k), Text(item));
    }
  if (!SetBody(o, res)) return Malformed("The Lambda function returned a body that is not valid base64");
  return MappedResponse{std::move(res), {}};
}

http::Response RestInternalError(unsigned status, std::string_view message) {
  http::Response res{static_cast<http::beast_http::status>(status), 11};
  res.set(http::Field::content_type, "application/json");
  std::string body = "{\"message\": \"";
  aws::AppendJsonEscaped(body, message);
  body += "\"}";
  res.body() = std::move(body);
  return res;
}

MappedResponse MapLambdaResponseRest(std::string_view payload, bool decode_base64) {
  auto malformed = [](std::string why) {
    return MappedResponse{RestInternalError(502, "Internal server error"), std::move(why)};
  };
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) return malformed("Malformed Lambda proxy response: not a JSON object");
  const json::object& o = v.as_object();
  for (const auto& [k, _] : o)
    if (k != "statusCode" && k != "headers" && k != "multiValueHeaders" && k != "body" && k != "isBase64Encoded")
      return malformed("Malformed Lambda proxy response: unexpected member " + std::string(k));
  int status = 200;
  if (const json::value* code = o.if_contains("statusCode"); code && !code->is_null()) {
    status = StatusOf(*code);
    if (!status) return malformed("Malformed Lambda proxy response: invalid statusCode");
  }
  http::Response res{static_cast<http::beast_http::status>(status), 11};
  res.set(http::Field::content_type, "application/json");
  bool type_set = false;
  auto header_text = [](const json::value& h) -> std::optional<std::string> {
    if (h.is_string()) return std::string(h.as_string());
    if (h.is_bool()) return std::string(h.as_bool() ? "true" : "false");
    return std::nullopt;
  };
  if (const json::value* m = o.if_contains("multiValueHeaders"); m && !m->is_null()) {
    if (!m->is_object()) return malformed("Malformed Lambda proxy response: multiValueHeaders is not an object");
    for (const auto& [k, values] : m->as_object()) {
      if (!values.is_array()) return malformed("Malformed Lambda proxy response: a multiValueHeaders value is not a list");
      for (const auto& item : values.as_array()) {
        auto text = header_text(item);
        if (!text) return malformed("Malformed Lambda proxy response: a header value is not a string");
        if (boost::beast::iequals(k, "content-type") && !type_set) res.erase(http::Field::content_type), type_set = true;
        res.insert(std::string_view(k), *text);
      }
    }
  }
  if (const json::value* h = o.if_contains("headers"); h && !h->is_null()) {
    if (!h->is_object()) return malformed("Malformed Lambda proxy response: headers is not an object");
    for (const auto& [k, val] : h->as_object()) {
      if (val.is_null()) continue;
      auto text = header_text(val);
      if (!text) return malformed("Malformed Lambda proxy response: a header value is not a string");
      if (boost::beast::iequals(k, "content-type") && !type_set) res.erase(http::Field::content_type), type_set = true;
      res.insert(std::string_view(k), *text);
    }
  }
  std::string body;
  if (const json::value* b = o.if_contains("body"); b && !b->is_null()) body = Text(*b);
  const json::value* b64 = o.if_contains("isBase64Encoded");
  if (b64 && !b64->is_null() && !b64->is_bool())
    return malformed("Malformed Lambda proxy response: isBase64Encoded is not a boolean");
  if (decode_base64 && b64 && b64->is_bool() && b64->as_bool()) {
    auto decoded = Base64Decode(body);
    if (!decoded) return malformed("Malformed Lambda proxy response: the body is not valid base64");
    body = std::move(*decoded);
  }
  res.body() = std::move(body);
  return MappedResponse{std::move(res), {}};
}

}  // namespace cloudlet::apigateway
