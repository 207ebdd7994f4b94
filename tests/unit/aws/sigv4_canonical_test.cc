// Table tests for the canonicalisation rules (reference §3.2), plus the IAM
// guide's worked example end to end.
#include <gtest/gtest.h>

#include <string>

#include "aws/sigv4/canonical_request.h"
#include "aws/sigv4/crypto.h"
#include "aws/sigv4/signer.h"

namespace cloudlet::aws::sigv4 {
namespace {

struct Case {
  std::string_view input;
  std::string_view expected;
};

TEST(UriEncodeTest, UnreservedKeptEverythingElseUpperHex) {
  EXPECT_EQ(UriEncode("AZaz09-_.~", false), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("a b+c=d/e%", false), "a%20b%2Bc%3Dd%2Fe%25");
  EXPECT_EQ(UriEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(UriEncode("caf\xc3\xa9", false), "caf%C3%A9");
  EXPECT_EQ(UriEncode(std::string_view("\0\xff", 2), false), "%00%FF");
}

TEST(PercentDecodeTest, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(PercentDecode("a%20b%2fc", false), "a b/c");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("100%", true), "100%");
  EXPECT_EQ(PercentDecode("%zz%4", true), "%zz%4");
  EXPECT_EQ(PercentDecode("%C3%A9", true), "\xc3\xa9");
}

TEST(RemoveDotSegmentsTest, MatchesBotocore) {
  const Case cases[] = {
      {"", "/"},          {"/", "/"},           {"/a/b", "/a/b"},     {"/a/./b", "/a/b"},
      {"/a/../b", "/b"},  {"/../a", "/a"},      {"/a/b/..", "/a"},    {"/a//b//", "/a/b/"},
      {"//", "/"},        {"/a/b/../../..", "/"}, {"/a/%2E%2E/b", "/a/%2E%2E/b"}, {"/a/.b/..c", "/a/.b/..c"},
  };
  for (const auto& c : cases) EXPECT_EQ(RemoveDotSegments(c.input), c.expected) << c.input;
}

TEST(CanonicalUriTest, NonS3NormalisesAndEncodesAgain) {
  EXPECT_EQ(CanonicalUri("", false), "/");
  EXPECT_EQ(CanonicalUri("/my%20func", false), "/my%2520func");
  EXPECT_EQ(CanonicalUri("/a%2Fb/./c/../d", false), "/a%252Fb/d");
  EXPECT_EQ(CanonicalUri("/caf\xc3\xa9", false), "/caf%C3%A9");
  EXPECT_EQ(CanonicalUri("/a:b@c", false), "/a%3Ab%40c");
  EXPECT_EQ(CanonicalUri("/~user/", false), "/~user/");
}

TEST(CanonicalUriTest, S3UsesPathAsSent) {
  EXPECT_EQ(CanonicalUri("", true), "/");
  EXPECT_EQ(CanonicalUri("/bucket/my%20key", true), "/bucket/my%20key");
  EXPECT_EQ(CanonicalUri("/bucket/a/../b//c", true), "/bucket/a/../b//c");
}

TEST(CanonicalQueryTest, EncodesSortsAndFillsEmptyValues) {
  const Case cases[] = {
      {"", ""},
      {"b=2&a=1", "a=1&b=2"},
      {"a=2&a=1&a=", "a=&a=1&a=2"},
      {"acl", "acl="},
      {"a=x y", "a=x%20y"},
      {"a=x+y", "a=x%20y"},
      {"a=x%2By", "a=x%2By"},
      {"a=x%20y", "a=x%20y"},
      {"a=%7e~", "a=~~"},
      {"a=%2f/", "a=%2F%2F"},
      {"a=b=c", "a=b%3Dc"},
      {"&&a=1&", "a=1"},
      {"a-b=1&a=2", "a=2&a-b=1"},  // by name, not by "name=value"
      {"B=1&a=1", "B=1&a=1"},      // bytewise: upper case first
      {"u=caf%C3%A9", "u=caf%C3%A9"},
      {"bad=%zz", "bad=%25zz"},
  };
  for (const auto& c : cases) EXPECT_EQ(CanonicalQuery(c.input, false), c.expected) << c.input;
}

TEST(CanonicalQueryTest, PresignedFormDropsOnlyTheSignature) {
  EXPECT_EQ(CanonicalQuery("X-Amz-Signature=abc&X-Amz-Date=1&x=1", true), "X-Amz-Date=1&x=1");
  EXPECT_EQ(CanonicalQuery("X-Amz-Signature=abc&x=1", false), "X-Amz-Signature=abc&x=1");
}

TEST(TrimAllTest, TrimsAndCollapsesAsciiWhitespace) {
  EXPECT_EQ(TrimAll("  a   b  "), "a b");
  EXPECT_EQ(TrimAll("a\t\tb \r\n c"), "a b c");
  EXPECT_EQ(TrimAll("   "), "");
  EXPECT_EQ(TrimAll("\"a  b\""), "\"a b\"");
}

TEST(CanonicalHeadersTest, LowercasesJoinsRepeatsAndFollowsSignedList) {
  SignedRequest request;
  request.headers = {{"Host", "localhost:4566"},
                     {"X-Amz-Meta-A", "  one   two "},
                     {"x-amz-meta-a", "three"},
                     {"X-Amz-Date", "20240101T000000Z"},
                     {"User-Agent", "not signed"}};
  EXPECT_EQ(CanonicalHeaders(request, "host;x-amz-date;x-amz-meta-a"),
            "host:localhost:4566\nx-amz-date:20240101T000000Z\nx-amz-meta-a:one two,three\n");
  EXPECT_EQ(CanonicalHeaders(request, "Host;x-missing"), "host:localhost:4566\nx-missing:\n");
}

// IAM guide "create-signed-request" / "signature-v4-examples": ListUsers on IAM.
TEST(SignerTest, IamGuideWorkedExample) {
  SignedRequest request;
  request.headers = {{"Host", "iam.amazonaws.com"},
                     {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"X-Amz-Date", "20150830T123600Z"}};
  std::string signed_headers = "content-type;host;x-amz-date";
  std::string canonical = BuildCanonicalRequest("GET", CanonicalUri("/", false),
                                                CanonicalQuery("Action=ListUsers&Version=2010-05-08", false),
                                                CanonicalHeaders(request, signed_headers), signed_headers,
                                                Sha256Hex(""));
  EXPECT_EQ(canonical,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex(canonical), "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  CredentialScope scope{"AKIDEXAMPLE", "20150830", "us-east-1", "iam", "aws4_request"};
  Digest key = DeriveSigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", scope);
  EXPECT_EQ(Hex(key), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  std::string sts = BuildStringToSign("20150830T123600Z", scope, canonical);
  EXPECT_EQ(sts,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  EXPECT_EQ(ComputeSignature(key, sts), "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(CryptoTest, KnownDigestsAndConstantTimeEquals) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(Hex(HmacSha256(std::string_view("Jefe"), "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "xbc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace cloudlet::aws::sigv4
