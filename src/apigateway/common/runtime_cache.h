// The compiled runtimes of the APIs requests have asked for, built on first
// use and dropped after a change (both kinds of API keep one): a lookup is
// one shared lock and one hash. An id that is no API of this kind is
// remembered as null, so unknown ids cost no store read after the first.
// A build racing an Invalidate is not kept (the generation moved).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "aws/error.h"

namespace cloudlet::apigateway {

template <class Runtime>
class RuntimeCache {
 public:
  // Builds an API's runtime; null when the id is no API of this kind.
  using Builder = std::function<aws::Result<std::shared_ptr<const Runtime>>(std::string_view api_id)>;
  explicit RuntimeCache(Builder build) : build_(std::move(build)) {}

  // The API's runtime; nullptr when `api_id` is none (or the store failed:
  // answered as unknown, retried next time).
  std::shared_ptr<const Runtime> Get(std::string_view api_id) {
    uint64_t generation;
    {
      std::shared_lock lock(mu_);
      auto it = entries_.find(api_id);
      if (it != entries_.end()) return it->second;
      generation = generation_;
    }
    auto built = build_(api_id);
    if (!built.ok()) return nullptr;
    std::unique_lock lock(mu_);
    if (generation_ == generation) {
      // Ids from the wire are bounded only by the edge's header limit: keep at most this many.
      if (entries_.size() >= 4096) entries_.clear();
      entries_.emplace(std::string(api_id), *built);
    }
    return *built;
  }

  void Invalidate(std::string_view api_id) {
    std::unique_lock lock(mu_);
    ++generation_;
    auto it = entries_.find(api_id);
    if (it != entries_.end()) entries_.erase(it);
  }

  void InvalidateAll() {
    std::unique_lock lock(mu_);
    ++generation_;
    entries_.clear();
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  Builder build_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Runtime>, Hash, std::equal_to<>> entries_;
  uint64_t generation_ = 0;  // bumped by every Invalidate
};

}  // namespace cloudlet::apigateway
