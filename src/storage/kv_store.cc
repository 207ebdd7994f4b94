// The engine-independent default of KvStore::MultiGet: one Get per key.
#include "storage/kv_store.h"

namespace cloudlet::storage {

std::vector<Status> KvStore::MultiGet(std::span<const std::string_view> keys, std::vector<std::string>* values,
                                      const ReadOptions& options) {
  // One view for every key, as the interface promises.
  std::unique_ptr<Snapshot> own;
  ReadOptions ro = options;
  if (ro.snapshot == nullptr && keys.size() > 1) {
    own = GetSnapshot();
    ro.snapshot = own.get();
  }
  values->assign(keys.size(), std::string());
  std::vector<Status> statuses;
  statuses.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) statuses.push_back(Get(keys[i], &(*values)[i], ro));
  return statuses;
}

}  // namespace cloudlet::storage
