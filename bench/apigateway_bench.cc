// The API Gateway's own cost per request, in process: the service answers
// GET /hello of a quick-created HTTP API, its Lambda call answered at once by
// a fake (the canned response bench/lambda/handler.js gives), so what is
// timed is routing, the payload 2.0 event, the response mapping, metrics
// and the deadline bookkeeping: everything the gateway adds to an Invoke,
// without the edge's socket work. With "rest" the same through a REST API
// (GET /dev/hello: a resource, an AWS_PROXY integration, a stage): the
// resource tree, payload 1.0 as REST sends it and REST's response rules.
// Prints p50, p99 and the mean in microseconds. Run by bench/apigateway.sh;
// by hand: build/apigateway_bench [requests] [http|rest]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "apigateway/apigateway.h"
#include "storage/kv_store.h"

using namespace cloudlet;

namespace {

struct Capture final : http::ResponseSink {
  http::Response response;
  int answers = 0;
  void Respond(http::Response&& r) override {
    response = std::move(r);
    ++answers;
  }
};

http::Response Send(aws::Service& service, http::Request request) {
  auto sink = std::make_shared<Capture>();
  http::RequestContext ctx;
  ctx.request_id = "bench";
  ctx.started = std::chrono::steady_clock::now();
  ctx.remote_address = "127.0.0.1:40000";
  ctx.region = "us-east-1";
  ctx.account_id = "000000000000";
  service.Handle(request, ctx, http::Responder(sink));
  if (sink->answers != 1) {
    std::fprintf(stderr, "apigateway_bench: the request was answered %d times\n", sink->answers);
    std::exit(1);
  }
  return std::move(sink->response);
}

}  // namespace

std::string Json(const http::Response& res, const char* member) {
  return std::string(boost::json::parse(res.body()).at(member).as_string());
}

http::Request ControlRequest(http::Verb verb, std::string target, std::string body) {
  http::Request r{verb, target, 11};
  r.set(http::Field::host, "localhost:4566");
  r.body() = std::move(body);
  return r;
}

// A REST API with GET /hello to the function, deployed to "dev"; its id.
std::string CreateRestApi(aws::Service& service) {
  http::Response api = Send(service, ControlRequest(http::Verb::post, "/restapis", R"({"name":"bench"})"));
  std::string id = Json(api, "id"), root = Json(api, "rootResourceId");
  http::Response res =
      Send(service, ControlRequest(http::Verb::post, "/restapis/" + id + "/resources/" + root, R"({"pathPart":"hello"})"));
  std::string method = "/restapis/" + id + "/resources/" + Json(res, "id") + "/methods/GET";
  Send(service, ControlRequest(http::Verb::put, method, R"({"authorizationType":"NONE"})"));
  Send(service, ControlRequest(http::Verb::put, method + "/integration",
                               R"({"type":"AWS_PROXY","httpMethod":"POST","uri":"arn:aws:apigateway:us-east-1:lambda:)"
                               R"(path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:hello/invocations"})"));
  Send(service, ControlRequest(http::Verb::post, "/restapis/" + id + "/deployments", R"({"stageName":"dev"})"));
  return id;
}

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 200000;
  bool rest = argc > 2 && std::string_view(argv[2]) == "rest";
  auto opened = storage::OpenStore({.in_memory = true});
  if (!opened.status.ok()) return 1;
  const std::string canned =
      R"({"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"message\":\"hello\",\"path\":\"/hello\"}"})";
  apigateway::ApiGatewayOptions options;
  options.deps.invoke = [&canned](std::string_view, std::string payload, std::string,
                                  std::function<void(aws::Result<apigateway::FunctionResult>)> done) {
    if (payload.empty()) std::abort();
    done(apigateway::FunctionResult{canned, std::nullopt});
  };
  auto gateway = apigateway::MakeApiGateway(*opened.store, aws::ServiceEnvironment{}, std::move(options));

  std::string api_id;
  if (rest) {
    api_id = CreateRestApi(*gateway.service);
  } else {
    http::Response created = Send(*gateway.service, ControlRequest(http::Verb::post, "/v2/apis",
                                                                   R"({"name":"bench","protocolType":"HTTP",)"
                                                                   R"("routeKey":"GET /hello","target":)"
                                                                   R"("arn:aws:lambda:us-east-1:000000000000:function:hello"})"));
    api_id = Json(created, "apiId");
  }

  http::Request get{http::Verb::get, rest ? "/dev/hello" : "/hello", 11};
  get.set(http::Field::host, api_id + ".execute-api.localhost:4566");
  get.set(http::Field::user_agent, "wrk");
  get.set(http::Field::accept, "*/*");
  std::vector<double> us;
  us.reserve(n);
  for (int i = 0; i < n + n / 10; ++i) {
    http::Request request = get;
    auto t0 = std::chrono::steady_clock::now();
    http::Response res = Send(*gateway.service, std::move(request));
    auto t1 = std::chrono::steady_clock::now();
    if (res.result_int() != 200) {
      std::fprintf(stderr, "apigateway_bench: status %u: %s\n", res.result_int(), res.body().c_str());
      return 1;
    }
    if (i >= n / 10) us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());  // after a warm-up
  }
  std::sort(us.begin(), us.end());
  double sum = 0;
  for (double v : us) sum += v;
  std::printf("%.1f %.1f %.1f\n", us[us.size() / 2], us[us.size() * 99 / 100], sum / us.size());
  return 0;
}
