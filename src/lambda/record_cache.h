// A read-through cache of decoded records for the data plane's per-request
// lookups (a function, a version, an alias, a URL by id), so that a warm
// Invoke or function-URL request neither reads the store nor decodes JSON.
//
// Every write of the owning store calls Invalidate() after it reached the
// store: it clears everything and bumps a generation. A reader notes the
// generation before it reads the store and inserts what it read only if no
// write completed meanwhile, so a value read before a write can never be
// cached after it (the write's Invalidate either precedes the insert, which
// the generation then refuses, or follows it and clears it).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cloudlet::lambda {

template <typename Record>
class RecordCache {
 public:
  // nullopt: not cached. A cached absence is an engaged optional holding nullopt.
  std::optional<std::optional<Record>> Find(std::string_view key, uint64_t& generation) const {
    std::lock_guard lock(mu_);
    generation = generation_;
    auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }

  void Insert(std::string key, const std::optional<Record>& value, uint64_t generation) {
    std::lock_guard lock(mu_);
    if (generation != generation_) return;
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_.insert_or_assign(std::move(key), value);
  }

  void Invalidate() {
    std::lock_guard lock(mu_);
    ++generation_;
    entries_.clear();
  }

 private:
  static constexpr std::size_t kMaxEntries = 4096;
  mutable std::mutex mu_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, std::optional<Record>> entries_;
};

}  // namespace cloudlet::lambda
