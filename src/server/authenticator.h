// The --auth sigv4 check: verifies each request's SigV4 signature against the
// configured credentials and records the signer in the request context.
#pragma once

#include "aws/sigv4/credentials_store.h"
#include "server/pipeline.h"

namespace cloudlet::server {

// `credentials` must outlive the returned function.
Authenticator MakeSigV4Authenticator(const aws::sigv4::CredentialsStore& credentials);

}  // namespace cloudlet::server
