#include "dynamodb/operations.h"

#include <algorithm>
#include <array>
#include <utility>

#include "dynamodb/backup_operations.h"
#include "dynamodb/batch_operations.h"
#include "dynamodb/item_operations.h"
#include "dynamodb/partiql_operations.h"
#include "dynamodb/query_scan.h"
#include "dynamodb/table_operations.h"
#include "dynamodb/transaction_operations.h"
#include "dynamodb/ttl_operations.h"

namespace cloudlet::dynamodb {

std::string_view TableNameOf(std::string_view name_or_arn, std::string_view region, std::string_view account_id) {
  std::string_view rest = name_or_arn;
  auto take = [&rest](std::string_view part) {
    if (!rest.starts_with(part)) return false;
    rest.remove_prefix(part.size());
    return true;
  };
  if (!(take("arn:aws:dynamodb:") && take(region) && take(":") && take(account_id) && take(":table/")))
    return name_or_arn;
  return rest.empty() || rest.find('/') != std::string_view::npos ? name_or_arn : rest;
}

Operation FindOperation(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, Operation>, 33> kOperations = {{
      {"BatchExecuteStatement", BatchExecuteStatement},
      {"BatchGetItem", BatchGetItem},
      {"BatchWriteItem", BatchWriteItem},
      {"CreateBackup", CreateBackup},
      {"CreateTable", CreateTable},
      {"DeleteBackup", DeleteBackup},
      {"DeleteItem", DeleteItem},
      {"DeleteTable", DeleteTable},
      {"DescribeBackup", DescribeBackup},
      {"DescribeContinuousBackups", DescribeContinuousBackups},
      {"DescribeEndpoints", DescribeEndpoints},
      {"DescribeLimits", DescribeLimits},
      {"DescribeTable", DescribeTable},
      {"DescribeTimeToLive", DescribeTimeToLive},
      {"ExecuteStatement", ExecuteStatement},
      {"ExecuteTransaction", ExecuteTransaction},
      {"GetItem", GetItem},
      {"ListBackups", ListBackups},
      {"ListTables", ListTables},
      {"ListTagsOfResource", ListTagsOfResource},
      {"PutItem", PutItem},
      {"Query", Query},
      {"RestoreTableFromBackup", RestoreTableFromBackup},
      {"RestoreTableToPointInTime", RestoreTableToPointInTime},
      {"Scan", Scan},
      {"TagResource", TagResource},
      {"TransactGetItems", TransactGetItems},
      {"TransactWriteItems", TransactWriteItems},
      {"UntagResource", UntagResource},
      {"UpdateContinuousBackups", UpdateContinuousBackups},
      {"UpdateItem", UpdateItem},
      {"UpdateTable", UpdateTable},
      {"UpdateTimeToLive", UpdateTimeToLive},
  }};
  auto it = std::lower_bound(kOperations.begin(), kOperations.end(), name,
                             [](const auto& entry, std::string_view n) { return entry.first < n; });
  return it != kOperations.end() && it->first == name ? it->second : nullptr;
}

}  // namespace cloudlet::dynamodb
