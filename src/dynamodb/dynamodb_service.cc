// The DynamoDB wire front: awsJson 1.0 framing, DynamoDB's pre-dispatch
// checks (method, content type, target, JSON), errors with their namespaces,
// x-amz-crc32 on every answer. Operations themselves live in operations.h.
#include <boost/json/parse.hpp>

#include "aws/protocol/protocols.h"
#include "dynamodb/backup_store.h"
#include "dynamodb/database.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_updates.h"
#include "dynamodb/operations.h"
#include "dynamodb/stream_store.h"
#include "dynamodb/streams_operations.h"
#include "dynamodb/ttl_sweeper.h"

namespace cloudlet::dynamodb {
namespace {

constexpr std::size_t kMaxRequestBytes = 16 * 1024 * 1024;

class DynamoDbService final : public aws::Service {
 public:
  DynamoDbService(storage::KvStore& store, const aws::ServiceEnvironment& env, const DynamoDbOptions& options)
      : db_(store), streams_(db_), env_(env) {
    db_.set_change_capture(&streams_);
    ResumeIndexJobs(db_);
    ResumeBackupJobs(db_);
    StartTimeToLiveSweeper(db_, options.ttl_sweep_interval);
  }

  std::string_view name() const override { return "dynamodb"; }

  http::ServiceMatchers matchers() const override {
    http::ServiceMatchers m;
    m.signing_names = {"dynamodb"};
    m.target_prefixes = {"DynamoDB_20120810.", "DynamoDBStreams_20120810."};
    return m;
  }

  std::size_t max_body_bytes() const override { return kMaxRequestBytes; }

  http::Response BodyTooLarge(const http::Request& header, const http::RequestContext& ctx) const override {
    return aws::JsonRpcError(
        ctx, aws::AwsError::Make(413, "RequestEntityTooLarge", "Request size exceeded 16777216 bytes", errors::kCoralNs),
        Style(header));
  }

  bool RequiresSignature(const http::Request& request) const override {
    return !(request.method() == http::Verb::get && request.target() == "/");  // health probe
  }

  http::Response AuthFailed(const aws::sigv4::Failure& failure, const http::Request& request,
                            const http::RequestContext& ctx) const override {
    std::string code = aws::sigv4::JsonServiceErrorCode(failure.kind);
    return aws::JsonRpcError(ctx, aws::AwsError::Make(400, code, failure.message, errors::kCoralNs), Style(request));
  }

  void Handle(http::Request& request, http::RequestContext& ctx, http::Responder respond) override {
    respond(Dispatch(request, ctx));
  }

  // The Streams API for other modules: streams named by ARN, in any region.
  aws::Result<std::string> CallStreams(std::string_view operation, std::string_view request_json) {
    StreamsOperation op = FindStreamsOperation(operation);
    if (op == nullptr) return errors::WithNamespace(errors::UnknownOperation());
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(request_json, ec);
    if (ec || !parsed.is_object()) return errors::WithNamespace(errors::Serialization());
    StreamsContext streams_ctx{streams_, {}, env_.account_id};
    auto result = op(streams_ctx, parsed.as_object());
    if (!result.ok()) return errors::WithNamespace(result.take_error());
    return result;
  }

 private:
  // Clients send application/x-amz-json-1.0; emulators also accept application/json. Echo it.
  static aws::JsonRpcStyle Style(const http::Request& request) {
    auto type = request[http::Field::content_type];
    return {.content_type = type.starts_with("application/json") ? "application/json" : "application/x-amz-json-1.0",
            .crc32 = true};
  }

  http::Response Dispatch(http::Request& request, http::RequestContext& ctx) {
    if (request.method() == http::Verb::get && request.target() == "/") {
      http::Response res{http::beast_http::status::ok, 11};
      res.set(http::Field::content_type, "text/plain");
      res.set("x-amzn-RequestId", ctx.request_id);
      res.body() = "healthy: dynamodb." + ctx.region + ".amazonaws.com ";
      return res;
    }
    auto type = request[http::Field::content_type];
    bool json_type = type.starts_with("application/x-amz-json-1.0") || type.starts_with("application/json");
    if (request.method() != http::Verb::post || (!json_type && !request.body().empty())) {
      http::Response res{http::beast_http::status::not_found, 11};
      res.set("x-amzn-RequestId", ctx.request_id);
      res.body() = "<UnknownOperationException/>\n";
      return res;
    }
    auto style = Style(request);
    std::string_view op_name = aws::JsonRpcOperation(request);
    if (request["X-Amz-Target"].starts_with("DynamoDBStreams_20120810.")) return DispatchStreams(request, ctx, op_name);
    Operation op = FindOperation(op_name);
    if (!request["X-Amz-Target"].starts_with("DynamoDB_20120810.") || op == nullptr) {
      return aws::JsonRpcError(ctx, errors::UnknownOperation(), style);
    }
    ctx.operation = op_name;
    boost::system::error_code ec;
    // Items nest 32 levels, each two JSON levels deep, inside the request.
    boost::json::parse_options options;
    options.max_depth = 128;
    boost::json::value parsed = boost::json::parse(request.body(), ec, {}, options);
    if (ec || !parsed.is_object()) return aws::JsonRpcError(ctx, errors::Serialization(), style);
    OperationContext op_ctx{ctx, db_, ctx.region, env_.account_id, &streams_};
    auto result = op(op_ctx, parsed.as_object());
    if (!result.ok()) return aws::JsonRpcError(ctx, errors::WithNamespace(result.take_error()), style);
    return aws::JsonRpcSuccess(ctx, std::move(result.value()), style);
  }

  http::Response DispatchStreams(http::Request& request, http::RequestContext& ctx, std::string_view op_name) {
    auto style = Style(request);
    StreamsOperation op = FindStreamsOperation(op_name);
    if (op == nullptr) return aws::JsonRpcError(ctx, errors::UnknownOperation(), style);
    ctx.operation = op_name;
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(request.body(), ec);
    if (ec || !parsed.is_object()) return aws::JsonRpcError(ctx, errors::Serialization(), style);
    StreamsContext streams_ctx{streams_, ctx.region, env_.account_id};
    auto result = op(streams_ctx, parsed.as_object());
    if (!result.ok()) return aws::JsonRpcError(ctx, errors::WithNamespace(result.take_error()), style);
    return aws::JsonRpcSuccess(ctx, std::move(result.value()), style);
  }

  Database db_;
  StreamStore streams_;
  aws::ServiceEnvironment env_;
};

}  // namespace

DynamoDb MakeDynamoDb(storage::KvStore& store, const aws::ServiceEnvironment& env, DynamoDbOptions options) {
  DynamoDb out;
  auto service = std::make_unique<DynamoDbService>(store, env, options);
  out.call_streams = [raw = service.get()](std::string_view operation, std::string_view request_json) {
    return raw->CallStreams(operation, request_json);
  };
  out.service = std::move(service);
  return out;
}

std::unique_ptr<aws::Service> MakeDynamoDbService(storage::KvStore& store, const aws::ServiceEnvironment& env) {
  return MakeDynamoDb(store, env).service;
}

}  // namespace cloudlet::dynamodb
