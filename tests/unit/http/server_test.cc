// The edge server against a fake RequestHandler, over real loopback sockets:
// what the edge promises its handler (OnHeaders/OnComplete pairing) and what it
// promises clients when a handler misbehaves.
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace cloudlet::http {
namespace {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class FakeHandler : public RequestHandler {
 public:
  enum class Mode { kAnswer, kThrow, kDropResponder };
  std::atomic<Mode> mode{Mode::kAnswer};
  std::atomic<int> headers{0};
  std::mutex mu;
  std::vector<int> completed;  // statuses, in order

  std::size_t OnHeaders(const Request&, RequestContext& ctx) override {
    ++headers;
    ctx.service = "fake";
    return 1024;
  }
  Response OnBodyTooLarge(const Request&, RequestContext&) override {
    return Response{beast_http::status::payload_too_large, 11};
  }
  void OnRequest(Request&, RequestContext&, Responder respond) override {
    switch (mode.load()) {
      case Mode::kThrow: throw std::runtime_error("bug in a service");
      case Mode::kDropResponder: return;  // never answers
      case Mode::kAnswer: break;
    }
    Response res{beast_http::status::ok, 11};
    res.body() = "ok";
    respond(std::move(res));
  }
  void OnComplete(const RequestContext&, const Response& response) override {
    std::lock_guard lock(mu);
    completed.push_back(static_cast<int>(response.result_int()));
  }
  std::vector<int> Completed() {
    std::lock_guard lock(mu);
    return completed;
  }
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.idle_timeout = std::chrono::milliseconds(2000);
    options.header_timeout = std::chrono::milliseconds(1000);
    server = std::make_unique<Server>(options, handler);
    ASSERT_TRUE(server->Listen().ok());
    server->Start();
  }
  void TearDown() override { server->Stop(); }

  tcp::socket Connect() {
    tcp::socket s(client_ioc);
    s.connect({asio::ip::make_address("127.0.0.1"), server->port()});
    return s;
  }
  // Sends, then reads until the server closes.
  std::string Exchange(std::string_view request) {
    auto s = Connect();
    asio::write(s, asio::buffer(request));
    std::string out;
    boost::system::error_code ec;
    asio::read(s, asio::dynamic_buffer(out), ec);
    return out;
  }
  template <typename Pred>
  bool WaitFor(Pred pred) {
    for (int i = 0; i < 400 && !pred(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return pred();
  }

  FakeHandler handler;
  std::unique_ptr<Server> server;
  asio::io_context client_ioc;
};

constexpr std::string_view kGet = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

TEST_F(ServerTest, AThrowingHandlerCostsOneRequestNotTheServer) {
  handler.mode = FakeHandler::Mode::kThrow;
  std::string reply = Exchange(kGet);
  EXPECT_EQ(reply.rfind("HTTP/1.1 500", 0), 0u) << reply;
  EXPECT_NE(reply.find("x-amzn-RequestId: "), std::string::npos) << reply;
  handler.mode = FakeHandler::Mode::kAnswer;
  reply = Exchange(kGet);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  EXPECT_TRUE(WaitFor([&] { return server->open_connections() == 0; }));
}

TEST_F(ServerTest, AHandlerThatNeverAnswersDoesNotLeakTheConnectionCount) {
  handler.mode = FakeHandler::Mode::kDropResponder;
  auto s = Connect();
  asio::write(s, asio::buffer(kGet));
  ASSERT_TRUE(WaitFor([&] { return handler.headers.load() == 1; }));
  EXPECT_TRUE(WaitFor([&] { return server->open_connections() == 0; }));
}

TEST_F(ServerTest, EveryOnHeadersIsMatchedByOneOnComplete) {
  // Answered; refused before OnHeaders (431: OnComplete without OnHeaders);
  // abandoned mid-body (499).
  Exchange(kGet);
  Exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  {
    auto s = Connect();
    asio::write(s, asio::buffer(std::string_view("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab")));
    ASSERT_TRUE(WaitFor([&] { return handler.headers.load() == 2; }));
  }
  ASSERT_TRUE(WaitFor([&] { return handler.Completed().size() == 3; }));
  EXPECT_EQ(handler.Completed(), (std::vector<int>{200, 431, 499}));
  EXPECT_EQ(handler.headers.load(), 2);
  EXPECT_TRUE(WaitFor([&] { return server->open_connections() == 0; }));
}

TEST_F(ServerTest, EdgeRefusalsCarryARequestId) {
  for (std::string request : {std::string("NOT HTTP\r\n\r\n"),
                              "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n",
                              std::string("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")}) {
    std::string reply = Exchange(request);
    EXPECT_NE(reply.find("x-amzn-RequestId: "), std::string::npos) << reply;
  }
}

}  // namespace
}  // namespace cloudlet::http
