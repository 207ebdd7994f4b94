// The restJson1 side of both control planes: a route table of the model's
// request URIs (common/path_template.h), the request an operation sees,
// and how answers and errors are written.
#pragma once

#include <boost/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "apigateway/common/path_template.h"
#include "aws/error.h"
#include "http/handler.h"
#include "http/message.h"
#include "http/request_context.h"
#include "http/router.h"

namespace cloudlet::apigateway {

template <class Op>
struct RouteEntry {
  http::Verb method;
  std::string_view path;
  Op op;
  std::string_view name;  // "CreateApi", for logs and metrics
  int status;             // the model's success code
};

template <class Op>
struct ControlRouteOf {
  Op op;
  std::string_view name;
  int status;
  PathLabels labels;
};

// The first entry of `table` whose method and template match.
template <class Op, std::size_t N>
std::optional<ControlRouteOf<Op>> MatchRouteTable(const std::array<RouteEntry<Op>, N>& table, http::Verb method,
                                                  std::string_view path) {
  for (const auto& e : table) {
    if (e.method != method) continue;
    ControlRouteOf<Op> route{e.op, e.name, e.status, {}};
    if (MatchPathTemplate(e.path, path, route.labels)) return route;
  }
  return std::nullopt;
}

template <class Route>
struct ControlRequestOf {
  const http::Request& http;
  const Route& route;
  std::string region;
  std::string account_id;
  boost::json::object body;
  std::string_view query;  // raw, without '?'

  std::string_view Label(std::string_view name) const {
    auto it = route.labels.find(name);
    return it == route.labels.end() ? std::string_view{} : std::string_view(it->second);
  }
  // A query parameter, percent-decoded; nullopt when absent.
  std::optional<std::string> QueryParam(std::string_view name) const { return http::FormParameter(query, name); }
};

// The body as a JSON object (empty when there is none); `error_code` (400) otherwise.
aws::Result<boost::json::object> ReadControlBody(const http::Request& request, std::string_view error_code);
// 404 NotFoundException "cloudlet does not support <METHOD> <path> yet".
aws::AwsError UnsupportedControlRequest(const http::Request& request, std::string_view path);
http::Response ControlErrorResponse(const http::RequestContext& ctx, const aws::AwsError& error);
// A success; an empty body goes without a content type (202, 204).
http::Response ControlReplyResponse(const http::RequestContext& ctx, int status, std::string body);

// One control-plane request: its route (`match(verb, path)`), its body,
// `plane.Dispatch` and the answer. `bad_body_code` is the error of a body
// that is not a JSON object.
template <class Plane, class Match>
void ServeControl(Plane& plane, Match match, std::string_view bad_body_code, http::Request& request,
                  http::RequestContext& ctx, http::Responder respond) {
  std::string_view target = request.target();
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  auto route = match(request.method(), path);
  if (!route) {
    ctx.operation = "Unknown";
    return respond(ControlErrorResponse(ctx, UnsupportedControlRequest(request, path)));
  }
  ctx.operation = route->name;
  auto body = ReadControlBody(request, bad_body_code);
  if (!body.ok()) return respond(ControlErrorResponse(ctx, body.error()));
  ControlRequestOf<std::decay_t<decltype(*route)>> req{
      request,
      *route,
      ctx.region.empty() ? plane.env().region : ctx.region,
      ctx.account_id.empty() ? plane.env().account_id : ctx.account_id,
      std::move(*body),
      q == std::string_view::npos ? std::string_view{} : target.substr(q + 1)};
  auto reply = plane.Dispatch(req);
  if (!reply.ok()) return respond(ControlErrorResponse(ctx, reply.error()));
  respond(ControlReplyResponse(ctx, reply->status, std::move(reply->body)));
}

}  // namespace cloudlet::apigateway
