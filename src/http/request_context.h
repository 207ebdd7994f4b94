// What the layers learn about one request as it travels through the edge,
// the router, authentication and a service. Owned by the connection for the
// life of the request; services fill `operation` for logs and metrics.
#pragma once

#include <chrono>
#include <string>

namespace cloudlet::http {

struct RequestContext {
  std::string request_id;
  std::chrono::steady_clock::time_point started;
  std::string remote_address;
  std::string service;      // "dynamodb", "_cloudlet", ... empty until routed (and so
                            // in OnComplete for a header block the edge refused)
  std::string operation;    // "GetItem", "Health", ... empty until known
  std::string region;       // from the SigV4 scope, else the server default
  std::string account_id;
  std::string access_key;   // empty when unsigned
  int route = -1;           // the router's index of the claiming service
};

// Fast unique request ids (UUID v4 text), one generator per thread.
std::string NewRequestId();

}  // namespace cloudlet::http
