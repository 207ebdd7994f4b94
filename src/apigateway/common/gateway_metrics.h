// Metrics per API, stage and route (an HTTP API's route key, a REST API's
// "METHOD /resource/path"), as CloudWatch's API Gateway metrics name
// them (Count, 4xx, 5xx, Latency, IntegrationLatency), in Prometheus text
// under /_cloudlet/metrics:
//   cloudlet_apigateway_requests_total{api_id,stage,route,status}
//   cloudlet_apigateway_4xx_total{api_id,stage,route}   cloudlet_apigateway_5xx_total{...}
//   cloudlet_apigateway_latency_seconds{...} and ..._integration_latency_seconds{...} (histograms)
// A series is made once, when a stage's runtime is built, and lives as long
// as the registry; recording into it is a few relaxed atomic adds (no lock,
// no allocation).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace cloudlet::apigateway {

class RouteMetrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1,     2.5,  5,    10};
  // `integration_latency` < 0: no integration ran.
  void Record(int status, std::chrono::nanoseconds latency, std::chrono::nanoseconds integration_latency);

 private:
  friend class GatewayMetrics;
  struct Histogram {
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_ns{0};
    void Add(std::chrono::nanoseconds d);
  };
  static constexpr int kStatusSlots = 16;
  std::array<std::atomic<int>, kStatusSlots> status_codes{};  // 0: free slot
  std::array<std::atomic<uint64_t>, kStatusSlots> status_counts{};
  std::atomic<uint64_t> other_statuses{0};  // beyond the slots
  std::atomic<uint64_t> count_4xx{0}, count_5xx{0};
  Histogram latency, integration_latency;
};

class GatewayMetrics {
 public:
  // The series of one route ("$default", "GET /pets", or "-" for requests
  // that matched none); made on first use. Thread-safe.
  RouteMetrics* Series(std::string_view api_id, std::string_view stage, std::string_view route);
  void AppendPrometheus(std::string& out) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<RouteMetrics>, std::less<>> series_;  // "api\0stage\0route"
};

}  // namespace cloudlet::apigateway
