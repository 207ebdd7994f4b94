#include "dynamodb/secondary_index.h"

#include <boost/json/serialize.hpp>
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

}  // namespace

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
  auto* ipk = item.if_contains(index.hash.name);
  if (ipk == nullptr || !HasType(*ipk, index.hash)) return std::nullopt;
  if (index.range) {
    auto* isk = item.if_contains(index.range->name);
    if (isk == nullptr || !HasType(*isk, *index.range)) return std::nullopt;
  }
  std::string key;
  if (!AppendPartitionPrefix(IndexPrefix(index.id), *ipk, &key)) return std::nullopt;
  if (index.range && !AppendAttribute(item, *index.range, &key)) return std::nullopt;
  if (!AppendAttribute(item, table.hash, &key)) return std::nullopt;
  if (table.range && !AppendAttribute(item, *table.range, &key)) return std::nullopt;
  return key;
}

std::optional<std::string> IndexEntryKeyFromKey(const SecondaryIndex& index, TableKeys table,
                                                const json::object& key) {
  std::size_t expected = 0;
  for (const KeyAttribute* a : {&index.hash, index.range ? &*index.range : nullptr, &table.hash,
                                table.range ? &*table.range : nullptr}) {
    if (a == nullptr) continue;
    auto* v = key.if_contains(a->name);
    if (v == nullptr || !HasType(*v, *a)) return std::nullopt;
  }
  std::vector<std::string_view> names = {index.hash.name, table.hash.name};
  if (index.range) names.push_back(index.range->name);
  if (table.range) names.push_back(table.range->name);
  std::sort(names.begin(), names.end());
  expected = std::unique(names.begin(), names.end()) - names.begin();
  if (key.size() != expected) return std::nullopt;
  return IndexEntryKey(index, table, key);
}

std::string IndexEntryValue(const SecondaryIndex& index, TableKeys table, const json::object& item,
                            std::string_view item_text) {
  if (index.projection == ProjectionType::kAll) return std::string(item_text);
  json::object entry;
  CopyIfPresent(item, table.hash.name, entry);
  if (table.range) CopyIfPresent(item, table.range->name, entry);
  CopyIfPresent(item, index.hash.name, entry);
  if (index.range) CopyIfPresent(item, index.range->name, entry);
  for (const auto& name : index.non_key_attributes) CopyIfPresent(item, name, entry);
  return json::serialize(entry);
}

json::object IndexEntryKeyAttributes(const SecondaryIndex& index, TableKeys table, const json::object& entry) {
  json::object key;
  CopyIfPresent(entry, index.hash.name, key);
  if (index.range) CopyIfPresent(entry, index.range->name, key);
  CopyIfPresent(entry, table.hash.name, key);
  if (table.range) CopyIfPresent(entry, table.range->name, key);
  return key;
}

aws::Status CheckIndexKeys(const IndexList& indexes, const json::object& item) {
  std::vector<const SecondaryIndex*> ordered;
  for (const auto& index : indexes)
    if (index.status != IndexStatus::kDeleting) ordered.push_back(&index);
  std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->name < b->name; });
  for (const SecondaryIndex* index : ordered) {
    for (const KeyAttribute* attr : {&index->hash, index->range ? &*index->range : nullptr}) {
      if (attr == nullptr) continue;
      auto* v = item.if_contains(attr->name);
      if (v == nullptr) continue;
      auto type = TypeOf(*v);
      if (!type) continue;
      if (TypeName(*type) != attr->type)
        return errors::Validation(fmt::format(
            "One or more parameter values were invalid: Type mismatch for Index Key {} Expected: {} Actual: {} "
            "IndexName: {}", attr->name, attr->type, TypeName(*type), index->name));
      if ((*type == AttrType::S || *type == AttrType::B) && Payload(*v).get_string().empty())
        return errors::Validation(fmt::format(
            "One or more parameter values are not valid. A value specified for a secondary index key is not "
            "supported. The AttributeValue for a key attribute cannot contain an empty {} value. IndexName: {}, "
            "IndexKey: {}", *type == AttrType::S ? "string" : "binary", index->name, attr->name));
    }
  }
  return aws::OkStatus();
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
    std::string new_value;
    if (new_key) new_value = IndexEntryValue(index, table, *new_item, new_text);
    if (old_key && new_key && *old_key == *new_key) {
      // Same entry: rewrite only when what it projects changed.
      if (index.projection == ProjectionType::kAll ||
          new_value != IndexEntryValue(index, table, *old_item, json::serialize(*old_item))) {
        batch.Put(*new_key, new_value);
        touched = 1;
      }
    } else {
      if (old_key) {
        batch.Delete(*old_key);
        ++touched;
      }
      if (new_key) {
        batch.Put(*new_key, new_value);
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
  o["hash"] = KeyAttributeRecord(index.hash);
  if (index.range) o["range"] = KeyAttributeRecord(*index.range);
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
  index.hash = KeyAttributeFromRecord(o.at("hash"));
  if (auto* r = o.if_contains("range")) index.range = KeyAttributeFromRecord(*r);
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
