// Request metrics in Prometheus text form. Each worker thread records into
// its own shard (an uncontended mutex), so counting a request never waits on
// another thread; a scrape merges the shards.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlet::server {

class Metrics {
 public:
  static constexpr std::array<double, 14> kLatencyBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  Metrics();
  ~Metrics();
  // The in-flight gauge: a request is in flight from its header block parsed
  // to its response written (or its client gone).
  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestEnded() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  // Counts one answered request (also those the edge refused before routing,
  // which never started: service and operation empty).
  void RequestFinished(std::string_view service, std::string_view operation, int status,
                       std::chrono::nanoseconds latency);
  // Appends the cloudlet_* request families in Prometheus text format 0.0.4.
  void AppendPrometheus(std::string& out) const;
  long in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  struct Histogram {
    std::array<uint64_t, kLatencyBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  struct Series {
    Histogram latency;
    std::vector<std::pair<int, uint64_t>> by_status;  // few statuses per operation
  };
  struct Shard {
    std::mutex mu;
    std::map<std::string, Series, std::less<>> series;  // "service\0operation"
  };
  Shard& LocalShard();

  // Names this object in the per-thread shard cache. Not its address: a later
  // Metrics may be built where a destroyed one lived, and must not inherit its shards.
  const uint64_t id_;
  std::atomic<long> in_flight_{0};
  mutable std::mutex shards_mu_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace cloudlet::server
