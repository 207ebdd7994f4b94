// The checks and planning of TransactWriteItems and TransactGetItems, in
// DynamoDB's order, before anything is locked or read:
//   1. model constraints of the request (null, [] or more than 100 actions,
//      enums, ClientRequestToken length, each action's required members),
//      reported together as one ValidationException;
//   2. each element exactly one action;
//   3. per action: its expressions (syntax, placeholders) and attribute
//      values, then its table (a missing one fails the whole request:
//      ResourceNotFoundException "Requested resource not found");
//   4. the keys: an empty key value fails the request; any other key error
//      (a missing or mistyped key attribute, a key too long) is that
//      action's ValidationError cancellation reason;
//   5. one action per item ("Transaction request cannot include multiple
//      operations on one item"), then the sizes (a Put over 400 KB, all
//      items over 4 MB) as plain ValidationExceptions.
// The plan points into the request, which must outlive it.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "aws/error.h"
#include "dynamodb/database.h"
#include "dynamodb/operations.h"
#include "dynamodb/request_expressions.h"

namespace cloudlet::dynamodb {

inline constexpr std::size_t kMaxTransactionActions = 100;
inline constexpr std::size_t kMaxTransactionBytes = 4 * 1024 * 1024;

enum class TransactionActionKind { kPut, kUpdate, kDelete, kConditionCheck, kGet };

struct TransactionAction {
  TransactionActionKind kind = TransactionActionKind::kPut;
  boost::json::object* body = nullptr;  // the Put/Update/Delete/ConditionCheck/Get member
  TablePtr table;
  std::string key;                      // storage key (empty when key_error is set)
  std::optional<aws::AwsError> key_error;  // becomes a ValidationError reason
  RequestExpressions exprs;
  bool return_old_on_failure = false;   // ReturnValuesOnConditionCheckFailure ALL_OLD
  // The reason a false condition gives, when not ConditionalCheckFailed (a
  // PartiQL INSERT of an existing key: ValidationError "Duplicate primary key ...").
  std::optional<std::pair<std::string, std::string>> condition_failure;  // code, message
};

// Steps 1-5 for TransactWriteItems; `actions` in request order.
aws::Result<std::vector<TransactionAction>> PlanTransactWrite(OperationContext& ctx, boost::json::object& req);
// Steps 1-5 for TransactGetItems (Get actions only).
aws::Result<std::vector<TransactionAction>> PlanTransactGet(OperationContext& ctx, boost::json::object& req);

// One cancellation reason per action, in request order: code "None" (no
// message) for the actions that would have succeeded.
struct CancellationReason {
  std::string code = "None";
  std::string message;
  std::optional<std::string> item;  // the old item's JSON (ReturnValuesOnConditionCheckFailure)
};
// TransactionCanceledException with "Transaction cancelled, please refer
// cancellation reasons for specific reasons [None, ConditionalCheckFailed]".
aws::AwsError TransactionCanceled(const std::vector<CancellationReason>& reasons);

}  // namespace cloudlet::dynamodb
