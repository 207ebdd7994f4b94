// libFuzzer target for the DynamoDB request path: the awsJson framing, the
// JSON decoder, member validation, expressions and the operations, over an
// in-memory store that keeps its state across inputs.
//
// Input layout: first byte picks the operation (X-Amz-Target), the rest is
// the request body. A 500 answer (an internal fault) or a body that is not
// JSON is a finding, as is any crash, sanitizer report or leak.
//
// Build and run: tests/fuzz/run.sh request_decoder
#include <boost/json/parse.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "dynamodb/dynamodb.h"
#include "http/handler.h"
#include "storage/kv_store.h"

namespace {

using namespace cloudlet;

constexpr std::array<std::string_view, 18> kOperations = {
    "BatchGetItem", "BatchWriteItem", "CreateTable",    "DeleteItem",    "DeleteTable",        "DescribeEndpoints",
    "DescribeLimits", "DescribeTable", "GetItem",       "ListTables",    "ListTagsOfResource", "PutItem",
    "Query",          "Scan",          "TagResource",   "UntagResource", "UpdateItem",         "UpdateTable"};

struct Capture final : http::ResponseSink {
  http::Response response;
  bool answered = false;
  void Respond(http::Response&& r) override {
    response = std::move(r);
    answered = true;
  }
};

struct World {
  std::unique_ptr<storage::KvStore> store;
  std::unique_ptr<aws::Service> service;

  World() {
    store = storage::OpenStore({.in_memory = true}).store;
    service = dynamodb::MakeDynamoDbService(*store, aws::ServiceEnvironment{});
    // A table for the other operations to find.
    Call("CreateTable",
         R"({"TableName":"fuzz","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
         R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],)"
         R"("BillingMode":"PAY_PER_REQUEST"})");
  }

  http::Response Call(std::string_view op, std::string_view body) {
    http::Request request{http::Verb::post, "/", 11};
    request.set("X-Amz-Target", "DynamoDB_20120810." + std::string(op));
    request.set(http::Field::content_type, "application/x-amz-json-1.0");
    request.body() = std::string(body);
    http::RequestContext ctx;
    ctx.request_id = "fuzz";
    ctx.region = "us-east-1";
    auto capture = std::make_shared<Capture>();
    service->Handle(request, ctx, http::Responder(capture));
    if (!capture->answered) std::abort();
    return std::move(capture->response);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  if (size == 0) return 0;
  std::string_view op = kOperations[data[0] % kOperations.size()];
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  http::Response response = world.Call(op, body);
  unsigned status = response.result_int();
  if (status >= 500) std::abort();
  boost::system::error_code ec;
  boost::json::parse(response.body(), ec);
  if (ec) std::abort();
  return 0;
}
