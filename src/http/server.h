// The edge server: HTTP/1.1 over Boost.Beast with keep-alive, pipelining,
// chunked request bodies and Expect: 100-continue. One io_context per thread;
// a single acceptor hands each new connection to the next thread in turn, so a
// connection lives its whole life on one thread and needs no locks.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "aws/error.h"
#include "http/handler.h"

namespace cloudlet::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;            // 0 picks a free port (see Server::port())
  int threads = 1;
  std::size_t max_header_bytes = 16 * 1024;   // larger header block -> 431
  std::size_t max_connections = 10000;        // further connections are closed at once
  std::chrono::milliseconds idle_timeout{60000};    // keep-alive wait for a next request
  std::chrono::milliseconds header_timeout{10000};  // first byte to end of header block
  std::chrono::milliseconds body_timeout{300000};   // whole body
  std::chrono::milliseconds drain_timeout{10000};   // in-flight requests at shutdown
};

class Worker;

class Server {
 public:
  Server(ServerOptions options, RequestHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; errors (port in use, bad address) come back as one line.
  aws::Status Listen();
  // Starts the worker threads; returns at once.
  void Start();
  // Stops accepting, lets in-flight requests finish (up to drain_timeout),
  // closes idle connections, and joins the threads. Safe to call once.
  void Stop();
  uint16_t port() const { return bound_port_; }
  std::size_t open_connections() const { return open_connections_.load(std::memory_order_relaxed); }

  struct Impl;  // public only so the accept loop in server.cc can name it

 private:
  std::unique_ptr<Impl> impl_;
  uint16_t bound_port_ = 0;
  std::atomic<std::size_t> open_connections_{0};
};

}  // namespace cloudlet::http
