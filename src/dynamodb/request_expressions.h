// The expression members of one request, parsed together: the
// ExpressionAttributeNames/Values checks, each expression parameter the
// operation allows, then the unused-placeholder check over all of them —
// DynamoDB's order. The parsed trees point into `request`, which must
// outlive the result.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string_view>

#include "aws/error.h"
#include "dynamodb/expressions/ast.h"
#include "dynamodb/expressions/parser.h"

namespace cloudlet::dynamodb {

struct ExpressionMembers {
  bool condition = false;      // ConditionExpression
  bool filter = false;         // FilterExpression
  bool key_condition = false;  // KeyConditionExpression
  bool projection = false;     // ProjectionExpression
  bool update = false;         // UpdateExpression
};

struct RequestExpressions {
  expr::Placeholders placeholders;
  std::optional<expr::Condition> condition;  // ConditionExpression or FilterExpression
  std::optional<expr::KeyCondition> key_condition;
  std::optional<expr::Projection> projection;
  std::optional<expr::Update> update;
};

// When an expression member is absent, its legacy counterpart (Expected,
// AttributeUpdates, AttributesToGet, KeyConditions, QueryFilter/ScanFilter, with
// ConditionalOperator) is translated into the same field (expressions/legacy.h).
// Legacy members that may not be mixed with expressions, per expression member:
// Expected/ConditionExpression, AttributeUpdates/UpdateExpression, AttributesToGet/ProjectionExpression,
// KeyConditions/KeyConditionExpression, QueryFilter|ScanFilter/FilterExpression.
aws::Result<RequestExpressions> ParseRequestExpressions(boost::json::object& request, ExpressionMembers allowed);

}  // namespace cloudlet::dynamodb
