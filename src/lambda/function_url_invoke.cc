// The function URL data plane: a request to "<url-id>.lambda-url.<region>.localhost"
// becomes a payload 2.0 event, runs through the Invoker as Invoke does, and the
// result becomes the HTTP answer (function_url.h has the rules).
#include <boost/json.hpp>

#include <cctype>
#include <ctime>
#include <map>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "aws/protocol/protocols.h"
#include "http/router.h"
#include "lambda/base64.h"
#include "lambda/function_url.h"

namespace cloudlet::lambda {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxRequestBody = 6291456;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "203.0.113.7:51234" → "203.0.113.7"; "[::1]:51234" → "::1".
std::string SourceIp(std::string_view remote) {
  if (remote.starts_with('[')) {
    auto close = remote.find(']');
    return std::string(remote.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  auto colon = remote.rfind(':');
  if (colon != std::string_view::npos && remote.find(':') == colon) return std::string(remote.substr(0, colon));
  return std::string(remote);
}

// "12/Mar/2020:19:03:58 +0000"
std::string RequestTime(std::chrono::system_clock::time_point now) {
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{:02}/{}/{:04}:{:02}:{:02}:{:02} +0000", tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string HeaderText(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

http::Response Json(unsigned status, std::string body, std::string_view content_type = "application/json") {
  http::Response res{static_cast<http::beast_http::status>(status), 11};
  res.set(http::Field::content_type, content_type);
  res.body() = std::move(body);
  return res;
}

}  // namespace

std::optional<UrlHost> ParseUrlHost(std::string_view host) {
  if (host.find(']') == std::string_view::npos) {
    auto colon = host.rfind(':');
    if (colon != std::string_view::npos) host = host.substr(0, colon);
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  std::string lower = Lower(host);
  std::string_view h = lower;
  constexpr std::string_view kMiddle = ".lambda-url.", kSuffix = ".localhost";
  auto middle = h.find(kMiddle);
  if (middle == std::string_view::npos || middle == 0 || !h.ends_with(kSuffix)) return std::nullopt;
  std::string_view id = h.substr(0, middle);
  std::string_view rest = h.substr(middle + kMiddle.size());
  if (rest.size() <= kSuffix.size()) return std::nullopt;
  std::string_view region = rest.substr(0, rest.size() - kSuffix.size());
  if (id.find('.') != std::string_view::npos || region.empty() || region.find('.') != std::string_view::npos)
    return std::nullopt;
  return UrlHost{std::string(id), std::string(region), lower};
}

std::string NewUrlId() {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string id(32, 'a');
  for (char& c : id) c = kAlphabet[pick(rng)];
  return id;
}

std::string FunctionUrlFor(std::string_view url_id, std::string_view region, std::string_view port) {
  return fmt::format("http://{}.lambda-url.{}.localhost:{}/", url_id, region, port);
}

bool IsTextContentType(std::string_view content_type) {
  std::string type = Lower(Trim(content_type.substr(0, content_type.find(';'))));
  if (type.empty() || type.starts_with("text/")) return true;
  for (std::string_view word : {"json", "xml", "javascript", "x-www-form-urlencoded"})
    if (type.find(word) != std::string::npos) return true;
  return false;
}

namespace {

// The event is written straight into its text: no JSON tree per request.
void Str(std::string& out, std::string_view text) {
  out += '"';
  aws::AppendJsonEscaped(out, text);
  out += '"';
}
void Member(std::string& out, std::string_view name, std::string_view value) {
  Str(out, name);
  out += ':';
  Str(out, value);
  out += ',';
}
// {"k":"v",...} of a name-ordered map.
void StringMap(std::string& out, const std::map<std::string, std::string, std::less<>>& map) {
  out += '{';
  for (const auto& [k, v] : map) Member(out, k, v);
  if (out.back() == ',') out.pop_back();
  out += '}';
}

}  // namespace

std::string BuildUrlEvent(const http::Request& request, const UrlEventContext& c) {
  std::string_view target = request.target();
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  if (path.empty()) path = "/";

  std::vector<std::string_view> cookies;
  std::map<std::string, std::string, std::less<>> headers;
  for (const auto& field : request) {
    std::string name = Lower(field.name_string());
    std::string_view value = field.value();
    if (name == "cookie") {
      while (!value.empty()) {
        auto semi = value.find(';');
        std::string_view cookie = Trim(value.substr(0, semi));
        if (!cookie.empty()) cookies.push_back(cookie);
        value = semi == std::string_view::npos ? std::string_view{} : value.substr(semi + 1);
      }
      continue;
    }
    auto [it, inserted] = headers.try_emplace(std::move(name), value);
    if (!inserted) (it->second += ',') += value;
  }

  const std::string& body = request.body();
  bool text = IsTextContentType(request[http::Field::content_type]);
  std::string out;
  out.reserve(512 + body.size() * (text ? 1 : 2) + target.size() * 2);
  out += R"({"version":"2.0","routeKey":"$default",)";
  Member(out, "rawPath", path);
  Member(out, "rawQueryString", query);
  if (!cookies.empty()) {
    out += R"("cookies":[)";
    for (std::string_view cookie : cookies) {
      Str(out, cookie);
      out += ',';
    }
    out.back() = ']';
    out += ',';
  }
  out += R"("headers":)";
  StringMap(out, headers);
  out += ',';
  if (!query.empty()) {
    std::map<std::string, std::string, std::less<>> params;
    std::string_view rest = query;
    while (!rest.empty()) {
      auto amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
      if (pair.empty()) continue;
      auto eq = pair.find('=');
      std::string key = http::PercentDecode(pair.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? std::string{} : http::PercentDecode(pair.substr(eq + 1), true);
      auto [it, inserted] = params.try_emplace(std::move(key), value);
      if (!inserted) (it->second += ',') += value;
    }
    out += R"("queryStringParameters":)";
    StringMap(out, params);
    out += ',';
  }

  auto epoch_ms = std::chrono::duration_cast<std::chrono::milliseconds>(c.now.time_since_epoch()).count();
  out += R"("requestContext":{)";
  Member(out, "accountId", c.account_id);
  Member(out, "apiId", c.host.url_id);
  Member(out, "domainName", c.host.domain_name);
  Member(out, "domainPrefix", c.host.url_id);
  out += R"("http":{)";
  Member(out, "method", request.method_string());
  Member(out, "path", path);
  Member(out, "protocol", request.version() == 10 ? "HTTP/1.0" : "HTTP/1.1");
  Member(out, "sourceIp", c.source_ip);
  Member(out, "userAgent", request[http::Field::user_agent]);
  out.back() = '}';
  out += ',';
  Member(out, "requestId", c.request_id);
  out += R"("routeKey":"$default","stage":"$default",)";
  Member(out, "time", RequestTime(c.now));
  out += R"("timeEpoch":)";
  out += std::to_string(epoch_ms);
  out += "},";
  if (!body.empty()) {
    out += R"("body":)";
    if (text) {
      Str(out, body);
    } else {
      Str(out, Base64Encode(body));
    }
    out += ',';
  }
  out += !body.empty() && !text ? R"("isBase64Encoded":true})" : R"("isBase64Encoded":false})";
  return out;
}

http::Response UrlMessage(unsigned status, std::string_view message) {
  std::string body = "{\"Message\":";
  body += json::serialize(json::value(message));
  body += '}';
  return Json(status, std::move(body));
}

http::Response UrlAuthFailed(const aws::sigv4::Failure& failure) {
  http::Response res;
  if (failure.kind == aws::sigv4::FailureKind::kMissingAuthentication) {
    res = UrlMessage(403, "Forbidden");
  } else {
    std::string body = "{\"message\":";
    body += json::serialize(json::value(failure.message));
    body += '}';
    res = Json(403, std::move(body));
  }
  res.prepare_payload();
  return res;
}

http::Response UrlResponse(const InvokeResult& result) {
  if (result.function_error) return UrlMessage(502, "Internal Server Error");
  boost::system::error_code ec;
  json::value v = json::parse(result.payload, ec);
  const json::object* o = !ec && v.is_object() ? &v.as_object() : nullptr;
  if (!o || !o->contains("statusCode")) return Json(200, result.payload);  // the inferred format

  const json::value& code = o->at("statusCode");
  int64_t status = 0;
  if (code.is_int64()) status = code.as_int64();
  else if (code.is_uint64()) status = static_cast<int64_t>(code.as_uint64());
  else if (code.is_string()) status = std::atoll(code.as_string().c_str());
  if (status < 100 || status > 599) return UrlMessage(502, "Internal Server Error");

  http::Response res{static_cast<http::beast_http::status>(status), 11};
  if (auto* h = o->if_contains("headers"); h && h->is_object())
    for (const auto& [k, val] : h->as_object()) res.set(std::string_view(k), HeaderText(val));
  if (auto* c = o->if_contains("cookies"); c && c->is_array())
    for (const auto& cookie : c->as_array())
      if (cookie.is_string()) res.insert(http::Field::set_cookie, std::string_view(cookie.as_string()));
  std::string body;
  if (auto* b = o->if_contains("body"); b && !b->is_null()) body = HeaderText(*b);
  auto* b64 = o->if_contains("isBase64Encoded");
  if (b64 && b64->is_bool() && b64->as_bool()) {
    auto decoded = Base64Decode(body);
    if (!decoded) return UrlMessage(502, "Internal Server Error");
    body = std::move(*decoded);
  }
  res.body() = std::move(body);
  return res;
}

std::optional<CorsConfig> ParseCors(std::string_view json_text) {
  boost::system::error_code ec;
  json::value v = json::parse(json_text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  CorsConfig cors;
  auto strings = [&o](std::string_view key, std::vector<std::string>& out) {
    if (auto* list = o.if_contains(key); list && list->is_array())
      for (const auto& item : list->as_array())
        if (item.is_string()) out.emplace_back(item.as_string());
  };
  strings("AllowHeaders", cors.allow_headers);
  strings("AllowMethods", cors.allow_methods);
  strings("AllowOrigins", cors.allow_origins);
  strings("ExposeHeaders", cors.expose_headers);
  if (auto* c = o.if_contains("AllowCredentials"); c && c->is_bool()) cors.allow_credentials = c->as_bool();
  if (auto* m = o.if_contains("MaxAge"); m && m->is_int64()) cors.max_age = m->as_int64();
  return cors;
}

namespace {

bool ListAllows(const std::vector<std::string>& list, std::string_view value) {
  for (const auto& item : list)
    if (item == "*" || Lower(item) == Lower(value)) return true;
  return false;
}

std::string Join(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

// The Access-Control-Allow-Origin value for `origin`, empty when not allowed.
std::string AllowedOrigin(const CorsConfig& cors, std::string_view origin) {
  if (origin.empty()) return {};
  for (const auto& item : cors.allow_origins) {
    if (item == "*") return cors.allow_credentials ? std::string(origin) : "*";
    if (Lower(item) == Lower(origin)) return std::string(origin);
  }
  return {};
}

void DropFunctionCorsHeaders(http::Response& response) {
  std::vector<std::string> names;
  for (const auto& field : response)
    if (Lower(field.name_string()).starts_with("access-control-")) names.emplace_back(field.name_string());
  for (const auto& name : names) response.erase(name);
}

}  // namespace

bool IsPreflight(const http::Request& request) {
  return request.method() == http::beast_http::verb::options && request.find(http::Field::origin) != request.end() &&
         request.find(http::Field::access_control_request_method) != request.end();
}

http::Response CorsPreflight(const CorsConfig& cors, const http::Request& request) {
  http::Response res{http::beast_http::status::ok, 11};
  std::string origin = AllowedOrigin(cors, request[http::Field::origin]);
  if (origin.empty() || !ListAllows(cors.allow_methods, request[http::Field::access_control_request_method])) {
    return res;  // not allowed: the browser sees no CORS headers and refuses
  }
  res.set(http::Field::access_control_allow_origin, origin);
  res.set(http::Field::access_control_allow_methods, Join(cors.allow_methods));
  if (!cors.allow_headers.empty()) res.set(http::Field::access_control_allow_headers, Join(cors.allow_headers));
  if (cors.allow_credentials) res.set(http::Field::access_control_allow_credentials, "true");
  if (cors.max_age) res.set(http::Field::access_control_max_age, std::to_string(*cors.max_age));
  return res;
}

void ApplyCors(const CorsConfig& cors, std::string_view origin, http::Response& response) {
  DropFunctionCorsHeaders(response);
  std::string allowed = AllowedOrigin(cors, origin);
  if (allowed.empty()) return;
  response.set(http::Field::access_control_allow_origin, allowed);
  if (cors.allow_credentials) response.set(http::Field::access_control_allow_credentials, "true");
  if (!cors.expose_headers.empty())
    response.set(http::Field::access_control_expose_headers, Join(cors.expose_headers));
}

void InvokeFunctionUrl(LambdaState& state, http::Request& request, http::RequestContext& ctx, const UrlHost& host,
                       http::Responder respond) {
  auto answer = [&ctx](http::Response res) {
    res.set("x-amzn-RequestId", ctx.request_id);
    res.prepare_payload();
    return res;
  };
  auto url = state.functions.FindUrl(host.url_id);
  if (!url.ok()) return respond(answer(UrlMessage(500, "Internal Server Error")));
  if (!*url || (*url)->region != host.region) return respond(answer(UrlMessage(403, "Forbidden")));
  std::string account = ctx.account_id.empty() ? state.env.account_id : ctx.account_id;
  auto function = ResolveFunction(state, (*url)->region, account, (*url)->function_name,
                                  (*url)->qualifier ? std::optional<std::string_view>(*(*url)->qualifier) : std::nullopt);
  if (!function.ok()) {
    if (function.error().http_status == 404) return respond(answer(UrlMessage(403, "Forbidden")));
    return respond(answer(UrlMessage(500, "Internal Server Error")));
  }
  std::optional<CorsConfig> cors = (*url)->cors ? ParseCors(*(*url)->cors) : std::nullopt;
  if (cors && IsPreflight(request)) return respond(answer(CorsPreflight(*cors, request)));
  if (request.body().size() > kMaxRequestBody) return respond(answer(UrlMessage(413, "Request Too Long")));

  UrlEventContext event{.host = host,
                        .request_id = ctx.request_id,
                        .source_ip = SourceIp(ctx.remote_address),
                        .now = std::chrono::system_clock::now()};
  InvokeRequest invoke{.request_id = ctx.request_id, .payload = BuildUrlEvent(request, event)};
  FunctionSpec spec = SpecFor(*function, account);
  auto finish = [answer, cors = std::move(cors), origin = std::string(request[http::Field::origin])](
                    http::Response res) {
    if (cors) ApplyCors(*cors, origin, res);
    return answer(std::move(res));
  };
  state.invoker->Invoke(spec, std::move(invoke), [respond, finish](aws::Result<InvokeResult> result) {
    if (!result.ok()) {
      if (result.error().http_status == 429) return respond(finish(UrlMessage(429, "Too Many Requests")));
      return respond(finish(UrlMessage(502, "Internal Server Error")));
    }
    respond(finish(UrlResponse(result.value())));
  });
}

}  // namespace cloudlet::lambda
