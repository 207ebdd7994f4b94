#include "dynamodb/index_definitions.h"

#include <fmt/format.h>

#include <algorithm>

#include "dynamodb/errors.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

constexpr std::size_t kMaxLocalIndexes = 5;
constexpr std::size_t kMaxGlobalIndexes = 20;
constexpr std::size_t kMaxProjectedAttributes = 100;
// Multi-attribute GSI keys: up to four partition and four sort attributes.
constexpr std::size_t kMaxKeyAttributesPerRole = 4;

aws::AwsError Invalid(std::string_view text) {
  return errors::Validation(fmt::format("One or more parameter values were invalid: {}", text));
}

bool ValidIndexNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

// The definition checks GSIs and LSIs share: key attributes defined, HASH
// then RANGE, a projection that names NonKeyAttributes exactly for INCLUDE.
Result<SecondaryIndex> ParseIndexCommon(const json::object& spec, bool global,
                                        const std::map<std::string, std::string>& defined,
                                        std::string_view defined_list) {
  SecondaryIndex index;
  index.global = global;
  index.name = std::string(spec.at("IndexName").as_string());
  const auto& ks = spec.at("KeySchema").as_array();
  std::string keys_list;
  for (const auto& k : ks) keys_list += (keys_list.empty() ? "" : ", ") + std::string(k.at("AttributeName").as_string());
  for (const auto& k : ks) {
    if (!defined.contains(std::string(k.at("AttributeName").as_string())))
      return Invalid(fmt::format("Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], "
                                 "AttributeDefinitions: [{}]", keys_list, defined_list));
  }
  // The single-attribute shapes keep their messages; a GSI's longer key
  // schema is HASH elements (1 to 4) followed by RANGE elements (0 to 4).
  if (ks.size() == 2 && ks[0].at("AttributeName") == ks[1].at("AttributeName") &&
      !(global && ks[1].at("KeyType").as_string() == "HASH"))
    return errors::Validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  if (ks[0].at("KeyType").as_string() != "HASH")
    return errors::Validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (!global) {
    if (ks.size() == 2 && ks[1].at("KeyType").as_string() != "RANGE")
      return errors::Validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  } else {
    bool seen_range = false;
    std::size_t hashes = 0, ranges = 0;
    for (const auto& k : ks) {
      bool range = k.at("KeyType").as_string() == "RANGE";
      if (!range && seen_range)
        return Invalid("All HASH key attributes must precede RANGE key attributes in the KeySchema");
      seen_range = seen_range || range;
      ++(range ? ranges : hashes);
    }
    if (hashes > kMaxKeyAttributesPerRole)
      return Invalid("The KeySchema exceeds the maximum allowed number of HASH key attributes");
    if (ranges > kMaxKeyAttributesPerRole)
      return Invalid("The KeySchema exceeds the maximum allowed number of RANGE key attributes");
    std::set<std::string_view> names;
    for (const auto& k : ks)
      if (!names.insert(k.at("AttributeName").as_string()).second)
        return errors::Validation("The KeySchema contains multiple key attributes with the same name");
  }
  for (const auto& k : ks) {
    std::string name(k.at("AttributeName").as_string());
    KeyAttribute attr{name, defined.at(name)};
    (k.at("KeyType").as_string() == "HASH" ? index.hash_keys : index.range_keys).push_back(std::move(attr));
  }

  const auto& projection = spec.at("Projection").as_object();
  auto* type = projection.if_contains("ProjectionType");
  if (type == nullptr || type->is_null()) return Invalid("Unknown ProjectionType: null");
  std::string_view type_name = type->as_string();
  auto* non_key = projection.if_contains("NonKeyAttributes");
  if (non_key && non_key->is_null()) non_key = nullptr;
  if (non_key && type_name != "INCLUDE")
    return Invalid(fmt::format("ProjectionType is {}, but NonKeyAttributes is specified", type_name));
  if (!non_key && type_name == "INCLUDE") return Invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  index.projection = type_name == "ALL" ? ProjectionType::kAll
                     : type_name == "INCLUDE" ? ProjectionType::kInclude
                                              : ProjectionType::kKeysOnly;
  if (non_key)
    for (const auto& n : non_key->as_array()) index.non_key_attributes.emplace_back(n.as_string());
  return index;
}

// ProvisionedThroughput of a GSI against the table's billing mode.
aws::Status ParseIndexThroughput(const json::object& spec, std::string_view billing, SecondaryIndex& index) {
  auto* pt = spec.if_contains("ProvisionedThroughput");
  if (pt && pt->is_null()) pt = nullptr;
  if (billing == "PAY_PER_REQUEST") {
    if (pt)
      return Invalid(fmt::format("ProvisionedThroughput should not be specified for index: {} when BillingMode is "
                                 "PAY_PER_REQUEST", index.name));
    index.throughput = {{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}};
    return aws::OkStatus();
  }
  if (!pt) return Invalid(fmt::format("ProvisionedThroughput must be specified for index: {}", index.name));
  index.throughput = {{"NumberOfDecreasesToday", 0},
                      {"ReadCapacityUnits", pt->at("ReadCapacityUnits")},
                      {"WriteCapacityUnits", pt->at("WriteCapacityUnits")}};
  return aws::OkStatus();
}

void NoteUsed(const SecondaryIndex& index, std::set<std::string>* used) {
  index.ForEachKeyAttribute([used](const KeyAttribute& a) { used->insert(a.name); });
}

aws::Status CheckThroughputConstraints(const json::value& pt, const std::string& path, ConstraintErrors& errors) {
  if (pt.is_null()) return aws::OkStatus();
  if (!pt.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
  for (const char* member : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
    auto* v = pt.as_object().if_contains(member);
    std::string at = path + ".provisionedThroughput." + (member[0] == 'R' ? "readCapacityUnits" : "writeCapacityUnits");
    if (v == nullptr || v->is_null()) {
      errors.Add(nullptr, at, "Member must not be null");
    } else if (!v->is_number()) {
      return errors::Serialization("Unexpected value type in payload: expected long");
    } else if (v->to_number<double>() < 1) {
      errors.Add(v, at, "Member must have value greater than or equal to 1");
    }
  }
  return aws::OkStatus();
}

}  // namespace

aws::Status CheckIndexConstraints(const json::value& spec_value, const std::string& path, bool global,
                                  ConstraintErrors& errors) {
  if (!spec_value.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
  const auto& spec = spec_value.as_object();
  auto* name = spec.if_contains("IndexName");
  if (name == nullptr || name->is_null()) {
    errors.Add(nullptr, path + ".indexName", "Member must not be null");
  } else if (!name->is_string()) {
    return errors::Serialization("Unexpected value type in payload: expected string");
  } else {
    std::string_view text = name->get_string();
    if (text.size() < 3) errors.Add(name, path + ".indexName", "Member must have length greater than or equal to 3");
    if (text.size() > 255) errors.Add(name, path + ".indexName", "Member must have length less than or equal to 255");
    if (!std::all_of(text.begin(), text.end(), ValidIndexNameCharacter))
      errors.Add(name, path + ".indexName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  auto* ks = spec.if_contains("KeySchema");
  if (ks == nullptr || ks->is_null()) {
    errors.Add(nullptr, path + ".keySchema", "Member must not be null");
  } else if (!ks->is_array()) {
    return errors::Serialization("Unexpected value type in payload: expected list");
  } else {
    const auto& list = ks->get_array();
    if (list.empty()) errors.Add(ks, path + ".keySchema", "Member must have length greater than or equal to 1");
    // A GSI's KeySchema has no model maximum (multi-attribute keys); the
    // table's and an LSI's keep theirs.
    if (!global && list.size() > 2)
      errors.Add(ks, path + ".keySchema", "Member must have length less than or equal to 2");
    std::size_t i = 0;
    for (const auto& k : list) {
      ++i;
      if (!k.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
      std::string at = fmt::format("{}.keySchema.{}.member", path, i);
      CLOUDLET_TRY(StringMember(k.get_object(), "AttributeName"));
      CLOUDLET_TRY(StringMember(k.get_object(), "KeyType"));
      CheckEnum(k.get_object(), "KeyType", at + ".keyType", {"HASH", "RANGE"}, errors);
      if (!k.get_object().contains("KeyType") || k.at("KeyType").is_null())
        errors.Add(nullptr, at + ".keyType", "Member must not be null");
      if (!k.get_object().contains("AttributeName") || k.at("AttributeName").is_null())
        errors.Add(nullptr, at + ".attributeName", "Member must not be null");
    }
  }
  auto* projection = spec.if_contains("Projection");
  if (projection == nullptr || projection->is_null()) {
    errors.Add(nullptr, path + ".projection", "Member must not be null");
  } else if (!projection->is_object()) {
    return errors::Serialization("Unexpected value type in payload: expected structure");
  } else {
    const auto& p = projection->get_object();
    CLOUDLET_TRY(StringMember(p, "ProjectionType"));
    CheckEnum(p, "ProjectionType", path + ".projection.projectionType", {"ALL", "KEYS_ONLY", "INCLUDE"}, errors);
    auto non_key = ArrayMember(p, "NonKeyAttributes");
    if (!non_key.ok()) return non_key.take_error();
    if (*non_key) {
      if ((*non_key)->empty())
        errors.Add(p.if_contains("NonKeyAttributes"), path + ".projection.nonKeyAttributes",
                   "Member must have length greater than or equal to 1");
      for (const auto& n : **non_key)
        if (!n.is_string()) return errors::Serialization("Unexpected value type in payload: expected string");
    }
  }
  if (global)
    if (auto* pt = spec.if_contains("ProvisionedThroughput"))
      CLOUDLET_TRY(CheckThroughputConstraints(*pt, path, errors));
  return aws::OkStatus();
}

aws::Status CheckIndexListConstraints(const json::object& req, std::string_view member, std::string_view path,
                                      ConstraintErrors& errors) {
  auto list = ArrayMember(req, member);
  if (!list.ok()) return list.take_error();
  if (!*list) return aws::OkStatus();
  std::size_t i = 0;
  for (const auto& spec : **list)
    CLOUDLET_TRY(CheckIndexConstraints(spec, fmt::format("{}.{}.member", path, ++i), member[0] == 'G', errors));
  return aws::OkStatus();
}

Result<SecondaryIndex> ParseGlobalIndex(const json::object& spec, const std::map<std::string, std::string>& defined,
                                        std::string_view defined_list, std::string_view billing) {
  auto index = ParseIndexCommon(spec, true, defined, defined_list);
  if (!index.ok()) return index.take_error();
  CLOUDLET_TRY(ParseIndexThroughput(spec, billing, *index));
  return index;
}

Result<IndexList> ParseCreateTableIndexes(const json::object& req, const Table& table,
                                          const std::map<std::string, std::string>& defined,
                                          std::string_view defined_list, std::string_view billing,
                                          std::set<std::string>* used) {
  IndexList indexes;
  std::set<std::string> names;
  auto* lsis = req.if_contains("LocalSecondaryIndexes");
  if (lsis && !lsis->is_null()) {
    const auto& list = lsis->as_array();
    if (list.empty()) return Invalid("List of LocalSecondaryIndexes is empty");
    if (!table.range)
      return Invalid("Table KeySchema does not have a range key, which is required when specifying a "
                     "LocalSecondaryIndex");
    for (const auto& spec : list) {
      auto index = ParseIndexCommon(spec.as_object(), false, defined, defined_list);
      if (!index.ok()) return index.take_error();
      if (index->range_keys.empty())
        return Invalid("Index KeySchema does not have a range key for index: " + index->name);
      if (index->hash_keys[0].name != table.hash.name)
        return Invalid(fmt::format("Index KeySchema does not have the same leading hash key as table KeySchema for "
                                   "index: {}. index hash key: {}, table hash key: {}",
                                   index->name, index->hash_keys[0].name, table.hash.name));
      if (!names.insert(index->name).second) return Invalid("Duplicate index name: " + index->name);
      NoteUsed(*index, used);
      indexes.push_back(std::move(index.value()));
    }
    if (list.size() > kMaxLocalIndexes)
      return Invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }
  auto* gsis = req.if_contains("GlobalSecondaryIndexes");
  if (gsis && !gsis->is_null()) {
    const auto& list = gsis->as_array();
    if (list.empty()) return Invalid("List of GlobalSecondaryIndexes is empty");
    for (const auto& spec : list) {
      auto index = ParseGlobalIndex(spec.as_object(), defined, defined_list, billing);
      if (!index.ok()) return index.take_error();
      if (!names.insert(index->name).second) return Invalid("Duplicate index name: " + index->name);
      NoteUsed(*index, used);
      indexes.push_back(std::move(index.value()));
    }
    if (list.size() > kMaxGlobalIndexes)
      return Invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
  CLOUDLET_TRY(CheckProjectedAttributeLimit(indexes));
  return indexes;
}

aws::Status CheckProjectedAttributeLimit(const IndexList& indexes) {
  std::size_t projected = 0;
  for (const auto& index : indexes) projected += index.non_key_attributes.size();
  if (projected > kMaxProjectedAttributes)
    return Invalid("Number of projected attributes in all indexes exceeds limit of 100");
  return aws::OkStatus();
}

void DescribeIndexes(const Database& db, const Table& table, std::string_view table_arn, json::object& out) {
  json::array globals, locals;
  for (const auto& index : *table.indexes) {
    json::object d;
    d["IndexName"] = index.name;
    json::array ks;
    for (const auto& a : index.hash_keys) ks.push_back(json::object{{"AttributeName", a.name}, {"KeyType", "HASH"}});
    for (const auto& a : index.range_keys) ks.push_back(json::object{{"AttributeName", a.name}, {"KeyType", "RANGE"}});
    d["KeySchema"] = std::move(ks);
    json::object projection{{"ProjectionType", ProjectionTypeName(index.projection)}};
    if (index.projection == ProjectionType::kInclude) {
      json::array non_key;
      for (const auto& n : index.non_key_attributes) non_key.emplace_back(n);
      projection["NonKeyAttributes"] = std::move(non_key);
    }
    d["Projection"] = std::move(projection);
    if (index.global) {
      d["IndexStatus"] = index.status == IndexStatus::kCreating   ? "CREATING"
                         : index.status == IndexStatus::kDeleting ? "DELETING"
                                                                  : "ACTIVE";
      if (index.status == IndexStatus::kCreating) d["Backfilling"] = true;
      d["ProvisionedThroughput"] = index.throughput;
    }
    auto stats = db.IndexStats(index);
    d["IndexSizeBytes"] = stats.size_bytes;
    d["ItemCount"] = stats.item_count;
    d["IndexArn"] = fmt::format("{}/index/{}", table_arn, index.name);
    (index.global ? globals : locals).push_back(std::move(d));
  }
  if (!globals.empty()) out["GlobalSecondaryIndexes"] = std::move(globals);
  if (!locals.empty()) out["LocalSecondaryIndexes"] = std::move(locals);
}

}  // namespace cloudlet::dynamodb
