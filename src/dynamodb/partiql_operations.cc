// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: PartiQL
// statements parsed (partiql/parser.h), planned against their table
// (partiql/planner.h) into the Query, Scan, Get, Put, Update and Delete
// DynamoDB runs them as, and executed (partiql/executor.h).
//
// Order of checks, as DynamoDB makes them: the request's members (one
// ValidationException listing every constraint violated), the statement's
// syntax, the parameters (values, then their number), the table, then the
// plan's own checks (keys, functions, types) and the execution.
#include "dynamodb/partiql_operations.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <map>
#include <set>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_request.h"
#include "dynamodb/partiql/errors.h"
#include "dynamodb/partiql/executor.h"
#include "dynamodb/partiql/parser.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/transaction_operations.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;
using partiql::Context;
using partiql::Plan;
using partiql::PlanKind;

namespace {

constexpr std::size_t kMaxStatementLength = 8192;
constexpr std::size_t kMaxBatchStatements = 25;

// Statement and Parameters of one request element (the request itself for
// ExecuteStatement), with the constraint violations added to `errors`.
aws::Status CheckStatementMembers(const json::object& o, std::string_view path, ConstraintErrors& errors) {
  auto statement = StringMember(o, "Statement");
  if (!statement.ok()) return statement.take_error();
  auto params = ArrayMember(o, "Parameters");
  if (!params.ok()) return params.take_error();
  std::string at = std::string(path) + "statement";
  if (!*statement) {
    errors.Add(nullptr, at, "Member must not be null");
  } else if ((*statement)->empty()) {
    errors.Add(o.if_contains("Statement"), at, "Member must have length greater than or equal to 1");
  } else if ((*statement)->size() > kMaxStatementLength) {
    errors.Add(o.if_contains("Statement"), at, "Member must have length less than or equal to 8192");
  }
  if (*params && (*params)->empty())
    errors.Add(o.if_contains("Parameters"), std::string(path) + "parameters",
               "Member must have length greater than or equal to 1");
  if (*params) {
    for (const auto& p : **params)
      if (!p.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
  }
  CheckEnum(o, "ReturnValuesOnConditionCheckFailure", std::string(path) + "returnValuesOnConditionCheckFailure",
            {"ALL_OLD", "NONE"}, errors);
  return aws::OkStatus();
}

partiql::Parameters ParametersOf(const json::object& o) {
  partiql::Parameters out;
  if (auto* p = o.if_contains("Parameters"); p && p->is_array())
    for (const auto& v : p->get_array()) out.push_back(v);
  return out;
}

bool ReturnOldOnFailure(const json::object& o) {
  auto* v = o.if_contains("ReturnValuesOnConditionCheckFailure");
  return v && v->is_string() && v->get_string() == "ALL_OLD";
}

// Parsed, with its parameters checked and its table found.
struct Prepared {
  partiql::Statement statement;
  partiql::Parameters parameters;
  TablePtr table;
};

Result<partiql::Statement> ParseStatement(const json::object& o) {
  return partiql::Parse(o.at("Statement").get_string());
}

Result<Prepared> Prepare(OperationContext& ctx, const json::object& o, partiql::Statement statement,
                         std::string_view not_found) {
  Prepared p{std::move(statement), ParametersOf(o), nullptr};
  CLOUDLET_TRY(partiql::CheckParameters(p.parameters, p.statement.parameter_count));
  p.table = ctx.db.Find(ctx.region, p.statement.table);
  if (!p.table) return errors::ResourceNotFound(std::string(not_found));
  return p;
}

// A batch entry's Error.Code for an error the statement ran into.
std::string BatchErrorCode(const aws::AwsError& e) {
  if (e.code == "ValidationException") return "ValidationError";
  if (e.code == "InternalServerError") return "InternalServerError";
  std::string code = e.code;
  if (code.ends_with("Exception")) code.resize(code.size() - 9);
  return code;
}

// Consumed capacity summed per table, as batch operations list it.
class CapacityByTable {
 public:
  void Add(const std::string& table, double units) { units_[table] += units; }
  json::array ToJson(CapacityMode mode, bool read) const {
    json::array out;
    for (const auto& [table, units] : units_) out.push_back(ConsumedCapacity(table, units, mode, read));
    return out;
  }

 private:
  std::map<std::string, double> units_;
};

}  // namespace

Result<std::string> ExecuteStatement(OperationContext& ctx, json::object& req) {
  ConstraintErrors errors;
  CLOUDLET_TRY(CheckStatementMembers(req, "", errors));
  auto limit = IntMember(req, "Limit");
  if (!limit.ok()) return limit.take_error();
  auto consistent = BoolMember(req, "ConsistentRead");
  if (!consistent.ok()) return consistent.take_error();
  auto next_token = StringMember(req, "NextToken");
  if (!next_token.ok()) return next_token.take_error();
  if (*limit && **limit < 1) errors.Add(req.if_contains("Limit"), "limit", "Member must have value greater than or equal to 1");
  if (*next_token && (*next_token)->empty())
    errors.Add(req.if_contains("NextToken"), "nextToken", "Member must have length greater than or equal to 1");
  if (*next_token && (*next_token)->size() > 32768)
    errors.Add(req.if_contains("NextToken"), "nextToken", "Member must have length less than or equal to 32768");
  CheckEnum(req, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"}, errors);
  if (auto e = errors.Error()) return *e;

  auto statement = ParseStatement(req);
  if (!statement.ok()) return statement.take_error();
  auto prepared = Prepare(ctx, req, std::move(*statement), partiql::kTableNotFound);
  if (!prepared.ok()) return prepared.take_error();
  auto plan = partiql::PlanStatement(prepared->statement, prepared->table, prepared->parameters, Context::kStatement);
  if (!plan.ok()) return plan.take_error();
  CapacityMode capacity = ReadCommonMembers(req).capacity;

  if (plan->IsRead()) {
    partiql::SelectOptions options;
    if (*limit) options.limit = std::size_t(**limit);
    options.consistent = consistent->value_or(false);
    options.capacity = capacity;
    options.request_hash = partiql::RequestHash(req.at("Statement").get_string(), prepared->parameters);
    if (*next_token) {
      auto start = partiql::DecodeNextToken(**next_token, options.request_hash);
      if (!start.ok()) return start.take_error();
      options.start = std::move(*start);
    }
    return partiql::RunSelect(ctx, *plan, options);
  }
  auto result = partiql::RunWrite(ctx, *plan, ReturnOldOnFailure(req));
  if (!result.ok()) return result.take_error();
  json::object out;
  json::array items;
  if (result->returned) items.push_back(std::move(*result->returned));
  out["Items"] = std::move(items);
  if (capacity != CapacityMode::kNone) out["ConsumedCapacity"] = partiql::WriteCapacity(*plan->table, *result, capacity);
  return json::serialize(out);
}

Result<std::string> BatchExecuteStatement(OperationContext& ctx, json::object& req) {
  ConstraintErrors errors;
  auto statements = ArrayMember(req, "Statements");
  if (!statements.ok()) return statements.take_error();
  if (!*statements) {
    errors.Add(nullptr, "statements", "Member must not be null");
  } else if ((*statements)->empty()) {
    errors.Add(req.if_contains("Statements"), "statements", "Member must have length greater than or equal to 1");
  } else if ((*statements)->size() > kMaxBatchStatements) {
    errors.Add(req.if_contains("Statements"), "statements", "Member must have length less than or equal to 25");
  }
  if (*statements) {
    for (std::size_t i = 0; i < (*statements)->size(); ++i) {
      const json::value& s = (**statements)[i];
      if (!s.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
      CLOUDLET_TRY(CheckStatementMembers(s.get_object(), "statements." + std::to_string(i + 1) + ".member.", errors));
    }
  }
  CheckEnum(req, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"}, errors);
  if (auto e = errors.Error()) return *e;
  const json::array& list = **statements;

  // Every statement is parsed before any runs: a batch is all reads or all writes.
  std::vector<Result<partiql::Statement>> parsed;
  bool reads = false, writes = false;
  for (const auto& s : list) {
    parsed.push_back(ParseStatement(s.get_object()));
    if (parsed.back().ok()) (parsed.back()->IsRead() ? reads : writes) = true;
  }
  if (reads && writes) return errors::Validation("Read and write requests together in the same batch is not supported.");

  // Then planned; a statement that cannot be planned answers its own error.
  struct Entry {
    std::optional<aws::AwsError> error;
    std::optional<Plan> plan;
    std::string table;
  };
  std::vector<Entry> entries(list.size());
  std::set<std::string> keys;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Entry& entry = entries[i];
    if (!parsed[i].ok()) {
      entry.error = parsed[i].take_error();
      continue;
    }
    auto prepared = Prepare(ctx, list[i].get_object(), std::move(*parsed[i]), partiql::kTableNotFound);
    if (!prepared.ok()) {
      entry.error = prepared.take_error();
      continue;
    }
    entry.table = prepared->table->name;
    auto plan = partiql::PlanStatement(prepared->statement, prepared->table, prepared->parameters, Context::kBatch);
    if (!plan.ok()) {
      entry.error = plan.take_error();
      continue;
    }
    if (!keys.insert(plan->storage_key).second)
      return errors::Validation("Provided list of item keys contains duplicates");
    entry.plan = std::move(*plan);
  }

  CapacityMode capacity = ReadCommonMembers(req).capacity;
  CapacityByTable units;
  json::array responses;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Entry& entry = entries[i];
    json::object response;
    if (entry.plan) {
      const Plan& plan = *entry.plan;
      if (plan.kind == PlanKind::kGet) {
        auto got = partiql::RunGet(ctx, plan);
        if (got.ok()) {
          if (got->item) response["Item"] = std::move(*got->item);
          units.Add(entry.table, ReadUnits(got->size, list[i].get_object().contains("ConsistentRead") &&
                                                          list[i].at("ConsistentRead").is_bool() &&
                                                          list[i].at("ConsistentRead").get_bool()));
        } else {
          entry.error = got.take_error();
        }
      } else {
        auto written = partiql::RunWrite(ctx, plan, ReturnOldOnFailure(list[i].get_object()));
        if (written.ok()) {
          if (written->returned) response["Item"] = std::move(*written->returned);
          units.Add(entry.table, WriteUnits(written->size));
        } else {
          entry.error = written.take_error();
        }
      }
    }
    if (entry.error) {
      json::object error{{"Code", BatchErrorCode(*entry.error)}, {"Message", entry.error->message}};
      // A failed condition's old item travels in the error's extra members ("Item":{...}).
      if (entry.error->extra_json.starts_with("\"Item\":"))
        error["Item"] = json::parse(std::string_view(entry.error->extra_json).substr(7));
      response["Error"] = std::move(error);
    }
    if (!entry.table.empty()) response["TableName"] = entry.table;
    responses.push_back(std::move(response));
  }
  json::object out{{"Responses", std::move(responses)}};
  if (capacity != CapacityMode::kNone) out["ConsumedCapacity"] = units.ToJson(capacity, reads);
  return json::serialize(out);
}

Result<std::string> ExecuteTransaction(OperationContext& ctx, json::object& req) {
  ConstraintErrors errors;
  auto statements = ArrayMember(req, "TransactStatements");
  if (!statements.ok()) return statements.take_error();
  auto token = StringMember(req, "ClientRequestToken");
  if (!token.ok()) return token.take_error();
  if (!*statements) {
    errors.Add(nullptr, "transactStatements", "Member must not be null");
  } else if ((*statements)->empty()) {
    errors.Add(req.if_contains("TransactStatements"), "transactStatements",
               "Member must have length greater than or equal to 1");
  } else if ((*statements)->size() > kMaxTransactionActions) {
    errors.Add(req.if_contains("TransactStatements"), "transactStatements",
               "Member must have length less than or equal to 100");
  }
  if (*statements) {
    for (std::size_t i = 0; i < (*statements)->size(); ++i) {
      const json::value& s = (**statements)[i];
      if (!s.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
      CLOUDLET_TRY(CheckStatementMembers(s.get_object(), "transactStatements." + std::to_string(i + 1) + ".member.",
                                         errors));
    }
  }
  if (*token && ((*token)->empty() || (*token)->size() > 36))
    errors.Add(req.if_contains("ClientRequestToken"), "clientRequestToken",
               (*token)->empty() ? "Member must have length greater than or equal to 1"
                                 : "Member must have length less than or equal to 36");
  CheckEnum(req, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"}, errors);
  if (auto e = errors.Error()) return *e;
  const json::array& list = **statements;

  // Every statement parsed, its parameters checked and its table found, then
  // all reads or all writes (EXISTS is a write's ConditionCheck).
  std::vector<Prepared> prepared;
  bool reads = false, writes = false;
  for (const auto& s : list) {
    auto statement = ParseStatement(s.get_object());
    if (!statement.ok()) return statement.take_error();
    partiql::Parameters parameters = ParametersOf(s.get_object());
    CLOUDLET_TRY(partiql::CheckParameterValues(parameters));
    (statement->IsRead() ? reads : writes) = true;
    prepared.push_back(Prepared{std::move(*statement), std::move(parameters), nullptr});
  }
  if (reads && writes)
    return errors::Validation("ExecuteTransaction API does not support both read and write operations in the same "
                              "request.");
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    Prepared& p = prepared[i];
    auto checked = partiql::CheckParameters(p.parameters, p.statement.parameter_count);
    if (!checked.ok()) return errors::Validation(fmt::format("Validation failed in TransactStatements[{}]: {}", i,
                                                             checked.error().message));
    p.table = ctx.db.Find(ctx.region, p.statement.table);
    if (!p.table) return errors::ResourceNotFound();
  }
  std::vector<Plan> plans;
  std::set<std::string> keys;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    auto plan = partiql::PlanStatement(prepared[i].statement, prepared[i].table, prepared[i].parameters,
                                       Context::kTransaction);
    if (!plan.ok()) {
      auto e = plan.take_error();
      if (e.code != "ValidationException") return e;
      return errors::Validation(fmt::format("Validation failed in TransactStatements[{}]: {}", i, e.message));
    }
    if (plan->kind == PlanKind::kInsert && ItemSize(plan->item) > kMaxItemSize)
      return errors::Validation("Item size has exceeded the maximum allowed size");
    if (!keys.insert(plan->storage_key).second)
      return errors::Validation("Transaction request cannot include multiple operations on one item");
    plans.push_back(std::move(*plan));
  }
  CapacityMode capacity = ReadCommonMembers(req).capacity;
  if (reads) return partiql::RunTransactGet(ctx, plans, capacity);

  // The same planned transaction TransactWriteItems runs.
  std::vector<json::object> bodies(plans.size());
  std::vector<TransactionAction> actions(plans.size());
  for (std::size_t i = 0; i < plans.size(); ++i) {
    Plan& plan = plans[i];
    TransactionAction& a = actions[i];
    a.table = plan.table;
    a.key = plan.storage_key;
    a.body = &bodies[i];
    a.return_old_on_failure = ReturnOldOnFailure(list[i].get_object());
    switch (plan.kind) {
      case PlanKind::kInsert:
        a.kind = TransactionActionKind::kPut;
        bodies[i]["Item"] = plan.item;
        a.exprs.condition = partiql::NotExists(plan.table->hash.name);
        a.condition_failure = {"ValidationError", std::string(partiql::kDuplicateItem)};
        a.return_old_on_failure = false;
        break;
      case PlanKind::kUpdate: a.kind = TransactionActionKind::kUpdate; break;
      case PlanKind::kDelete: a.kind = TransactionActionKind::kDelete; break;
      default: a.kind = TransactionActionKind::kConditionCheck; break;
    }
    bodies[i]["Key"] = plan.key;
    if (plan.kind != PlanKind::kInsert) a.exprs.condition = std::move(plan.condition);
    a.exprs.update = std::move(plan.update);
  }
  TransactWriteOptions options;
  options.capacity = capacity;
  options.response["Responses"] = json::array{};
  return RunTransactWrite(ctx, req, actions, options);
}

}  // namespace cloudlet::dynamodb
