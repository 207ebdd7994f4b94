// REST API resource matching: literal before {param} before {proxy+}, ANY,
// method-aware backtracking, trailing slashes, path-part rules.
#include "apigateway/rest/resource_tree.h"

#include <gtest/gtest.h>

namespace cloudlet::apigateway::rest {
namespace {

uint8_t Bits(std::initializer_list<const char*> methods) {
  uint8_t b = 0;
  for (const char* m : methods) b |= static_cast<uint8_t>(1u << MethodBit(m));
  return b;
}

// /                    GET
// /pets                GET POST
// /pets/{petId}        GET
// /pets/dog            DELETE
// /pets/{petId}/toys   ANY
// /test                POST
// /{proxy+}            ANY
// /files/{path+}       GET        (a greedy resource with another name)
class ResourceTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tree.Build({
        {"root", "", "", Bits({"GET"})},
        {"pets", "root", "pets", Bits({"GET", "POST"})},
        {"pet", "pets", "{petId}", Bits({"GET"})},
        {"dog", "pets", "dog", Bits({"DELETE"})},
        {"toys", "pet", "toys", Bits({"ANY"})},
        {"test", "root", "test", Bits({"POST"})},
        {"proxy", "root", "{proxy+}", Bits({"ANY"})},
        {"files", "root", "files", 0},
        {"path", "files", "{path+}", Bits({"GET"})},
        {"orphan", "missing", "x", Bits({"GET"})},
    });
  }
  std::string Find(const char* method, const char* path) {
    ResourceTree::Match m = tree.Find(method, path, &params);
    static const char* kIds[] = {"root", "pets", "pet", "dog", "toys", "test", "proxy", "files", "path", "orphan"};
    return m.resource < 0 ? "-" : std::string(kIds[m.resource]) + (m.via_any ? "*" : "");
  }
  std::string Param(std::string_view name) const {
    for (const auto& [k, v] : params)
      if (k == name) return std::string(v);
    return "<none>";
  }
  ResourceTree tree;
  PathParams params;
};

TEST_F(ResourceTreeTest, LiteralsBeforeVariablesBeforeGreedy) {
  EXPECT_EQ(Find("GET", "/"), "root");
  EXPECT_EQ(Find("GET", "/pets"), "pets");
  EXPECT_EQ(Find("GET", "/pets/7"), "pet");
  EXPECT_EQ(Param("petId"), "7");
  EXPECT_EQ(Find("DELETE", "/pets/dog"), "dog");
  EXPECT_TRUE(params.empty());
  // GET /pets/dog: the literal has no GET, so the variable sibling serves it.
  EXPECT_EQ(Find("GET", "/pets/dog"), "pet");
  EXPECT_EQ(Param("petId"), "dog");
  EXPECT_EQ(Find("PATCH", "/pets/7/toys"), "toys*");
  EXPECT_EQ(Param("petId"), "7");
}

TEST_F(ResourceTreeTest, GreedyTakesTheRestAndMethodsFallThrough) {
  EXPECT_EQ(Find("PUT", "/a/b/c"), "proxy*");
  EXPECT_EQ(Param("proxy"), "a/b/c");
  // OPTIONS /test: /test has only POST, so /{proxy+} answers.
  EXPECT_EQ(Find("OPTIONS", "/test"), "proxy*");
  EXPECT_EQ(Param("proxy"), "test");
  EXPECT_EQ(Find("POST", "/test"), "test");
  // PUT /pets/7/x: no deeper match under /pets/{petId}; back up to /{proxy+}.
  EXPECT_EQ(Find("PUT", "/pets/7/x"), "proxy*");
  EXPECT_EQ(Param("proxy"), "pets/7/x");
  EXPECT_EQ(Param("petId"), "<none>");
  EXPECT_EQ(Find("GET", "/files/a/b.txt"), "path");
  EXPECT_EQ(Param("path"), "a/b.txt");
  // /files itself has no method: the root's greedy child takes it.
  EXPECT_EQ(Find("GET", "/files"), "proxy*");
}

TEST_F(ResourceTreeTest, UnmatchedAndTrailingSlashes) {
  EXPECT_EQ(Find("GET", "/pets/"), "pets");
  EXPECT_EQ(Find("GET", "/pets/7/"), "pet");
  EXPECT_EQ(Find("POST", "/"), "-");       // the root has only GET, and {proxy+} needs a segment
  EXPECT_EQ(Find("TRACE", "/a"), "-");     // not one of ANY's methods
  EXPECT_EQ(Find("ANY", "/a"), "-");       // ANY is no request method
  ResourceTree only_root;
  only_root.Build({{"root", "", "", Bits({"GET"})}});
  EXPECT_EQ(only_root.Find("GET", "/x", &params).resource, -1);
  EXPECT_EQ(only_root.Find("GET", "/", &params).resource, 0);
}

TEST(PathPartTest, Grammar) {
  EXPECT_EQ(PathPartKind("pets"), PathPart::kLiteral);
  EXPECT_EQ(PathPartKind("{id}"), PathPart::kVariable);
  EXPECT_EQ(PathPartKind("{proxy+}"), PathPart::kGreedy);
  for (const char* good : {"pets", "a.b_c-d", "{id}", "{proxy+}", "{child+}", "v1"})
    EXPECT_TRUE(CheckPathPart(good).ok()) << good;
  for (const char* bad : {"", "{}", "{+}", "a b", "a/b", "{a", "a}", "pe{t}s", "{a-b!}", "%20"}) {
    aws::Status st = CheckPathPart(bad);
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().code, "BadRequestException");
    EXPECT_EQ(st.error().message,
              "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an "
              "optional plus sign before the closing brace.");
  }
}

}  // namespace
}  // namespace cloudlet::apigateway::rest
