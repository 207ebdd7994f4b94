// The Scheduler wire front: restJson1 framing, the route table (method and
// path as the botocore model's requestUri values give them) and the
// service's life: timers are armed when it is made and stopped when it is
// destroyed.
#include "scheduler/scheduler_service.h"

#include <boost/json/parse.hpp>

#include <chrono>

#include "aws/protocol/protocols.h"
#include "aws/sigv4/failure.h"
#include "http/router.h"

namespace cloudlet::scheduler {

SchedulerService::SchedulerService(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                   SchedulerOptions options)
    : store_(store), env_(env), options_(std::move(options)), zones_(options_.zoneinfo_root) {
  ArmAllStored();
}

SchedulerService::~SchedulerService() { timers_.Stop(); }

http::ServiceMatchers SchedulerService::matchers() const {
  http::ServiceMatchers m;
  m.signing_names = {"scheduler"};
  m.path_prefixes = {"/schedules", "/schedule-groups"};
  return m;
}

http::Response SchedulerService::BodyTooLarge(const http::Request&, const http::RequestContext& ctx) const {
  return aws::RestJsonError(ctx, aws::AwsError::Make(413, "ValidationException", "Request entity too large"));
}

http::Response SchedulerService::AuthFailed(const aws::sigv4::Failure& failure, const http::Request&,
                                            const http::RequestContext& ctx) const {
  return aws::RestJsonError(ctx, aws::AwsError::Make(403, aws::sigv4::JsonServiceErrorCode(failure.kind), failure.message));
}

void SchedulerService::Handle(http::Request& request, http::RequestContext& ctx, http::Responder respond) {
  std::string_view target = request.target();
  Call call{.method = request.method()};
  if (auto q = target.find('?'); q != std::string_view::npos) {
    call.query = std::string(target.substr(q + 1));
    target = target.substr(0, q);
  }
  // "/resource" or "/resource/{id}" (the id may hold an encoded '/', as ARNs do).
  target.remove_prefix(1);
  auto slash = target.find('/');
  call.resource = std::string(target.substr(0, slash));
  if (slash != std::string_view::npos) call.id = http::PercentDecode(target.substr(slash + 1), false);
  call.region = ctx.region.empty() ? env_.region : ctx.region;
  call.now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();

  std::string_view body = request.body();
  if (!body.empty()) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(body, ec);
    if (ec || !parsed.is_object()) {
      respond(aws::RestJsonError(ctx, aws::AwsError::Make(400, "ValidationException", "Malformed JSON request body")));
      return;
    }
    call.body = std::move(parsed.as_object());
  }
  std::string operation;
  auto result = Dispatch(call, operation);
  ctx.operation = operation;
  if (!result.ok()) {
    respond(aws::RestJsonError(ctx, result.error()));
    return;
  }
  respond(aws::RestJsonSuccess(ctx, 200, std::move(result.value())));
}

std::unique_ptr<aws::Service> MakeSchedulerService(storage::KvStore& store, const aws::ServiceEnvironment& env,
                                                   SchedulerOptions options) {
  return std::make_unique<SchedulerService>(store, env, std::move(options));
}

}  // namespace cloudlet::scheduler
