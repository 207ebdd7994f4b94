#include "aws/protocol/protocols.h"

#include <gtest/gtest.h>

#include "aws/protocol/crc32.h"

namespace cloudlet::aws {
namespace {

http::RequestContext Ctx() {
  http::RequestContext c;
  c.request_id = "RID";
  return c;
}

TEST(Crc32Test, MatchesDynamoDbCheckValues) {
  EXPECT_EQ(Crc32("{}"), 2745614147u);
  EXPECT_EQ(Crc32(""), 0u);
}

TEST(JsonRpcTest, ErrorEnvelopeWithPrefixAndCrc) {
  auto res = JsonRpcError(Ctx(), AwsError::Make(400, "ResourceNotFoundException", "Requested resource not found",
                                                "com.amazonaws.dynamodb.v20120810#"),
                          {.crc32 = true});
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(res.body(),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"})");
  EXPECT_EQ(res["x-amz-crc32"], std::to_string(Crc32(res.body())));
  EXPECT_EQ(res["x-amzn-RequestId"], "RID");
  EXPECT_EQ(res[http::Field::content_type], "application/x-amz-json-1.0");
}

TEST(JsonRpcTest, NoMessageMemberWhenEmptyAndCapitalMessageStyle) {
  auto bare = JsonRpcError(Ctx(), AwsError::Make(400, "SerializationException", "", "com.amazon.coral.service#"), {});
  EXPECT_EQ(bare.body(), R"({"__type":"com.amazon.coral.service#SerializationException"})");
  auto cap = JsonRpcError(Ctx(), AwsError::Make(400, "X", "m\"q"), {.capital_message = true});
  EXPECT_EQ(cap.body(), R"({"__type":"X","Message":"m\"q"})");
}

TEST(JsonRpcTest, OperationFromTarget) {
  http::Request r;
  r.set("X-Amz-Target", "DynamoDB_20120810.PutItem");
  EXPECT_EQ(JsonRpcOperation(r), "PutItem");
  r.set("X-Amz-Target", "DynamoDB_20120810.");
  EXPECT_EQ(JsonRpcOperation(r), "");
  r.set("X-Amz-Target", "garbage");
  EXPECT_EQ(JsonRpcOperation(r), "");
}

TEST(RestJsonTest, ErrorTypeHeaderAndBody) {
  auto res = RestJsonError(Ctx(), AwsError::Make(413, "RequestTooLargeException", "Request must be smaller than 6291456 bytes for the InvokeFunction operation"),
                           R"("Type":"User")");
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(res["X-Amzn-ErrorType"], "RequestTooLargeException");
  EXPECT_EQ(res.body(), R"({"Type":"User","message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"})");
}

TEST(QueryXmlTest, ErrorResponseEscapes) {
  auto res = QueryXmlError(Ctx(), AwsError::Make(403, "SignatureDoesNotMatch", "a<b & 'c'"));
  EXPECT_EQ(res.result_int(), 403u);
  EXPECT_EQ(res.body(),
            "<?xml version=\"1.0\"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>"
            "<Message>a&lt;b &amp; &apos;c&apos;</Message></Error><RequestId>RID</RequestId></ErrorResponse>");
}

TEST(QueryXmlTest, SuccessEnvelope) {
  auto res = QueryXmlSuccess(Ctx(), "Publish", "http://sns.amazonaws.com/doc/2010-03-31/", "<MessageId>1</MessageId>");
  EXPECT_EQ(res.body(),
            "<?xml version=\"1.0\"?>\n<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
            "<MessageId>1</MessageId></PublishResult><ResponseMetadata><RequestId>RID</RequestId></ResponseMetadata>"
            "</PublishResponse>");
}

TEST(RestXmlTest, S3ErrorShapeAndHeaders) {
  auto res = RestXmlError(Ctx(), AwsError::Make(404, "NoSuchBucket", "The specified bucket does not exist"),
                          "<BucketName>b</BucketName>");
  EXPECT_EQ(res["x-amz-request-id"], "RID");
  EXPECT_EQ(res.body(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket "
            "does not exist</Message><BucketName>b</BucketName><RequestId>RID</RequestId></Error>");
}

TEST(JsonEscapeTest, ControlCharacters) {
  std::string out;
  AppendJsonEscaped(out, std::string("a\x01\n\\", 4));
  EXPECT_EQ(out, "a\\u0001\\n\\\\");
}

}  // namespace
}  // namespace cloudlet::aws
