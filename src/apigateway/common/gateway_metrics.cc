#include "apigateway/common/gateway_metrics.h"

#include <fmt/format.h>

#include <vector>

namespace cloudlet::apigateway {
namespace {

void AppendLabel(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
}

std::string Labels(std::string_view key) {
  std::string_view parts[3];
  for (int i = 0; i < 3; ++i) {
    auto z = key.find('\0');
    parts[i] = key.substr(0, z);
    key = z == std::string_view::npos ? std::string_view{} : key.substr(z + 1);
  }
  std::string out = "api_id=\"";
  AppendLabel(out, parts[0]);
  out += "\",stage=\"";
  AppendLabel(out, parts[1]);
  out += "\",route=\"";
  AppendLabel(out, parts[2]);
  out += '"';
  return out;
}

}  // namespace

void RouteMetrics::Histogram::Add(std::chrono::nanoseconds d) {
  double seconds = std::chrono::duration<double>(d).count();
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  buckets[i].fetch_add(1, std::memory_order_relaxed);
  count.fetch_add(1, std::memory_order_relaxed);
  sum_ns.fetch_add(static_cast<uint64_t>(d.count()), std::memory_order_relaxed);
}

void RouteMetrics::Record(int status, std::chrono::nanoseconds latency, std::chrono::nanoseconds integration) {
  bool counted = false;
  for (int i = 0; i < kStatusSlots && !counted; ++i) {
    int seen = status_codes[i].load(std::memory_order_relaxed);
    if (seen == 0) {
      int expected = 0;
      if (status_codes[i].compare_exchange_strong(expected, status, std::memory_order_relaxed)) seen = status;
      else seen = expected;
    }
    if (seen == status) {
      status_counts[i].fetch_add(1, std::memory_order_relaxed);
      counted = true;
    }
  }
  if (!counted) other_statuses.fetch_add(1, std::memory_order_relaxed);
  if (status >= 400 && status < 500) count_4xx.fetch_add(1, std::memory_order_relaxed);
  if (status >= 500) count_5xx.fetch_add(1, std::memory_order_relaxed);
  this->latency.Add(latency);
  if (integration.count() >= 0) integration_latency.Add(integration);
}

RouteMetrics* GatewayMetrics::Series(std::string_view api_id, std::string_view stage, std::string_view route) {
  std::string key;
  key.reserve(api_id.size() + stage.size() + route.size() + 2);
  key.append(api_id).push_back('\0');
  key.append(stage).push_back('\0');
  key.append(route);
  std::lock_guard lock(mu_);
  auto it = series_.find(key);
  if (it == series_.end()) it = series_.emplace(std::move(key), std::make_unique<RouteMetrics>()).first;
  return it->second.get();
}

void GatewayMetrics::AppendPrometheus(std::string& out) const {
  std::lock_guard lock(mu_);
  auto header = [&out](std::string_view name, std::string_view help, std::string_view type) {
    fmt::format_to(std::back_inserter(out), "# HELP {0} {1}\n# TYPE {0} {2}\n", name, help, type);
  };
  header("cloudlet_apigateway_requests_total", "API Gateway requests by API, stage, route and status (Count).",
         "counter");
  for (const auto& [key, m] : series_) {
    std::string labels = Labels(key);
    for (int i = 0; i < RouteMetrics::kStatusSlots; ++i) {
      int code = m->status_codes[i].load(std::memory_order_relaxed);
      if (code == 0) continue;
      fmt::format_to(std::back_inserter(out), "cloudlet_apigateway_requests_total{{{},status=\"{}\"}} {}\n", labels,
                     code, m->status_counts[i].load(std::memory_order_relaxed));
    }
    if (uint64_t other = m->other_statuses.load(std::memory_order_relaxed))
      fmt::format_to(std::back_inserter(out), "cloudlet_apigateway_requests_total{{{},status=\"other\"}} {}\n",
                     labels, other);
  }
  for (auto [name, help, member] :
       {std::tuple{"cloudlet_apigateway_4xx_total", "Client errors (4xx).", &RouteMetrics::count_4xx},
        std::tuple{"cloudlet_apigateway_5xx_total", "Server errors (5xx).", &RouteMetrics::count_5xx}}) {
    header(name, help, "counter");
    for (const auto& [key, m] : series_)
      fmt::format_to(std::back_inserter(out), "{}{{{}}} {}\n", name, Labels(key),
                     ((*m).*member).load(std::memory_order_relaxed));
  }
  for (auto [name, help, member] :
       {std::tuple{"cloudlet_apigateway_latency_seconds", "From request received to response (Latency).",
                   &RouteMetrics::latency},
        std::tuple{"cloudlet_apigateway_integration_latency_seconds",
                   "From integration called to its answer (IntegrationLatency).", &RouteMetrics::integration_latency}}) {
    header(name, help, "histogram");
    for (const auto& [key, m] : series_) {
      const RouteMetrics::Histogram& h = (*m).*member;
      std::string labels = Labels(key);
      uint64_t cumulative = 0;
      for (std::size_t i = 0; i < RouteMetrics::kBuckets.size(); ++i) {
        cumulative += h.buckets[i].load(std::memory_order_relaxed);
        fmt::format_to(std::back_inserter(out), "{}_bucket{{{},le=\"{}\"}} {}\n", name, labels,
                       RouteMetrics::kBuckets[i], cumulative);
      }
      uint64_t count = h.count.load(std::memory_order_relaxed);
      fmt::format_to(std::back_inserter(out), "{}_bucket{{{},le=\"+Inf\"}} {}\n", name, labels, count);
      fmt::format_to(std::back_inserter(out), "{}_sum{{{}}} {}\n", name, labels,
                     static_cast<double>(h.sum_ns.load(std::memory_order_relaxed)) / 1e9);
      fmt::format_to(std::back_inserter(out), "{}_count{{{}}} {}\n", name, labels, count);
    }
  }
}

}  // namespace cloudlet::apigateway
