#include "server/metrics.h"

#include <fmt/format.h>

namespace cloudlet::server {
namespace {

// Splits "a\0b\0c" keys back into labels.
std::vector<std::string_view> Labels(std::string_view key) {
  std::vector<std::string_view> out;
  while (true) {
    auto z = key.find('\0');
    out.push_back(key.substr(0, z));
    if (z == std::string_view::npos) break;
    key.remove_prefix(z + 1);
  }
  return out;
}

void AppendLabelValue(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') { out += "\\n"; continue; }
    out.push_back(c);
  }
}

}  // namespace

namespace {
std::atomic<uint64_t> next_metrics_id{1};
}  // namespace

Metrics::Metrics() : id_(next_metrics_id.fetch_add(1, std::memory_order_relaxed)) {}
Metrics::~Metrics() = default;

Metrics::Shard& Metrics::LocalShard() {
  // One shard per (thread, Metrics) pair; tests create several Metrics objects.
  thread_local std::vector<std::pair<uint64_t, Shard*>> mine;
  for (auto& [owner, shard] : mine)
    if (owner == id_) return *shard;
  std::lock_guard lock(shards_mu_);
  shards_.push_back(std::make_unique<Shard>());
  mine.emplace_back(id_, shards_.back().get());
  return *shards_.back();
}

void Metrics::RequestFinished(std::string_view service, std::string_view operation, int status,
                              std::chrono::nanoseconds latency) {
  Shard& shard = LocalShard();
  // Reused per thread: looking up a known series allocates nothing.
  thread_local std::string key;
  key.assign(service);
  key.push_back('\0');
  key.append(operation);
  double seconds = std::chrono::duration<double>(latency).count();
  std::lock_guard lock(shard.mu);
  auto it = shard.series.find(key);
  if (it == shard.series.end()) it = shard.series.emplace(key, Series{}).first;
  Series& series = it->second;
  auto& hist = series.latency;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i)
    if (seconds <= kLatencyBuckets[i]) { ++hist.buckets[i]; break; }
  ++hist.count;
  hist.sum += seconds;
  for (auto& [s, n] : series.by_status)
    if (s == status) return void(++n);
  series.by_status.emplace_back(status, 1);
}

void Metrics::AppendPrometheus(std::string& out) const {
  std::map<std::string, uint64_t, std::less<>> requests;
  std::map<std::string, Histogram, std::less<>> latencies;
  {
    std::lock_guard lock(shards_mu_);
    for (auto& s : shards_) {
      std::lock_guard shard_lock(s->mu);
      for (auto& [k, series] : s->series) {
        for (auto& [status, n] : series.by_status) requests[k + '\0' + std::to_string(status)] += n;
        auto& h = latencies[k];
        const auto& v = series.latency;
        for (std::size_t i = 0; i < h.buckets.size(); ++i) h.buckets[i] += v.buckets[i];
        h.count += v.count;
        h.sum += v.sum;
      }
    }
  }
  out += "# HELP cloudlet_requests_total Requests answered, by service, operation and HTTP status.\n"
         "# TYPE cloudlet_requests_total counter\n";
  for (auto& [k, v] : requests) {
    auto l = Labels(k);
    out += "cloudlet_requests_total{service=\"";
    AppendLabelValue(out, l[0]);
    out += "\",operation=\"";
    AppendLabelValue(out, l.size() > 1 ? l[1] : "");
    out += "\",status=\"";
    AppendLabelValue(out, l.size() > 2 ? l[2] : "");
    fmt::format_to(std::back_inserter(out), "\"}} {}\n", v);
  }
  out += "# HELP cloudlet_request_duration_seconds Time from header parsed to response written.\n"
         "# TYPE cloudlet_request_duration_seconds histogram\n";
  for (auto& [k, h] : latencies) {
    auto l = Labels(k);
    std::string labels = "service=\"";
    AppendLabelValue(labels, l[0]);
    labels += "\",operation=\"";
    AppendLabelValue(labels, l.size() > 1 ? l[1] : "");
    labels += "\"";
    uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      fmt::format_to(std::back_inserter(out), "cloudlet_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                     labels, kLatencyBuckets[i], cumulative);
    }
    fmt::format_to(std::back_inserter(out), "cloudlet_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                   labels, h.count);
    fmt::format_to(std::back_inserter(out), "cloudlet_request_duration_seconds_sum{{{}}} {}\n", labels, h.sum);
    fmt::format_to(std::back_inserter(out), "cloudlet_request_duration_seconds_count{{{}}} {}\n", labels, h.count);
  }
  out += "# HELP cloudlet_requests_in_flight Requests being handled now.\n"
         "# TYPE cloudlet_requests_in_flight gauge\n";
  fmt::format_to(std::back_inserter(out), "cloudlet_requests_in_flight {}\n", in_flight());
}

}  // namespace cloudlet::server
