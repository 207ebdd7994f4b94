// Data-driven tests of the PartiQL planner: statement (+ parameters) against
// a table with keys pk (S) and sk (N) and a GSI "byG" on g (S), and either a
// printout of the plan or "ERR:" + the exact ValidationException text.
// [AWS] rows quote real DynamoDB (Parity suite); [Local] DynamoDB Local.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>

#include "dynamodb/partiql/parser.h"
#include "dynamodb/partiql/planner.h"

namespace cloudlet::dynamodb::partiql {
namespace {

namespace json = boost::json;

struct Case {
  Context context;
  std::string statement;
  std::string expected;
  const char* parameters = "[]";
};

TablePtr MakeTable(bool with_range = true) {
  Table t;
  t.name = "T";
  t.hash = KeyAttribute{"pk", "S"};
  if (with_range) t.range = KeyAttribute{"sk", "N"};
  SecondaryIndex gsi;
  gsi.name = "byG";
  gsi.hash_keys = {KeyAttribute{"g", "S"}};
  // A multi-attribute index: its reads cannot be narrowed by one attribute.
  SecondaryIndex multi;
  multi.name = "byAB";
  multi.hash_keys = {KeyAttribute{"a", "S"}, KeyAttribute{"b", "S"}};
  multi.range_keys = {KeyAttribute{"c", "N"}, KeyAttribute{"d", "N"}};
  auto list = std::make_shared<IndexList>();
  list->push_back(gsi);
  list->push_back(multi);
  t.indexes = list;
  return std::make_shared<const Table>(std::move(t));
}

const char* KindName(PlanKind k) {
  switch (k) {
    case PlanKind::kQuery: return "Query";
    case PlanKind::kScan: return "Scan";
    case PlanKind::kGet: return "Get";
    case PlanKind::kInsert: return "Insert";
    case PlanKind::kUpdate: return "Update";
    case PlanKind::kDelete: return "Delete";
    case PlanKind::kConditionCheck: return "Check";
  }
  return "?";
}

const char* SortName(SortKeyOp op) {
  switch (op) {
    case SortKeyOp::kAll: return "";
    case SortKeyOp::kEq: return "=";
    case SortKeyOp::kLt: return "<";
    case SortKeyOp::kLe: return "<=";
    case SortKeyOp::kGt: return ">";
    case SortKeyOp::kGe: return ">=";
    case SortKeyOp::kBetween: return "between";
    case SortKeyOp::kBeginsWith: return "begins_with";
  }
  return "?";
}

// "Query [p=a,b] sk>1 desc | filter | proj=a,x[1]"; writes "Update key={..} | cond | update".
std::string Print(const Plan& p) {
  std::string out = KindName(p.kind);
  if (p.index) out += " on " + p.index->name;
  if (p.kind == PlanKind::kQuery) {
    out += " [";
    for (std::size_t i = 0; i < p.partitions.size(); ++i)
      out += (i ? "," : "") + std::string(p.partitions[i]->at("S").as_string());
    out += "]";
    if (p.sort_op != SortKeyOp::kAll) {
      out += std::string(" sk") + SortName(p.sort_op) + json::serialize(*p.sort_low);
      if (p.sort_high) out += "," + json::serialize(*p.sort_high);
    }
    if (!p.forward) out += " desc";
  }
  if (!p.key.empty()) out += " key=" + json::serialize(p.key);
  if (!p.item.empty()) out += " item=" + json::serialize(p.item);
  out += " | " + (p.condition ? p.condition->ToString() : std::string("-"));
  if (p.update) out += " | " + p.update->ToString();
  if (!p.select_all && p.IsRead()) {
    out += " | proj=";
    for (std::size_t i = 0; i < p.projection.size(); ++i) out += (i ? "," : "") + p.projection[i].name;
  }
  return out;
}

std::string PlanPrint(const Case& c, TablePtr table) {
  auto s = Parse(c.statement);
  if (!s.ok()) return "ERR:" + s.error().message;
  Parameters params;
  json::value given = json::parse(c.parameters);
  for (auto& v : given.as_array()) params.push_back(v);
  auto checked = CheckParameters(params, s->parameter_count);
  if (!checked.ok()) return "ERR:" + checked.error().message;
  auto plan = PlanStatement(*s, table, params, c.context);
  if (!plan.ok()) return "ERR:" + plan.error().message;
  return Print(*plan);
}

constexpr Context S = Context::kStatement;
constexpr Context B = Context::kBatch;
constexpr Context X = Context::kTransaction;

const Case kCases[] = {
    // ---- SELECT: Query where the partition key is pinned, else Scan
    {S, "SELECT * FROM T WHERE pk = 'a'", "Query [a] | (pk = {\"S\":\"a\"})"},
    {S, "SELECT * FROM T WHERE 'a' = pk AND sk > 1", "Query [a] sk>{\"N\":\"1\"} | (({\"S\":\"a\"} = pk) AND (sk > {\"N\":\"1\"}))"},
    {S, "SELECT * FROM T WHERE pk = 'a' AND 5 >= sk", "Query [a] sk<={\"N\":\"5\"} | ((pk = {\"S\":\"a\"}) AND ({\"N\":\"5\"} >= sk))"},
    {S, "SELECT * FROM T WHERE pk = 'a' AND sk BETWEEN 1 AND 3",
     "Query [a] skbetween{\"N\":\"1\"},{\"N\":\"3\"} | ((pk = {\"S\":\"a\"}) AND (sk BETWEEN {\"N\":\"1\"} AND {\"N\":\"3\"}))"},
    {S, "SELECT * FROM T WHERE pk IN ['a', 'b', 'a']", "Query [a,b] | (pk IN ({\"S\":\"a\"}, {\"S\":\"b\"}, {\"S\":\"a\"}))"},
    {S, "SELECT * FROM T WHERE pk = 'a' OR pk = 'b'", "Query [a,b] | ((pk = {\"S\":\"a\"}) OR (pk = {\"S\":\"b\"}))"},
    {S, "SELECT * FROM T WHERE pk = ? AND x = ?", "Query [p] | ((pk = {\"S\":\"p\"}) AND (x = {\"N\":\"2\"}))",
     R"([{"S":"p"},{"N":"2.0"}])"},
    {S, "SELECT * FROM T WHERE pk = 1", "Query [] | (pk = {\"N\":\"1\"})"},  // a mistyped key matches nothing
    {S, "SELECT * FROM T WHERE pk = 'a' AND NOT sk = 1 OR pk = 'b' AND sk = 2",
     "Query [a,b] | (((pk = {\"S\":\"a\"}) AND (NOT (sk = {\"N\":\"1\"}))) OR ((pk = {\"S\":\"b\"}) AND (sk = {\"N\":\"2\"})))"},
    {S, "SELECT * FROM T WHERE pk = 'a' OR x = 1 AND pk = 'b'", "Query [a,b] | ((pk = {\"S\":\"a\"}) OR ((x = {\"N\":\"1\"}) AND (pk = {\"S\":\"b\"})))"},
    {S, "SELECT * FROM T WHERE pk > 'a'", "Scan | (pk > {\"S\":\"a\"})"},
    {S, "SELECT * FROM T WHERE pk = 'a' OR x = 1", "Scan | ((pk = {\"S\":\"a\"}) OR (x = {\"N\":\"1\"}))"},
    {S, "SELECT * FROM T", "Scan | -"},
    {S, "SELECT * FROM \"T\".\"byG\" WHERE g = 'x'", "Query on byG [x] | (g = {\"S\":\"x\"})"},
    {S, "SELECT * FROM \"T\".\"byAB\" WHERE a = 'x' AND b = 'y'",
     "Scan on byAB | ((a = {\"S\":\"x\"}) AND (b = {\"S\":\"y\"}))"},
    {S, "SELECT * FROM \"T\".\"byAB\" WHERE a = 'x' ORDER BY a",
     "ERR:Variable reference a in ORDER BY clause must be part of the primary key"},
    {S, "SELECT * FROM \"T\".\"nope\"", "ERR:The table does not have the specified index: nope"},  // [Local]
    {S, "SELECT a, m.b[1] FROM T WHERE pk = 'a'", "Query [a] | (pk = {\"S\":\"a\"}) | proj=a,b[1]"},  // [Local] names
    {S, "SELECT a, x.a FROM T", "ERR:Duplicate identifiers in select clause: a"},
    {S, "SELECT * FROM T WHERE pk = 'a' ORDER BY sk DESC", "Query [a] desc | (pk = {\"S\":\"a\"})"},
    {S, "SELECT * FROM T WHERE pk IN ['a','b'] ORDER BY pk DESC", "Query [b,a] | (pk IN ({\"S\":\"a\"}, {\"S\":\"b\"}))"},
    {S, "SELECT * FROM T ORDER BY sk", "ERR:Must have WHERE clause in the statement when using ORDER BY clause."},  // [Local]
    {S, "SELECT * FROM T WHERE pk = 'a' ORDER BY v",
     "ERR:Variable reference v in ORDER BY clause must be part of the primary key"},  // [Local]
    {S, "SELECT * FROM T WHERE x = 1 ORDER BY sk",
     "ERR:Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause."},

    // ---- WHERE functions and IS
    {S, "SELECT * FROM T WHERE pk = 'a' AND ATTRIBUTE_EXISTS(ss) AND attribute_not_exists(\"m\".x)",
     "Query [a] | (((pk = {\"S\":\"a\"}) AND attribute_exists(ss)) AND attribute_not_exists(m.x))"},  // [AWS] any case
    {S, "SELECT * FROM T WHERE attribute_exists(ss) = true AND attribute_exists(t) = false",
     "Scan | (attribute_exists(ss) AND (NOT attribute_exists(t)))"},  // [AWS]
    {S, "SELECT * FROM T WHERE a IS MISSING AND b IS NOT MISSING AND c IS NULL AND d IS NOT STRING AND e IS TUPLE",
     "Scan | ((((attribute_not_exists(a) AND attribute_exists(b)) AND attribute_type(c, {\"S\":\"NULL\"})) AND "
     "(NOT attribute_type(d, {\"S\":\"S\"}))) AND attribute_type(e, {\"S\":\"M\"}))"},
    {S, "SELECT * FROM T WHERE n IS INT",
     "ERR:Unsupported data type for IS operator: INTEGER. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, "
     "STRING, NUMERIC, STRUCT, TUPLE, LIST] at 1:25:2"},  // [Local]
    {S, "SELECT * FROM T WHERE size(s) > 2 AND begins_with(s, 'a') AND contains(l, 1) AND attribute_type(x, 'N')",
     "Scan | ((((size(s) > {\"N\":\"2\"}) AND begins_with(s, {\"S\":\"a\"})) AND contains(l, {\"N\":\"1\"})) AND "
     "attribute_type(x, {\"S\":\"N\"}))"},
    {S, "SELECT * FROM T WHERE a NOT IN [1] AND b NOT BETWEEN 1 AND 2",
     "Scan | ((NOT (a IN ({\"N\":\"1\"}))) AND (NOT (b BETWEEN {\"N\":\"1\"} AND {\"N\":\"2\"})))"},
    {S, "SELECT * FROM T WHERE attribute_exists('ss')",
     "ERR:Operator or function requires a document path; operator or function: attribute_exists"},  // [AWS]
    {S, "SELECT * FROM T WHERE attribute_exists(?)",
     "ERR:Operator or function requires a document path; operator or function: attribute_exists", R"([{"S":"x"}])"},  // [AWS]
    {S, "SELECT * FROM T WHERE attribute_exists()",
     "ERR:Incorrect number of operands for operator or function; operator or function: attribute_exists, number of "
     "operands: 0"},  // [AWS]
    {S, "SELECT * FROM T WHERE attribute_exists(ss, ns)",
     "ERR:Incorrect number of operands for operator or function; operator or function: attribute_exists, number of "
     "operands: 2"},  // [AWS]
    {S, "SELECT * FROM T WHERE pk = 'x' AND EXISTS(ss)", "ERR:Unrecognized function: exists at 1:36:6"},  // [AWS]
    {S, "SELECT * FROM T WHERE set_add(ss, <<'x'>>) = ss", "ERR:Unrecognized function: set_add at 1:23:7"},  // [AWS]
    {S, "SELECT * FROM T WHERE n + 1 = 2", "ERR:Unsupported operator in Condition Expression. Operator: +"},  // [Local]
    {S, "SELECT * FROM T WHERE a = MISSING", "ERR:MISSING must be compared using IS operator"},
    {S, "SELECT * FROM T WHERE attribute_type(x, 'Q')",
     "ERR:Invalid attribute type name found; type: Q, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"},

    // ---- literals and parameters
    {S, "SELECT * FROM T WHERE pk = 1e126",
     "ERR:Number overflow. Attempting to store a number with magnitude larger than supported range under root"},  // [AWS]
    {S, "SELECT * FROM T WHERE pk = 1e-131",
     "ERR:Number underflow. Attempting to store a number with magnitude smaller than supported range under root"},  // [AWS]
    {S, "SELECT * FROM T WHERE pk = 123456789012345678901234567890123456789",
     "ERR:Attempting to store more than 38 significant digits in a Number under root"},  // [AWS]
    {S, "INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'm': {'x': 1e126}}",
     "ERR:Number overflow. Attempting to store a number with magnitude larger than supported range under root.x"},  // [AWS]
    {S, "INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'l': [1, 1e126]}",
     "ERR:Number overflow. Attempting to store a number with magnitude larger than supported range under root[1]"},  // [AWS]
    {S, "SELECT * FROM T WHERE pk = ?", "ERR:Number of parameters in request and statement don't match."},  // [Local]
    {S, "SELECT * FROM T WHERE x = ?", "ERR:The parameter cannot be converted to a numeric value: 1e99999999999",
     R"([{"N":"1e99999999999"}])"},  // [AWS]
    {S, "INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 's': <<>>}", "ERR:Empty bags are not supported"},
    {S, "INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 's': <<1, 'a'>>}",
     "ERR:Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags"},  // [Local]
    {S, "INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 's': <<'x', 'x'>>}",
     "ERR:One or more parameter values were invalid: Input collection [x, x] contains duplicates."},  // [AWS]
    {S, "INSERT INTO T VALUE {'pk': 'a', 'pk': 'b'}", "ERR:Duplicate keys in tuple. Key: pk under root at 1:33:4"},  // [Local]
    {S, "INSERT INTO T VALUE {'pk': 'a', 'sk': 1, 'ss': set_add(<<'a'>>, <<'b'>>)}",
     "ERR:Unsupported data type: set_add under key root at 1:48:7"},  // [AWS] wording
    {S, "INSERT INTO T VALUE 5",
     "ERR:Unsupported format in item expression. Please use struct format {...} to express item values for insert "
     "statement. at 1:21:1"},  // [Local]

    // ---- INSERT
    {S, "INSERT INTO T VALUE {'pk': 'a', 'sk': 1.50, 'n': <<2, 1>>, 'b': ?}",
     "Insert key={\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1.5\"}} item={\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1.5\"},"
     "\"n\":{\"NS\":[\"2\",\"1\"]},\"b\":{\"B\":\"AQI=\"}} | -",
     R"([{"B":"AQI="}])"},
    {S, "INSERT INTO T VALUE {'sk': 1}", "ERR:Key attribute should be present in the item: Key pk"},  // [Local]
    {S, "INSERT INTO T VALUE {'pk': 1, 'sk': 1}",
     "ERR:Key attribute's data type should match its data type in table's schema: Key pk"},  // [Local]
    {S, "INSERT INTO T VALUE {'pk': '', 'sk': 1}",
     "ERR:One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
     "string value. Key: pk"},  // [Local]

    // ---- UPDATE and DELETE: the full key, the rest is the condition
    {S, "UPDATE T SET a = 1 SET n = n + 1 REMOVE r WHERE pk = 'a' AND sk = 2 AND v > 0",
     "Update key={\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2\"}} | (attribute_exists(pk) AND (v > {\"N\":\"0\"})) | "
     "SET a = {\"N\":\"1\"}, n = (n + {\"N\":\"1\"}); REMOVE r"},
    {S, "UPDATE T SET l = list_append(l, [1]), s = set_add(s, <<'x'>>), d = set_delete(d, ?) WHERE pk = 'a' AND sk = 1",
     "Update key={\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}} | attribute_exists(pk) | SET l = list_append(l, "
     "{\"L\":[{\"N\":\"1\"}]}); ADD s {\"SS\":[\"x\"]}; DELETE d {\"NS\":[\"3\"]}",
     R"([{"NS":["3"]}])"},
    {S, "UPDATE T SET a = 1 WHERE sk = 1", "ERR:Where clause does not contain a mandatory equality on all key attributes"},  // [Local]
    {S, "UPDATE T SET a = 1 WHERE pk = 'a' OR sk = 1",
     "ERR:Where clause does not contain a mandatory equality on all key attributes"},  // [Local]
    {S, "DELETE FROM T WHERE pk = 'a' AND pk = 'b' AND sk = 1",
     "ERR:Multiple conditions on same key pk. Only single item Update/Insert/Delete are supported"},  // [Local]
    {S, "UPDATE T SET a = 1 WHERE pk = 1 AND sk = 1",
     "ERR:Key attribute's data type should match its data type in table's schema: Key pk"},  // [Local]
    {S, "UPDATE T SET pk = 'b' WHERE pk = 'a' AND sk = 1",
     "ERR:One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"},  // [Local]
    {S, "UPDATE T SET q = 1 SET q.z = 2 WHERE pk = 'a' AND sk = 1",
     "ERR:Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [q], "
     "path two: [q, z]"},  // [Local]
    {S, "UPDATE T SET t = set_add(ss, <<'x'>>) WHERE pk = 'a' AND sk = 1",
     "ERR:The first argument to SET_ADD must equal the assignment value at 1:18:7"},  // [AWS]
    {S, "UPDATE T SET ss = set_add(ss, 'x') WHERE pk = 'a' AND sk = 1",
     "ERR:The second argument to SET_ADD must be a value with type SET at 1:27:2"},  // [AWS]
    {S, "UPDATE T SET ss = set_delete(ss) WHERE pk = 'a' AND sk = 1",
     "ERR:SET_DELETE must have exactly two arguments at 1:19:10"},  // [AWS]
    {S, "UPDATE T SET a = b IS NULL WHERE pk = 'a' AND sk = 1", "ERR:IS operator is not supported in update expressions"},
    {S, "DELETE FROM T WHERE pk = 'a' AND sk = 1 AND attribute_exists(x) RETURNING ALL OLD *",
     "Delete key={\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}} | attribute_exists(x)"},
    {S, "DELETE FROM T WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *",
     "ERR:Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements."},  // [Local]
    {S, "UPDATE \"T\".\"byG\" SET a = 1 WHERE g = 'x'", "ERR:Only SET and REMOVE are supported in update expressions at this time"},

    // ---- batches and transactions: single-item reads
    {B, "SELECT a FROM T WHERE sk = 1 AND pk = 'a'", "Get key={\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}} | - | proj=a"},
    {B, "SELECT a FROM T WHERE pk = 'a' AND sk = 1 AND x = 2",
     "ERR:Select statements within BatchExecuteStatement must specify the primary key in the where clause."},  // [Local]
    {B, "SELECT * FROM T WHERE pk = 'a'",
     "ERR:Select statements within BatchExecuteStatement must specify the primary key in the where clause."},  // [AWS]
    {X, "SELECT * FROM T WHERE pk = 'a' AND attribute_exists(ss)",
     "ERR:Select statements within ExecuteTransaction must specify the primary key in the where clause."},  // [AWS]
    {X, "SELECT * FROM \"T\".\"byG\" WHERE g = 'a'", "ERR:Reads on indices are not supported within transactions."},
    {X, "EXISTS(SELECT * FROM T WHERE pk = 'a' AND sk = 1 AND n IS MISSING)",
     "Check key={\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}} | attribute_not_exists(n)"},
    {X, "EXISTS(SELECT * FROM T WHERE pk = 'a' AND sk = 1)",
     "ERR:EXISTS() must contain a single item read with additional condition"},  // [AWS]
    {S, "EXISTS(SELECT * FROM T WHERE pk = 'a' AND sk = 1 AND x = 1)",
     "ERR:EXISTS can only be used in ExecuteTransaction write requests."},
    {X, "UPDATE T SET a = 1 WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *",
     "ERR:RETURNING clause is not supported in ExecuteTransaction."},  // [Local]
};

TEST(PartiqlPlanner, Table) {
  TablePtr table = MakeTable();
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.statement);
    EXPECT_EQ(PlanPrint(c, table), c.expected);
  }
}

TEST(PartiqlPlanner, HashOnlyTableKeys) {
  TablePtr table = MakeTable(false);
  EXPECT_EQ(PlanPrint(Case{B, "SELECT * FROM T WHERE pk = 'a'", ""}, table), "Get key={\"pk\":{\"S\":\"a\"}} | -");
  EXPECT_EQ(PlanPrint(Case{S, "DELETE FROM T WHERE pk = 'a'", ""}, table), "Delete key={\"pk\":{\"S\":\"a\"}} | -");
  // The plan's storage key is the item's key in the store.
  auto s = Parse("DELETE FROM T WHERE pk = 'a'");
  ASSERT_TRUE(s.ok());
  auto plan = PlanStatement(*s, table, {}, S);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->storage_key, Database::ItemKey(*table, json::value(json::object{{"S", "a"}}), nullptr));
}

}  // namespace
}  // namespace cloudlet::dynamodb::partiql
