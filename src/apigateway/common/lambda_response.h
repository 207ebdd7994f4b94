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

// REST APIs' Lambda proxy result, as AWS answers it (recorded in LocalStack's
// test_aws_proxy_response_payload_format_validation): a JSON object of at
// most statusCode (a number or numeric string; 200 when absent), headers
// (string or boolean values), multiValueHeaders (lists), body and
// isBase64Encoded. Any other member, a wrong type or a bad status code is 502
// {"message": "Internal server error"}. Both header maps reach the client
// (each multi value its own line, before the single value of the same
// name). The body is decoded from base64 only with `decode_base64` (the
// client's Accept matches the API's binaryMediaTypes), else sent as given.
// content-type is application/json unless a header sets it.
MappedResponse MapLambdaResponseRest(std::string_view payload, bool decode_base64);
// REST's 5xx answers: {"message": "Internal server error"} (AWS's spacing).
http::Response RestInternalError(unsigned status, std::string_view message);

}  // namespace cloudlet::apigateway
