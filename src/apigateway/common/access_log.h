// Per-stage access logs: AccessLogSettings.Format with AWS's $context
// variables (APIGW guide "http-api-logging-variables"), compiled once per
// stage into literal and variable pieces, rendered once per request.
//
//   format   = { literal | "$context." name }
//   name     = identifier { "." identifier }        e.g. requestId, identity.sourceIp,
//                                                    authorizer.claims.sub
// A variable without a value renders as "-", as AWS writes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "apigateway/common/events.h"
#include "apigateway/common/worker.h"
#include "apigateway/gateway_deps.h"

namespace cloudlet::apigateway {

// What one request leaves for its access log line.
struct AccessLogRecord {
  std::string_view account_id, api_id, domain_name, domain_prefix;
  std::string_view http_method, path, protocol, request_id, route_key, stage;
  std::string_view source_ip, user_agent;
  std::string_view error_message;            // the gateway's own answer, e.g. "Not Found"
  std::string_view error_response_type;      // e.g. "MISSING_AUTHENTICATION_TOKEN"
  std::string_view integration_error;        // $context.integrationErrorMessage
  std::string_view authorizer_error;
  std::string_view integration_request_id;
  // REST APIs
  std::string_view resource_path, resource_id, api_key, api_key_id, deployment_id;
  int status = 0;
  int integration_status = -1;               // -1: no integration answered
  int64_t response_length = 0;
  int64_t request_time_epoch_ms = 0;
  int64_t response_latency_ms = 0;
  int64_t integration_latency_ms = -1;       // -1: no integration ran
  int64_t data_processed = 0;                // request + response bytes
  const AuthorizerContext* authorizer = nullptr;
};

// "arn:aws:logs:<region>:<account>:log-group:<name>[:*]" → region, group name.
std::optional<std::pair<std::string, std::string>> LogGroupOf(std::string_view arn);

class AccessLogFormat {
 public:
  explicit AccessLogFormat(std::string_view format);
  void Render(const AccessLogRecord& record, std::string& out) const;

 private:
  enum class Var {
    kLiteral, kAccountId, kApiId, kDomainName, kDomainPrefix, kHttpMethod, kPath, kProtocol, kRequestId,
    kExtendedRequestId, kRouteKey, kStage, kStatus, kSourceIp, kUserAgent, kRequestTime, kRequestTimeEpoch,
    kResponseLength, kResponseLatency, kIntegrationLatency, kIntegrationStatus, kIntegrationError,
    kIntegrationErrorMessage, kIntegrationRequestId, kErrorMessage, kErrorMessageString, kErrorResponseType,
    kAuthorizerError, kAuthorizerPrincipalId, kAuthorizerClaim, kAuthorizerProperty, kIdentityAccessKey,
    kIdentityAccountId, kIdentityCaller, kIdentityUser, kIdentityUserArn, kDataProcessed, kResourcePath, kResourceId,
    kIdentityApiKey, kIdentityApiKeyId, kDeploymentId, kUnknown,
  };
  struct Piece {
    Var var;
    std::string text;  // the literal, or the claim / property name
  };
  std::vector<Piece> pieces_;
};

// Where a stage's access log lines go, and in what format.
struct AccessLogTarget {
  AccessLogFormat format;
  std::string region;
  std::string log_group;
};

// From a stage's accessLogSettings {destinationArn, format}; nullopt unless both are there.
std::optional<AccessLogTarget> ReadAccessLogSettings(const boost::json::object& settings);
// Renders `record`, writes the line to cloudlet's log at info and posts it
// to the group (stream "{apiId}_{stage}") on `writer`, which must run before
// `log_line` goes away.
void ShipAccessLog(const AccessLogTarget& target, const AccessLogRecord& record, Worker& writer,
                   const LogLineFn* log_line);

}  // namespace cloudlet::apigateway
