#include "apigateway/common/outbound_http.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <thread>

namespace cloudlet::apigateway {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

std::optional<Url> ParseUrl(std::string_view text) {
  Url url;
  auto sep = text.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  url.scheme = std::string(text.substr(0, sep));
  for (char& c : url.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  std::string_view rest = text.substr(sep + 3);
  auto path_at = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_at);
  std::string_view target = path_at == std::string_view::npos ? std::string_view{} : rest.substr(path_at);
  if (auto hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty()) return std::nullopt;
  std::string_view host = authority, port;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') port = authority.substr(close + 2);
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return std::nullopt;
  url.host = std::string(host);
  url.port = port.empty() ? (url.scheme == "https" ? "443" : "80") : std::string(port);
  url.target = target.empty() ? "/" : (target.front() == '?' ? "/" + std::string(target) : std::string(target));
  return url;
}

struct OutboundHttp::Impl {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::thread thread{[this] { io.run(); }};
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(asio::io_context& io, OutboundRequest request, std::function<void(OutboundResult)> done)
      : resolver_(io), stream_(io), request_(std::move(request)), done_(std::move(done)),
        deadline_(std::chrono::steady_clock::now() + request_.timeout) {}

  void Start() {
    auto self = shared_from_this();
    message_.method(request_.method);
    message_.target(request_.url.target);
    message_.version(11);
    for (auto& [k, v] : request_.headers) message_.insert(k, v);
    std::string host = request_.url.host;
    if (request_.url.port != "80") host += ":" + request_.url.port;
    message_.set(beast::http::field::host, host);
    message_.set(beast::http::field::connection, "close");
    message_.body() = std::move(request_.body);
    message_.prepare_payload();
    parser_.body_limit(request_.max_response_bytes);
    parser_.header_limit(64 * 1024);
    // The resolver has no deadline of its own: a timer on the stream covers it.
    stream_.expires_at(deadline_);
    resolver_.async_resolve(request_.url.host, request_.url.port,
                            [self](beast::error_code ec, tcp::resolver::results_type results) {
                              self->OnResolve(ec, std::move(results));
                            });
  }

 private:
  void OnResolve(beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) return Finish(OutboundResult::Status::kFailed, "cannot resolve " + request_.url.host + ": " + ec.message());
    if (std::chrono::steady_clock::now() >= deadline_) return Finish(OutboundResult::Status::kTimeout, "timed out");
    stream_.expires_at(deadline_);
    auto self = shared_from_this();
    stream_.async_connect(results, [self](beast::error_code ec, const tcp::endpoint&) { self->OnConnect(ec); });
  }

  void OnConnect(beast::error_code ec) {
    if (ec) return Fail(ec, "cannot connect to " + request_.url.host + ":" + request_.url.port);
    stream_.expires_at(deadline_);
    auto self = shared_from_this();
    beast::http::async_write(stream_, message_, [self](beast::error_code ec, std::size_t) { self->OnWrite(ec); });
  }

  void OnWrite(beast::error_code ec) {
    if (ec) return Fail(ec, "sending the request failed");
    stream_.expires_at(deadline_);
    auto self = shared_from_this();
    beast::http::async_read(stream_, buffer_, parser_, [self](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Fail(ec, "reading the response failed");
    OutboundResult result;
    result.status = OutboundResult::Status::kOk;
    result.response = parser_.release();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    Done(std::move(result));
  }

  void Fail(beast::error_code ec, std::string what) {
    if (ec == beast::error::timeout) return Finish(OutboundResult::Status::kTimeout, "timed out");
    Finish(OutboundResult::Status::kFailed, what + ": " + ec.message());
  }

  void Finish(OutboundResult::Status status, std::string error) {
    OutboundResult result;
    result.status = status;
    result.error = std::move(error);
    Done(std::move(result));
  }

  void Done(OutboundResult result) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(result));
  }

  tcp::resolver resolver_;
  beast::tcp_stream stream_;
  OutboundRequest request_;
  std::function<void(OutboundResult)> done_;
  std::chrono::steady_clock::time_point deadline_;
  beast::http::request<beast::http::string_body> message_;
  beast::flat_buffer buffer_;
  beast::http::response_parser<beast::http::string_body> parser_;
};

}  // namespace

OutboundHttp::OutboundHttp() : impl_(std::make_unique<Impl>()) {}

OutboundHttp::~OutboundHttp() { Stop(); }

void OutboundHttp::Send(OutboundRequest request, std::function<void(OutboundResult)> done) {
  if (request.url.scheme != "http") {
    OutboundResult r;
    r.status = OutboundResult::Status::kUnsupported;
    r.error = "cloudlet calls http:// endpoints only, not " + request.url.scheme + "://";
    return done(std::move(r));
  }
  asio::post(impl_->io, [this, request = std::move(request), done = std::move(done)]() mutable {
    std::make_shared<Session>(impl_->io, std::move(request), std::move(done))->Start();
  });
}

void OutboundHttp::Stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->work.reset();
  impl_->io.stop();
  if (impl_->thread.get_id() != std::this_thread::get_id()) impl_->thread.join();
}

}  // namespace cloudlet::apigateway
