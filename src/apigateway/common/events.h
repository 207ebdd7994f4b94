// The Lambda proxy events of API Gateway (APIGW guide "http-api-develop-integrations-lambda",
// "set-up-lambda-proxy-integrations"):
//
// Payload 2.0: version, routeKey, rawPath (stage prefix kept for a named
// stage), rawQueryString, cookies, headers (lower-case names, repeated
// headers joined with ','), queryStringParameters (repeated keys joined with
// ','), requestContext {accountId, apiId, authorizer, domainName,
// domainPrefix, http{method, path, protocol, sourceIp, userAgent},
// requestId, routeKey, stage, time, timeEpoch}, pathParameters,
// stageVariables, body, isBase64Encoded. Empty collections are left out.
//
// Payload 1.0 (REST-compatible): version, resource, path (without the
// stage), httpMethod, headers (last value) and multiValueHeaders (every
// value), queryStringParameters and multiValueQueryStringParameters,
// requestContext {..., identity{sourceIp, userAgent, ...}, path (with the
// stage), requestTime, requestTimeEpoch, resourcePath, ...},
// pathParameters, stageVariables, body, isBase64Encoded; missing values are
// null.
//
// The Lambda REQUEST authorizer inputs are built from the same parts
// (authorizer input 2.0 adds type, routeArn, identitySource; 1.0 adds
// type, methodArn, identitySource).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "apigateway/common/request_parts.h"
#include "http/message.h"

namespace cloudlet::apigateway {

// What an authorizer found, as the integration sees it in requestContext.authorizer.
struct AuthorizerContext {
  enum class Kind { kNone, kJwt, kLambda, kIam };
  Kind kind = Kind::kNone;
  std::string claims_json;    // JWT: {"sub":"...",...} (values as strings)
  std::string scopes_json;    // JWT: ["read",...] or null
  std::string context_json;   // Lambda: the authorizer's context object
  std::string principal_id;   // Lambda IAM-policy responses
  int64_t integration_latency_ms = 0;  // Lambda: the authorizer's own run time
  // AWS_IAM
  std::string access_key, caller_account_id, user_arn, user_id;
};

// Everything an event needs besides the request.
struct EventInput {
  const http::Request* request = nullptr;
  const RequestParts* parts = nullptr;
  std::string_view method;
  std::string_view raw_path;      // as received, stage prefix included
  std::string_view route_path;    // after the stage prefix
  std::string_view raw_query;     // without '?'
  std::string_view source_ip;
  std::string_view domain_name;   // the Host without its port
  std::string_view domain_prefix; // its first label
  std::string_view account_id;
  std::string_view api_id;
  std::string_view stage;         // "$default" or the name
  std::string_view route_key;     // "GET /pets/{id}" or "$default"
  std::string_view route_id;
  std::string_view resource_path; // the route's path template, "$default" for that route
  std::string_view request_id;
  std::string_view stage_variables_json;  // "{...}", or empty when there are none
  const PathParams* path_params = nullptr;
  const AuthorizerContext* authorizer = nullptr;
  std::chrono::system_clock::time_point now;
  bool body_is_text = true;
  // REST APIs' payload 1.0: header names as received, no "version", no
  // requestContext.authorizer without an authorizer, requestContext.deploymentId
  // and, for methods that need an API key, identity.apiKey and apiKeyId.
  bool rest = false;
  std::string_view deployment_id, api_key, api_key_id;
  std::string_view extended_request_id;  // requestContext.extendedRequestId; request_id when empty
};

std::string BuildEventV2(const EventInput& in);
std::string BuildEventV1(const EventInput& in);

// Lambda REQUEST authorizer inputs. `route_arn` is
// arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>.
std::string BuildAuthorizerInputV2(const EventInput& in, std::string_view route_arn,
                                   const std::vector<std::string>& identity_values);
std::string BuildAuthorizerInputV1(const EventInput& in, std::string_view method_arn,
                                   const std::vector<std::string>& identity_values);

// REST Lambda authorizers (APIGW guide "api-gateway-lambda-authorizer-input"):
//   TOKEN   {"type":"TOKEN","authorizationToken":"...","methodArn":"..."}
//   REQUEST {"type":"REQUEST","methodArn", resource, path, httpMethod, headers,
//            multiValueHeaders, queryStringParameters, multiValueQueryStringParameters,
//            pathParameters, stageVariables, requestContext}
std::string BuildTokenAuthorizerInput(std::string_view token, std::string_view method_arn);
std::string BuildRestRequestAuthorizerInput(const EventInput& in, std::string_view method_arn);

}  // namespace cloudlet::apigateway
