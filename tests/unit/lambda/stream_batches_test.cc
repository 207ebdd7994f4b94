// The batch and retry planner of stream event source mappings, and the
// failure record sent to OnFailure.
#include "lambda/stream_batches.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "lambda/event_source_mapping_store.h"
#include "lambda/stream_poller.h"

namespace cloudlet::lambda {
namespace {

using Kind = BatchOutcome::Kind;

const std::vector<std::string> kSeqs = {"000000000000000000001", "000000000000000000002", "000000000000000000003",
                                        "000000000000000000004"};

TEST(ClassifyInvocation, ReadsBatchItemFailures) {
  auto classify = [](std::string_view payload, bool report = true) {
    return ClassifyInvocation(false, payload, report, kSeqs, 1, 4);
  };
  EXPECT_EQ(classify("null").kind, Kind::kSuccess);
  EXPECT_EQ(classify(R"({"batchItemFailures":[]})").kind, Kind::kSuccess);
  EXPECT_EQ(classify(R"("ok")").kind, Kind::kSuccess);
  auto partial = classify(R"({"batchItemFailures":[{"itemIdentifier":"000000000000000000004"},
                                                   {"itemIdentifier":"000000000000000000003"}]})");
  EXPECT_EQ(partial.kind, Kind::kPartialFailure);
  EXPECT_EQ(partial.first_failed, 2u);  // the lowest reported record
  // An identifier outside the batch, or an empty one, fails the whole batch.
  EXPECT_EQ(classify(R"({"batchItemFailures":[{"itemIdentifier":"000000000000000000001"}]})").kind, Kind::kFunctionError);
  EXPECT_EQ(classify(R"({"batchItemFailures":[{"itemIdentifier":""}]})").kind, Kind::kFunctionError);
  // Without ReportBatchItemFailures the response is not read.
  EXPECT_EQ(classify(R"({"batchItemFailures":[{"itemIdentifier":"x"}]})", false).kind, Kind::kSuccess);
  EXPECT_EQ(ClassifyInvocation(true, "{}", true, kSeqs, 0, 4).kind, Kind::kFunctionError);
}

TEST(BatchPlanner, SuccessFinishesTheWindow) {
  BatchPlanner p({});
  p.Start(4);
  auto step = p.Next();
  ASSERT_TRUE(step);
  EXPECT_EQ(step->begin, 0u);
  EXPECT_EQ(step->end, 4u);
  auto d = p.Report({Kind::kSuccess});
  EXPECT_EQ(d.done, 4u);
  EXPECT_TRUE(p.finished());
}

TEST(BatchPlanner, RetriesUpToMaximumRetryAttemptsThenFails) {
  BatchPlanner p({.maximum_retry_attempts = 2});
  p.Start(3);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto d = p.Report({Kind::kFunctionError});
    EXPECT_TRUE(d.retry);
    EXPECT_EQ(d.done, 0u);
    EXPECT_EQ(p.Next()->attempt, attempt + 1);
  }
  auto d = p.Report({Kind::kFunctionError});  // the third failure: 1 try + 2 retries
  EXPECT_FALSE(d.retry);
  ASSERT_EQ(d.failed.size(), 1u);
  EXPECT_EQ(d.failed[0], std::make_pair(std::size_t{0}, std::size_t{3}));
  EXPECT_EQ(d.condition, "RetryAttemptsExhausted");
  EXPECT_EQ(d.done, 3u);
  EXPECT_TRUE(p.finished());
}

TEST(BatchPlanner, ThrottlesAreRetriedWithoutCounting) {
  BatchPlanner p({.maximum_retry_attempts = 0});
  p.Start(2);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(p.Report({Kind::kNotRun}).retry);
  EXPECT_EQ(p.Next()->attempt, 0);
  EXPECT_EQ(p.Report({Kind::kSuccess}).done, 2u);
}

TEST(BatchPlanner, BisectsUntilThePoisonRecordIsAlone) {
  // Record 2 of 0..3 always fails.
  BatchPlanner p({.maximum_retry_attempts = 1, .bisect_on_function_error = true});
  p.Start(4);
  std::vector<std::pair<std::size_t, std::size_t>> invoked;
  std::vector<std::pair<std::size_t, std::size_t>> failed;
  std::size_t done = 0;
  while (auto step = p.Next()) {
    invoked.emplace_back(step->begin, step->end);
    bool poisoned = step->begin <= 2 && 2 < step->end;
    auto d = p.Report({poisoned ? Kind::kFunctionError : Kind::kSuccess});
    for (auto f : d.failed) failed.push_back(f);
    EXPECT_GE(d.done, done);  // the finished prefix only grows
    done = d.done;
  }
  using R = std::pair<std::size_t, std::size_t>;
  EXPECT_EQ(invoked, (std::vector<R>{{0, 4}, {0, 2}, {2, 4}, {2, 3}, {2, 3}, {3, 4}}));
  EXPECT_EQ(failed, (std::vector<R>{{2, 3}}));
  EXPECT_EQ(done, 4u);
}

TEST(BatchPlanner, PartialFailureResumesFromTheFirstFailedRecord) {
  BatchPlanner p({.maximum_retry_attempts = 5});
  p.Start(4);
  auto d = p.Report({Kind::kPartialFailure, 2});
  EXPECT_EQ(d.done, 2u);  // records 0 and 1 are done: the checkpoint moves past them
  EXPECT_TRUE(d.retry);
  auto step = p.Next();
  EXPECT_EQ(step->begin, 2u);
  EXPECT_EQ(step->end, 4u);
  EXPECT_EQ(step->attempt, 1);
  EXPECT_EQ(p.Report({Kind::kSuccess}).done, 4u);
}

TEST(BatchPlanner, RecordsOlderThanTheMaximumAgeFail) {
  BatchPlanner p({.maximum_record_age_seconds = 60});
  p.Start(2);
  EXPECT_FALSE(p.ExpireIfTooOld(1000, 1000 + 60000));
  auto d = p.ExpireIfTooOld(1000, 1000 + 60001);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->condition, "RecordAgeExceeded");
  EXPECT_EQ(d->done, 2u);
  EXPECT_TRUE(p.finished());
}

TEST(StreamFailureRecord, DescribesTheBatch) {
  EventSourceMapping m;
  m.region = "us-east-1";
  m.account_id = "000000000000";
  m.function_name = "fn";
  m.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026-12-03T14:00:00.000";
  InvokeResult last{.payload = "{}", .function_error = "Unhandled"};
  auto text = StreamFailureRecord(m, "req-1", "RetryAttemptsExhausted", 3, last, "shardId-1", kSeqs[0], kSeqs[1],
                                  1796306400000, 1796306401000, 2, 1796306402000);
  auto v = boost::json::parse(text).as_object();
  EXPECT_EQ(v.at("requestContext").at("functionArn"), "arn:aws:lambda:us-east-1:000000000000:function:fn");
  EXPECT_EQ(v.at("requestContext").at("condition"), "RetryAttemptsExhausted");
  EXPECT_EQ(v.at("requestContext").at("approximateInvokeCount"), 3);
  EXPECT_EQ(v.at("responseContext").at("functionError"), "Unhandled");
  EXPECT_EQ(v.at("version"), "1.0");
  const auto& info = v.at("DDBStreamBatchInfo").as_object();
  EXPECT_EQ(info.at("startSequenceNumber").as_string(), kSeqs[0]);
  EXPECT_EQ(info.at("endSequenceNumber").as_string(), kSeqs[1]);
  EXPECT_EQ(info.at("batchSize"), 2);
  EXPECT_EQ(info.at("streamArn").as_string(), m.event_source_arn);
  EXPECT_EQ(info.at("approximateArrivalOfFirstRecord"), "2026-12-03T14:00:00.000Z");
}

TEST(EventSourceMappingRecord, RoundTripsAndRendersAsLambdaDoes) {
  EventSourceMapping m;
  m.uuid = "a1b2c3d4-0000-4000-8000-000000000001";
  m.region = "us-east-1";
  m.account_id = "000000000000";
  m.function_name = "fn";
  m.qualifier = "live";
  m.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026-12-03T14:00:00.000";
  m.starting_position = "TRIM_HORIZON";
  m.filter_criteria = R"({"Filters":[{"Pattern":"{}"}]})";
  m.on_failure = "arn:aws:sqs:us-east-1:000000000000:dlq";
  m.report_batch_item_failures = true;
  auto back = DecodeEventSourceMapping(EncodeEventSourceMapping(m));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->qualifier, m.qualifier);
  EXPECT_EQ(back->on_failure, m.on_failure);
  EXPECT_TRUE(back->report_batch_item_failures);
  auto shown = boost::json::parse(EventSourceMappingJson(*back)).as_object();
  EXPECT_EQ(shown.at("FunctionArn"), "arn:aws:lambda:us-east-1:000000000000:function:fn:live");
  EXPECT_EQ(shown.at("EventSourceMappingArn"),
            "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:a1b2c3d4-0000-4000-8000-000000000001");
  EXPECT_EQ(shown.at("DestinationConfig").at("OnFailure").at("Destination"), "arn:aws:sqs:us-east-1:000000000000:dlq");
  EXPECT_EQ(shown.at("FunctionResponseTypes").at(0), "ReportBatchItemFailures");
  EXPECT_EQ(shown.at("MaximumRetryAttempts"), -1);
  EXPECT_EQ(shown.at("BatchSize"), 100);
}

}  // namespace
}  // namespace cloudlet::lambda
