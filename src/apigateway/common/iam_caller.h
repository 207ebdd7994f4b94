// The caller of an AWS_IAM route or method: a SigV4 signature (header or
// presigned query; with --auth sigv4 the pipeline verified it) names the
// access key, the account is the request's. Both kinds of API use it.
#pragma once

#include "apigateway/common/events.h"
#include "http/message.h"
#include "http/request_context.h"

namespace cloudlet::apigateway {

// Fills `out` (kind kIam) and returns true when `request` is signed; false otherwise.
bool ReadIamCaller(const http::Request& request, const http::RequestContext& ctx, AuthorizerContext* out);

}  // namespace cloudlet::apigateway
