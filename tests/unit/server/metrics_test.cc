#include "server/metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <new>
#include <sstream>
#include <thread>

namespace cloudlet::server {
namespace {
using namespace std::chrono_literals;

std::string Scrape(const Metrics& m) {
  std::string out;
  m.AppendPrometheus(out);
  return out;
}

bool HasLine(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l == line) return true;
  return false;
}

TEST(MetricsTest, EmptyScrapeHasEveryFamilyWithHelpAndType) {
  Metrics m;
  std::string text = Scrape(m);
  for (const char* family : {"cloudlet_requests_total", "cloudlet_request_duration_seconds", "cloudlet_requests_in_flight"}) {
    EXPECT_NE(text.find(std::string("# HELP ") + family + " "), std::string::npos) << family;
    EXPECT_NE(text.find(std::string("# TYPE ") + family + " "), std::string::npos) << family;
  }
  EXPECT_TRUE(HasLine(text, "# TYPE cloudlet_requests_total counter"));
  EXPECT_TRUE(HasLine(text, "# TYPE cloudlet_request_duration_seconds histogram"));
  EXPECT_TRUE(HasLine(text, "# TYPE cloudlet_requests_in_flight gauge"));
  EXPECT_TRUE(HasLine(text, "cloudlet_requests_in_flight 0"));
  EXPECT_EQ(text.back(), '\n');
}

TEST(MetricsTest, CountsByServiceOperationAndStatus) {
  Metrics m;
  m.RequestFinished("dynamodb", "GetItem", 200, 1ms);
  m.RequestFinished("dynamodb", "GetItem", 200, 1ms);
  m.RequestFinished("dynamodb", "GetItem", 400, 1ms);
  m.RequestFinished("dynamodb", "PutItem", 200, 1ms);
  m.RequestFinished("_cloudlet", "Health", 200, 1ms);
  std::string text = Scrape(m);
  EXPECT_TRUE(HasLine(text, R"(cloudlet_requests_total{service="dynamodb",operation="GetItem",status="200"} 2)")) << text;
  EXPECT_TRUE(HasLine(text, R"(cloudlet_requests_total{service="dynamodb",operation="GetItem",status="400"} 1)"));
  EXPECT_TRUE(HasLine(text, R"(cloudlet_requests_total{service="dynamodb",operation="PutItem",status="200"} 1)"));
  EXPECT_TRUE(HasLine(text, R"(cloudlet_requests_total{service="_cloudlet",operation="Health",status="200"} 1)"));
}

TEST(MetricsTest, MergesTheShardsOfEveryThread) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&m] {
      for (int i = 0; i < 250; ++i) m.RequestFinished("dynamodb", "Query", 200, 1ms);
    });
  for (auto& t : threads) t.join();
  EXPECT_TRUE(HasLine(Scrape(m), R"(cloudlet_requests_total{service="dynamodb",operation="Query",status="200"} 1000)"));
}

TEST(MetricsTest, HistogramBucketsAreCumulativeAndEndInCount) {
  Metrics m;
  m.RequestFinished("s", "Op", 200, 300us);   // <= 0.0005
  m.RequestFinished("s", "Op", 200, 3ms);     // <= 0.005
  m.RequestFinished("s", "Op", 500, 20s);     // only +Inf
  std::string text = Scrape(m);
  const std::string l = R"(service="s",operation="Op")";
  EXPECT_TRUE(HasLine(text, "cloudlet_request_duration_seconds_bucket{" + l + R"(,le="0.0005"} 1)")) << text;
  EXPECT_TRUE(HasLine(text, "cloudlet_request_duration_seconds_bucket{" + l + R"(,le="0.0025"} 1)"));
  EXPECT_TRUE(HasLine(text, "cloudlet_request_duration_seconds_bucket{" + l + R"(,le="0.005"} 2)"));
  EXPECT_TRUE(HasLine(text, "cloudlet_request_duration_seconds_bucket{" + l + R"(,le="10"} 2)"));
  EXPECT_TRUE(HasLine(text, "cloudlet_request_duration_seconds_bucket{" + l + R"(,le="+Inf"} 3)"));
  EXPECT_TRUE(HasLine(text, "cloudlet_request_duration_seconds_count{" + l + "} 3"));
  EXPECT_NE(text.find("cloudlet_request_duration_seconds_sum{" + l + "} 20.0033"), std::string::npos) << text;
}

TEST(MetricsTest, InFlightGaugeFollowsStartedAndEnded) {
  Metrics m;
  m.RequestStarted();
  m.RequestStarted();
  EXPECT_EQ(m.in_flight(), 2);
  EXPECT_TRUE(HasLine(Scrape(m), "cloudlet_requests_in_flight 2"));
  m.RequestEnded();
  // Counting a refused request (never started) leaves the gauge alone.
  m.RequestFinished("", "", 431, 1ms);
  EXPECT_EQ(m.in_flight(), 1);
  m.RequestEnded();
  EXPECT_TRUE(HasLine(Scrape(m), "cloudlet_requests_in_flight 0"));
}

TEST(MetricsTest, ANewMetricsStartsEmptyEvenWhereAnOldOneLived) {
  // The per-thread shard cache once keyed shards by address: a Metrics built
  // where a destroyed one had lived reused its freed shard.
  alignas(Metrics) unsigned char storage[sizeof(Metrics)];
  for (int round = 0; round < 3; ++round) {
    auto* m = new (storage) Metrics;
    EXPECT_EQ(Scrape(*m).find("cloudlet_requests_total{"), std::string::npos) << round;
    m->RequestFinished("s", "Op", 200, 1ms);
    EXPECT_TRUE(HasLine(Scrape(*m), R"(cloudlet_requests_total{service="s",operation="Op",status="200"} 1)"));
    m->~Metrics();
  }
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Metrics m;
  m.RequestFinished("svc", "a\"b\\c\nd", 200, 1ms);
  EXPECT_TRUE(HasLine(Scrape(m), R"(cloudlet_requests_total{service="svc",operation="a\"b\\c\nd",status="200"} 1)"));
}

}  // namespace
}  // namespace cloudlet::server
