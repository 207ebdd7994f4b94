// Finding and parsing the credential scope and the Authorization header.
#include <gtest/gtest.h>

#include "aws/sigv4/amz_date.h"
#include "aws/sigv4/credential_scope.h"

namespace cloudlet::aws::sigv4 {
namespace {

TEST(ParseCredentialTest, ExactlyFiveElements) {
  auto scope = ParseCredential("AKID/20240309/eu-west-1/dynamodb/aws4_request");
  ASSERT_TRUE(scope.has_value());
  EXPECT_EQ(scope->access_key, "AKID");
  EXPECT_EQ(scope->date, "20240309");
  EXPECT_EQ(scope->region, "eu-west-1");
  EXPECT_EQ(scope->service, "dynamodb");
  EXPECT_EQ(scope->terminator, "aws4_request");
  EXPECT_EQ(scope->ScopeString(), "20240309/eu-west-1/dynamodb/aws4_request");

  EXPECT_FALSE(ParseCredential("AKID/20240309/eu-west-1/dynamodb").has_value());
  EXPECT_FALSE(ParseCredential("AKID/20240309/eu-west-1/dynamodb/aws4_request/x").has_value());
  EXPECT_FALSE(ParseCredential("AKID").has_value());
  EXPECT_FALSE(ParseCredential("").has_value());
  auto empty_parts = ParseCredential("////");
  ASSERT_TRUE(empty_parts.has_value());
  EXPECT_EQ(empty_parts->access_key, "");
}

TEST(ParseAuthorizationHeaderTest, BotocoreSpacing) {
  auto auth = ParseAuthorizationHeader(
      "AWS4-HMAC-SHA256 Credential=AKID/20240309/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, "
      "Signature=abcd");
  EXPECT_EQ(auth.algorithm, "AWS4-HMAC-SHA256");
  EXPECT_EQ(auth.credential, "AKID/20240309/us-east-1/s3/aws4_request");
  EXPECT_EQ(auth.signed_headers, "host;x-amz-date");
  EXPECT_EQ(auth.signature, "abcd");
}

TEST(ParseAuthorizationHeaderTest, NoSpacesAnyOrderAndMissingParts) {
  auto auth = ParseAuthorizationHeader("AWS4-HMAC-SHA256 Signature=ff,Credential=A/B/C/D/E");
  EXPECT_EQ(auth.signature, "ff");
  EXPECT_EQ(auth.credential, "A/B/C/D/E");
  EXPECT_FALSE(auth.signed_headers.has_value());

  auto basic = ParseAuthorizationHeader("Basic dXNlcjpwYXNz");
  EXPECT_EQ(basic.algorithm, "Basic");
  EXPECT_FALSE(basic.credential.has_value());
  EXPECT_EQ(ParseAuthorizationHeader("").algorithm, "");
}

TEST(FindCredentialScopeTest, FromHeaderOrQueryCaseInsensitiveHeaderName) {
  SignedRequest header_form{"POST", "/", {{"authorization", "AWS4-HMAC-SHA256 Credential=K/20240309/ap-south-1/"
                                                             "lambda/aws4_request, SignedHeaders=host, Signature=0"}},
                            ""};
  auto scope = FindCredentialScope(header_form);
  ASSERT_TRUE(scope.has_value());
  EXPECT_EQ(scope->service, "lambda");
  EXPECT_EQ(scope->region, "ap-south-1");

  SignedRequest query_form{"GET",
                           "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=K%2F20240309%2Fus-west-2%2Fs3%2F"
                           "aws4_request&X-Amz-Date=20240309T000000Z",
                           {},
                           ""};
  scope = FindCredentialScope(query_form);
  ASSERT_TRUE(scope.has_value());
  EXPECT_EQ(scope->access_key, "K");
  EXPECT_EQ(scope->service, "s3");
  EXPECT_EQ(scope->region, "us-west-2");
}

TEST(FindCredentialScopeTest, NothingForUnsignedSigV2OrMalformed) {
  EXPECT_FALSE(FindCredentialScope({"GET", "/", {{"Host", "x"}}, ""}).has_value());
  EXPECT_FALSE(FindCredentialScope({"GET", "/", {{"Authorization", "AWS AKID:c2lnbmF0dXJl"}}, ""}).has_value());
  EXPECT_FALSE(FindCredentialScope({"GET", "/", {{"Authorization", "AWS4-HMAC-SHA256 Credential=K/x"}}, ""})
                   .has_value());
  EXPECT_FALSE(FindCredentialScope({"GET", "/?X-Amz-Credential=K", {}, ""}).has_value());
}

TEST(SignedRequestTest, TargetSplitting) {
  EXPECT_EQ(TargetPath("/a/b?x=1?y"), "/a/b");
  EXPECT_EQ(TargetQuery("/a/b?x=1?y"), "x=1?y");
  EXPECT_EQ(TargetQuery("/a/b"), "");
  EXPECT_EQ(TargetPath("http://localhost:4566/p?q=1"), "/p");
  EXPECT_EQ(TargetQuery("http://localhost:4566/p?q=1"), "q=1");
  EXPECT_EQ(TargetPath("http://localhost:4566"), "");
  EXPECT_EQ(FindQueryParam("a=1&X-Amz-Date=2&b", "b"), "");
  EXPECT_EQ(FindQueryParam("a=1&X-Amz-Date=2", "X-Amz-Date"), "2");
  EXPECT_EQ(FindQueryParam("t=a%2Bb+c", "t"), "a+b c");
  EXPECT_FALSE(FindQueryParam("a=1", "x-amz-date").has_value());
}

TEST(AmzDateTest, ParsesAndFormatsBothForms) {
  auto t = ParseAmzDate("20240309T160527Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatAmzDate(*t), "20240309T160527Z");
  EXPECT_EQ(ParseHttpDate("Sat, 09 Mar 2024 16:05:27 GMT"), t);
  EXPECT_EQ(ParseHttpDate("Sat, 09 Mar 2024 16:05:27 -0000"), t);
  EXPECT_FALSE(ParseAmzDate("20240230T000000Z").has_value());
  EXPECT_FALSE(ParseAmzDate("2024-03-09T16:05:27Z").has_value());
  EXPECT_FALSE(ParseAmzDate("20240309T160527").has_value());
  EXPECT_FALSE(ParseAmzDate("20240309T250000Z").has_value());
  EXPECT_FALSE(ParseHttpDate("Sat, 09 Foo 2024 16:05:27 GMT").has_value());
  EXPECT_FALSE(ParseHttpDate("Sat, 09 Mar 2024 16:05:27 CET").has_value());
  EXPECT_EQ(FormatAmzDate(*ParseAmzDate("20000229T235959Z")), "20000229T235959Z");
}

}  // namespace
}  // namespace cloudlet::aws::sigv4
