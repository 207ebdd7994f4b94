// One client connection: the lifecycle of each request on it is
//   wait (idle timeout) -> read header (header timeout, 16 KB) -> OnHeaders
//   -> [100 Continue] -> read body (service limit) -> OnRequest -> write -> loop.
// Lives on one worker thread; only Respond() may be called from elsewhere.
// Every OnHeaders is matched by exactly one OnComplete: with the response
// written, or with a 499 when the client leaves before it could be.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <memory>
#include <optional>

#include "http/handler.h"
#include "http/server.h"

namespace cloudlet::http {

struct WorkerState;

class Connection final : public ResponseSink, public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, WorkerState& worker, const ServerOptions& options,
             RequestHandler& handler, std::atomic<std::size_t>& open_connections);
  ~Connection() override;
  void Start();
  void Respond(Response&& response) override;
  // Shutdown: close now if no request is in flight, else after its response.
  void Drain();

 private:
  enum class State { kWaiting, kReadingHeader, kReadingBody, kHandling, kWriting, kClosed };

  void WaitForRequest();
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec);
  void ReadBody();
  void OnBody(boost::beast::error_code ec);
  void Dispatch();
  void Write();
  void WriteSome();
  void OnWritten(boost::beast::error_code ec);
  void RejectAndClose(Response&& response);
  void Close();
  void Unregister();

  boost::beast::tcp_stream stream_;
  WorkerState& worker_;
  const ServerOptions& options_;
  RequestHandler& handler_;
  std::atomic<std::size_t>& open_connections_;
  boost::beast::flat_buffer buffer_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  Request request_;
  Response response_;
  std::optional<beast_http::response_serializer<beast_http::string_body>> serializer_;
  RequestContext ctx_;
  std::string remote_;
  State state_ = State::kWaiting;
  bool dispatching_ = false;
  bool response_ready_ = false;
  bool draining_ = false;
  bool close_after_write_ = false;
  bool request_open_ = false;  // OnHeaders called, OnComplete not yet
};

// Per-thread state: the io_context and the connections living on it.
// `connections` is declared first so that it outlives the io_context, whose
// destruction destroys the connections still owned by pending handlers.
struct WorkerState {
  std::vector<Connection*> connections;  // touched only on this thread
  bool draining = false;
  boost::asio::io_context ioc{1};
};

}  // namespace cloudlet::http
