#include "dynamodb/secondary_index.h"

#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/key_codec.h"
#include "storage/write_batch.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

namespace {

constexpr char kIndexTag = 0x11;

bool HasType(const json::value& v, const KeyAttribute& attr) {
  auto type = TypeOf(v);
  return type && TypeName(*type) == attr.type;
}

// Appends Encode(value of attr in item); false when absent or mistyped.
bool AppendAttribute(const json::object& item, const KeyAttribute& attr, std::string* out) {
  auto* v = item.if_contains(attr.name);
  return v != nullptr && HasType(*v, attr) && EncodeKeyValue(*v, out);
}

void CopyIfPresent(const json::object& from, std::string_view name, json::object& to) {
  if (auto* v = from.if_contains(name)) to[name] = *v;
}

// Appends the JSON text of `v` (as json::serialize writes it) through a
// stack buffer: no json::object to build, no string per member.
void Drain(json::serializer& sr, std::string* out) {
  char buf[512];
  while (!sr.done()) out->append(sr.read(buf, sizeof buf));
}
void AppendJson(json::serializer& sr, const json::value& v, std::string* out) {
  sr.reset(&v);
  Drain(sr, out);
}
void AppendJson(json::serializer& sr, json::string_view v, std::string* out) {
  sr.reset(v);
  Drain(sr, out);
}

// The text of an entry that projects some attributes: `{"a":...,"b":...}`
// with the attributes of `names` the item has, each once, in that order.
class EntryWriter {
 public:
  explicit EntryWriter(const json::object& item) : item_(item) { text_.push_back('{'); }
  void Add(std::string_view name) {
    for (std::string_view w : written_)
      if (w == name) return;
    auto* v = item_.if_contains(name);
    if (v == nullptr) return;
    written_.push_back(name);
    if (text_.size() > 1) text_.push_back(',');
    AppendJson(sr_, json::string_view(name.data(), name.size()), &text_);
    text_.push_back(':');
    AppendJson(sr_, *v, &text_);
  }
  std::string Finish() {
    text_.push_back('}');
    return std::move(text_);
  }

 private:
  const json::object& item_;
  json::serializer sr_;
  std::string text_;
  std::vector<std::string_view> written_;
};

}  // namespace

bool SecondaryIndex::IsKeyAttribute(std::string_view attr) const {
  for (const auto& a : hash_keys)
    if (a.name == attr) return true;
  for (const auto& a : range_keys)
    if (a.name == attr) return true;
  return false;
}

bool SecondaryIndex::Projects(std::string_view attr, const KeyAttribute& table_hash,
                              const std::optional<KeyAttribute>& table_range) const {
  if (projection == ProjectionType::kAll || IsKeyAttribute(attr) || attr == table_hash.name ||
      (table_range && attr == table_range->name))
    return true;
  return projection == ProjectionType::kInclude &&
         std::find(non_key_attributes.begin(), non_key_attributes.end(), attr) != non_key_attributes.end();
}

std::string IndexPrefix(uint32_t index_id) {
  char b[5] = {kIndexTag, char(index_id >> 24), char(index_id >> 16), char(index_id >> 8), char(index_id)};
  return std::string(b, 5);
}

std::optional<std::string> IndexEntryKey(const SecondaryIndex& index, TableKeys table, const json::object& item) {
  // Looked up once each: the partition values feed the hash, the rest are appended.
  constexpr std::size_t kMaxKeys = 8;
  const json::value* values[kMaxKeys];
  std::size_t n = 0;
  for (const auto* keys : {&index.hash_keys, &index.range_keys}) {
    for (const KeyAttribute& attr : *keys) {
      auto* v = item.if_contains(attr.name);
      if (v == nullptr || n == kMaxKeys || !HasType(*v, attr)) return std::nullopt;
      values[n++] = v;
    }
  }
  const std::size_t partition_count = index.hash_keys.size();
  std::string key;
  key.reserve(64);
  if (!AppendPartitionPrefix(IndexPrefix(index.id), std::span<const json::value* const>(values, partition_count),
                             &key))
    return std::nullopt;
  for (std::size_t i = partition_count; i < n; ++i)
    if (!EncodeKeyValue(*values[i], &key)) return std::nullopt;
  if (!AppendAttribute(item, table.hash, &key)) return std::nullopt;
  if (table.range && !AppendAttribute(item, *table.range, &key)) return std::nullopt;
  return key;
}

std::optional<std::string> IndexEntryKeyFromKey(const SecondaryIndex& index, TableKeys table,
                                                const json::object& key) {
  std::vector<std::string_view> names;
  bool typed = true;
  auto check = [&](const KeyAttribute& a) {
    auto* v = key.if_contains(a.name);
    if (v == nullptr || !HasType(*v, a)) typed = false;
    names.push_back(a.name);
  };
  index.ForEachKeyAttribute(check);
  check(table.hash);
  if (table.range) check(*table.range);
  if (!typed) return std::nullopt;
  std::sort(names.begin(), names.end());
  std::size_t expected = std::unique(names.begin(), names.end()) - names.begin();
  if (key.size() != expected) return std::nullopt;
  return IndexEntryKey(index, table, key);
}

std::string IndexEntryValue(const SecondaryIndex& index, TableKeys table, const json::object& item,
                            std::string_view item_text) {
  if (index.projection == ProjectionType::kAll) return std::string(item_text);
  EntryWriter entry(item);
  entry.Add(table.hash.name);
  if (table.range) entry.Add(table.range->name);
  index.ForEachKeyAttribute([&](const KeyAttribute& a) { entry.Add(a.name); });
  for (const auto& name : index.non_key_attributes) entry.Add(name);
  return entry.Finish();
}

json::object IndexEntryKeyAttributes(const SecondaryIndex& index, TableKeys table, const json::object& entry) {
  json::object key;
  index.ForEachKeyAttribute([&](const KeyAttribute& a) { CopyIfPresent(entry, a.name, key); });
  CopyIfPresent(entry, table.hash.name, key);
  if (table.range) CopyIfPresent(entry, table.range->name, key);
  return key;
}

namespace {

// Why `item` cannot be written with `index`, if it cannot.
aws::Status CheckIndexKeysOf(const SecondaryIndex& index, const json::object& item) {
  aws::Status status = aws::OkStatus();
  index.ForEachKeyAttribute([&](const KeyAttribute& attr) {
    if (!status.ok()) return;
    auto* v = item.if_contains(attr.name);
    if (v == nullptr) return;
    auto type = TypeOf(*v);
    if (!type) return;
    if (TypeName(*type) != attr.type) {
      status = errors::Validation(fmt::format(
          "One or more parameter values were invalid: Type mismatch for Index Key {} Expected: {} Actual: {} "
          "IndexName: {}", attr.name, attr.type, TypeName(*type), index.name));
    } else if ((*type == AttrType::S || *type == AttrType::B) && Payload(*v).get_string().empty()) {
      status = errors::Validation(fmt::format(
          "One or more parameter values are not valid. A value specified for a secondary index key is not "
          "supported. The AttributeValue for a key attribute cannot contain an empty {} value. IndexName: {}, "
          "IndexKey: {}", *type == AttrType::S ? "string" : "binary", index.name, attr.name));
    }
  });
  return status;
}

}  // namespace

aws::Status CheckIndexKeys(const IndexList& indexes, const json::object& item) {
  // Every index is checked (no sorting, nothing allocated when all pass);
  // the one named first in name order is blamed.
  const SecondaryIndex* blamed = nullptr;
  aws::Status error = aws::OkStatus();
  for (const auto& index : indexes) {
    if (index.status == IndexStatus::kDeleting || (blamed && blamed->name < index.name)) continue;
    aws::Status st = CheckIndexKeysOf(index, item);
    if (st.ok()) continue;
    blamed = &index;
    error = std::move(st);
  }
  return error;
}

void AddIndexChanges(const IndexList& indexes, TableKeys table, const json::object* old_item,
                     const json::object* new_item, std::string_view new_text, storage::WriteBatch& batch,
                     IndexWriteCounts* counts) {
  for (const auto& index : indexes) {
    if (index.status == IndexStatus::kDeleting) continue;
    std::optional<std::string> old_key = old_item ? IndexEntryKey(index, table, *old_item) : std::nullopt;
    std::optional<std::string> new_key = new_item ? IndexEntryKey(index, table, *new_item) : std::nullopt;
    if (!old_key && !new_key) continue;
    int touched = 0;
    // ALL projects the item text itself: put straight from it, no copy.
    const bool all = index.projection == ProjectionType::kAll;
    std::string new_value;
    if (new_key && !all) new_value = IndexEntryValue(index, table, *new_item, new_text);
    std::string_view value = all ? new_text : std::string_view(new_value);
    if (old_key && new_key && *old_key == *new_key) {
      // Same entry: rewrite only when what it projects changed (the item
      // text is not needed for a projection other than ALL).
      if (all || new_value != IndexEntryValue(index, table, *old_item, {})) {
        batch.Put(*new_key, value);
        touched = 1;
      }
    } else {
      if (old_key) {
        batch.Delete(*old_key);
        ++touched;
      }
      if (new_key) {
        batch.Put(*new_key, value);
        ++touched;
      }
    }
    if (counts)
      for (int i = 0; i < touched; ++i) counts->touched.emplace_back(index.name, index.global);
  }
}

uint64_t CollectionBytes(const IndexList& indexes, TableKeys table, const json::object& item,
                         std::string_view item_text) {
  uint64_t bytes = item_text.size();
  for (const auto& index : indexes) {
    if (index.global || !IndexEntryKey(index, table, item)) continue;
    bytes += index.projection == ProjectionType::kAll ? item_text.size()
                                                      : IndexEntryValue(index, table, item, item_text).size();
  }
  return bytes;
}

std::string_view ProjectionTypeName(ProjectionType type) {
  switch (type) {
    case ProjectionType::kKeysOnly: return "KEYS_ONLY";
    case ProjectionType::kInclude: return "INCLUDE";
    case ProjectionType::kAll: return "ALL";
  }
  return "ALL";
}

namespace {

json::object KeyAttributeRecord(const KeyAttribute& a) { return {{"name", a.name}, {"type", a.type}}; }
KeyAttribute KeyAttributeFromRecord(const json::value& v) {
  return {std::string(v.at("name").as_string()), std::string(v.at("type").as_string())};
}

}  // namespace

json::object IndexRecord(const SecondaryIndex& index) {
  json::object o;
  o["name"] = index.name;
  o["global"] = index.global;
  o["id"] = index.id;
  json::array hash, range;
  for (const auto& a : index.hash_keys) hash.push_back(KeyAttributeRecord(a));
  for (const auto& a : index.range_keys) range.push_back(KeyAttributeRecord(a));
  o["hash_keys"] = std::move(hash);
  o["range_keys"] = std::move(range);
  o["projection"] = ProjectionTypeName(index.projection);
  json::array non_key;
  for (const auto& n : index.non_key_attributes) non_key.emplace_back(n);
  o["non_key"] = std::move(non_key);
  o["status"] = int(index.status);
  if (!index.throughput.empty()) o["throughput"] = index.throughput;
  return o;
}

SecondaryIndex IndexFromRecord(const json::object& o) {
  SecondaryIndex index;
  index.name = std::string(o.at("name").as_string());
  index.global = o.at("global").as_bool();
  index.id = uint32_t(o.at("id").to_number<uint64_t>());
  if (auto* hash = o.if_contains("hash_keys")) {
    for (const auto& a : hash->as_array()) index.hash_keys.push_back(KeyAttributeFromRecord(a));
    for (const auto& a : o.at("range_keys").as_array()) index.range_keys.push_back(KeyAttributeFromRecord(a));
  } else {
    // Records written before multi-attribute keys: one "hash", an optional "range".
    index.hash_keys.push_back(KeyAttributeFromRecord(o.at("hash")));
    if (auto* r = o.if_contains("range")) index.range_keys.push_back(KeyAttributeFromRecord(*r));
  }
  std::string_view projection = o.at("projection").as_string();
  index.projection = projection == "KEYS_ONLY" ? ProjectionType::kKeysOnly
                     : projection == "INCLUDE" ? ProjectionType::kInclude
                                               : ProjectionType::kAll;
  for (const auto& n : o.at("non_key").as_array()) index.non_key_attributes.emplace_back(n.as_string());
  index.status = IndexStatus(o.at("status").to_number<int>());
  if (auto* t = o.if_contains("throughput")) index.throughput = t->as_object();
  return index;
}

}  // namespace cloudlet::dynamodb
