// TransactWriteItems/TransactGetItems planning: DynamoDB's validation order
// and texts, which errors fail the request and which become cancellation
// reasons; the cancellation format; the item locks of a transaction.
#include "dynamodb/transaction_plan.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "storage/kv_store.h"

namespace cloudlet::dynamodb {
namespace {
namespace json = boost::json;

class TransactionPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::OpenStore({.in_memory = true}).store;
    db_ = std::make_unique<Database>(*store_);
    Table t;
    t.region = "us-east-1";
    t.name = "accounts";
    t.hash = {"id", "S"};
    t.description = {{"TableArn", "arn:aws:dynamodb:us-east-1:000000000000:table/accounts"}};
    ASSERT_TRUE(db_->Create(std::move(t)).ok());
  }

  aws::Result<std::vector<TransactionAction>> Write(std::string_view text) {
    req_ = json::parse(text).as_object();
    OperationContext ctx{request_, *db_, "us-east-1", "000000000000"};
    return PlanTransactWrite(ctx, req_);
  }
  aws::Result<std::vector<TransactionAction>> Get(std::string_view text) {
    req_ = json::parse(text).as_object();
    OperationContext ctx{request_, *db_, "us-east-1", "000000000000"};
    return PlanTransactGet(ctx, req_);
  }
  static std::string ErrorOf(const aws::Result<std::vector<TransactionAction>>& r) {
    return r.ok() ? "ok" : r.error().code + ": " + r.error().message;
  }

  http::RequestContext request_;
  std::unique_ptr<storage::KvStore> store_;
  std::unique_ptr<Database> db_;
  json::object req_;
};

TEST_F(TransactionPlan, RequestLevelErrorsInDynamoDbsWords) {
  struct Case {
    const char* request;
    const char* error;
  };
  const Case cases[] = {
      {R"({})", "ValidationException: 1 validation error detected: Value null at 'transactItems' failed to satisfy "
                "constraint: Member must not be null"},
      {R"({"TransactItems":[]})", "ValidationException: 1 validation error detected: Value '[]' at 'transactItems' "
                                  "failed to satisfy constraint: Member must have length greater than or equal to 1"},
      {R"({"TransactItems":[{"Put":{"TableName":"accounts"}}]})",
       "ValidationException: 1 validation error detected: Value null at 'transactItems.1.member.put.item' failed to "
       "satisfy constraint: Member must not be null"},
      {R"({"TransactItems":[{"Update":{"TableName":"accounts","Key":{"id":{"S":"a"}}}}]})",
       "ValidationException: 1 validation error detected: Value null at 'transactItems.1.member.update.updateExpression' "
       "failed to satisfy constraint: Member must not be null"},
      {R"({"TransactItems":[{"Put":{"TableName":"accounts","Item":{"id":{"S":"a"}}},"Delete":{"TableName":"accounts","Key":{"id":{"S":"a"}}}}]})",
       "ValidationException: TransactItems can only contain one of Check, Put, Update or Delete"},
      {R"({"TransactItems":[{"Put":{"TableName":"nope","Item":{"id":{"S":"a"}}}}]})",
       "ResourceNotFoundException: Requested resource not found"},
      {R"({"TransactItems":[{"Put":{"TableName":"accounts","Item":{"id":{"S":"a"}}}},{"Delete":{"TableName":"accounts","Key":{"id":{"S":"a"}}}}]})",
       "ValidationException: Transaction request cannot include multiple operations on one item"},
      {R"({"TransactItems":[{"Put":{"TableName":"accounts","Item":{"id":{"S":""}}}}]})",
       "ValidationException: One or more parameter values are not valid. The AttributeValue for a key attribute "
       "cannot contain an empty string value. Key: id"},
      {R"({"TransactItems":[{"ConditionCheck":{"TableName":"accounts","Key":{"id":{"S":"a"}},"ConditionExpression":"("}}]})",
       "ValidationException: Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\""},
      {R"({"TransactItems":[{"Update":{"TableName":"accounts","Key":{"id":{"S":"a"}},"UpdateExpression":"SET id = :v","ExpressionAttributeValues":{":v":{"S":"b"}}}}]})",
       "ValidationException: One or more parameter values were invalid: Cannot update attribute id. This attribute is "
       "part of the key"},
      {R"({"TransactItems":[{"Put":{"TableName":"accounts","Item":{"id":{"S":"a"}}}}],"ClientRequestToken":""})",
       "ValidationException: 1 validation error detected: Value '' at 'clientRequestToken' failed to satisfy "
       "constraint: Member must have length greater than or equal to 1"},
  };
  for (const auto& c : cases) EXPECT_EQ(ErrorOf(Write(c.request)), c.error) << c.request;
}

TEST_F(TransactionPlan, MoreThanAHundredActionsEchoTheList) {
  json::array items;
  for (int i = 0; i < 101; ++i)
    items.push_back(json::object{{"Put", json::object{{"TableName", "accounts"},
                                 {"Item", json::object{{"id", json::object{{"S", std::to_string(i)}}}}}}}});
  auto r = Write(json::serialize(json::object{{"TransactItems", items}}));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().message.starts_with("1 validation error detected: Value '[{"));
  EXPECT_TRUE(r.error().message.ends_with("' at 'transactItems' failed to satisfy constraint: Member must have length "
                                          "less than or equal to 100"));
  items.pop_back();
  EXPECT_TRUE(Write(json::serialize(json::object{{"TransactItems", items}})).ok());
}

TEST_F(TransactionPlan, ItemsOverFourMegabytesAltogetherAreRejected) {
  std::string payload(350'000, 'x');
  auto request = [&](int n) {
    json::array items;
    for (int i = 0; i < n; ++i) {
      json::object item{{"id", json::object{{"S", std::to_string(i)}}}, {"p", json::object{{"S", payload}}}};
      items.push_back(json::object{{"Put", json::object{{"TableName", "accounts"}, {"Item", std::move(item)}}}});
    }
    return json::serialize(json::object{{"TransactItems", items}});
  };
  EXPECT_TRUE(Write(request(11)).ok());
  auto r = Write(request(12));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ValidationException");
}

TEST_F(TransactionPlan, KeyErrorsBecomeTheActionsValidationError) {
  auto r = Write(R"({"TransactItems":[{"Put":{"TableName":"accounts","Item":{"id":{"S":"a"}}}},
                                      {"Delete":{"TableName":"accounts","Key":{"id":{"N":"1"}}}}]})");
  ASSERT_TRUE(r.ok()) << ErrorOf(r);
  EXPECT_FALSE((*r)[0].key_error);
  ASSERT_TRUE((*r)[1].key_error);
  EXPECT_EQ((*r)[1].key_error->message, "The provided key element does not match the schema");
  auto g = Get(R"({"TransactItems":[{"Get":{"TableName":"accounts","Key":{}}}]})");
  ASSERT_TRUE(g.ok()) << ErrorOf(g);
  EXPECT_TRUE((*g)[0].key_error);
  EXPECT_EQ(ErrorOf(Get(R"({"TransactItems":[{"Get":{"TableName":"accounts","Key":{"id":{"S":"a"}},"ProjectionExpression":"!!!"}}]})")),
            "ValidationException: Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"");
}

TEST(TransactionCanceled, ListsEveryReasonInRequestOrder) {
  std::vector<CancellationReason> reasons(3);
  reasons[1] = {.code = "ConditionalCheckFailed", .message = "The conditional request failed",
                .item = R"({"id":{"S":"b"}})"};
  auto e = TransactionCanceled(reasons);
  EXPECT_EQ(e.code, "TransactionCanceledException");
  auto body = json::parse("{" + e.extra_json + "}").as_object();
  EXPECT_EQ(body.at("Message").as_string(), "Transaction cancelled, please refer cancellation reasons for specific "
                                            "reasons [None, ConditionalCheckFailed, None]");
  auto& list = body.at("CancellationReasons").as_array();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(json::serialize(list[0]), R"({"Code":"None"})");
  EXPECT_EQ(list[1].at("Item").at("id").at("S").as_string(), "b");
}

TEST(TransactionLocks, AnotherTransactionOnTheSameItemIsAConflict) {
  auto store = storage::OpenStore({.in_memory = true}).store;
  Database db(*store);
  std::vector<bool> conflicts;
  auto first = db.LockTransaction({"a", "b"}, &conflicts);
  ASSERT_TRUE(first);
  auto second = db.LockTransaction({"c", "b"}, &conflicts);
  EXPECT_FALSE(second);
  ASSERT_EQ(conflicts.size(), 2u);
  EXPECT_TRUE(conflicts[1]);
  // Nothing of the refused transaction stays held: its other item is free.
  EXPECT_TRUE(db.LockFor("c").try_lock());
  db.LockFor("c").unlock();
  first.reset();
  EXPECT_TRUE(db.LockTransaction({"c", "b"}, &conflicts));
}

}  // namespace
}  // namespace cloudlet::dynamodb
