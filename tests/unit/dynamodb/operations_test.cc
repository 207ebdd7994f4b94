// Operation lookup and the TableName forms every operation accepts.
#include "dynamodb/operations.h"

#include <gtest/gtest.h>

namespace cloudlet::dynamodb {
namespace {

TEST(TableNameOf, ResolvesTheTableArnOfThisRegionAndAccount) {
  struct Case {
    std::string_view sent, resolved;
  };
  const Case cases[] = {
      {"things", "things"},
      {"arn:aws:dynamodb:us-east-1:000000000000:table/things", "things"},
      // Another region or account, an index or stream ARN, no name: left as sent (no such table).
      {"arn:aws:dynamodb:eu-west-1:000000000000:table/things", "arn:aws:dynamodb:eu-west-1:000000000000:table/things"},
      {"arn:aws:dynamodb:us-east-1:111111111111:table/things", "arn:aws:dynamodb:us-east-1:111111111111:table/things"},
      {"arn:aws:dynamodb:us-east-1:000000000000:table/t/index/i", "arn:aws:dynamodb:us-east-1:000000000000:table/t/index/i"},
      {"arn:aws:dynamodb:us-east-1:000000000000:table/", "arn:aws:dynamodb:us-east-1:000000000000:table/"},
  };
  for (const auto& c : cases) EXPECT_EQ(TableNameOf(c.sent, "us-east-1", "000000000000"), c.resolved) << c.sent;
}

TEST(FindOperation, KnowsTheServedOperations) {
  EXPECT_NE(FindOperation("GetItem"), nullptr);
  EXPECT_NE(FindOperation("UpdateTable"), nullptr);
  EXPECT_EQ(FindOperation("getitem"), nullptr);
}

}  // namespace
}  // namespace cloudlet::dynamodb
