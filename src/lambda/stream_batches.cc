#include "lambda/stream_batches.h"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace cloudlet::lambda {
namespace json = boost::json;

BatchOutcome ClassifyInvocation(bool function_error, std::string_view payload, bool report_failures,
                                const std::vector<std::string>& sequences, std::size_t begin, std::size_t end) {
  if (function_error) return {BatchOutcome::Kind::kFunctionError};
  if (!report_failures) return {BatchOutcome::Kind::kSuccess};
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  // A response that is not an object with batchItemFailures is a success.
  if (ec || !v.is_object()) return {BatchOutcome::Kind::kSuccess};
  const json::value* failures = v.get_object().if_contains("batchItemFailures");
  if (failures == nullptr || failures->is_null()) return {BatchOutcome::Kind::kSuccess};
  if (!failures->is_array()) return {BatchOutcome::Kind::kFunctionError};
  if (failures->get_array().empty()) return {BatchOutcome::Kind::kSuccess};
  std::size_t lowest = end;
  for (const auto& f : failures->get_array()) {
    const json::value* id = f.is_object() ? f.get_object().if_contains("itemIdentifier") : nullptr;
    if (id == nullptr || !id->is_string() || id->get_string().empty()) return {BatchOutcome::Kind::kFunctionError};
    auto at = std::find(sequences.begin() + begin, sequences.begin() + end, std::string_view(id->get_string()));
    if (at == sequences.begin() + end) return {BatchOutcome::Kind::kFunctionError};  // not in this batch
    lowest = std::min(lowest, std::size_t(at - sequences.begin()));
  }
  return {BatchOutcome::Kind::kPartialFailure, lowest};
}

void BatchPlanner::Start(std::size_t count) {
  count_ = count;
  segments_.clear();
  if (count > 0) segments_.push_back({0, count, 0});
}

std::optional<BatchPlanner::Step> BatchPlanner::Next() const {
  if (segments_.empty()) return std::nullopt;
  const Segment& s = segments_.front();
  return Step{s.begin, s.end, s.attempts};
}

BatchPlanner::Decision BatchPlanner::Finish(Decision d) const {
  d.done = segments_.empty() ? count_ : segments_.front().begin;
  return d;
}

BatchPlanner::Decision BatchPlanner::Report(const BatchOutcome& outcome) {
  Decision d;
  if (segments_.empty()) return Finish(d);
  Segment s = segments_.front();
  segments_.pop_front();
  switch (outcome.kind) {
    case BatchOutcome::Kind::kSuccess:
      break;
    case BatchOutcome::Kind::kNotRun:
      segments_.push_front(s);
      d.retry = true;
      break;
    case BatchOutcome::Kind::kPartialFailure: {
      Segment rest{std::clamp(outcome.first_failed, s.begin, s.end - 1), s.end, s.attempts + 1};
      if (Exhausted(rest.attempts)) {
        d.failed.emplace_back(rest.begin, rest.end);
        d.condition = "RetryAttemptsExhausted";
      } else {
        segments_.push_front(rest);
        d.retry = true;
      }
      break;
    }
    case BatchOutcome::Kind::kFunctionError:
      if (policy_.bisect_on_function_error && s.end - s.begin > 1) {
        std::size_t middle = s.begin + (s.end - s.begin) / 2;
        segments_.push_front({middle, s.end, s.attempts});
        segments_.push_front({s.begin, middle, s.attempts});
        d.retry = true;
      } else if (Exhausted(s.attempts + 1)) {
        d.failed.emplace_back(s.begin, s.end);
        d.condition = "RetryAttemptsExhausted";
      } else {
        segments_.push_front({s.begin, s.end, s.attempts + 1});
        d.retry = true;
      }
      break;
  }
  return Finish(d);
}

std::optional<BatchPlanner::Decision> BatchPlanner::ExpireIfTooOld(int64_t oldest_arrival_ms, int64_t now_ms) {
  if (segments_.empty() || policy_.maximum_record_age_seconds < 0) return std::nullopt;
  if (now_ms - oldest_arrival_ms <= int64_t{policy_.maximum_record_age_seconds} * 1000) return std::nullopt;
  Segment s = segments_.front();
  segments_.pop_front();
  Decision d;
  d.failed.emplace_back(s.begin, s.end);
  d.condition = "RecordAgeExceeded";
  return Finish(d);
}

}  // namespace cloudlet::lambda
