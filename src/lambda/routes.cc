#include "lambda/routes.h"

#include <array>
#include <vector>

#include "http/router.h"

namespace cloudlet::lambda {
namespace {

struct Route {
  http::Verb method;
  std::string_view path;  // template
  Operation operation;
  std::string_view name;
};

constexpr std::array<Route, 41> kRoutes = {{
    {http::Verb::post, "/2015-03-31/functions", Operation::kCreateFunction, "CreateFunction"},
    {http::Verb::get, "/2015-03-31/functions", Operation::kListFunctions, "ListFunctions"},
    {http::Verb::get, "/2015-03-31/functions/{FunctionName}", Operation::kGetFunction, "GetFunction"},
    {http::Verb::delete_, "/2015-03-31/functions/{FunctionName}", Operation::kDeleteFunction, "DeleteFunction"},
    {http::Verb::get, "/2015-03-31/functions/{FunctionName}/configuration", Operation::kGetFunctionConfiguration,
     "GetFunctionConfiguration"},
    {http::Verb::put, "/2015-03-31/functions/{FunctionName}/configuration", Operation::kUpdateFunctionConfiguration,
     "UpdateFunctionConfiguration"},
    {http::Verb::put, "/2015-03-31/functions/{FunctionName}/code", Operation::kUpdateFunctionCode,
     "UpdateFunctionCode"},
    {http::Verb::post, "/2015-03-31/functions/{FunctionName}/invocations", Operation::kInvoke, "Invoke"},
    {http::Verb::get, "/2016-08-19/account-settings", Operation::kGetAccountSettings, "GetAccountSettings"},
    {http::Verb::post, "/2021-10-31/functions/{FunctionName}/url", Operation::kCreateFunctionUrlConfig,
     "CreateFunctionUrlConfig"},
    {http::Verb::get, "/2021-10-31/functions/{FunctionName}/url", Operation::kGetFunctionUrlConfig,
     "GetFunctionUrlConfig"},
    {http::Verb::put, "/2021-10-31/functions/{FunctionName}/url", Operation::kUpdateFunctionUrlConfig,
     "UpdateFunctionUrlConfig"},
    {http::Verb::delete_, "/2021-10-31/functions/{FunctionName}/url", Operation::kDeleteFunctionUrlConfig,
     "DeleteFunctionUrlConfig"},
    {http::Verb::get, "/2021-10-31/functions/{FunctionName}/urls", Operation::kListFunctionUrlConfigs,
     "ListFunctionUrlConfigs"},
    {http::Verb::post, "/2015-03-31/functions/{FunctionName}/versions", Operation::kPublishVersion, "PublishVersion"},
    {http::Verb::get, "/2015-03-31/functions/{FunctionName}/versions", Operation::kListVersionsByFunction, "ListVersionsByFunction"},
    {http::Verb::post, "/2015-03-31/functions/{FunctionName}/aliases", Operation::kCreateAlias, "CreateAlias"},
    {http::Verb::get, "/2015-03-31/functions/{FunctionName}/aliases/{Name}", Operation::kGetAlias, "GetAlias"},
    {http::Verb::put, "/2015-03-31/functions/{FunctionName}/aliases/{Name}", Operation::kUpdateAlias, "UpdateAlias"},
    {http::Verb::delete_, "/2015-03-31/functions/{FunctionName}/aliases/{Name}", Operation::kDeleteAlias, "DeleteAlias"},
    {http::Verb::get, "/2015-03-31/functions/{FunctionName}/aliases", Operation::kListAliases, "ListAliases"},
    {http::Verb::put, "/2017-10-31/functions/{FunctionName}/concurrency", Operation::kPutFunctionConcurrency, "PutFunctionConcurrency"},
    {http::Verb::get, "/2019-09-30/functions/{FunctionName}/concurrency", Operation::kGetFunctionConcurrency, "GetFunctionConcurrency"},
    {http::Verb::delete_, "/2017-10-31/functions/{FunctionName}/concurrency", Operation::kDeleteFunctionConcurrency, "DeleteFunctionConcurrency"},
    {http::Verb::post, "/2015-03-31/functions/{FunctionName}/policy", Operation::kAddPermission, "AddPermission"},
    {http::Verb::delete_, "/2015-03-31/functions/{FunctionName}/policy/{StatementId}", Operation::kRemovePermission, "RemovePermission"},
    {http::Verb::get, "/2015-03-31/functions/{FunctionName}/policy", Operation::kGetPolicy, "GetPolicy"},
    {http::Verb::post, "/2017-03-31/tags/{Resource}", Operation::kTagResource, "TagResource"},
    {http::Verb::delete_, "/2017-03-31/tags/{Resource}", Operation::kUntagResource, "UntagResource"},
    {http::Verb::get, "/2017-03-31/tags/{Resource}", Operation::kListTags, "ListTags"},
    {http::Verb::put, "/2019-09-25/functions/{FunctionName}/event-invoke-config", Operation::kPutFunctionEventInvokeConfig, "PutFunctionEventInvokeConfig"},
    {http::Verb::get, "/2019-09-25/functions/{FunctionName}/event-invoke-config", Operation::kGetFunctionEventInvokeConfig, "GetFunctionEventInvokeConfig"},
    {http::Verb::post, "/2019-09-25/functions/{FunctionName}/event-invoke-config", Operation::kUpdateFunctionEventInvokeConfig, "UpdateFunctionEventInvokeConfig"},
    {http::Verb::delete_, "/2019-09-25/functions/{FunctionName}/event-invoke-config", Operation::kDeleteFunctionEventInvokeConfig, "DeleteFunctionEventInvokeConfig"},
    {http::Verb::get, "/2019-09-25/functions/{FunctionName}/event-invoke-config/list", Operation::kListFunctionEventInvokeConfigs, "ListFunctionEventInvokeConfigs"},
    {http::Verb::post, "/2014-11-13/functions/{FunctionName}/invoke-async", Operation::kInvokeAsync, "InvokeAsync"},
    {http::Verb::post, "/2015-03-31/event-source-mappings", Operation::kCreateEventSourceMapping, "CreateEventSourceMapping"},
    {http::Verb::get, "/2015-03-31/event-source-mappings/{UUID}", Operation::kGetEventSourceMapping, "GetEventSourceMapping"},
    {http::Verb::get, "/2015-03-31/event-source-mappings", Operation::kListEventSourceMappings, "ListEventSourceMappings"},
    {http::Verb::put, "/2015-03-31/event-source-mappings/{UUID}", Operation::kUpdateEventSourceMapping, "UpdateEventSourceMapping"},
    {http::Verb::delete_, "/2015-03-31/event-source-mappings/{UUID}", Operation::kDeleteEventSourceMapping, "DeleteEventSourceMapping"},
}};

// Next '/'-separated segment of `path` (which starts after a '/'), advancing it.
std::string_view NextSegment(std::string_view& path) {
  auto slash = path.find('/');
  std::string_view seg = path.substr(0, slash);
  path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  return seg;
}

bool Matches(std::string_view templ, std::string_view path, std::map<std::string, std::string>& labels) {
  if (templ.empty() || path.empty() || templ[0] != '/' || path[0] != '/') return false;
  templ.remove_prefix(1);
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);  // tolerate a trailing slash
  while (!templ.empty()) {
    if (path.empty()) return false;
    std::string_view t = NextSegment(templ);
    std::string_view p = NextSegment(path);
    if (t.starts_with('{')) {
      if (p.empty()) return false;
      labels[std::string(t.substr(1, t.size() - 2))] = http::PercentDecode(p, false);
    } else if (t != p) {
      return false;
    }
  }
  return path.empty();
}

}  // namespace

std::optional<RouteMatch> MatchRoute(http::Verb method, std::string_view target) {
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  for (const Route& r : kRoutes) {
    if (r.method != method) continue;
    std::map<std::string, std::string> labels;
    if (Matches(r.path, path, labels)) return RouteMatch{r.operation, r.name, std::move(labels), std::string(query)};
  }
  return std::nullopt;
}

const std::vector<std::string>& LambdaPathPrefixes() {
  static const std::vector<std::string> prefixes = {
      "/2014-11-13/", "/2015-03-31/", "/2016-08-19/", "/2017-03-31/", "/2017-10-31/", "/2018-10-31/",
      "/2019-09-25/", "/2019-09-30/", "/2020-04-22/", "/2020-06-30/", "/2021-07-20/", "/2021-10-31/",
      "/2021-11-15/", "/2024-08-31/", "/2025-11-30/", "/2025-12-01/"};
  return prefixes;
}

std::optional<std::string> QueryParameter(const RouteMatch& match, std::string_view name) {
  if (match.query.empty()) return std::nullopt;
  return http::FormParameter(match.query, name);
}

}  // namespace cloudlet::lambda
