// The Runtime API server: a listener per environment, a tiny keep-alive HTTP
// session per runtime connection, and the one-invocation state machine whose
// status codes follow AWS's runtime interface emulator (rapi/handler/*,
// rapi/rendering/*).
#include "lambda/runtime_api.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <vector>

namespace cloudlet::lambda {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;
using Reply = std::function<void(Response)>;

constexpr std::string_view kPrefix = "/2018-06-01";
// Bodies above the cap are still read so the runtime gets a 413, not a reset.
constexpr std::size_t kBodyReadLimit = 2 * kMaxRuntimeResponseBytes;

Response MakeResponse(bhttp::status status, std::string body) {
  Response res{status, 11};
  res.set(bhttp::field::content_type, "application/json");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response Accepted() { return MakeResponse(bhttp::status::accepted, R"({"status":"OK"})"); }

Response ErrorReply(bhttp::status status, std::string_view type, std::string_view message) {
  return MakeResponse(status, std::string(R"({"errorMessage":")") + std::string(message) +
                                  R"(","errorType":")" + std::string(type) + R"("})");
}

class Session;

class RuntimeApiImpl final : public RuntimeApi, public std::enable_shared_from_this<RuntimeApiImpl> {
 public:
  RuntimeApiImpl(asio::io_context& io, RuntimeApiEvents events)
      : io_(io), acceptor_(io), events_(std::move(events)) {}

  aws::Status Listen() {
    beast::error_code ec;
    tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return aws::AwsError::Internal("Runtime API listen failed: " + ec.message());
    port_ = acceptor_.local_endpoint().port();
    asio::post(io_, [self = shared_from_this()] { self->Accept(); });
    return aws::OkStatus();
  }

  uint16_t port() const override { return port_; }

  void Deliver(RuntimeInvocation invocation) override {
    asio::post(io_, [self = shared_from_this(), inv = std::move(invocation)]() mutable {
      if (self->closed_) return;
      self->queued_ = std::move(inv);
      self->AnswerNextIfReady();
    });
  }

  void Close() override {
    asio::post(io_, [self = shared_from_this()] { self->CloseNow(); });
  }

  // Routes one request; `reply` may be kept for later (the /next long poll).
  void Handle(const Request& req, Reply reply);

  void Track(const std::shared_ptr<Session>& session) {
    std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
    sessions_.push_back(session);
  }
  bool closed() const { return closed_; }

 private:
  void Accept();
  void CloseNow();
  void AnswerNextIfReady();
  void OnResult(std::string_view id, std::string_view kind, const Request& req, const Reply& reply);

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  RuntimeApiEvents events_;
  uint16_t port_ = 0;
  bool closed_ = false;
  bool initialized_ = false;
  std::optional<RuntimeInvocation> queued_;    // delivered, not yet handed to the runtime
  std::optional<std::string> in_flight_;       // handed out, no response yet
  Reply waiting_next_;                          // a /next long poll with nothing to answer yet
  std::vector<std::weak_ptr<Session>> sessions_;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<RuntimeApiImpl> api)
      : stream_(std::move(socket)), api_(std::move(api)) {}

  void Read() {
    parser_.emplace();
    parser_->body_limit(kBodyReadLimit);
    bhttp::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || self->api_->closed()) return self->Shutdown();
      self->request_ = parser_release(*self->parser_);
      // The reply holds the session: a /next long poll keeps its connection alive.
      self->api_->Handle(self->request_, [self](Response res) { self->Write(std::move(res)); });
    });
  }

  void Shutdown() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

 private:
  static Request parser_release(bhttp::request_parser<bhttp::string_body>& p) { return p.release(); }

  void Write(Response res) {
    res.keep_alive(request_.keep_alive());
    response_ = std::move(res);
    bhttp::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || !self->response_.keep_alive() || self->api_->closed()) return self->Shutdown();
      self->Read();
    });
  }

  beast::tcp_stream stream_;
  std::shared_ptr<RuntimeApiImpl> api_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request request_;
  Response response_;
};

void RuntimeApiImpl::Accept() {
  acceptor_.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (ec || self->closed_) return;
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(std::move(socket), self);
    self->Track(session);
    session->Read();
    self->Accept();
  });
}

void RuntimeApiImpl::CloseNow() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ec;
  acceptor_.close(ec);
  waiting_next_ = nullptr;
  for (auto& weak : sessions_) {
    if (auto s = weak.lock()) s->Shutdown();
  }
  sessions_.clear();
  events_ = {};
}

void RuntimeApiImpl::AnswerNextIfReady() {
  if (!waiting_next_ || !queued_) return;
  RuntimeInvocation inv = std::move(*queued_);
  queued_.reset();
  Response res = MakeResponse(bhttp::status::ok, std::move(inv.payload));
  res.set("Lambda-Runtime-Aws-Request-Id", inv.request_id);
  res.set("Lambda-Runtime-Deadline-Ms", std::to_string(inv.deadline_ms));
  if (!inv.function_arn.empty()) res.set("Lambda-Runtime-Invoked-Function-Arn", inv.function_arn);
  if (!inv.trace_id.empty()) res.set("Lambda-Runtime-Trace-Id", inv.trace_id);
  if (!inv.client_context.empty()) res.set("Lambda-Runtime-Client-Context", inv.client_context);
  if (!inv.cognito_identity.empty()) res.set("Lambda-Runtime-Cognito-Identity", inv.cognito_identity);
  in_flight_ = inv.request_id;
  Reply reply = std::move(waiting_next_);
  waiting_next_ = nullptr;
  reply(std::move(res));
}

void RuntimeApiImpl::OnResult(std::string_view id, std::string_view kind, const Request& req,
                              const Reply& reply) {
  if (!in_flight_ || *in_flight_ != id) {
    return reply(ErrorReply(bhttp::status::bad_request, "InvalidRequestID", "Invalid request ID"));
  }
  if (req.body().size() > kMaxRuntimeResponseBytes) {
    return reply(ErrorReply(bhttp::status::payload_too_large, "RequestEntityTooLarge",
                            "Exceeded maximum allowed payload size (6291556 bytes)."));
  }
  std::string request_id = std::move(*in_flight_);
  in_flight_.reset();
  reply(Accepted());
  if (kind == "response") {
    if (events_.on_response) events_.on_response(request_id, req.body());
  } else if (events_.on_error) {
    std::string type(req["Lambda-Runtime-Function-Error-Type"]);
    events_.on_error(request_id, std::move(type), req.body());
  }
}

void RuntimeApiImpl::Handle(const Request& req, Reply reply) {
  std::string_view target = req.target();
  if (auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
  if (target.rfind(kPrefix, 0) != 0) {
    return reply(ErrorReply(bhttp::status::not_found, "NotFound", "Not found"));
  }
  std::string_view path = target.substr(kPrefix.size());
  bool get = req.method() == bhttp::verb::get, post = req.method() == bhttp::verb::post;
  if (path == "/ping" && get) return reply(MakeResponse(bhttp::status::ok, "pong"));
  if (path == "/runtime/invocation/next" && get) {
    if (!initialized_) {
      initialized_ = true;
      if (events_.on_first_next) events_.on_first_next();
    }
    // A /next without answering the previous one abandons it; Lambda holds
    // the call the same way until the next event.
    waiting_next_ = std::move(reply);
    AnswerNextIfReady();
    return;
  }
  if (path == "/runtime/init/error" && post) {
    if (initialized_) {
      return reply(ErrorReply(bhttp::status::forbidden, "InvalidStateTransition",
                              "State transition from Ready to InitError failed for runtime."));
    }
    reply(Accepted());
    if (events_.on_init_error) {
      events_.on_init_error(std::string(req["Lambda-Runtime-Function-Error-Type"]), req.body());
    }
    return;
  }
  constexpr std::string_view kInvocation = "/runtime/invocation/";
  if (post && path.rfind(kInvocation, 0) == 0) {
    std::string_view rest = path.substr(kInvocation.size());
    auto slash = rest.find('/');
    if (slash != std::string_view::npos) {
      std::string_view id = rest.substr(0, slash), kind = rest.substr(slash + 1);
      if (kind == "response" || kind == "error") return OnResult(id, kind, req, reply);
    }
  }
  reply(ErrorReply(bhttp::status::not_found, "NotFound", "Not found"));
}

}  // namespace

aws::Result<std::shared_ptr<RuntimeApi>> StartRuntimeApi(asio::io_context& io, RuntimeApiEvents events) {
  auto api = std::make_shared<RuntimeApiImpl>(io, std::move(events));
  // Binding is synchronous and safe off the io thread; accepting starts on it.
  CLOUDLET_TRY(api->Listen());
  return std::shared_ptr<RuntimeApi>(api);
}

}  // namespace cloudlet::lambda
