// The legacy (pre-expression) request parameters, translated onto the AST of
// ast.h so that one evaluator serves both API generations:
//
//   Expected (+ ConditionalOperator)       PutItem/UpdateItem/DeleteItem  -> Condition
//   QueryFilter / ScanFilter (+ Cond.Op.)  Query / Scan                   -> Condition
//   KeyConditions                          Query                          -> KeyCondition
//   AttributeUpdates                       UpdateItem                     -> Update
//   AttributesToGet                        GetItem/BatchGetItem/Query/Scan -> Projection
//
// Every legacy name is one top-level attribute: "a.b" is the attribute
// literally named "a.b", never a document path.
//
// A condition entry {"ComparisonOperator": OP, "AttributeValueList": [...]}
// becomes (v, w are the list's values, printed by ToString() as their JSON):
//   EQ NE LT LE GT GE   a = v, a <> v, a < v, ...   (<> is true on a missing a,
//                                                    as NE is; see the evaluator)
//   NULL / NOT_NULL     attribute_not_exists(a) / attribute_exists(a)
//   CONTAINS            contains(a, v)
//   NOT_CONTAINS        attribute_exists(a) AND (NOT contains(a, v))
//                       (DynamoDB: NOT_CONTAINS on a missing attribute is false)
//   BEGINS_WITH         begins_with(a, v)
//   IN                  a IN (v, w, ...)
//   BETWEEN             a BETWEEN v AND w
// Expected's older form: {"Value": v} or {"Value": v, "Exists": true} -> a = v;
// {"Exists": false} -> attribute_not_exists(a). Entries are joined, in request
// order, by AND (default) or OR (ConditionalOperator), left-associatively.
//
// AttributeUpdates {"a": {"Action": A, "Value": v}} (Action defaults to PUT):
//   PUT v              SET a = v
//   DELETE (no Value)  REMOVE a
//   DELETE set         DELETE a v
//   ADD N or set       ADD a v
//   ADD list           SET a = list_append(if_not_exists(a, []), v)
// Updating a key attribute is rejected by the operation (Update::TopLevelAttributes).
//
// Validation: each function validates and normalises (ValidateAttributeValue)
// the attribute values it translates, in place — hence the non-const request —
// and checks the legacy rules with DynamoDB's texts (dynalite/Dynoxide wording,
// several verified against AWS by Alternator, the Parity suite and ExtendDB):
//   One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator
//   One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type
//   One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type
//   The BETWEEN condition was provided a range where the lower bound is greater than the upper bound
//   One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a
//   ConditionalOperator cannot be used without Filter or Expected
//   One or more parameter values were invalid: Duplicate value in attribute name: a
// Unknown enum values (ComparisonOperator, ConditionalOperator, Action) are
// reported as one-violation constraint errors ("1 validation error detected:
// Value 'eq' at 'keyConditions.pk.member.comparisonOperator' failed to satisfy
// constraint: ..."); members of the wrong JSON type are SerializationExceptions.
//
// The returned trees point into `request` (AttributeValueList elements,
// Value members) — except the empty list of the ADD-list translation, which is
// static — so `request` must outlive them. nullopt means the member is absent
// (or, for Expected/QueryFilter/ScanFilter, an empty map).
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string_view>

#include "aws/error.h"
#include "dynamodb/expressions/ast.h"

namespace cloudlet::dynamodb::expr {

// Expected + ConditionalOperator (PutItem, UpdateItem, DeleteItem).
aws::Result<std::optional<Condition>> TranslateExpected(boost::json::object& request);

// AttributeUpdates (UpdateItem).
aws::Result<std::optional<Update>> TranslateAttributeUpdates(boost::json::object& request);

// AttributesToGet (GetItem, a BatchGetItem table entry, Query, Scan): 1..255
// unique names.
aws::Result<std::optional<Projection>> TranslateAttributesToGet(const boost::json::object& request);

// KeyConditions (Query): 1 or 2 entries, each EQ, LE, LT, GE, GT, BEGINS_WITH
// or BETWEEN. Which attribute is the partition key, and the value types
// against the schema, are the operation's checks (as for KeyConditionExpression).
aws::Result<std::optional<KeyCondition>> TranslateKeyConditions(boost::json::object& request);

// QueryFilter or ScanFilter (`member`) + ConditionalOperator (Query, Scan).
aws::Result<std::optional<Condition>> TranslateFilter(boost::json::object& request, std::string_view member);

}  // namespace cloudlet::dynamodb::expr
