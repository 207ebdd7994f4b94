#include "dynamodb/query_keys.h"

#include <fmt/format.h>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_keys.h"
#include "dynamodb/request_validation.h"
#include "dynamodb/secondary_index.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;
using Term = expr::KeyConditionTerm;

namespace {

constexpr std::size_t kMaxKeys = 4;

SortKeyOp ToSortKeyOp(Term::Op op) {
  switch (op) {
    case Term::Op::kEq: return SortKeyOp::kEq;
    case Term::Op::kLt: return SortKeyOp::kLt;
    case Term::Op::kLe: return SortKeyOp::kLe;
    case Term::Op::kGt: return SortKeyOp::kGt;
    case Term::Op::kGe: return SortKeyOp::kGe;
    case Term::Op::kBetween: return SortKeyOp::kBetween;
    case Term::Op::kBeginsWith: return SortKeyOp::kBeginsWith;
  }
  return SortKeyOp::kAll;
}

bool TypeMatches(const KeyAttribute& attr, const json::value* v) { return TypeName(*TypeOf(*v)) == attr.type; }

aws::AwsError TypeMismatch() {
  return errors::Validation("One or more parameter values were invalid: Condition parameter type does not match "
                            "schema type");
}

// A sort attribute that needs an equality because a later one is addressed:
// skipped (`earlier` has no condition) or given a range operator.
aws::AwsError NeedsEquality(std::string_view earlier, std::string_view later) {
  return errors::Validation(fmt::format("Invalid KeyConditionExpression: The sort key attribute {} must have an "
                                        "equality condition, since the sort key attribute {} after it has a "
                                        "condition", earlier, later));
}

// Which key attribute each term addresses; nullptr slots are unaddressed.
struct Addressed {
  const Term* hash[kMaxKeys] = {};
  const Term* range[kMaxKeys] = {};
  bool stray = false;  // a term on an attribute outside the key schema
};

Addressed Assign(const KeySchemaView& schema, const expr::KeyCondition& condition) {
  Addressed out;
  for (const Term& term : condition.terms) {
    bool found = false;
    for (std::size_t i = 0; i < schema.hash.size() && !found; ++i)
      if (term.attribute == schema.hash[i].name) out.hash[i] = &term, found = true;
    for (std::size_t i = 0; i < schema.range.size() && !found; ++i)
      if (term.attribute == schema.range[i].name) out.range[i] = &term, found = true;
    out.stray = out.stray || !found;
  }
  return out;
}

}  // namespace

KeySchemaView TableKeySchema(const Table& table) {
  return {std::span<const KeyAttribute>(&table.hash, 1),
          table.range ? std::span<const KeyAttribute>(&*table.range, 1) : std::span<const KeyAttribute>(),
          Database::TablePrefix(table)};
}

KeySchemaView IndexKeySchema(const SecondaryIndex& index) {
  return {index.hash_keys, index.range_keys, IndexPrefix(index.id)};
}

aws::Result<KeyConditionRange> PlanKeyCondition(const KeySchemaView& schema, const expr::KeyCondition& condition) {
  if (schema.hash.empty() || schema.hash.size() > kMaxKeys || schema.range.size() > kMaxKeys)
    return aws::AwsError::Internal("key schema out of bounds");
  Addressed a = Assign(schema, condition);
  // A missing partition attribute is named first; a stray attribute beside
  // them is blamed on the first sort attribute not addressed (the last one
  // when all are), as DynamoDB does with one sort key.
  for (std::size_t i = 0; i < schema.hash.size(); ++i)
    if (!a.hash[i]) return errors::Validation("Query condition missed key schema element: " + schema.hash[i].name);
  if (a.stray) {
    std::string_view blamed = schema.hash[0].name;
    if (!schema.range.empty()) {
      blamed = schema.range.back().name;
      for (std::size_t i = 0; i < schema.range.size(); ++i)
        if (!a.range[i]) {
          blamed = schema.range[i].name;
          break;
        }
    }
    return errors::Validation("Query condition missed key schema element: " + std::string(blamed));
  }
  for (std::size_t i = 0; i < schema.hash.size(); ++i)
    if (a.hash[i]->op != Term::Op::kEq) return errors::Validation("Query key condition not supported");
  for (std::size_t i = 0; i < schema.hash.size(); ++i)
    if (!TypeMatches(schema.hash[i], a.hash[i]->values[0])) return TypeMismatch();

  // The sort attributes addressed must be a leading run, equal but for the last.
  std::size_t run = 0;
  while (run < schema.range.size() && a.range[run]) ++run;
  for (std::size_t i = run + 1; i < schema.range.size(); ++i)
    if (a.range[i]) return NeedsEquality(schema.range[run].name, schema.range[i].name);
  for (std::size_t i = 0; i + 1 < run; ++i)
    if (a.range[i]->op != Term::Op::kEq) return NeedsEquality(schema.range[i].name, schema.range[i + 1].name);
  for (std::size_t i = 0; i < run; ++i)
    for (const json::value* v : a.range[i]->values)
      if (!TypeMatches(schema.range[i], v)) return TypeMismatch();
  const Term* last = run ? a.range[run - 1] : nullptr;
  if (last) {
    const KeyAttribute& attr = schema.range[run - 1];
    if (last->op == Term::Op::kBeginsWith && attr.type == "N")
      return errors::Validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
                                "operator or function: begins_with, operand type: NUMBER");
    if (last->op == Term::Op::kBetween && CompareForOrder(*last->values[0], *last->values[1]).value_or(0) > 0)
      return errors::Validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
                                "greater than or equal to lower bound; lower bound operand: AttributeValue: {" +
                                attr.type + ":" + ValueText(Payload(*last->values[0])) +
                                "}, upper bound operand: AttributeValue: {" + attr.type + ":" +
                                ValueText(Payload(*last->values[1])) + "}");
  }
  for (std::size_t i = 0; i < schema.hash.size(); ++i)
    CLOUDLET_TRY(CheckKeyValue(schema.hash[i], *a.hash[i]->values[0], true));

  KeyConditionRange out;
  const json::value* partition_values[kMaxKeys];
  for (std::size_t i = 0; i < schema.hash.size(); ++i) partition_values[i] = a.hash[i]->values[0];
  if (!AppendPartitionPrefix(schema.prefix,
                             std::span<const json::value* const>(partition_values, schema.hash.size()),
                             &out.partition))
    return aws::AwsError::Internal("partition key value is not an S, N or B value");
  std::string sort_prefix = out.partition;
  for (std::size_t i = 0; i + 1 < run; ++i)
    if (!EncodeKeyValue(*a.range[i]->values[0], &sort_prefix))
      return aws::AwsError::Internal("sort key value is not an S, N or B value");
  auto range = SortKeyRange(sort_prefix, last ? ToSortKeyOp(last->op) : SortKeyOp::kAll,
                            last ? last->values[0] : nullptr,
                            last && last->values.size() > 1 ? last->values[1] : nullptr);
  if (!range.ok()) return range.take_error();
  out.range = std::move(range.value());
  return out;
}

}  // namespace cloudlet::dynamodb
