// Shared fixture for the evaluator tests: parses JSON items/values the way a
// request would arrive (validated and normalised) and turns results into
// comparable text.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/expressions/parser.h"

namespace cloudlet::dynamodb::expr::evaltest {

namespace json = boost::json;

// ExpressionAttributeNames/Values of one case, kept alive with the AST.
struct Request {
  json::object names;
  json::object values;
  Placeholders placeholders;

  Request(const char* names_json, const char* values_json) {
    if (names_json != nullptr && *names_json) {
      names = json::parse(names_json).as_object();
      placeholders.names = &names;
    }
    if (values_json != nullptr && *values_json) {
      values = json::parse(values_json).as_object();
      auto st = ValidateAttributeMap(values, ValueOrigin::kExpressionAttributeValues);
      EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
      placeholders.values = &values;
    }
  }
};

// A validated, normalised item; an empty string means "no item".
inline std::optional<json::object> ParseItem(const char* text) {
  if (text == nullptr || !*text) return std::nullopt;
  json::object item = json::parse(text).as_object();
  auto st = ValidateItem(item);
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
  return item;
}

// Canonical text of a JSON value: object keys sorted (recursively), so two
// items compare equal regardless of member order. Set members are sorted too
// (their order is not meaningful in DynamoDB).
inline json::value Canonical(const json::value& v, bool sort_array = false) {
  if (v.is_object()) {
    std::vector<std::pair<std::string, json::value>> members;
    for (const auto& [k, x] : v.get_object()) {
      const bool is_set = k == "SS" || k == "NS" || k == "BS";
      members.emplace_back(std::string(k), Canonical(x, is_set));
    }
    std::sort(members.begin(), members.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    json::object out;
    for (auto& [k, x] : members) out[k] = std::move(x);
    return out;
  }
  if (v.is_array()) {
    json::array out;
    for (const auto& x : v.get_array()) out.push_back(Canonical(x));
    if (sort_array) {
      std::sort(out.begin(), out.end(), [](const json::value& a, const json::value& b) {
        return json::serialize(a) < json::serialize(b);
      });
    }
    return out;
  }
  return v;
}

inline std::string CanonicalText(const json::value& v) { return json::serialize(Canonical(v)); }
inline std::string CanonicalText(const char* text) { return CanonicalText(json::parse(text)); }

}  // namespace cloudlet::dynamodb::expr::evaltest
