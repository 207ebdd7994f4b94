// The operations of the DynamoDB API, one family per file:
//   table_operations.cc   CreateTable DescribeTable ListTables DeleteTable UpdateTable
//                         DescribeLimits DescribeEndpoints TagResource UntagResource ListTagsOfResource
//   item_operations.cc    PutItem GetItem UpdateItem DeleteItem
//   query_scan.cc         Query Scan
//   batch_operations.cc   BatchGetItem BatchWriteItem
//   transaction_operations.cc  TransactGetItems TransactWriteItems
//   ttl_operations.cc     DescribeTimeToLive UpdateTimeToLive
//   backup_operations.cc  CreateBackup DescribeBackup ListBackups DeleteBackup RestoreTableFromBackup
//                         RestoreTableToPointInTime Describe/UpdateContinuousBackups
//   partiql_operations.cc ExecuteStatement BatchExecuteStatement ExecuteTransaction
// Each takes the parsed request object and returns the response body.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "aws/error.h"
#include "http/request_context.h"

namespace cloudlet::dynamodb {

class Database;
class StreamStore;

struct OperationContext {
  const http::RequestContext& request;
  Database& db;
  std::string_view region;
  std::string_view account_id;
  // DynamoDB Streams (StreamSpecification on CreateTable/UpdateTable); null where not served.
  StreamStore* streams = nullptr;
};

using Operation = aws::Result<std::string> (*)(OperationContext& ctx, boost::json::object& request);

// A request's TableName: a table name, or the table's ARN
// (arn:aws:dynamodb:<region>:<account>:table/<name>), which DynamoDB accepts
// wherever an existing table is named. An ARN of another region or account
// comes back unchanged, a name no table has.
std::string_view TableNameOf(std::string_view name_or_arn, std::string_view region, std::string_view account_id);
inline std::string_view TableNameOf(const OperationContext& ctx, std::string_view name_or_arn) {
  return TableNameOf(name_or_arn, ctx.region, ctx.account_id);
}

// nullptr for a name DynamoDB does not have (or cloudlet does not serve yet).
Operation FindOperation(std::string_view name);

}  // namespace cloudlet::dynamodb
