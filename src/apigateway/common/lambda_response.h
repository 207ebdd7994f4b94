// What an HTTP API answers for a Lambda proxy integration's result.
//
// Payload 2.0: {statusCode, headers, cookies, body, isBase64Encoded}; each
// cookie becomes its own Set-Cookie. Valid JSON without "statusCode" is
// inferred: 200, content-type application/json, the JSON text as the body.
//   {"statusCode":201,"headers":{"x-a":"b"},"body":"hi"}  → 201, x-a: b, hi
//   {"message":"hi"}                                      → 200 {"message":"hi"}
// Payload 1.0: {statusCode, headers, multiValueHeaders, body,
// isBase64Encoded}; statusCode is required; multiValueHeaders win over
// headers of the same name, each value its own header line.
// A function error is 500 {"message":"Internal Server Error"}; a result
// that breaks these rules (not JSON, a bad status code, undecodable base64)
// is 502 {"message":"Internal Server Error"}.
#pragma once

#include <string>
#include <string_view>

#include "apigateway/common/gateway_error.h"
#include "http/message.h"

namespace cloudlet::apigateway {

struct MappedResponse {
  http::Response response;
  // Why the result was refused ($context.integrationErrorMessage); empty when mapped.
  std::string error;
};

MappedResponse MapLambdaResponseV2(std::string_view payload);
MappedResponse MapLambdaResponseV1(std::string_view payload);

}  // namespace cloudlet::apigateway
