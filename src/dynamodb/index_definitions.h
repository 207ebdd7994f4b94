// Secondary index definitions as requests carry them (CreateTable's
// GlobalSecondaryIndexes / LocalSecondaryIndexes, UpdateTable's
// GlobalSecondaryIndexUpdates Create) and as DescribeTable reports them,
// with DynamoDB's checks and message texts.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <map>
#include <set>
#include <string>

#include "aws/error.h"
#include "dynamodb/database.h"
#include "dynamodb/request_validation.h"

namespace cloudlet::dynamodb {

// Model constraints of one index member list ("globalSecondaryIndexes" or
// "localSecondaryIndexes" path prefix): IndexName length and pattern,
// KeySchema length, Projection present, ProjectionType enum. Wrongly typed
// members are SerializationExceptions.
aws::Status CheckIndexListConstraints(const boost::json::object& req, std::string_view member, std::string_view path,
                                      ConstraintErrors& errors);
// The same for one index definition object at `path` (e.g. "globalSecondaryIndexUpdates.1.member.create").
aws::Status CheckIndexConstraints(const boost::json::value& spec, const std::string& path, bool global,
                                  ConstraintErrors& errors);

// CreateTable's indexes after the table's own key schema was accepted:
// `defined` maps AttributeDefinitions names to types; every name a key
// schema uses is added to *used. Ids are assigned by Database::Create.
aws::Result<IndexList> ParseCreateTableIndexes(const boost::json::object& req, const Table& table,
                                               const std::map<std::string, std::string>& defined,
                                               std::string_view defined_list, std::string_view billing,
                                               std::set<std::string>* used);

// One GSI definition (CreateTable or UpdateTable Create), checked against
// `defined` and the billing mode.
aws::Result<SecondaryIndex> ParseGlobalIndex(const boost::json::object& spec,
                                             const std::map<std::string, std::string>& defined,
                                             std::string_view defined_list, std::string_view billing);

// "GlobalSecondaryIndexes" / "LocalSecondaryIndexes" members of a
// TableDescription, with live sizes and counts.
void DescribeIndexes(const Database& db, const Table& table, std::string_view table_arn, boost::json::object& out);

// 100 NonKeyAttributes over all indexes of a table, as DynamoDB counts them.
aws::Status CheckProjectedAttributeLimit(const IndexList& indexes);

}  // namespace cloudlet::dynamodb
