// The four wire protocols AWS services speak, reduced to what differs between
// them: how a success and an error are put on the wire. Each function stamps
// the request id header(s) the protocol's clients read.
//
//   awsJson 1.0/1.1  POST / + X-Amz-Target; errors {"__type","message"}     (DynamoDB, Logs, Cognito)
//   restJson1        REST paths; errors X-Amzn-ErrorType + {"message"}      (Lambda, API Gateway)
//   query            form Action=...; XML <ErrorResponse>                    (SNS, STS, IAM)
//   restXml          REST paths; XML <Error>                                 (S3, CloudFront)
#pragma once

#include <string>
#include <string_view>

#include "aws/error.h"
#include "http/message.h"
#include "http/request_context.h"

namespace cloudlet::aws {

// ---- awsJson 1.0 / 1.1 ----
struct JsonRpcStyle {
  std::string_view content_type = "application/x-amz-json-1.0";
  bool crc32 = false;               // DynamoDB: x-amz-crc32 over the body bytes
  bool capital_message = false;     // some errors spell the member "Message"
};
// The operation named by X-Amz-Target "<Prefix>.<Operation>"; empty if absent or malformed.
std::string_view JsonRpcOperation(const http::Request& request);
http::Response JsonRpcSuccess(const http::RequestContext& ctx, std::string body, const JsonRpcStyle& style);
http::Response JsonRpcError(const http::RequestContext& ctx, const AwsError& error, const JsonRpcStyle& style);

// ---- restJson1 ----
// `extra_members` is spliced into the JSON object, e.g. "\"Type\":\"User\"" for Lambda.
http::Response RestJsonError(const http::RequestContext& ctx, const AwsError& error,
                             std::string_view extra_members = {});
http::Response RestJsonSuccess(const http::RequestContext& ctx, int status, std::string body);

// ---- query (XML) ----
http::Response QueryXmlError(const http::RequestContext& ctx, const AwsError& error,
                             std::string_view fault = "Sender");
// <ActionResponse xmlns=...><ActionResult>inner</ActionResult><ResponseMetadata>...</ResponseMetadata></ActionResponse>
http::Response QueryXmlSuccess(const http::RequestContext& ctx, std::string_view action,
                               std::string_view xmlns, std::string_view result_inner_xml);

// ---- restXml ----
// <Error><Code/><Message/>extra<RequestId/></Error>; `extra_elements` is already-escaped XML.
http::Response RestXmlError(const http::RequestContext& ctx, const AwsError& error,
                            std::string_view extra_elements = {});

// Escapes &, <, >, " and ' for XML text and attribute values.
void AppendXmlEscaped(std::string& out, std::string_view text);
// Escapes a string for inclusion inside a JSON string literal (no quotes added).
void AppendJsonEscaped(std::string& out, std::string_view text);

}  // namespace cloudlet::aws
