#include "http/server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/connection.h"

namespace cloudlet::http {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Server::Impl {
  ServerOptions options;
  RequestHandler& handler;
  std::vector<std::unique_ptr<WorkerState>> workers;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::thread> threads;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::steady_timer> accept_backoff;  // on workers[0], beside the acceptor
  std::size_t next_worker = 0;
  bool stopped = false;

  Impl(ServerOptions o, RequestHandler& h) : options(std::move(o)), handler(h) {
    int n = std::max(1, options.threads);
    for (int i = 0; i < n; ++i) workers.push_back(std::make_unique<WorkerState>());
  }
};

Server::Server(ServerOptions options, RequestHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() {
  Stop();
  // Destroying the workers destroys the connections their handlers still own,
  // which unregister from open_connections_: it must still be there.
  impl_.reset();
}

aws::Status Server::Listen() {
  auto& ioc = impl_->workers[0]->ioc;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return aws::AwsError::Internal(fmt::format("invalid --host '{}': {}", impl_->options.host, ec.message()));
  tcp::endpoint endpoint{address, impl_->options.port};
  auto acceptor = std::make_unique<tcp::acceptor>(ioc);
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return aws::AwsError::Internal(
        fmt::format("cannot listen on {}:{}: {}", impl_->options.host, impl_->options.port, ec.message()));
  }
  bound_port_ = acceptor->local_endpoint().port();
  impl_->acceptor = std::move(acceptor);
  impl_->accept_backoff = std::make_unique<asio::steady_timer>(ioc);
  return aws::OkStatus();
}

namespace {

void AcceptLoop(Server::Impl& impl, std::atomic<std::size_t>& open_connections) {
  auto& worker = *impl.workers[impl.next_worker];
  impl.next_worker = (impl.next_worker + 1) % impl.workers.size();
  impl.acceptor->async_accept(worker.ioc, [&impl, &worker, &open_connections](boost::system::error_code ec,
                                                                              tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !impl.acceptor->is_open()) return;
    if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec == asio::error::no_memory ||
        ec.value() == ENFILE) {
      // Out of descriptors: accepting again at once would spin on the same
      // error. Pause, so the connections that hold them can finish.
      spdlog::warn("accept failed: {}; pausing 100 ms", ec.message());
      impl.accept_backoff->expires_after(std::chrono::milliseconds(100));
      impl.accept_backoff->async_wait([&impl, &open_connections](boost::system::error_code wait_ec) {
        if (!wait_ec && impl.acceptor->is_open()) AcceptLoop(impl, open_connections);
      });
      return;
    }
    if (!ec) {
      if (open_connections.load(std::memory_order_relaxed) >= impl.options.max_connections) {
        boost::system::error_code ignored;
        socket.close(ignored);  // over the cap: refuse rather than queue
      } else {
        open_connections.fetch_add(1, std::memory_order_relaxed);
        asio::post(worker.ioc, [&impl, &worker, &open_connections, socket = std::move(socket)]() mutable {
          std::make_shared<Connection>(std::move(socket), worker, impl.options, impl.handler, open_connections)
              ->Start();
        });
      }
    }
    AcceptLoop(impl, open_connections);
  });
}

}  // namespace

void Server::Start() {
  auto& impl = *impl_;
  for (auto& w : impl.workers) impl.guards.push_back(asio::make_work_guard(w->ioc));
  AcceptLoop(impl, open_connections_);
  for (auto& w : impl.workers) {
    impl.threads.emplace_back([&ioc = w->ioc] {
      // A throw out of a handler is a bug; it must cost one request, not the
      // thread and every connection on it (asio lets run() resume after one).
      while (true) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("uncaught exception on an I/O thread: {}", e.what());
        } catch (...) {
          spdlog::error("uncaught exception on an I/O thread");
        }
      }
    });
  }
}

void Server::Stop() {
  auto& impl = *impl_;
  if (impl.stopped || impl.threads.empty()) return;
  impl.stopped = true;
  asio::post(impl.workers[0]->ioc, [&impl] {
    boost::system::error_code ec;
    if (impl.acceptor) impl.acceptor->close(ec);
    if (impl.accept_backoff) impl.accept_backoff->cancel();
  });
  for (auto& w : impl.workers) {
    asio::post(w->ioc, [&w = *w] {
      w.draining = true;
      // Drain() may close and unlink a connection, so walk a copy.
      auto connections = w.connections;
      for (auto* c : connections) c->Drain();
    });
  }
  auto deadline = std::chrono::steady_clock::now() + impl.options.drain_timeout;
  while (open_connections_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  impl.guards.clear();
  for (auto& w : impl.workers) w->ioc.stop();
  for (auto& t : impl.threads) t.join();
  impl.threads.clear();
}

}  // namespace cloudlet::http
