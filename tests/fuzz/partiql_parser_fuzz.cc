// libFuzzer target for PartiQL for DynamoDB: lexer, parser, parameter
// checks and planner, against a fixed table (pk S, sk N, a GSI on g) in
// every context (statement, batch, transaction); a plan's condition and
// update run against a fixed item, so the translated trees reach the
// evaluator too.
//
// Input layout: <statement> '\0' <Parameters JSON array>. A missing or
// unparsable array means no parameters.
#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/partiql/parser.h"
#include "dynamodb/partiql/planner.h"

namespace {

namespace json = boost::json;
namespace partiql = cloudlet::dynamodb::partiql;
namespace dynamodb = cloudlet::dynamodb;

dynamodb::TablePtr MakeTable() {
  dynamodb::Table t;
  t.name = "T";
  t.hash = dynamodb::KeyAttribute{"pk", "S"};
  t.range = dynamodb::KeyAttribute{"sk", "N"};
  dynamodb::SecondaryIndex gsi;
  gsi.name = "I";
  gsi.hash_keys = {dynamodb::KeyAttribute{"g", "S"}};
  auto list = std::make_shared<dynamodb::IndexList>();
  list->push_back(gsi);
  t.indexes = list;
  return std::make_shared<const dynamodb::Table>(std::move(t));
}

const json::object& Item() {
  static const json::object item = json::parse(
      R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"},"n":{"N":"5"},"s":{"S":"str"},"l":{"L":[{"N":"1"},{"S":"b"}]},
          "m":{"M":{"k":{"SS":["a","b"]}}},"ns":{"NS":["1","2"]},"nul":{"NULL":true},"b":{"BOOL":false}})")
                                       .as_object();
  return item;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dynamodb::TablePtr table = MakeTable();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t zero = in.find('\0');
  std::string_view statement = in.substr(0, zero);
  partiql::Parameters params;
  if (zero != std::string_view::npos) {
    boost::system::error_code ec;
    json::value v = json::parse(in.substr(zero + 1), ec);
    if (!ec && v.is_array())
      for (auto& p : v.as_array())
        if (p.is_object()) params.push_back(p);
  }
  auto parsed = partiql::Parse(statement);
  if (!parsed.ok()) {
    if (parsed.error().message.empty()) __builtin_trap();
    return 0;
  }
  if (!partiql::CheckParameters(params, parsed->parameter_count).ok()) return 0;
  std::size_t seen = 0;
  for (auto context : {partiql::Context::kStatement, partiql::Context::kBatch, partiql::Context::kTransaction}) {
    auto plan = partiql::PlanStatement(*parsed, table, params, context);
    if (!plan.ok()) {
      if (plan.error().message.empty()) __builtin_trap();
      continue;
    }
    for (const auto* p : plan->partitions)
      if (p == nullptr) __builtin_trap();
    if (plan->condition) {
      seen += plan->condition->ToString().size();
      (void)cloudlet::dynamodb::expr::EvaluateCondition(*plan->condition, &Item());
      (void)cloudlet::dynamodb::expr::EvaluateCondition(*plan->condition, nullptr);
    }
    if (plan->update) {
      auto applied = cloudlet::dynamodb::expr::ApplyUpdate(*plan->update, &Item(), plan->key);
      if (applied.ok()) seen += applied->item.size();
    }
    seen += plan->Project(Item()).size();
  }
  return seen == static_cast<std::size_t>(-1);
}
