// Route keys and AWS's route precedence (APIGW guide "http-api-develop-routes").
#include "apigateway/http_api/route_key.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

namespace cloudlet::apigateway::http_api {
namespace {

TEST(RouteKeyTest, ParsesValidKeys) {
  auto k = ParseRouteKey("GET /pets/{id}");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->method, "GET");
  EXPECT_EQ(k->path, "/pets/{id}");
  ASSERT_EQ(k->segments.size(), 2u);
  EXPECT_EQ(k->segments[1].type, RouteSegment::Type::kParam);
  EXPECT_EQ(k->segments[1].text, "id");
  auto greedy = ParseRouteKey("ANY /{proxy+}");
  ASSERT_TRUE(greedy);
  EXPECT_EQ(greedy->segments[0].type, RouteSegment::Type::kGreedy);
  EXPECT_TRUE(ParseRouteKey("$default")->is_default);
  EXPECT_TRUE(ParseRouteKey("POST /")->segments.empty());
}

TEST(RouteKeyTest, RejectsInvalidKeys) {
  for (const char* bad : {"", "GET", "GET pets", "FETCH /pets", "get /pets", "GET /pets//x", "GET /{proxy+}/x",
                          "GET /{}", "GET /a{b}", "GET /{a", "$DEFAULT", "GET /pets/"})
    EXPECT_FALSE(ParseRouteKey(bad)) << bad;
}

TEST(RouteKeyTest, MatchesSegmentsAndCapturesParameters) {
  PathParams params;
  auto k = *ParseRouteKey("GET /pets/{id}/toys/{toy}");
  ASSERT_TRUE(Matches(k, "GET", "/pets/7/toys/ball", &params));
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].first, "id");
  EXPECT_EQ(params[0].second, "7");
  EXPECT_EQ(params[1].second, "ball");
  EXPECT_FALSE(Matches(k, "POST", "/pets/7/toys/ball", &params));
  EXPECT_FALSE(Matches(k, "GET", "/pets/7/toys", &params));
  EXPECT_FALSE(Matches(k, "GET", "/pets/7/toys/ball/x", &params));
  EXPECT_FALSE(Matches(k, "GET", "/pets//toys/ball", &params));
  auto greedy = *ParseRouteKey("ANY /files/{path+}");
  ASSERT_TRUE(Matches(greedy, "DELETE", "/files/a/b/c.txt", &params));
  EXPECT_EQ(params[0].second, "a/b/c.txt");
  EXPECT_FALSE(Matches(greedy, "GET", "/files", &params));
  EXPECT_FALSE(Matches(greedy, "GET", "/files/", &params));
  auto root = *ParseRouteKey("GET /");
  EXPECT_TRUE(Matches(root, "GET", "/", &params));
  EXPECT_FALSE(Matches(root, "GET", "/x", &params));
}

// The guide's worked example, routes given in any order.
TEST(RouteKeyTest, PrecedenceFollowsTheGuidesExample) {
  std::vector<std::string> keys = {"$default", "ANY /{proxy+}", "GET /pets/{proxy+}", "GET /pets/dog/{id}",
                                   "GET /pets/dog/1"};
  std::vector<RouteKey> parsed;
  for (const auto& k : keys) parsed.push_back(*ParseRouteKey(k));
  std::vector<std::size_t> order(parsed.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return MoreSpecific(parsed[a], parsed[b]); });
  std::vector<const RouteKey*> sorted;
  for (auto i : order) sorted.push_back(&parsed[i]);
  auto pick = [&](std::string_view method, std::string_view path) -> std::string {
    PathParams params;
    auto i = MatchFirst(sorted, method, path, &params);
    return i ? keys[order[*i]] : "none";
  };
  EXPECT_EQ(pick("GET", "/pets/dog/1"), "GET /pets/dog/1");
  EXPECT_EQ(pick("GET", "/pets/dog/2"), "GET /pets/dog/{id}");
  EXPECT_EQ(pick("GET", "/pets/cat/1"), "GET /pets/{proxy+}");
  EXPECT_EQ(pick("POST", "/test/5"), "ANY /{proxy+}");
  EXPECT_EQ(pick("POST", "/"), "$default");
}

TEST(RouteKeyTest, MethodBeatsAnyAndNoMatchWithoutDefault) {
  std::vector<RouteKey> parsed = {*ParseRouteKey("ANY /pets"), *ParseRouteKey("GET /pets")};
  std::stable_sort(parsed.begin(), parsed.end(), MoreSpecific);
  std::vector<const RouteKey*> sorted = {&parsed[0], &parsed[1]};
  PathParams params;
  EXPECT_EQ(parsed[*MatchFirst(sorted, "GET", "/pets", &params)].method, "GET");
  EXPECT_EQ(parsed[*MatchFirst(sorted, "PUT", "/pets", &params)].method, "ANY");
  EXPECT_FALSE(MatchFirst(sorted, "GET", "/cats", &params));
}

TEST(RouteKeyTest, LiteralSegmentsOutrankParametersLeftToRight) {
  auto a = *ParseRouteKey("GET /a/{x}");
  auto b = *ParseRouteKey("GET /{y}/b");
  EXPECT_TRUE(MoreSpecific(a, b));
  EXPECT_FALSE(MoreSpecific(b, a));
  auto longer = *ParseRouteKey("GET /{a}/{proxy+}");
  auto shorter = *ParseRouteKey("GET /{proxy+}");
  EXPECT_TRUE(MoreSpecific(longer, shorter));
  auto exact = *ParseRouteKey("GET /{a}/{b}");
  EXPECT_TRUE(MoreSpecific(exact, *ParseRouteKey("GET /a/{proxy+}")));
}

}  // namespace
}  // namespace cloudlet::apigateway::http_api
