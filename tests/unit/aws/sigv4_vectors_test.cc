// Replays sigv4_vectors.json: requests signed by botocore's own signers
// (gen_sigv4_vectors.py), some tampered with, each with its expected verdict.
// A vector that fails prints the canonical request the verifier built, which
// is what to diff against botocore's debug log.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "aws/sigv4/amz_date.h"
#include "aws/sigv4/verifier.h"

namespace cloudlet::aws::sigv4 {
namespace {

constexpr const char* kVectorsPath = "tests/unit/aws/sigv4_vectors.json";

struct Vector {
  std::string name;
  boost::json::object json;
};

// Keeps gtest from hex-dumping a vector when it fails.
void PrintTo(const Vector& v, std::ostream* os) { *os << v.name; }

std::vector<Vector> LoadVectors() {
  std::ifstream in(kVectorsPath, std::ios::binary);
  if (!in) return {Vector{"missing_vectors_file", {}}};
  std::ostringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(text.str(), ec);
  if (ec) return {Vector{"unparsable_vectors_file", {}}};
  std::vector<Vector> out;
  for (const auto& v : doc.at("vectors").as_array()) {
    out.push_back(Vector{std::string(v.at("name").as_string()), v.as_object()});
  }
  return out;
}

std::string Str(const boost::json::object& o, std::string_view key) {
  return std::string(o.at(key).as_string());
}

class SigV4VectorTest : public testing::TestWithParam<Vector> {};

TEST_P(SigV4VectorTest, VerdictMatchesBotocore) {
  const boost::json::object& v = GetParam().json;
  ASSERT_FALSE(v.empty()) << "cannot read " << kVectorsPath << " (run tests from the repo root)";

  std::string method = Str(v, "method");
  std::string target = Str(v, "target");
  std::string body = Str(v, "body");
  std::vector<std::string> header_storage;
  for (const auto& h : v.at("headers").as_array()) {
    header_storage.emplace_back(h.as_array()[0].as_string());
    header_storage.emplace_back(h.as_array()[1].as_string());
  }
  SignedRequest request{method, target, {}, body};
  for (std::size_t i = 0; i < header_storage.size(); i += 2) {
    request.headers.push_back({header_storage[i], header_storage[i + 1]});
  }

  CredentialsStore store;
  for (const auto& c : v.at("credentials").as_array()) {
    const auto& o = c.as_object();
    store.Add({Str(o, "access_key"), Str(o, "secret_key"), Str(o, "session_token")});
  }
  auto now = ParseAmzDate(Str(v, "now"));
  ASSERT_TRUE(now.has_value());
  std::string expected_service = v.contains("expected_service") ? Str(v, "expected_service") : "";
  VerifyOptions options{.s3_paths = v.at("s3").as_bool(), .expected_service = expected_service};

  auto verdict = Verify(request, store, *now, options);
  const auto& expect = v.at("expect").as_object();
  if (expect.at("ok").as_bool()) {
    const Failure* failure = std::get_if<Failure>(&verdict);
    ASSERT_EQ(failure, nullptr) << FailureKindName(failure->kind) << ": " << failure->message
                                << "\n--- canonical request ---\n" << failure->canonical_request
                                << "\n--- string to sign ---\n" << failure->string_to_sign;
    const Identity& id = std::get<Identity>(verdict);
    EXPECT_EQ(id.access_key, Str(expect, "access_key"));
    EXPECT_EQ(id.region, Str(expect, "region"));
    EXPECT_EQ(id.service, Str(expect, "service"));
    EXPECT_EQ(id.presigned, expect.at("presigned").as_bool());
  } else {
    const Failure* failure = std::get_if<Failure>(&verdict);
    ASSERT_NE(failure, nullptr) << "verified, but expected " << Str(expect, "kind");
    EXPECT_EQ(FailureKindName(failure->kind), Str(expect, "kind")) << failure->message;
    if (expect.contains("message")) {
      EXPECT_EQ(failure->message, Str(expect, "message"));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Botocore, SigV4VectorTest, testing::ValuesIn(LoadVectors()),
                         [](const testing::TestParamInfo<Vector>& info) { return info.param.name; });

TEST(SigV4VectorFileTest, CoversBothVerdictsAndForms) {
  auto vectors = LoadVectors();
  ASSERT_GT(vectors.size(), 40u);
  int ok = 0, failed = 0, presigned = 0, s3 = 0;
  for (const auto& v : vectors) {
    const auto& expect = v.json.at("expect").as_object();
    expect.at("ok").as_bool() ? ++ok : ++failed;
    if (expect.at("ok").as_bool() && expect.at("presigned").as_bool()) ++presigned;
    if (v.json.at("s3").as_bool()) ++s3;
  }
  EXPECT_GT(ok, 20);
  EXPECT_GT(failed, 15);
  EXPECT_GT(presigned, 3);
  EXPECT_GT(s3, 10);
}

}  // namespace
}  // namespace cloudlet::aws::sigv4
