#include "http/connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <algorithm>
#include <ctime>

namespace cloudlet::http {
namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

// RFC 7231 Date, formatted once a second per thread rather than per response.
std::string_view HttpDate() {
  thread_local std::time_t cached_second = 0;
  thread_local char text[32];
  thread_local std::size_t length = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    cached_second = now;
    std::tm tm{};
    gmtime_r(&now, &tm);
    length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  }
  return {text, length};
}

Response PlainError(beast_http::status status, std::string_view message) {
  Response res{status, 11};
  res.set(Field::content_type, "application/json");
  res.body() = "{\"message\":\"";
  res.body().append(message);
  res.body() += "\"}";
  return res;
}

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view kRequestIdHeader = "x-amzn-RequestId";

// RFC 9112 3.2.2: a server must accept the absolute form ("http://host/path");
// the rest of cloudlet (router, SigV4) sees the origin form and its Host.
void ToOriginForm(Request& header) {
  std::string_view target = header.target();
  std::size_t scheme_end = target.find("://");
  if (scheme_end == std::string_view::npos) return;
  std::string_view scheme = target.substr(0, scheme_end);
  if (!beast::iequals(scheme, "http") && !beast::iequals(scheme, "https")) return;
  std::string_view rest = target.substr(scheme_end + 3);
  std::size_t path_start = rest.find_first_of("/?");
  std::string authority(rest.substr(0, path_start));
  std::string origin = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (origin.front() == '?') origin.insert(0, 1, '/');
  if (!authority.empty()) header.set(Field::host, authority);
  header.target(origin);
}

}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, WorkerState& worker, const ServerOptions& options,
                       RequestHandler& handler, std::atomic<std::size_t>& open_connections)
    : stream_(std::move(socket)),
      worker_(worker),
      options_(options),
      handler_(handler),
      open_connections_(open_connections) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ = endpoint.address().to_string();
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
}

// Normally Close() has run; if a connection is dropped without it (its
// io_context destroyed at shutdown, a handler that never answers), it still
// leaves the worker's list and the connection count.
Connection::~Connection() {
  if (state_ != State::kClosed) Unregister();
}

void Connection::Start() {
  worker_.connections.push_back(this);
  if (worker_.draining) return Close();
  WaitForRequest();
}

void Connection::WaitForRequest() {
  state_ = State::kWaiting;
  if (draining_) return Close();
  if (buffer_.size() > 0) return ReadHeader();  // pipelined request already here
  stream_.expires_after(options_.idle_timeout);
  stream_.async_read_some(buffer_.prepare(4096),
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            if (ec || self->state_ == State::kClosed) return self->Close();
                            self->buffer_.commit(n);
                            self->ReadHeader();
                          });
}

void Connection::ReadHeader() {
  state_ = State::kReadingHeader;
  ctx_ = RequestContext{};
  ctx_.request_id = NewRequestId();
  ctx_.remote_address = remote_;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
  parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  stream_.expires_after(options_.header_timeout);
  beast_http::async_read_header(stream_, buffer_, *parser_,
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                  // Beast applies its limit to the request line and the fields
                                  // apart; the whole block, blank line included, is held to it here.
                                  if (!ec && n > self->options_.max_header_bytes) ec = beast_http::error::header_limit;
                                  self->OnHeader(ec);
                                });
}

void Connection::OnHeader(beast::error_code ec) {
  if (state_ == State::kClosed) return;  // drained while reading
  if (ec == beast_http::error::header_limit) {
    return RejectAndClose(PlainError(beast_http::status::request_header_fields_too_large,
                                     "Request header fields too large"));
  }
  if (ec == beast_http::error::end_of_stream || ec == beast::error::timeout ||
      ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
    return Close();
  }
  if (ec) return RejectAndClose(PlainError(beast_http::status::bad_request, "Malformed HTTP request"));

  ctx_.started = std::chrono::steady_clock::now();
  auto& header = parser_->get();
  // RFC 9112 6.3: a request whose Transfer-Encoding does not end in chunked has
  // no determinable length; reading on would let its body pass as a request.
  if (!parser_->chunked() && header.find(Field::transfer_encoding) != header.end())
    return RejectAndClose(PlainError(beast_http::status::bad_request, "Unsupported Transfer-Encoding"));
  if (!header.target().empty() && header.target().front() != '/') ToOriginForm(header);
  // RFC 9112 3.2: an HTTP/1.1 request without Host is answered 400.
  if (header.version() >= 11 && header.find(Field::host) == header.end())
    return RejectAndClose(PlainError(beast_http::status::bad_request, "Missing Host header"));
  std::size_t limit = handler_.OnHeaders(header, ctx_);
  request_open_ = true;
  auto declared = parser_->content_length();
  if (declared && *declared > limit) return RejectAndClose(handler_.OnBodyTooLarge(header, ctx_));
  parser_->body_limit(limit);

  if (parser_->is_done()) return Dispatch();
  auto expect = header[Field::expect];
  if (beast::iequals(expect, "100-continue")) {
    state_ = State::kReadingBody;
    stream_.expires_after(options_.header_timeout);
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec || self->state_ == State::kClosed) return self->Close();
                        self->ReadBody();
                      });
    return;
  }
  ReadBody();
}

void Connection::ReadBody() {
  state_ = State::kReadingBody;
  stream_.expires_after(options_.body_timeout);
  beast_http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnBody(ec); });
}

void Connection::OnBody(beast::error_code ec) {
  if (state_ == State::kClosed) return;
  if (ec == beast_http::error::body_limit) {
    return RejectAndClose(handler_.OnBodyTooLarge(parser_->get(), ctx_));
  }
  if (ec == beast::error::timeout || ec == asio::error::eof || ec == beast_http::error::end_of_stream ||
      ec == asio::error::connection_reset || ec == asio::error::operation_aborted || ec == beast_http::error::partial_message) {
    return Close();
  }
  if (ec) return RejectAndClose(PlainError(beast_http::status::bad_request, "Malformed HTTP request body"));
  Dispatch();
}

void Connection::Dispatch() {
  state_ = State::kHandling;
  stream_.expires_never();
  request_ = parser_->release();
  parser_.reset();
  response_ready_ = false;
  dispatching_ = true;
  try {
    handler_.OnRequest(request_, ctx_, Responder(shared_from_this()));
  } catch (...) {
    // Services answer errors as values; a throw is a bug, and costs this request only.
    if (!response_ready_) {
      close_after_write_ = true;
      response_ = PlainError(beast_http::status::internal_server_error, "Internal server error");
      response_ready_ = true;
    }
  }
  dispatching_ = false;
  if (response_ready_) Write();
}

void Connection::Respond(Response&& response) {
  if (worker_.ioc.get_executor().running_in_this_thread()) {
    if (state_ == State::kClosed) {
      // The client left while the handler worked; still account for the request.
      if (request_open_) {
        request_open_ = false;
        handler_.OnComplete(ctx_, response);
      }
      return;
    }
    response_ = std::move(response);
    if (dispatching_) {
      response_ready_ = true;
      return;
    }
    return Write();
  }
  asio::post(worker_.ioc, [self = shared_from_this(), response = std::move(response)]() mutable {
    self->Respond(std::move(response));
  });
}

void Connection::Write() {
  state_ = State::kWriting;
  bool keep_alive = request_.keep_alive() && !draining_ && !close_after_write_;
  response_.version(11);
  response_.keep_alive(keep_alive);
  // An HTTP/1.0 client keeps the connection only when told so.
  if (keep_alive && request_.version() < 11) response_.set(Field::connection, "keep-alive");
  response_.set(Field::date, HttpDate());
  if (response_.find(kRequestIdHeader) == response_.end()) response_.set(kRequestIdHeader, ctx_.request_id);
  if (request_.method() == Verb::head) {
    // A HEAD answer names the length of the body it does not send.
    if (response_.find(Field::content_length) == response_.end())
      response_.content_length(response_.body().size());
    response_.body().clear();
  } else {
    response_.prepare_payload();
  }
  serializer_.emplace(response_);
  WriteSome();
}

// Writes as much as the socket takes. Each step must make progress within the
// idle timeout: a client that stops reading its response is cut off, and a
// slow one that keeps reading is not.
void Connection::WriteSome() {
  stream_.expires_after(options_.idle_timeout);
  beast_http::async_write_some(stream_, *serializer_,
                               [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                 if (!ec && !self->serializer_->is_done()) return self->WriteSome();
                                 self->OnWritten(ec);
                               });
}

void Connection::OnWritten(beast::error_code ec) {
  serializer_.reset();
  request_open_ = false;
  handler_.OnComplete(ctx_, response_);
  if (ec || !response_.keep_alive() || state_ == State::kClosed) return Close();
  response_ = Response{};
  request_ = Request{};
  WaitForRequest();
}

void Connection::RejectAndClose(Response&& response) {
  close_after_write_ = true;
  if (ctx_.started == std::chrono::steady_clock::time_point{}) ctx_.started = std::chrono::steady_clock::now();
  response_ = std::move(response);
  Write();
}

void Connection::Drain() {
  draining_ = true;
  if (state_ == State::kWaiting || state_ == State::kReadingHeader) {
    beast::error_code ec;
    stream_.socket().cancel(ec);
    Close();
  }
}

void Connection::Close() {
  if (state_ == State::kClosed) return;
  bool abandoned = request_open_ && state_ == State::kReadingBody;
  state_ = State::kClosed;
  beast::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  stream_.socket().close(ec);
  if (abandoned) {
    // The client left (or stalled) mid-body: no response, but the request is
    // still accounted for, as nginx's 499.
    request_open_ = false;
    Response gone{static_cast<beast_http::status>(499), 11};
    handler_.OnComplete(ctx_, gone);
  }
  Unregister();
}

void Connection::Unregister() {
  auto& list = worker_.connections;
  if (auto it = std::find(list.begin(), list.end(), this); it != list.end()) {
    *it = list.back();
    list.pop_back();
  }
  open_connections_.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace cloudlet::http
