#include "dynamodb/transaction_plan.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <set>
#include <span>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_keys.h"
#include "dynamodb/request_validation.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using aws::Result;

namespace {

struct ActionSpec {
  const char* member;  // wire name
  const char* path;    // constraint path segment
  TransactionActionKind kind;
};

constexpr ActionSpec kWriteActions[] = {
    {"ConditionCheck", "conditionCheck", TransactionActionKind::kConditionCheck},
    {"Put", "put", TransactionActionKind::kPut},
    {"Delete", "delete", TransactionActionKind::kDelete},
    {"Update", "update", TransactionActionKind::kUpdate},
};
constexpr ActionSpec kGetAction = {"Get", "get", TransactionActionKind::kGet};

bool Present(const json::object& o, std::string_view member) {
  auto* v = o.if_contains(member);
  return v != nullptr && !v->is_null();
}

// The list member: null, [] and more than 100 elements are model violations.
// DynamoDB echoes an oversized list in its Java form; callers match it loosely.
void CheckActionList(const json::value* list, ConstraintErrors& errors) {
  if (list == nullptr || list->is_null()) {
    errors.Add(nullptr, "transactItems", "Member must not be null");
    return;
  }
  const auto& items = list->get_array();
  if (items.empty()) errors.AddRaw("Value '[]' at 'transactItems' failed to satisfy constraint: Member must have "
                                   "length greater than or equal to 1");
  if (items.size() > kMaxTransactionActions)
    errors.AddRaw(fmt::format("Value '{}' at 'transactItems' failed to satisfy constraint: Member must have length "
                              "less than or equal to 100", json::serialize(*list)));
}

// The required members of one action (`path` e.g. "transactItems.1.member.put").
aws::Status CheckActionMembers(const json::object& action, const ActionSpec& spec, const std::string& path,
                               ConstraintErrors& errors) {
  CLOUDLET_TRY(StringMember(action, "TableName"));
  CLOUDLET_TRY(ObjectMember(action, spec.kind == TransactionActionKind::kPut ? "Item" : "Key"));
  CLOUDLET_TRY(StringMember(action, "ConditionExpression"));
  CLOUDLET_TRY(StringMember(action, "UpdateExpression"));
  CLOUDLET_TRY(StringMember(action, "ProjectionExpression"));
  CLOUDLET_TRY(ObjectMember(action, "ExpressionAttributeNames"));
  CLOUDLET_TRY(ObjectMember(action, "ExpressionAttributeValues"));
  CLOUDLET_TRY(StringMember(action, "ReturnValuesOnConditionCheckFailure"));
  // Constraint order as DynamoDB lists them: the members in model order.
  if (spec.kind == TransactionActionKind::kPut) {
    if (!Present(action, "Item")) errors.Add(nullptr, path + ".item", "Member must not be null");
  } else if (!Present(action, "Key")) {
    errors.Add(nullptr, path + ".key", "Member must not be null");
  }
  if (spec.kind == TransactionActionKind::kUpdate && !Present(action, "UpdateExpression"))
    errors.Add(nullptr, path + ".updateExpression", "Member must not be null");
  CheckTableName(action, errors, 1, path + ".tableName");
  if (spec.kind == TransactionActionKind::kConditionCheck && !Present(action, "ConditionExpression"))
    errors.Add(nullptr, path + ".conditionExpression", "Member must not be null");
  if (spec.kind != TransactionActionKind::kGet)
    CheckEnum(action, "ReturnValuesOnConditionCheckFailure", path + ".returnValuesOnConditionCheckFailure",
              {"ALL_OLD", "NONE"}, errors);
  return aws::OkStatus();
}

bool IsEmptyKeyError(const aws::AwsError& e) {
  return e.message.starts_with("One or more parameter values are not valid. The AttributeValue for a key attribute "
                               "cannot contain an empty");
}

// Steps 3-5, shared by both operations.
Result<std::vector<TransactionAction>> PlanActions(OperationContext& ctx, std::vector<TransactionAction> actions) {
  for (auto& a : actions) {
    json::object& body = *a.body;
    ExpressionMembers allowed;
    switch (a.kind) {
      case TransactionActionKind::kPut:
      case TransactionActionKind::kDelete:
      case TransactionActionKind::kConditionCheck: allowed.condition = true; break;
      case TransactionActionKind::kUpdate: allowed = {.condition = true, .update = true}; break;
      case TransactionActionKind::kGet: allowed.projection = true; break;
    }
    auto exprs = ParseRequestExpressions(body, allowed);
    if (!exprs.ok()) return exprs.take_error();
    a.exprs = std::move(exprs.value());
    if (a.kind == TransactionActionKind::kPut) {
      CLOUDLET_TRY(ValidateItem(body.at("Item").as_object()));
    } else {
      CLOUDLET_TRY(ValidateAttributeMap(body.at("Key").as_object()));
    }
    auto* rv = body.if_contains("ReturnValuesOnConditionCheckFailure");
    a.return_old_on_failure = rv && rv->is_string() && rv->get_string() == "ALL_OLD";
  }
  for (auto& a : actions) {
    a.table = ctx.db.Find(ctx.region, TableNameOf(ctx, a.body->at("TableName").get_string()));
    if (!a.table || a.table->restoring) return errors::ResourceNotFound();
    const Table& table = *a.table;
    auto key = a.kind == TransactionActionKind::kPut ? StorageKeyFromItem(table, a.body->at("Item").as_object())
                                                     : StorageKeyFromKey(table, a.body->at("Key").as_object());
    if (key.ok()) {
      a.key = std::move(key.value());
    } else if (IsEmptyKeyError(key.error())) {
      return key.take_error();
    } else {
      a.key_error = key.take_error();
    }
    if (a.kind == TransactionActionKind::kUpdate && a.exprs.update) {
      for (const auto& attr : a.exprs.update->TopLevelAttributes())
        if (table.IsKeyAttribute(attr))
          return errors::Validation("One or more parameter values were invalid: Cannot update attribute " + attr +
                                    ". This attribute is part of the key");
    }
  }
  std::set<std::string_view> seen;
  for (const auto& a : actions)
    if (!a.key_error && !seen.insert(a.key).second)
      return errors::Validation("Transaction request cannot include multiple operations on one item");
  std::size_t total = 0;
  for (const auto& a : actions) {
    if (a.kind == TransactionActionKind::kPut) {
      std::size_t size = ItemSize(a.body->at("Item").as_object());
      if (size > kMaxItemSize) return errors::Validation("Item size has exceeded the maximum allowed size");
      total += size;
    } else {
      total += ItemSize(a.body->at("Key").as_object());
    }
  }
  if (total > kMaxTransactionBytes)
    return errors::Validation("Collection size of items exceeded, which can also be caused by the aggregate size of "
                              "the items in the transaction exceeding the 4MB limit");
  return actions;
}

// Steps 1-2. `specs` lists the action members an element may hold.
Result<std::vector<TransactionAction>> CheckRequest(json::object& req, std::span<const ActionSpec> specs,
                                                    bool write) {
  auto list = ArrayMember(req, "TransactItems");
  if (!list.ok()) return list.take_error();
  CLOUDLET_TRY(StringMember(req, "ReturnConsumedCapacity"));
  ConstraintErrors errors;
  CheckActionList(req.if_contains("TransactItems"), errors);
  std::vector<TransactionAction> actions;
  if (*list && (*list)->size() <= kMaxTransactionActions) {
    std::size_t i = 0;
    for (auto& element : req.at("TransactItems").as_array()) {
      ++i;
      if (!element.is_object()) return errors::Serialization("Unexpected value type in payload: expected structure");
      json::object& o = element.as_object();
      TransactionAction action;
      int found = 0;
      for (const auto& spec : specs) {
        auto body = ObjectMember(o, spec.member);
        if (!body.ok()) return body.take_error();
        if (*body == nullptr) continue;
        ++found;
        CLOUDLET_TRY(CheckActionMembers(**body, spec, fmt::format("transactItems.{}.member.{}", i, spec.path), errors));
        action.kind = spec.kind;
        action.body = &o.at(spec.member).as_object();
      }
      if (!write && found == 0)
        errors.Add(nullptr, fmt::format("transactItems.{}.member.get", i), "Member must not be null");
      if (write && found != 1 && errors.empty())
        return errors::Validation("TransactItems can only contain one of Check, Put, Update or Delete");
      actions.push_back(std::move(action));
    }
  }
  CheckEnum(req, "ReturnConsumedCapacity", "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"}, errors);
  if (write) {
    CLOUDLET_TRY(StringMember(req, "ReturnItemCollectionMetrics"));
    CLOUDLET_TRY(StringMember(req, "ClientRequestToken"));
    CheckEnum(req, "ReturnItemCollectionMetrics", "returnItemCollectionMetrics", {"SIZE", "NONE"}, errors);
    if (auto* token = req.if_contains("ClientRequestToken"); token && token->is_string()) {
      std::size_t n = token->get_string().size();
      if (n < 1) errors.Add(token, "clientRequestToken", "Member must have length greater than or equal to 1");
      if (n > 36) errors.Add(token, "clientRequestToken", "Member must have length less than or equal to 36");
    }
  }
  if (auto e = errors.Error()) return *e;
  return actions;
}

}  // namespace

Result<std::vector<TransactionAction>> PlanTransactWrite(OperationContext& ctx, json::object& req) {
  auto actions = CheckRequest(req, kWriteActions, true);
  if (!actions.ok()) return actions.take_error();
  return PlanActions(ctx, std::move(actions.value()));
}

Result<std::vector<TransactionAction>> PlanTransactGet(OperationContext& ctx, json::object& req) {
  auto actions = CheckRequest(req, std::span<const ActionSpec>(&kGetAction, 1), false);
  if (!actions.ok()) return actions.take_error();
  return PlanActions(ctx, std::move(actions.value()));
}

aws::AwsError TransactionCanceled(const std::vector<CancellationReason>& reasons) {
  std::string codes;
  json::array list;
  for (const auto& r : reasons) {
    if (!codes.empty()) codes += ", ";
    codes += r.code;
    json::object o;
    o["Code"] = r.code;
    if (!r.message.empty()) o["Message"] = r.message;
    list.push_back(std::move(o));
  }
  std::string message = "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]";
  // Items are spliced in as stored (already wire JSON), not re-parsed.
  std::string body = "\"Message\":" + json::serialize(json::string(message)) + ",\"CancellationReasons\":[";
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i) body += ',';
    std::string one = json::serialize(list[i]);
    if (reasons[i].item) {
      one.pop_back();
      one += ",\"Item\":" + *reasons[i].item + "}";
    }
    body += one;
  }
  body += ']';
  auto error = aws::AwsError::Make(400, "TransactionCanceledException", "", errors::kServiceNs);
  error.extra_json = std::move(body);
  return error;
}

}  // namespace cloudlet::dynamodb
