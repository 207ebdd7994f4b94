#include "dynamodb/item_keys.h"

#include <fmt/format.h>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

aws::Status CheckKeyValue(const KeyAttribute& attribute, const json::value& value, bool is_hash) {
  auto type = TypeOf(value);
  const json::value& payload = Payload(value);
  if (type == AttrType::S || type == AttrType::B) {
    if (payload.get_string().empty())
      return errors::Validation(fmt::format(
          "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an "
          "empty {} value. Key: {}", type == AttrType::S ? "string" : "binary", attribute.name));
  }
  std::size_t size = ValueSize(value);
  if (is_hash && size > 2048)
    return errors::Validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
                              "size limit of2048 bytes");
  if (!is_hash && size > 1024)
    return errors::Validation("One or more parameter values were invalid: Aggregated size of all range keys has "
                              "exceeded the size limit of 1024 bytes");
  return aws::OkStatus();
}

aws::Result<std::string> StorageKeyFromKey(const Table& table, const json::object& key) {
  std::size_t expected = table.range ? 2 : 1;
  auto* h = key.if_contains(table.hash.name);
  const json::value* r = table.range ? key.if_contains(table.range->name) : nullptr;
  auto mismatch = [] { return errors::Validation("The provided key element does not match the schema"); };
  if (key.size() != expected || h == nullptr || (table.range && r == nullptr)) return mismatch();
  if (TypeName(*TypeOf(*h)) != table.hash.type) return mismatch();
  if (r && TypeName(*TypeOf(*r)) != table.range->type) return mismatch();
  CLOUDLET_TRY(CheckKeyValue(table.hash, *h, true));
  if (r) CLOUDLET_TRY(CheckKeyValue(*table.range, *r, false));
  return Database::ItemKey(table, *h, r);
}

aws::Result<std::string> StorageKeyFromItem(const Table& table, const json::object& item) {
  const json::value* values[2] = {nullptr, nullptr};
  const KeyAttribute* attrs[2] = {&table.hash, table.range ? &*table.range : nullptr};
  for (int i = 0; i < 2 && attrs[i]; ++i) {
    values[i] = item.if_contains(attrs[i]->name);
    if (values[i] == nullptr)
      return errors::Validation(
          fmt::format("One or more parameter values were invalid: Missing the key {} in the item", attrs[i]->name));
    auto actual = TypeName(*TypeOf(*values[i]));
    if (actual != attrs[i]->type)
      return errors::Validation(fmt::format(
          "One or more parameter values were invalid: Type mismatch for key {} expected: {} actual: {}",
          attrs[i]->name, attrs[i]->type, actual));
    CLOUDLET_TRY(CheckKeyValue(*attrs[i], *values[i], i == 0));
  }
  return Database::ItemKey(table, *values[0], values[1]);
}

json::object KeyOf(const Table& table, const json::object& item) {
  json::object key;
  if (auto* h = item.if_contains(table.hash.name)) key[table.hash.name] = *h;
  if (table.range)
    if (auto* r = item.if_contains(table.range->name)) key[table.range->name] = *r;
  return key;
}

}  // namespace cloudlet::dynamodb
