#include "storage/write_batch.h"

namespace cloudlet::storage {

namespace {
void AppendField(std::string* rep, std::string_view field) {
  auto n = static_cast<uint32_t>(field.size());
  char len[sizeof n];
  std::memcpy(len, &n, sizeof n);
  rep->append(len, sizeof n);
  rep->append(field);
}
}  // namespace

void WriteBatch::Append(OpKind kind, std::string_view key, std::string_view value) {
  rep_.reserve(rep_.size() + 1 + 2 * sizeof(uint32_t) + key.size() + value.size());
  rep_.push_back(static_cast<char>(kind));
  AppendField(&rep_, key);
  AppendField(&rep_, value);
  ++count_;
}

}  // namespace cloudlet::storage
