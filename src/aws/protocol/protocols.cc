#include "aws/protocol/protocols.h"

#include <fmt/format.h>

#include "aws/protocol/crc32.h"

namespace cloudlet::aws {
namespace {

http::Response Base(const http::RequestContext& ctx, int status, std::string_view content_type) {
  http::Response res{static_cast<http::beast_http::status>(status), 11};
  res.set(http::Field::content_type, content_type);
  res.set("x-amzn-RequestId", ctx.request_id);
  return res;
}

}  // namespace

void AppendJsonEscaped(std::string& out, std::string_view text) {
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
}

void AppendXmlEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
}

std::string_view JsonRpcOperation(const http::Request& request) {
  auto target = request["X-Amz-Target"];
  auto dot = target.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= target.size()) return {};
  return target.substr(dot + 1);
}

http::Response JsonRpcSuccess(const http::RequestContext& ctx, std::string body, const JsonRpcStyle& style) {
  auto res = Base(ctx, 200, style.content_type);
  if (style.crc32) res.set("x-amz-crc32", std::to_string(Crc32(body)));
  res.body() = std::move(body);
  return res;
}

http::Response JsonRpcError(const http::RequestContext& ctx, const AwsError& error, const JsonRpcStyle& style) {
  auto res = Base(ctx, error.http_status, style.content_type);
  std::string body = "{\"__type\":\"";
  AppendJsonEscaped(body, error.code_prefix);
  AppendJsonEscaped(body, error.code);
  body += '"';
  if (!error.message.empty()) {
    body += style.capital_message ? ",\"Message\":\"" : ",\"message\":\"";
    AppendJsonEscaped(body, error.message);
    body += '"';
  }
  if (!error.extra_json.empty()) {
    body += ',';
    body += error.extra_json;
  }
  body += '}';
  if (style.crc32) res.set("x-amz-crc32", std::to_string(Crc32(body)));
  res.body() = std::move(body);
  return res;
}

http::Response RestJsonError(const http::RequestContext& ctx, const AwsError& error,
                             std::string_view extra_members) {
  auto res = Base(ctx, error.http_status, "application/json");
  res.set("X-Amzn-ErrorType", error.code);
  std::string body = "{";
  if (!extra_members.empty()) {
    body.append(extra_members);
    body += ',';
  }
  body += "\"message\":\"";
  AppendJsonEscaped(body, error.message);
  body += "\"}";
  res.body() = std::move(body);
  return res;
}

http::Response RestJsonSuccess(const http::RequestContext& ctx, int status, std::string body) {
  auto res = Base(ctx, status, "application/json");
  res.body() = std::move(body);
  return res;
}

http::Response QueryXmlError(const http::RequestContext& ctx, const AwsError& error, std::string_view fault) {
  auto res = Base(ctx, error.http_status, "text/xml");
  std::string body = "<?xml version=\"1.0\"?>\n<ErrorResponse><Error><Type>";
  AppendXmlEscaped(body, fault);
  body += "</Type><Code>";
  AppendXmlEscaped(body, error.code);
  body += "</Code><Message>";
  AppendXmlEscaped(body, error.message);
  body += "</Message></Error><RequestId>";
  body += ctx.request_id;
  body += "</RequestId></ErrorResponse>";
  res.body() = std::move(body);
  return res;
}

http::Response QueryXmlSuccess(const http::RequestContext& ctx, std::string_view action, std::string_view xmlns,
                               std::string_view result_inner_xml) {
  auto res = Base(ctx, 200, "text/xml");
  res.body() = fmt::format(
      "<?xml version=\"1.0\"?>\n<{0}Response xmlns=\"{1}\"><{0}Result>{2}</{0}Result>"
      "<ResponseMetadata><RequestId>{3}</RequestId></ResponseMetadata></{0}Response>",
      action, xmlns, result_inner_xml, ctx.request_id);
  return res;
}

http::Response RestXmlError(const http::RequestContext& ctx, const AwsError& error,
                            std::string_view extra_elements) {
  auto res = Base(ctx, error.http_status, "application/xml");
  res.set("x-amz-request-id", ctx.request_id);
  res.set("x-amz-id-2", ctx.request_id);
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>";
  AppendXmlEscaped(body, error.code);
  body += "</Code><Message>";
  AppendXmlEscaped(body, error.message);
  body += "</Message>";
  body.append(extra_elements);
  body += "<RequestId>";
  body += ctx.request_id;
  body += "</RequestId></Error>";
  res.body() = std::move(body);
  return res;
}

}  // namespace cloudlet::aws
