// CreateTable DescribeTable ListTables DeleteTable UpdateTable DescribeLimits
// DescribeEndpoints TagResource UntagResource ListTagsOfResource.
//
// Tables become ACTIVE at once (CreateTable answers CREATING, as DynamoDB
// does, and the first DescribeTable says ACTIVE) so that SDK waiters return
// immediately instead of polling every 20 s.
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <chrono>
#include <random>
#include <set>

#include "dynamodb/database.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_definitions.h"
#include "dynamodb/index_updates.h"
#include "dynamodb/operations.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/stream_specification.h"
#include "dynamodb/table_operations.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

std::string TableArn(const OperationContext& ctx, std::string_view name) {
  return fmt::format("arn:aws:dynamodb:{}:{}:table/{}", ctx.region, ctx.account_id, name);
}

std::string NewTableId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", uint32_t(a >> 32), uint16_t(a >> 16), uint16_t(a) & 0xFFF,
                     uint16_t((b >> 48) & 0x3FFF) | 0x8000, b & 0xFFFFFFFFFFFFull);
}

double NowSeconds() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() / 1000.0;
}

// The table's description with its live fields.
json::object Describe(Database& db, const Table& table, std::string_view status) {
  json::object d = table.description;
  d["TableStatus"] = status;
  auto stats = db.TableStats(table);
  d["ItemCount"] = stats.item_count;
  d["TableSizeBytes"] = stats.size_bytes;
  if (!table.indexes->empty()) DescribeIndexes(db, table, d.at("TableArn").as_string(), d);
  return d;
}

// DescribeTable, DeleteTable and UpdateTable take a name or an ARN: one character is enough.
Result<TablePtr> RequireTable(OperationContext& ctx, const json::object& req) {
  ConstraintErrors errors;
  CheckTableName(req, errors);
  if (auto e = errors.Error()) return *e;
  auto name = req.at("TableName").get_string();
  auto table = ctx.db.Find(ctx.region, TableNameOf(ctx, name));
  if (!table) return errors::TableNotFound(std::string(name));
  return table;
}

json::object ThroughputDescription(const json::object* pt) {
  json::object out;
  out["NumberOfDecreasesToday"] = 0;
  out["ReadCapacityUnits"] = pt ? pt->at("ReadCapacityUnits") : json::value(0);
  out["WriteCapacityUnits"] = pt ? pt->at("WriteCapacityUnits") : json::value(0);
  return out;
}

// Validates ProvisionedThroughput against BillingMode with DynamoDB's texts.
aws::Status CheckThroughput(std::string_view billing, const json::object* pt, ConstraintErrors& errors,
                            bool creating) {
  if (billing == "PAY_PER_REQUEST") {
    if (pt && creating)
      return errors::Validation(
          "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be "
          "specified when BillingMode is PAY_PER_REQUEST");
    return aws::OkStatus();
  }
  if (!pt) {
    if (creating)
      return errors::Validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
                                "must both be specified when BillingMode is PROVISIONED");
    return aws::OkStatus();
  }
  for (const char* member : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
    auto* v = pt->if_contains(member);
    std::string path = std::string("provisionedThroughput.") + (member[0] == 'R' ? "readCapacityUnits" : "writeCapacityUnits");
    if (v == nullptr || v->is_null()) {
      errors.Add(nullptr, path, "Member must not be null");
    } else if (!v->is_number()) {
      return errors::Serialization("Unexpected value type in payload: expected long");
    } else if (v->to_number<double>() < 1) {
      errors.Add(v, path, "Member must have value greater than or equal to 1");
    }
  }
  return aws::OkStatus();
}

// A KeySchema list as DynamoDB's Java model prints it inside 'Value ... at':
// [KeySchemaElement(attributeName=pk, keyType=HASH), ...].
std::string KeySchemaText(const json::array& key_schema) {
  std::string out = "[";
  for (const auto& k : key_schema) {
    if (out.size() > 1) out += ", ";
    auto field = [&](std::string_view member) -> std::string {
      auto* v = k.is_object() ? k.get_object().if_contains(member) : nullptr;
      return v == nullptr || v->is_null() ? "null" : ValueText(*v);
    };
    out += fmt::format("KeySchemaElement(attributeName={}, keyType={})", field("AttributeName"), field("KeyType"));
  }
  return out + "]";
}

// StreamSpecification's effect on the table (stream_specification.h).
aws::Status ApplyStreams(OperationContext& ctx, const StreamChange& change, Table& table, StreamPtr* created,
                         uint32_t* disabled_id) {
  if (change.action == StreamChange::Action::kNone) return aws::OkStatus();
  if (ctx.streams == nullptr) return errors::InternalServerError("DynamoDB Streams is not available");
  return ApplyStreamChange(*ctx.streams, ctx.account_id, change, table, created, disabled_id);
}

// Whether UpdateTable creates or deletes a global secondary index.
bool ChangesIndexes(const json::object& req) {
  auto* updates = req.if_contains("GlobalSecondaryIndexUpdates");
  if (updates == nullptr || !updates->is_array()) return false;
  for (const auto& u : updates->get_array())
    if (u.is_object() && (u.get_object().contains("Create") || u.get_object().contains("Delete"))) return true;
  return false;
}

}  // namespace

Result<std::string> CreateTable(OperationContext& ctx, json::object& req) {
  if (!req.contains("TableName") || req.at("TableName").is_null())
    return errors::Validation("The parameter 'TableName' is required but was not present in the request");
  CLOUDLET_TRY(StringMember(req, "TableName"));
  CLOUDLET_TRY(ArrayMember(req, "AttributeDefinitions"));
  CLOUDLET_TRY(ArrayMember(req, "KeySchema"));
  CLOUDLET_TRY(StringMember(req, "BillingMode"));
  auto pt_result = ObjectMember(req, "ProvisionedThroughput");
  if (!pt_result.ok()) return pt_result.take_error();
  const json::object* pt = *pt_result;

  ConstraintErrors errors;
  CheckTableName(req, errors, 3);
  auto* key_schema = req.if_contains("KeySchema");
  auto* attr_defs = req.if_contains("AttributeDefinitions");
  if (!key_schema || key_schema->is_null()) {
    errors.Add(nullptr, "keySchema", "Member must not be null");
  } else if (key_schema->get_array().empty()) {
    errors.Add(key_schema, "keySchema", "Member must have length greater than or equal to 1");
  } else if (key_schema->get_array().size() > 2) {
    errors.AddRaw(fmt::format("Value '{}' at 'keySchema' failed to satisfy constraint: Member must have length less "
                              "than or equal to 2", KeySchemaText(key_schema->get_array())));
  }
  if (!attr_defs || attr_defs->is_null()) errors.Add(nullptr, "attributeDefinitions", "Member must not be null");
  if (key_schema && key_schema->is_array()) {
    std::size_t i = 0;
    for (auto& k : key_schema->get_array()) {
      ++i;
      if (!k.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
      CheckEnum(k.get_object(), "KeyType", fmt::format("keySchema.{}.member.keyType", i), {"HASH", "RANGE"}, errors);
      if (!k.get_object().contains("KeyType"))
        errors.Add(nullptr, fmt::format("keySchema.{}.member.keyType", i), "Member must not be null");
      if (!k.get_object().contains("AttributeName"))
        errors.Add(nullptr, fmt::format("keySchema.{}.member.attributeName", i), "Member must not be null");
    }
  }
  if (attr_defs && attr_defs->is_array()) {
    std::size_t i = 0;
    for (auto& a : attr_defs->get_array()) {
      ++i;
      if (!a.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
      CheckEnum(a.get_object(), "AttributeType", fmt::format("attributeDefinitions.{}.member.attributeType", i),
                {"B", "N", "S"}, errors);
      if (!a.get_object().contains("AttributeType"))
        errors.Add(nullptr, fmt::format("attributeDefinitions.{}.member.attributeType", i), "Member must not be null");
      if (!a.get_object().contains("AttributeName"))
        errors.Add(nullptr, fmt::format("attributeDefinitions.{}.member.attributeName", i), "Member must not be null");
    }
  }
  CheckEnum(req, "BillingMode", "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"}, errors);
  CLOUDLET_TRY(CheckStreamSpecificationConstraints(req, errors));
  CLOUDLET_TRY(CheckIndexListConstraints(req, "LocalSecondaryIndexes", "localSecondaryIndexes", errors));
  CLOUDLET_TRY(CheckIndexListConstraints(req, "GlobalSecondaryIndexes", "globalSecondaryIndexes", errors));
  std::string billing = req.contains("BillingMode") ? std::string(req.at("BillingMode").get_string()) : "PROVISIONED";
  auto throughput = CheckThroughput(billing, pt, errors, true);
  // A mistyped member outranks everything; model constraints outrank the billing-mode rules.
  if (!throughput.ok() && throughput.error().code == "SerializationException") return throughput.take_error();
  if (auto e = errors.Error()) return *e;
  if (!throughput.ok()) return throughput.take_error();

  Table table;
  table.region = std::string(ctx.region);
  table.name = std::string(req.at("TableName").get_string());
  // Key schema: exactly one HASH first, at most one RANGE, each defined once in AttributeDefinitions.
  std::map<std::string, std::string> defined;
  std::string defined_list;
  for (auto& a : attr_defs->get_array()) {
    auto& o = a.get_object();
    std::string name(o.at("AttributeName").as_string());
    if (!defined.emplace(name, std::string(o.at("AttributeType").as_string())).second)
      return errors::Validation("Cannot have two attributes with the same name");
    defined_list += (defined_list.empty() ? "" : ", ") + name;
  }
  auto& ks = key_schema->get_array();
  std::string keys_list;
  for (auto& k : ks) keys_list += (keys_list.empty() ? "" : ", ") + std::string(k.at("AttributeName").as_string());
  if (ks[0].at("KeyType").as_string() != "HASH" || (ks.size() == 2 && ks[1].at("KeyType").as_string() != "RANGE")) {
    if (ks.size() == 2 && ks[0].at("KeyType").as_string() == "HASH")
      return errors::Validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    if (ks.size() == 2 && ks[0].at("KeyType").as_string() == "RANGE" && ks[1].at("KeyType").as_string() == "HASH")
      return errors::Validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    return errors::Validation(ks.size() == 1 ? "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
                                             : "Too many hash keys");
  }
  // DynamoDB answers a key attribute used twice as if the second had no definition.
  if (ks.size() == 2 && ks[0].at("AttributeName") == ks[1].at("AttributeName"))
    return errors::Validation("Invalid KeySchema: Some index key attribute have no definition");
  for (auto& k : ks) {
    if (!defined.contains(std::string(k.at("AttributeName").as_string())))
      return errors::Validation(fmt::format(
          "One or more parameter values were invalid: Some index key attributes are not defined in "
          "AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]", keys_list, defined_list));
  }
  auto present = [&](const char* member) { return req.contains(member) && !req.at(member).is_null(); };
  bool has_indexes = present("GlobalSecondaryIndexes") || present("LocalSecondaryIndexes");
  const auto mismatch = errors::Validation("One or more parameter values were invalid: Number of attributes in KeySchema "
                                           "does not exactly match number of attributes defined in AttributeDefinitions");
  if (!has_indexes && defined.size() != ks.size()) return mismatch;
  table.hash = {std::string(ks[0].at("AttributeName").as_string()), defined[std::string(ks[0].at("AttributeName").as_string())]};
  if (ks.size() == 2) {
    std::string n(ks[1].at("AttributeName").as_string());
    table.range = KeyAttribute{n, defined[n]};
  }
  if (has_indexes) {
    std::set<std::string> used = {table.hash.name};
    if (table.range) used.insert(table.range->name);
    auto indexes = ParseCreateTableIndexes(req, table, defined, defined_list, billing, &used);
    if (!indexes.ok()) return indexes.take_error();
    // Every definition must be some key's: an unused one is rejected.
    if (used.size() != defined.size()) return mismatch;
    table.indexes = std::make_shared<const IndexList>(std::move(indexes.value()));
  }

  auto stream_change = StreamChangeOf(req, nullptr);
  if (!stream_change.ok()) return stream_change.take_error();

  json::object d;
  d["AttributeDefinitions"] = *attr_defs;
  d["TableName"] = table.name;
  d["KeySchema"] = *key_schema;
  d["CreationDateTime"] = NowSeconds();
  d["ProvisionedThroughput"] = ThroughputDescription(billing == "PROVISIONED" ? pt : nullptr);
  d["TableArn"] = TableArn(ctx, table.name);
  d["TableId"] = NewTableId();
  if (billing == "PAY_PER_REQUEST") {
    d["BillingModeSummary"] = {{"BillingMode", "PAY_PER_REQUEST"}, {"LastUpdateToPayPerRequestDateTime", d["CreationDateTime"]}};
  } else if (req.contains("BillingMode")) {
    d["BillingModeSummary"] = {{"BillingMode", "PROVISIONED"}};
  }
  if (auto* dp = req.if_contains("DeletionProtectionEnabled"); dp && dp->is_bool()) d["DeletionProtectionEnabled"] = *dp;
  table.description = std::move(d);
  if (auto* tags = req.if_contains("Tags"); tags && tags->is_array()) {
    for (auto& t : tags->get_array()) {
      if (t.is_object() && t.get_object().contains("Key") && t.get_object().contains("Value"))
        table.tags[t.at("Key").as_string()] = t.at("Value");
    }
  }
  StreamPtr stream;
  uint32_t no_stream = 0;
  CLOUDLET_TRY(ApplyStreams(ctx, *stream_change, table, &stream, &no_stream));
  auto created = ctx.db.Create(std::move(table));
  if (!created.ok()) {
    if (stream) ctx.streams->Discard(stream->id);
    return created.take_error();
  }
  json::object out;
  out["TableDescription"] = Describe(ctx.db, **created, "CREATING");
  return json::serialize(out);
}

Result<std::string> DescribeTable(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(StringMember(req, "TableName"));
  auto table = RequireTable(ctx, req);
  if (!table.ok()) return table.take_error();
  json::object out;
  out["Table"] = Describe(ctx.db, **table, "ACTIVE");
  return json::serialize(out);
}

Result<std::string> DeleteTable(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(StringMember(req, "TableName"));
  auto table = RequireTable(ctx, req);
  if (!table.ok()) return table.take_error();
  if (auto* dp = (*table)->description.if_contains("DeletionProtectionEnabled"); dp && dp->is_bool() && dp->get_bool())
    return errors::Validation("Resource cannot be deleted as it is currently protected against deletion. Disable "
                              "deletion protection first.");
  json::object description = Describe(ctx.db, **table, "DELETING");
  auto dropped = ctx.db.Drop(ctx.region, (*table)->name);
  if (!dropped.ok()) return dropped.take_error();
  // The stream outlives its table: readable, DISABLED, until its retention ends.
  if ((*table)->stream_id != 0 && ctx.streams) CLOUDLET_TRY(ctx.streams->Disable((*table)->stream_id));
  json::object out;
  out["TableDescription"] = std::move(description);
  return json::serialize(out);
}

Result<std::string> ListTables(OperationContext& ctx, json::object& req) {
  auto start = StringMember(req, "ExclusiveStartTableName");
  if (!start.ok()) return start.take_error();
  auto limit = IntMember(req, "Limit");
  if (!limit.ok()) return limit.take_error();
  ConstraintErrors errors;
  if (*limit && **limit < 1) errors.Add(req.if_contains("Limit"), "limit", "Member must have value greater than or equal to 1");
  if (*limit && **limit > 100) errors.Add(req.if_contains("Limit"), "limit", "Member must have value less than or equal to 100");
  if (*start) {
    if ((*start)->size() < 3) errors.Add(req.if_contains("ExclusiveStartTableName"), "exclusiveStartTableName", "Member must have length greater than or equal to 3");
    if ((*start)->size() > 255) errors.Add(req.if_contains("ExclusiveStartTableName"), "exclusiveStartTableName", "Member must have length less than or equal to 255");
  }
  if (auto e = errors.Error()) return *e;
  std::size_t n = *limit ? std::size_t(**limit) : 100;
  auto tables = ctx.db.List(ctx.region, *start ? **start : std::string_view{}, n + 1);
  json::object out;
  json::array names;
  for (std::size_t i = 0; i < tables.size() && i < n; ++i) names.emplace_back(tables[i]->name);
  if (tables.size() > n) out["LastEvaluatedTableName"] = tables[n - 1]->name;
  out["TableNames"] = std::move(names);
  return json::serialize(out);
}

Result<std::string> UpdateTable(OperationContext& ctx, json::object& req) {
  CLOUDLET_TRY(StringMember(req, "TableName"));
  CLOUDLET_TRY(StringMember(req, "BillingMode"));
  auto pt_result = ObjectMember(req, "ProvisionedThroughput");
  if (!pt_result.ok()) return pt_result.take_error();
  ConstraintErrors errors;
  CheckEnum(req, "BillingMode", "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"}, errors);
  CLOUDLET_TRY(CheckIndexUpdateConstraints(req, errors));
  CLOUDLET_TRY(CheckStreamSpecificationConstraints(req, errors));
  if (auto e = errors.Error()) return *e;
  auto found = RequireTable(ctx, req);
  if (!found.ok()) return found.take_error();
  Table table = **found;
  auto& d = table.description;
  std::string current = "PROVISIONED";
  if (auto* s = d.if_contains("BillingModeSummary")) current = std::string(s->at("BillingMode").as_string());
  std::string billing = req.contains("BillingMode") ? std::string(req.at("BillingMode").as_string()) : current;
  const json::object* pt = *pt_result;
  if (billing == "PAY_PER_REQUEST" && pt)
    return errors::Validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                              "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  if (billing == "PROVISIONED" && current == "PAY_PER_REQUEST" && !pt)
    return errors::Validation("One or more parameter values were invalid: ProvisionedThroughput must be specified "
                              "when BillingMode is PROVISIONED");
  CLOUDLET_TRY(CheckThroughput(billing, pt, errors, false));
  if (auto e = errors.Error()) return *e;
  // Naming the current billing mode again is an accepted no-op, not an empty update.
  bool changed = req.contains("BillingMode");
  if (billing != current) {
    changed = true;
    if (billing == "PAY_PER_REQUEST") {
      d["BillingModeSummary"] = {{"BillingMode", "PAY_PER_REQUEST"}, {"LastUpdateToPayPerRequestDateTime", NowSeconds()}};
      d["ProvisionedThroughput"] = ThroughputDescription(nullptr);
    } else {
      d["BillingModeSummary"] = {{"BillingMode", "PROVISIONED"}};
    }
  }
  if (pt) {
    auto& old = d["ProvisionedThroughput"].as_object();
    if (billing == current && old.at("ReadCapacityUnits") == pt->at("ReadCapacityUnits") &&
        old.at("WriteCapacityUnits") == pt->at("WriteCapacityUnits"))
      return errors::Validation(fmt::format(
          "The provisioned throughput for the table will not change. The requested value equals the current value. "
          "Current ReadCapacityUnits provisioned for the table: {}. Requested ReadCapacityUnits: {}. Current "
          "WriteCapacityUnits provisioned for the table: {}. Requested WriteCapacityUnits: {}. Refer to the Amazon "
          "DynamoDB Developer Guide for current limits and how to request higher limits.",
          json::serialize(old.at("ReadCapacityUnits")), json::serialize(pt->at("ReadCapacityUnits")),
          json::serialize(old.at("WriteCapacityUnits")), json::serialize(pt->at("WriteCapacityUnits"))));
    json::object next = ThroughputDescription(pt);
    next["LastIncreaseDateTime"] = NowSeconds();
    d["ProvisionedThroughput"] = std::move(next);
    changed = true;
  }
  if (auto* dp = req.if_contains("DeletionProtectionEnabled"); dp && dp->is_bool()) {
    d["DeletionProtectionEnabled"] = *dp;
    changed = true;
  }
  auto stream_change = StreamChangeOf(req, &table);
  if (!stream_change.ok()) return stream_change.take_error();
  if (stream_change->action != StreamChange::Action::kNone && ChangesIndexes(req))
    return errors::Validation("One or more parameter values were invalid: You cannot create or delete index while "
                              "changing stream status");
  if (!changed && !req.contains("GlobalSecondaryIndexUpdates") && !req.contains("StreamSpecification"))
    return errors::Validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                              "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  std::vector<std::function<void()>> jobs;
  CLOUDLET_TRY(ApplyGlobalIndexUpdates(ctx.db, req, billing, table, &jobs));
  if (billing == "PAY_PER_REQUEST" && current != billing) {
    // On-demand indexes report zero throughput, as the table does.
    auto list = std::make_shared<IndexList>(*table.indexes);
    for (auto& index : *list)
      if (index.global) index.throughput = {{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}};
    table.indexes = std::move(list);
  }
  StreamPtr stream;
  uint32_t disabled_stream = 0;
  CLOUDLET_TRY(ApplyStreams(ctx, *stream_change, table, &stream, &disabled_stream));
  if (auto replaced = ctx.db.Replace(table); !replaced.ok()) {
    if (stream) ctx.streams->Discard(stream->id);
    return replaced.take_error();
  }
  if (disabled_stream != 0) CLOUDLET_TRY(ctx.streams->Disable(disabled_stream));
  json::object out;
  out["TableDescription"] = Describe(ctx.db, table, "ACTIVE");
  for (auto& job : jobs) job();
  return json::serialize(out);
}

Result<std::string> DescribeLimits(OperationContext&, json::object&) {
  return std::string(R"({"AccountMaxReadCapacityUnits":80000,"AccountMaxWriteCapacityUnits":80000,)"
                     R"("TableMaxReadCapacityUnits":40000,"TableMaxWriteCapacityUnits":40000})");
}

Result<std::string> DescribeEndpoints(OperationContext& ctx, json::object&) {
  return fmt::format(R"({{"Endpoints":[{{"Address":"dynamodb.{}.amazonaws.com","CachePeriodInMinutes":1440}}]}})",
                     ctx.region);
}

namespace {

// "arn:aws:dynamodb:<region>:<account>:table/<name>" -> the table, or DynamoDB's error.
Result<TablePtr> TableFromArn(OperationContext& ctx, const json::object& req) {
  auto* arn = req.if_contains("ResourceArn");
  if (!arn || arn->is_null()) {
    ConstraintErrors errors;
    errors.Add(nullptr, "resourceArn", "Member must not be null");
    return *errors.Error();
  }
  if (!arn->is_string()) return errors::Serialization("Unexpected value type in payload: expected string");
  std::string_view text = arn->get_string();
  auto slash = text.find(":table/");
  if (!text.starts_with("arn:aws:dynamodb:") || slash == std::string_view::npos)
    return errors::Validation(fmt::format("Invalid TableArn: Invalid ResourceArn provided as input {}", text));
  std::string_view name = text.substr(slash + 7);
  name = name.substr(0, name.find('/'));
  auto table = ctx.db.Find(ctx.region, name);
  if (!table || text != TableArn(ctx, name))
    return errors::AccessDenied(fmt::format("Requested resource not found: ResourcArn: {} not found", text));
  return table;
}

}  // namespace

Result<std::string> TagResource(OperationContext& ctx, json::object& req) {
  auto found = TableFromArn(ctx, req);
  if (!found.ok()) return found.take_error();
  auto tags = ArrayMember(req, "Tags");
  if (!tags.ok()) return tags.take_error();
  if (!*tags) {
    ConstraintErrors errors;
    errors.Add(nullptr, "tags", "Member must not be null");
    return *errors.Error();
  }
  Table table = **found;
  for (auto& t : **tags) {
    if (!t.is_object() || !t.get_object().contains("Key") || !t.get_object().contains("Value"))
      return errors::Validation("One or more parameter values were invalid: Tag key and value are required");
    table.tags[t.at("Key").as_string()] = t.at("Value");
  }
  if (table.tags.size() > 50) return errors::Validation("One or more parameter values were invalid: Too many tags");
  CLOUDLET_TRY(ctx.db.Replace(std::move(table)));
  return std::string("{}");
}

Result<std::string> UntagResource(OperationContext& ctx, json::object& req) {
  auto found = TableFromArn(ctx, req);
  if (!found.ok()) return found.take_error();
  auto keys = ArrayMember(req, "TagKeys");
  if (!keys.ok()) return keys.take_error();
  if (!*keys) {
    ConstraintErrors errors;
    errors.Add(nullptr, "tagKeys", "Member must not be null");
    return *errors.Error();
  }
  Table table = **found;
  for (auto& k : **keys)
    if (k.is_string()) table.tags.erase(k.get_string());
  CLOUDLET_TRY(ctx.db.Replace(std::move(table)));
  return std::string("{}");
}

Result<std::string> ListTagsOfResource(OperationContext& ctx, json::object& req) {
  auto found = TableFromArn(ctx, req);
  if (!found.ok()) return found.take_error();
  json::array tags;
  for (auto& [k, v] : (*found)->tags) tags.push_back(json::object{{"Key", k}, {"Value", v}});
  json::object out;
  out["Tags"] = std::move(tags);
  return json::serialize(out);
}

}  // namespace cloudlet::dynamodb
