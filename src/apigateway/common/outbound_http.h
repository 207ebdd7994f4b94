// An HTTP/1.1 client for what the gateway calls out to (HTTP_PROXY
// integrations, an issuer's OpenID configuration and JWKS): Beast over its
// own io_context and thread, so no edge thread ever waits on a backend. One
// connection per request, http:// only (the gateway is local; TLS targets
// answer kUnsupported). The deadline covers resolve, connect, write and read.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace cloudlet::apigateway {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;
  std::string port;    // "80" when absent
  std::string target;  // path and query, "/" at least
};
// nullopt unless `text` is an absolute http(s) URL.
std::optional<Url> ParseUrl(std::string_view text);

struct OutboundRequest {
  http::Verb method = http::Verb::get;
  Url url;
  std::vector<std::pair<std::string, std::string>> headers;  // Host is set from the URL
  std::string body;
  std::chrono::milliseconds timeout{30000};
  std::size_t max_response_bytes = 10 * 1024 * 1024;
};

struct OutboundResult {
  enum class Status { kOk, kTimeout, kFailed, kUnsupported };
  Status status = Status::kFailed;
  std::string error;  // why, when not kOk
  http::Response response;
};

class OutboundHttp {
 public:
  OutboundHttp();
  ~OutboundHttp();  // Stop()

  // Sends `request`; `done` runs once on the client's thread. After Stop,
  // requests in flight are abandoned without calling `done`.
  void Send(OutboundRequest request, std::function<void(OutboundResult)> done);
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cloudlet::apigateway
