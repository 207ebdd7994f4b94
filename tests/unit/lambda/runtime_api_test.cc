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

}  // namespace
}  // namespace cloudlet::lambda
