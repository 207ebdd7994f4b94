// The Runtime API driven by a fake runtime speaking raw HTTP/1.1.
#include "lambda/runtime_api.h"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <future>
#include <thread>
#include <vector>

#include <poll.h>

namespace cloudlet::lambda {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Reply {
  int status = 0;
  std::string head;
  std::string body;
};

// A blocking keep-alive client; every call is bounded by a socket timeout.
class RawClient {
 public:
  explicit RawClient(uint16_t port) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    timeval tv{5, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  void Send(const std::string& method, const std::string& path, const std::string& body = "",
            const std::string& extra = "") {
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
    asio::write(socket_, asio::buffer(req));
  }
  Reply Read() {
    Reply r;
    std::size_t n = asio::read_until(socket_, buf_, "\r\n\r\n");
    r.head.assign(asio::buffers_begin(buf_.data()), asio::buffers_begin(buf_.data()) + n);
    buf_.consume(n);
    r.status = std::stoi(r.head.substr(9, 3));
    auto cl = r.head.find("Content-Length: ");
    std::size_t len = cl == std::string::npos ? 0 : std::stoul(r.head.substr(cl + 16));
    if (buf_.size() < len) asio::read(socket_, buf_, asio::transfer_exactly(len - buf_.size()));
    r.body.assign(asio::buffers_begin(buf_.data()), asio::buffers_begin(buf_.data()) + len);
    buf_.consume(len);
    return r;
  }
  void SendRaw(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }
  // The bytes up to the first blank line.
  std::string ReadHead() {
    std::size_t n = asio::read_until(socket_, buf_, "\r\n\r\n");
    std::string head(asio::buffers_begin(buf_.data()), asio::buffers_begin(buf_.data()) + n);
    buf_.consume(n);
    return head;
  }
  bool Readable(int timeout_ms) {
    if (buf_.size() > 0) return true;
    pollfd p{socket_.native_handle(), POLLIN, 0};
    return ::poll(&p, 1, timeout_ms) > 0;
  }
  // The server closed its end (EOF), within the socket timeout.
  bool Closed() {
    char c;
    boost::system::error_code ec;
    buf_.consume(buf_.size());
    socket_.read_some(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }
  Reply Call(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& extra = "") {
    Send(method, path, body, extra);
    return Read();
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  asio::streambuf buf_;
};

class RuntimeApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RuntimeApiEvents events;
    events.on_first_next = [this] { first_next_.set_value(); };
    events.on_response = [this](const std::string& id, std::string body) { response_.set_value(id + "|" + body); };
    events.on_error = [this](const std::string& id, std::string type, std::string body) {
      error_.set_value(id + "|" + type + "|" + body);
    };
    events.on_init_error = [this](std::string type, std::string body) { init_error_.set_value(type + "|" + body); };
    auto api = StartRuntimeApi(io_, std::move(events));
    ASSERT_TRUE(api.ok());
    api_ = *api;
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    api_->Close();
    work_.reset();
    io_.stop();
    thread_.join();
  }
  template <typename T>
  static T Get(std::promise<T>& p) {
    auto f = p.get_future();
    EXPECT_EQ(f.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    return f.get();
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  std::shared_ptr<RuntimeApi> api_;
  std::thread thread_;
  std::promise<void> first_next_;
  std::promise<std::string> response_, error_, init_error_;
};

TEST_F(RuntimeApiTest, NextWaitsForAnEventThenResponseIsAccepted) {
  RawClient client(api_->port());
  client.Send("GET", "/2018-06-01/runtime/invocation/next");
  Get(first_next_);
  RuntimeInvocation inv{"req-1", R"({"k":1})", 1700000000123, "arn:aws:lambda:us-east-1:0:function:f",
                        "Root=1-a-b;Parent=c;Sampled=0", R"({"custom":{}})", ""};
  api_->Deliver(inv);
  Reply next = client.Read();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, R"({"k":1})");
  EXPECT_NE(next.head.find("Lambda-Runtime-Aws-Request-Id: req-1\r\n"), std::string::npos) << next.head;
  EXPECT_NE(next.head.find("Lambda-Runtime-Deadline-Ms: 1700000000123\r\n"), std::string::npos);
  EXPECT_NE(next.head.find("Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:0:function:f\r\n"), std::string::npos);
  EXPECT_NE(next.head.find("Lambda-Runtime-Trace-Id: Root=1-a-b;Parent=c;Sampled=0\r\n"), std::string::npos);
  EXPECT_NE(next.head.find("Lambda-Runtime-Client-Context: {\"custom\":{}}\r\n"), std::string::npos);
  EXPECT_EQ(next.head.find("Lambda-Runtime-Cognito-Identity"), std::string::npos) << "only when set";

  Reply wrong = client.Call("POST", "/2018-06-01/runtime/invocation/nope/response", "x");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("InvalidRequestID"), std::string::npos);

  Reply ok = client.Call("POST", "/2018-06-01/runtime/invocation/req-1/response", "\"done\"");
  EXPECT_EQ(ok.status, 202);
  EXPECT_EQ(ok.body, R"({"status":"OK"})");
  EXPECT_EQ(Get(response_), "req-1|\"done\"");

  Reply twice = client.Call("POST", "/2018-06-01/runtime/invocation/req-1/response", "again");
  EXPECT_EQ(twice.status, 400);
  // After init, /init/error is not a valid transition.
  Reply late = client.Call("POST", "/2018-06-01/runtime/init/error", "{}");
  EXPECT_EQ(late.status, 403);
  EXPECT_NE(late.body.find("InvalidStateTransition"), std::string::npos);
}

TEST_F(RuntimeApiTest, ErrorCarriesItsTypeHeader) {
  api_->Deliver(RuntimeInvocation{"req-2", "{}", 1, "", "", "", ""});
  RawClient client(api_->port());
  Reply next = client.Call("GET", "/2018-06-01/runtime/invocation/next");
  ASSERT_EQ(next.status, 200);
  Reply r = client.Call("POST", "/2018-06-01/runtime/invocation/req-2/error", R"({"errorMessage":"x"})",
                        "Lambda-Runtime-Function-Error-Type: Runtime.Unknown\r\n");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(Get(error_), R"(req-2|Runtime.Unknown|{"errorMessage":"x"})");
}

TEST_F(RuntimeApiTest, InitErrorAndOversizeAndUnknownPaths) {
  RawClient client(api_->port());
  Reply init = client.Call("POST", "/2018-06-01/runtime/init/error", R"({"errorType":"Runtime.ImportModuleError"})",
                           "Lambda-Runtime-Function-Error-Type: Runtime.ImportModuleError\r\n");
  EXPECT_EQ(init.status, 202);
  EXPECT_EQ(Get(init_error_), R"(Runtime.ImportModuleError|{"errorType":"Runtime.ImportModuleError"})");
  EXPECT_EQ(client.Call("GET", "/2018-06-01/ping").status, 200);
  EXPECT_EQ(client.Call("GET", "/2018-06-01/runtime/nothing").status, 404);

  api_->Deliver(RuntimeInvocation{"req-3", "{}", 1, "", "", "", ""});
  ASSERT_EQ(client.Call("GET", "/2018-06-01/runtime/invocation/next").status, 200);
  Reply big = client.Call("POST", "/2018-06-01/runtime/invocation/req-3/response",
                          std::string(kMaxRuntimeResponseBytes + 1, 'a'));
  EXPECT_EQ(big.status, 413);
  EXPECT_NE(big.body.find("RequestEntityTooLarge"), std::string::npos);
}

// ---- the HTTP/1.1 layer ----

TEST_F(RuntimeApiTest, PipelinedResponseAndNextShareOneReadAfterTheNextEvent) {
  RawClient client(api_->port());
  api_->Deliver(RuntimeInvocation{"p-1", R"({"n":1})", 1, "", "", "", ""});
  ASSERT_EQ(client.Call("GET", "/2018-06-01/runtime/invocation/next").status, 200);
  // The answer and the next /next in one write, as cloudlet's runtimes send them.
  client.SendRaw(
      "POST /2018-06-01/runtime/invocation/p-1/response HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n\"ok\""
      "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(Get(response_), "p-1|\"ok\"");
  // The 202 waits for the next event: nothing is readable yet.
  EXPECT_FALSE(client.Readable(100));
  api_->Deliver(RuntimeInvocation{"p-2", R"({"n":2})", 1, "", "", "", ""});
  Reply accepted = client.Read();
  EXPECT_EQ(accepted.status, 202);
  Reply next = client.Read();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, R"({"n":2})");
  EXPECT_NE(next.head.find("Lambda-Runtime-Aws-Request-Id: p-2\r\n"), std::string::npos);
}

TEST_F(RuntimeApiTest, ChunkedBodyAndExpectContinue) {
  RawClient client(api_->port());
  api_->Deliver(RuntimeInvocation{"c-1", "{}", 1, "", "", "", ""});
  ASSERT_EQ(client.Call("GET", "/2018-06-01/runtime/invocation/next").status, 200);
  client.SendRaw(
      "POST /2018-06-01/runtime/invocation/c-1/response HTTP/1.1\r\nHost: x\r\n"
      "Transfer-Encoding: chunked\r\n\r\n3;ext=1\r\n\"ab\r\n2\r\nc\"\r\n0\r\nTrailer: t\r\n\r\n");
  EXPECT_EQ(client.Read().status, 202);
  EXPECT_EQ(Get(response_), "c-1|\"abc\"");

  api_->Deliver(RuntimeInvocation{"c-2", "{}", 1, "", "", "", ""});
  ASSERT_EQ(client.Call("GET", "/2018-06-01/runtime/invocation/next").status, 200);
  // curl's way with bodies over 1 KB: the head first, the body after "100 Continue".
  std::string body(2000, 'x');
  client.SendRaw("POST /2018-06-01/runtime/invocation/c-2/error HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                 "Content-Length: 2000\r\nLambda-Runtime-Function-Error-Type: Big\r\n\r\n");
  EXPECT_EQ(client.ReadHead().substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  client.SendRaw(body);
  EXPECT_EQ(client.Read().status, 202);
  EXPECT_EQ(Get(error_), "c-2|Big|" + body);
}

TEST_F(RuntimeApiTest, MalformedRequestGets400AndTheConnectionCloses) {
  RawClient client(api_->port());
  client.SendRaw("NONSENSE\r\n\r\n");
  Reply bad = client.Read();
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(client.Closed());
}

TEST_F(RuntimeApiTest, ConnectionCloseIsHonoured) {
  RawClient client(api_->port());
  Reply pong = client.Call("GET", "/2018-06-01/ping", "", "Connection: close\r\n");
  EXPECT_EQ(pong.status, 200);
  EXPECT_EQ(pong.body, "pong");
  EXPECT_TRUE(client.Closed());
}

struct ParseCase {
  const char* name;
  std::string input;
  RuntimeHttpParse::Kind kind;
  std::string method, target, body, error_type;
  bool keep_alive = true;
};

TEST(ParseRuntimeHttpRequestTest, Table) {
  const std::string get = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: h\r\n\r\n";
  std::vector<ParseCase> cases = {
      {"get", get, RuntimeHttpParse::kComplete, "GET", "/2018-06-01/runtime/invocation/next", "", ""},
      {"head incomplete", get.substr(0, 20), RuntimeHttpParse::kIncomplete},
      {"content-length", "POST /a HTTP/1.1\r\ncontent-LENGTH: 3\r\n\r\nabcEXTRA", RuntimeHttpParse::kComplete,
       "POST", "/a", "abc", ""},
      {"body incomplete", "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nab", RuntimeHttpParse::kIncomplete},
      {"error type", "POST /e HTTP/1.1\r\nLambda-Runtime-Function-Error-Type:  Runtime.X \r\nContent-Length: 0\r\n\r\n",
       RuntimeHttpParse::kComplete, "POST", "/e", "", "Runtime.X"},
      {"chunked", "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\nA\r\n0123456789\r\n0\r\n\r\n",
       RuntimeHttpParse::kComplete, "POST", "/c", "a0123456789", ""},
      {"chunked incomplete", "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
       RuntimeHttpParse::kIncomplete},
      {"bad chunk size", "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", RuntimeHttpParse::kBad},
      {"gzip encoding", "POST /c HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", RuntimeHttpParse::kBad},
      {"both lengths", "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n",
       RuntimeHttpParse::kBad},
      {"bad length", "POST /c HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", RuntimeHttpParse::kBad},
      {"http/2 line", "GET / HTTP/2\r\n\r\n", RuntimeHttpParse::kBad},
      {"no target", "GET  HTTP/1.1\r\n\r\n", RuntimeHttpParse::kBad},
      {"folded field", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", RuntimeHttpParse::kBad},
      {"over the body limit", "POST /a HTTP/1.1\r\nContent-Length: 101\r\n\r\n", RuntimeHttpParse::kTooLarge},
      {"chunks over the limit", "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n",
       RuntimeHttpParse::kTooLarge},
      {"head over 64 KiB", "GET / HTTP/1.1\r\nX: " + std::string(70000, 'a'), RuntimeHttpParse::kTooLarge},
      {"connection close", "GET /p HTTP/1.1\r\nConnection: close\r\n\r\n", RuntimeHttpParse::kComplete, "GET", "/p",
       "", "", false},
      {"http/1.0", "GET /p HTTP/1.0\r\n\r\n", RuntimeHttpParse::kComplete, "GET", "/p", "", "", false},
      {"http/1.0 keep-alive", "GET /p HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", RuntimeHttpParse::kComplete,
       "GET", "/p", "", "", true},
  };
  for (const auto& c : cases) {
    RuntimeHttpRequest req;
    RuntimeHttpParse p = ParseRuntimeHttpRequest(c.input, 100, req);
    EXPECT_EQ(p.kind, c.kind) << c.name;
    if (c.kind != RuntimeHttpParse::kComplete || p.kind != c.kind) continue;
    EXPECT_EQ(req.method, c.method) << c.name;
    EXPECT_EQ(req.target, c.target) << c.name;
    EXPECT_EQ(req.body, c.body) << c.name;
    EXPECT_EQ(req.function_error_type, c.error_type) << c.name;
    EXPECT_EQ(req.keep_alive, c.keep_alive) << c.name;
    EXPECT_EQ(c.input.substr(p.consumed), c.name == std::string("content-length") ? "EXTRA" : "") << c.name;
  }
}

TEST(ParseRuntimeHttpRequestTest, IncompleteBodyTellsHowManyBytesItNeeds) {
  RuntimeHttpRequest req;
  std::string head = "POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n";
  RuntimeHttpParse p = ParseRuntimeHttpRequest(head + "abc", 100, req);
  EXPECT_EQ(p.kind, RuntimeHttpParse::kIncomplete);
  EXPECT_EQ(p.head_bytes, head.size());
  EXPECT_EQ(p.needed, head.size() + 10);
  EXPECT_TRUE(req.expect_continue);
}

}  // namespace
}  // namespace cloudlet::lambda
