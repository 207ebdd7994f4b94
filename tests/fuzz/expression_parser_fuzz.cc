// libFuzzer target for the DynamoDB expression parser.
//
// Input layout: <expression> '\0' <ExpressionAttributeNames JSON> '\0'
// <ExpressionAttributeValues JSON>. Missing or unparsable JSON parts mean the
// map is absent (a non-object JSON value too). Every entry point runs on the
// same expression and placeholders, then the unused-placeholder check, and
// every successful AST is printed, so the printers are exercised as well.
//
// Build (not wired into CMake):
//   clang++-14 -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I src \
//     tests/fuzz/expression_parser_fuzz.cc src/dynamodb/expressions/*.cc -lboost_json
#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dynamodb/expressions/parser.h"

namespace {

namespace expr = cloudlet::dynamodb::expr;
namespace json = boost::json;

bool ParseObject(std::string_view text, json::object& out) {
  if (text.empty()) return false;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return false;
  out = std::move(v.as_object());
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t a = in.find('\0');
  std::string_view text = in.substr(0, a);
  std::string_view names_text, values_text;
  if (a != std::string_view::npos) {
    std::string_view rest = in.substr(a + 1);
    std::size_t b = rest.find('\0');
    names_text = rest.substr(0, b);
    if (b != std::string_view::npos) values_text = rest.substr(b + 1);
  }
  json::object names, values;
  expr::Placeholders ph;
  if (ParseObject(names_text, names)) ph.names = &names;
  if (ParseObject(values_text, values)) ph.values = &values;

  std::size_t printed = 0;
  for (auto kind : {expr::ExpressionKind::kCondition, expr::ExpressionKind::kFilter}) {
    auto c = expr::ParseCondition(text, kind, ph);
    if (c.ok()) {
      printed += c->ToString().size();
      printed += expr::TopLevelAttributes(*c).size();
    } else if (c.error().message.empty()) {
      __builtin_trap();
    }
  }
  if (auto k = expr::ParseKeyCondition(text, ph); k.ok()) {
    printed += k->ToString().size() + k->condition.ToString().size();
    for (const auto& t : k->terms) {
      if (t.values.empty() || t.values.size() != t.placeholders.size()) __builtin_trap();
      for (const auto* v : t.values) {
        if (v == nullptr) __builtin_trap();
      }
    }
  }
  if (auto p = expr::ParseProjection(text, ph); p.ok()) {
    printed += p->ToString().size() + p->TopLevelAttributes().size();
  }
  if (auto u = expr::ParseUpdate(text, ph); u.ok()) {
    printed += u->ToString().size() + u->TopLevelAttributes().size();
    for (const auto& add : u->add) {
      if (add.value.value == nullptr) __builtin_trap();
    }
  }
  (void)expr::CheckUnusedPlaceholders(ph);
  return printed == static_cast<std::size_t>(-1);
}
