#include "server/access_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <new>
#include <string>

namespace cloudlet::server {
namespace {
using namespace std::chrono_literals;

std::string Drain(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

TEST(AccessLogTest, OneTextLinePerRequest) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  {
    AccessLog log(fds[1], false);
    http::RequestContext ctx;
    ctx.service = "dynamodb";
    ctx.operation = "GetItem";
    ctx.request_id = "11111111-2222-4333-8444-555555555555";
    ctx.remote_address = "127.0.0.1";
    log.Record(ctx, 200, 1500us);
    log.Stop();
  }
  close(fds[1]);
  std::string out = Drain(fds[0]);
  close(fds[0]);
  EXPECT_NE(out.find(" access dynamodb GetItem 200 1.500ms 11111111-2222-4333-8444-555555555555 127.0.0.1\n"),
            std::string::npos) << out;
}

TEST(AccessLogTest, ANewLogDoesNotWriteIntoTheBufferOfADestroyedOne) {
  // Buffers were cached per thread by the log's address; a log built where a
  // destroyed one lived wrote into its freed buffer.
  alignas(AccessLog) unsigned char storage[sizeof(AccessLog)];
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    auto* log = new (storage) AccessLog(fds[1], true);
    http::RequestContext ctx;
    ctx.service = "s";
    ctx.operation = "Op" + std::to_string(round);
    log->Record(ctx, 200, 1ms);
    log->~AccessLog();
    close(fds[1]);
    std::string out = Drain(fds[0]);
    close(fds[0]);
    EXPECT_NE(out.find("\"operation\":\"Op" + std::to_string(round) + "\""), std::string::npos) << round << out;
  }
}

}  // namespace
}  // namespace cloudlet::server
