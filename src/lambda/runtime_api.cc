// The Runtime API server: a listener per environment, a small keep-alive
// HTTP/1.1 session per runtime connection, and the one-invocation state
// machine whose status codes follow AWS's runtime interface emulator
// (rapi/handler/*, rapi/rendering/*).
#include "lambda/runtime_api.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <charconv>
#include <vector>

namespace cloudlet::lambda {

// ---- parser ----

namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool ParseSize(std::string_view text, int base, std::size_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return ec == std::errc() && end == text.data() + text.size();
}

// Walks a chunked body starting at `at`. Returns kComplete with `end` just
// past the final CRLF (appending the data to `body` when given), or
// kIncomplete / kBad / kTooLarge.
RuntimeHttpParse::Kind WalkChunks(std::string_view input, std::size_t at, std::size_t limit, std::size_t& end,
                                  std::string* body) {
  std::size_t total = 0;
  for (;;) {
    std::size_t line_end = input.find("\r\n", at);
    if (line_end == std::string_view::npos) {
      return input.size() - at > 1024 ? RuntimeHttpParse::kBad : RuntimeHttpParse::kIncomplete;
    }
    std::string_view size_text = input.substr(at, line_end - at);
    size_text = TrimOws(size_text.substr(0, size_text.find(';')));
    std::size_t size = 0;
    if (!ParseSize(size_text, 16, size)) return RuntimeHttpParse::kBad;
    at = line_end + 2;
    if (size == 0) {
      // Trailer fields, then the empty line.
      for (;;) {
        std::size_t trailer_end = input.find("\r\n", at);
        if (trailer_end == std::string_view::npos) return RuntimeHttpParse::kIncomplete;
        bool empty = trailer_end == at;
        at = trailer_end + 2;
        if (empty) {
          end = at;
          return RuntimeHttpParse::kComplete;
        }
      }
    }
    if (size > limit || total + size > limit) return RuntimeHttpParse::kTooLarge;
    total += size;
    if (input.size() < at + size + 2) return RuntimeHttpParse::kIncomplete;
    if (input.substr(at + size, 2) != "\r\n") return RuntimeHttpParse::kBad;
    if (body) body->append(input.substr(at, size));
    at += size + 2;
  }
}

}  // namespace

RuntimeHttpParse ParseRuntimeHttpRequest(std::string_view input, std::size_t body_limit, RuntimeHttpRequest& out) {
  RuntimeHttpParse result;
  std::size_t head_end = input.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    result.kind = input.size() > kMaxHeadBytes ? RuntimeHttpParse::kTooLarge : RuntimeHttpParse::kIncomplete;
    return result;
  }
  if (head_end + 4 > kMaxHeadBytes) {
    result.kind = RuntimeHttpParse::kTooLarge;
    return result;
  }
  result.head_bytes = head_end + 4;
  std::string_view head = input.substr(0, head_end);

  // Request line.
  std::size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  std::size_t sp1 = line.find(' ');
  std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == 0 || sp2 == std::string_view::npos || sp2 == sp1 + 1) {
    result.kind = RuntimeHttpParse::kBad;
    return result;
  }
  std::string_view version = line.substr(sp2 + 1);
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    result.kind = RuntimeHttpParse::kBad;
    return result;
  }
  out = RuntimeHttpRequest{};
  out.method.assign(line.substr(0, sp1));
  out.target.assign(line.substr(sp1 + 1, sp2 - sp1 - 1));
  bool http10 = version == "HTTP/1.0";
  out.keep_alive = !http10;

  // Fields.
  std::optional<std::size_t> content_length;
  bool chunked = false;
  std::size_t at = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (at < head.size()) {
    std::size_t end = head.find("\r\n", at);
    if (end == std::string_view::npos) end = head.size();
    std::string_view field = head.substr(at, end - at);
    at = end + 2;
    std::size_t colon = field.find(':');
    if (colon == 0 || colon == std::string_view::npos || field.front() == ' ' || field.front() == '\t') {
      result.kind = RuntimeHttpParse::kBad;
      return result;
    }
    std::string_view name = field.substr(0, colon), value = TrimOws(field.substr(colon + 1));
    if (EqualsIgnoreCase(name, "content-length")) {
      std::size_t n = 0;
      if (!ParseSize(value, 10, n) || (content_length && *content_length != n)) {
        result.kind = RuntimeHttpParse::kBad;
        return result;
      }
      content_length = n;
    } else if (EqualsIgnoreCase(name, "transfer-encoding")) {
      if (!EqualsIgnoreCase(value, "chunked")) {
        result.kind = RuntimeHttpParse::kBad;  // gzip and friends: not from a runtime
        return result;
      }
      chunked = true;
    } else if (EqualsIgnoreCase(name, "connection")) {
      if (EqualsIgnoreCase(value, "close")) out.keep_alive = false;
      if (EqualsIgnoreCase(value, "keep-alive")) out.keep_alive = true;
    } else if (EqualsIgnoreCase(name, "expect")) {
      out.expect_continue = EqualsIgnoreCase(value, "100-continue");
    } else if (EqualsIgnoreCase(name, "lambda-runtime-function-error-type")) {
      out.function_error_type.assign(value);
    }
  }
  if (chunked && content_length) {
    result.kind = RuntimeHttpParse::kBad;  // RFC 9112 6.3: a request smuggling signal
    return result;
  }

  // Body.
  std::size_t body_start = result.head_bytes;
  if (chunked) {
    std::size_t end = 0;
    result.kind = WalkChunks(input, body_start, body_limit, end, nullptr);
    if (result.kind != RuntimeHttpParse::kComplete) return result;
    WalkChunks(input, body_start, body_limit, end, &out.body);  // second pass copies once
    result.consumed = end;
    return result;
  }
  std::size_t length = content_length.value_or(0);
  if (length > body_limit) {
    result.kind = RuntimeHttpParse::kTooLarge;
    return result;
  }
  if (input.size() < body_start + length) {
    result.kind = RuntimeHttpParse::kIncomplete;
    result.needed = body_start + length;
    return result;
  }
  out.body.assign(input.substr(body_start, length));
  result.kind = RuntimeHttpParse::kComplete;
  result.consumed = body_start + length;
  return result;
}

// ---- server ----

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

constexpr std::string_view kPrefix = "/2018-06-01";
// Bodies above the cap are still read so the runtime gets a 413, not a reset.
constexpr std::size_t kBodyReadLimit = 2 * kMaxRuntimeResponseBytes;
constexpr std::size_t kReadChunk = 64 * 1024;

// One rendered response: status line, fields and body, ready for the wire.
struct HttpReply {
  std::string bytes;
};
using Reply = std::function<void(HttpReply)>;

std::string_view Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 413: return "Payload Too Large";
    default: return "Unknown";
  }
}

class ReplyBuilder {
 public:
  explicit ReplyBuilder(int status) {
    out_.reserve(256);
    out_ += "HTTP/1.1 ";
    out_ += std::to_string(status);
    out_ += ' ';
    out_ += Reason(status);
    out_ += "\r\nContent-Type: application/json\r\n";
  }
  ReplyBuilder& Field(std::string_view name, std::string_view value) {
    out_.append(name).append(": ").append(value).append("\r\n");
    return *this;
  }
  HttpReply Body(std::string_view body) && {
    out_ += "Content-Length: ";
    out_ += std::to_string(body.size());
    out_ += "\r\n\r\n";
    out_.append(body);
    return HttpReply{std::move(out_)};
  }

 private:
  std::string out_;
};

HttpReply Accepted() { return ReplyBuilder(202).Body(R"({"status":"OK"})"); }

HttpReply ErrorReply(int status, std::string_view type, std::string_view message) {
  std::string body = R"({"errorMessage":")";
  body.append(message).append(R"(","errorType":")").append(type).append("\"}");
  return ReplyBuilder(status).Body(body);
}

class Session;

class RuntimeApiImpl final : public RuntimeApi, public std::enable_shared_from_this<RuntimeApiImpl> {
 public:
  RuntimeApiImpl(asio::io_context& io, RuntimeApiEvents events)
      : io_(io), acceptor_(io), events_(std::move(events)) {}

  aws::Status Listen() {
    error_code ec;
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
  void Handle(RuntimeHttpRequest& req, Reply reply);

  void Track(const std::shared_ptr<Session>& session) {
    std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
    sessions_.push_back(session);
  }
  bool closed() const { return closed_; }

 private:
  void Accept();
  void CloseNow();
  void AnswerNextIfReady();
  void OnResult(std::string_view id, std::string_view kind, RuntimeHttpRequest& req, const Reply& reply);

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

// One runtime connection. Requests are handled in order, one at a time: a
// /next that must wait holds back the requests behind it. Replies are
// gathered and written when there is nothing more to answer at once, so a
// /response pipelined with the next /next costs the runtime one read.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<RuntimeApiImpl> api)
      : socket_(std::move(socket)), api_(std::move(api)) {}

  void Start() { ReadMore(); }

  void Shutdown() {
    if (shut_) return;
    shut_ = true;
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

 private:
  void ReadMore() {
    if (reading_ || shut_) return;
    reading_ = true;
    if (!chunk_) chunk_ = std::make_unique<char[]>(kReadChunk);
    socket_.async_read_some(asio::buffer(chunk_.get(), kReadChunk),
                            [self = shared_from_this()](error_code ec, std::size_t n) {
                              self->reading_ = false;
                              if (ec || self->api_->closed()) return self->Shutdown();
                              self->in_.append(self->chunk_.get(), n);
                              self->Process();
                            });
  }

  // Answers every complete request in the buffer, then writes or reads on.
  void Process() {
    processing_ = true;
    while (!awaiting_reply_ && !closing_ && !shut_) {
      if (in_.size() < needed_) break;
      RuntimeHttpRequest req;
      RuntimeHttpParse parsed = ParseRuntimeHttpRequest(in_, kBodyReadLimit, req);
      if (parsed.kind == RuntimeHttpParse::kIncomplete) {
        needed_ = parsed.needed;
        if (parsed.head_bytes > 0 && req.expect_continue && !continue_sent_) {
          continue_sent_ = true;
          Queue("HTTP/1.1 100 Continue\r\n\r\n");
        }
        break;
      }
      if (parsed.kind == RuntimeHttpParse::kTooLarge) {
        processing_ = false;
        return Shutdown();
      }
      if (parsed.kind == RuntimeHttpParse::kBad) {
        closing_ = true;
        Queue(ErrorReply(400, "BadRequest", "Malformed HTTP request").bytes);
        break;
      }
      in_.erase(0, parsed.consumed);
      needed_ = 0;
      continue_sent_ = false;
      if (!req.keep_alive) closing_ = true;
      awaiting_reply_ = true;
      api_->Handle(req, [self = shared_from_this()](HttpReply reply) { self->OnReply(std::move(reply)); });
    }
    processing_ = false;
    // A /next still waiting holds the replies before it: the runtime reads
    // them together with its event.
    if (!awaiting_reply_) Flush();
    if (!closing_) ReadMore();
  }

  // Called inside Handle (most replies) or later (the /next long poll).
  void OnReply(HttpReply reply) {
    if (shut_) return;
    awaiting_reply_ = false;
    Queue(std::move(reply.bytes));
    if (!processing_) Process();
  }

  void Queue(std::string bytes) {
    if (pending_.empty()) {
      pending_ = std::move(bytes);
    } else {
      pending_ += bytes;
    }
  }

  void Flush() {
    if (writing_ || shut_) return;
    if (pending_.empty()) {
      if (closing_) Shutdown();
      return;
    }
    writing_ = true;
    std::swap(writing_buf_, pending_);
    pending_.clear();
    asio::async_write(socket_, asio::buffer(writing_buf_), [self = shared_from_this()](error_code ec, std::size_t) {
      self->writing_ = false;
      self->writing_buf_.clear();
      if (ec || self->api_->closed()) return self->Shutdown();
      if (!self->awaiting_reply_) self->Flush();
    });
  }

  tcp::socket socket_;
  std::shared_ptr<RuntimeApiImpl> api_;
  std::unique_ptr<char[]> chunk_;  // read buffer
  std::string in_;            // received, not yet parsed
  std::size_t needed_ = 0;    // bytes the request at the front needs before parsing again
  std::string pending_;       // replies not yet written
  std::string writing_buf_;   // replies being written
  bool reading_ = false, writing_ = false, shut_ = false;
  bool awaiting_reply_ = false;   // a request is being answered (the /next long poll)
  bool processing_ = false;       // inside Process: OnReply must not re-enter it
  bool closing_ = false;          // close once the replies are written
  bool continue_sent_ = false;
};

void RuntimeApiImpl::Accept() {
  acceptor_.async_accept([self = shared_from_this()](error_code ec, tcp::socket socket) {
    if (ec || self->closed_) return;
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(std::move(socket), self);
    self->Track(session);
    session->Start();
    self->Accept();
  });
}

void RuntimeApiImpl::CloseNow() {
  if (closed_) return;
  closed_ = true;
  error_code ec;
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
  ReplyBuilder res(200);
  res.Field("Lambda-Runtime-Aws-Request-Id", inv.request_id);
  res.Field("Lambda-Runtime-Deadline-Ms", std::to_string(inv.deadline_ms));
  if (!inv.function_arn.empty()) res.Field("Lambda-Runtime-Invoked-Function-Arn", inv.function_arn);
  if (!inv.trace_id.empty()) res.Field("Lambda-Runtime-Trace-Id", inv.trace_id);
  if (!inv.client_context.empty()) res.Field("Lambda-Runtime-Client-Context", inv.client_context);
  if (!inv.cognito_identity.empty()) res.Field("Lambda-Runtime-Cognito-Identity", inv.cognito_identity);
  in_flight_ = inv.request_id;
  Reply reply = std::move(waiting_next_);
  waiting_next_ = nullptr;
  reply(std::move(res).Body(inv.payload));
}

void RuntimeApiImpl::OnResult(std::string_view id, std::string_view kind, RuntimeHttpRequest& req,
                              const Reply& reply) {
  if (!in_flight_ || *in_flight_ != id) {
    return reply(ErrorReply(400, "InvalidRequestID", "Invalid request ID"));
  }
  if (req.body.size() > kMaxRuntimeResponseBytes) {
    return reply(ErrorReply(413, "RequestEntityTooLarge", "Exceeded maximum allowed payload size (6291556 bytes)."));
  }
  std::string request_id = std::move(*in_flight_);
  in_flight_.reset();
  reply(Accepted());
  if (kind == "response") {
    if (events_.on_response) events_.on_response(request_id, std::move(req.body));
  } else if (events_.on_error) {
    events_.on_error(request_id, std::move(req.function_error_type), std::move(req.body));
  }
}

void RuntimeApiImpl::Handle(RuntimeHttpRequest& req, Reply reply) {
  std::string_view target = req.target;
  if (auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
  if (target.rfind(kPrefix, 0) != 0) return reply(ErrorReply(404, "NotFound", "Not found"));
  std::string_view path = target.substr(kPrefix.size());
  bool get = req.method == "GET", post = req.method == "POST";
  if (path == "/ping" && get) return reply(ReplyBuilder(200).Body("pong"));
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
      return reply(ErrorReply(403, "InvalidStateTransition",
                              "State transition from Ready to InitError failed for runtime."));
    }
    reply(Accepted());
    if (events_.on_init_error) events_.on_init_error(std::move(req.function_error_type), std::move(req.body));
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
  reply(ErrorReply(404, "NotFound", "Not found"));
}

}  // namespace

aws::Result<std::shared_ptr<RuntimeApi>> StartRuntimeApi(asio::io_context& io, RuntimeApiEvents events) {
  auto api = std::make_shared<RuntimeApiImpl>(io, std::move(events));
  // Binding is synchronous and safe off the io thread; accepting starts on it.
  CLOUDLET_TRY(api->Listen());
  return std::shared_ptr<RuntimeApi>(api);
}

}  // namespace cloudlet::lambda
