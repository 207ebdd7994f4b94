// Shared by the Lambda unit tests: a fake Invoker, zips built in memory, and
// a harness that drives the service through Handle with a capturing sink.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "http/handler.h"
#include "lambda/base64.h"
#include "lambda/lambda.h"
#include "storage/kv_store.h"

namespace cloudlet::lambda::testing {

// Records each invocation; answers with `answer` (default: echo the payload).
class FakeInvoker final : public Invoker {
 public:
  struct Call {
    FunctionSpec function;
    InvokeRequest request;
  };
  std::function<aws::Result<InvokeResult>(const FunctionSpec&, const InvokeRequest&)> answer;
  std::vector<Call> calls;
  std::vector<std::string> retired;
  bool shut_down = false;
  // When set, `done` is kept instead of called: the test completes it later.
  bool defer = false;
  std::vector<std::function<void()>> deferred;

  void Invoke(const FunctionSpec& function, InvokeRequest request,
              std::function<void(aws::Result<InvokeResult>)> done) override {
    std::lock_guard lock(mutex_);
    calls.push_back({function, request});
    aws::Result<InvokeResult> result =
        answer ? answer(function, request) : aws::Result<InvokeResult>(InvokeResult{.payload = request.payload});
    if (defer) {
      deferred.push_back([done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
      return;
    }
    done(std::move(result));
  }
  void Retire(std::string_view name) override { retired.emplace_back(name); }
  void Shutdown() override { shut_down = true; }

 private:
  std::mutex mutex_;
};

// A zip of (path, content, mode) entries, made with libarchive.
inline std::string MakeZip(const std::vector<std::tuple<std::string, std::string, int>>& files) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_open(
      a, &out, nullptr,
      [](archive*, void* client, const void* buf, size_t n) -> la_ssize_t {
        static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  for (const auto& [path, content, mode] : files) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, mode);
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    archive_write_header(a, e);
    archive_write_data(a, content.data(), content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

inline std::string HandlerZip(std::string_view body = "def handler(event, context):\n    return event\n") {
  return MakeZip({{"app.py", std::string(body), 0644}});
}

inline std::string S(const boost::json::value& v) { return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v); }

struct Answer {
  unsigned status = 0;
  std::string body;
  http::Response response;
  boost::json::value json() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    return ec ? boost::json::value{} : v;
  }
  std::string header(std::string_view name) const { return std::string(response[name]); }
  std::string error_type() const { return header("X-Amzn-ErrorType"); }
};

class LambdaHarness {
 public:
  LambdaHarness() {
    code_root_ = std::filesystem::temp_directory_path() / ("lambda-test-" + std::to_string(::getpid()) + "-" +
                                                          std::to_string(counter_++));
    store_ = storage::OpenStore({.in_memory = true}).store;
    auto invoker = std::make_unique<FakeInvoker>();
    invoker_ = invoker.get();
    service_ = MakeLambdaService(*store_, aws::ServiceEnvironment{.region = "us-east-1", .account_id = "123456789012"},
                                 LambdaOptions{.code_root = code_root_.string(), .invoker = std::move(invoker)});
  }
  ~LambdaHarness() {
    service_.reset();
    std::error_code ec;
    std::filesystem::remove_all(code_root_, ec);
  }

  FakeInvoker& invoker() { return *invoker_; }
  const std::filesystem::path& code_root() const { return code_root_; }
  aws::Service& service() { return *service_; }

  // Sends one request; `pending` receives the sink when the answer comes later.
  Answer Call(http::Verb method, std::string target, std::string body = {},
              std::vector<std::pair<std::string, std::string>> headers = {}) {
    struct Capture final : http::ResponseSink {
      http::Response response;
      bool answered = false;
      void Respond(http::Response&& r) override {
        response = std::move(r);
        answered = true;
      }
    };
    http::Request request{method, target, 11};
    request.set(http::Field::content_type, "application/json");
    for (const auto& [k, v] : headers) request.set(k, v);
    request.body() = std::move(body);
    http::RequestContext ctx;
    ctx.request_id = "req-" + std::to_string(++requests_);
    ctx.region = "us-east-1";
    auto capture = std::make_shared<Capture>();
    service_->Handle(request, ctx, http::Responder(capture));
    if (!capture->answered) {
      // Deferred by the fake: complete it now (ctx and request still alive).
      auto deferred = std::move(invoker_->deferred);
      invoker_->deferred.clear();
      for (auto& d : deferred) d();
    }
    EXPECT_TRUE(capture->answered) << target;
    Answer a;
    a.status = capture->response.result_int();
    a.body = capture->response.body();
    a.response = std::move(capture->response);
    return a;
  }

  Answer Create(std::string name, std::string zip = HandlerZip(), std::string extra = {}) {
    std::string body = R"({"FunctionName":")" + name +
                       R"(","Runtime":"python3.12","Role":"arn:aws:iam::123456789012:role/lambda-role",)"
                       R"("Handler":"app.handler","Code":{"ZipFile":")" +
                       Base64Encode(zip) + "\"}" + extra + "}";
    return Call(http::Verb::post, "/2015-03-31/functions", body);
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path code_root_;
  std::unique_ptr<storage::KvStore> store_;
  FakeInvoker* invoker_ = nullptr;
  std::unique_ptr<aws::Service> service_;
  int requests_ = 0;
};

}  // namespace cloudlet::lambda::testing
