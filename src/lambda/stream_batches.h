// How a stream event source mapping gets a batch of records through its
// function (Lambda guide "with-ddb", "services-ddb-batchfailurereporting"):
//
//   * success: the records are done, the checkpoint moves past them;
//   * function error: the batch is retried, whole or, with
//     BisectBatchOnFunctionError, split in two halves that are retried in
//     order (a split does not count as a retry); a batch retried more than
//     MaximumRetryAttempts times (-1: no limit) fails;
//   * ReportBatchItemFailures: {"batchItemFailures":[{"itemIdentifier":"<seq>"}]}
//     finishes the records before the lowest reported sequence number and
//     retries from it (an identifier not in the batch fails the whole batch;
//     an empty list is success);
//   * throttled or not run (429, 5xx): retried later, not counted;
//   * a batch holding a record older than MaximumRecordAgeInSeconds fails;
//   * a failed batch goes to the OnFailure destination and the poller moves on.
// Records are always finished in order: the checkpoint is the end of the
// finished prefix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudlet::lambda {

struct BatchOutcome {
  enum class Kind { kSuccess, kFunctionError, kPartialFailure, kNotRun };
  Kind kind = Kind::kSuccess;
  std::size_t first_failed = 0;  // kPartialFailure: index (in the whole window) of the lowest failed record
};

// The outcome of an invocation of records [begin, end) of the window whose
// sequence numbers are `sequences`: ReportBatchItemFailures is read from the
// function's `payload` when `report_failures`.
BatchOutcome ClassifyInvocation(bool function_error, std::string_view payload, bool report_failures,
                                const std::vector<std::string>& sequences, std::size_t begin, std::size_t end);

struct RetryPolicy {
  int maximum_retry_attempts = -1;      // -1: unlimited
  int maximum_record_age_seconds = -1;  // -1: unlimited
  bool bisect_on_function_error = false;
};

class BatchPlanner {
 public:
  explicit BatchPlanner(RetryPolicy policy) : policy_(policy) {}

  // A new window of `count` records (the previous one must be finished).
  void Start(std::size_t count);
  bool finished() const { return segments_.empty(); }

  struct Step {
    std::size_t begin = 0, end = 0;  // records to invoke with
    int attempt = 0;                 // function errors of these records so far
  };
  // What to invoke next (nullopt when finished).
  std::optional<Step> Next() const;

  struct Decision {
    std::size_t done = 0;  // records [0, done) of the window are finished
    std::vector<std::pair<std::size_t, std::size_t>> failed;  // ranges that failed for good
    bool retry = false;    // the next step retries records that just failed
    // Why a range failed: "RetryAttemptsExhausted" or "RecordAgeExceeded".
    std::string condition;
  };
  // The outcome of Next().
  Decision Report(const BatchOutcome& outcome);
  // Fails the next step when its oldest record (`oldest_arrival_ms`) is older
  // than MaximumRecordAgeInSeconds at `now_ms`; nullopt when it may run.
  std::optional<Decision> ExpireIfTooOld(int64_t oldest_arrival_ms, int64_t now_ms);

 private:
  struct Segment {
    std::size_t begin, end;
    int attempts;
  };
  Decision Finish(Decision d) const;
  bool Exhausted(int attempts) const {
    return policy_.maximum_retry_attempts >= 0 && attempts > policy_.maximum_retry_attempts;
  }

  RetryPolicy policy_;
  std::size_t count_ = 0;
  std::deque<Segment> segments_;
};

}  // namespace cloudlet::lambda
