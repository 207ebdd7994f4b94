// Data-driven tests of the PartiQL lexer and parser: each row is a statement
// and either a summary of what was parsed or "ERR:" + the exact
// ValidationException text. Rows marked [AWS] are texts real DynamoDB
// answers (Parity suite, pinned against AWS); [Local] are DynamoDB Local's
// (AWS's own emulator); the rest are cloudlet's wording.
#include <gtest/gtest.h>

#include <string>

#include "dynamodb/partiql/parser.h"

namespace cloudlet::dynamodb::partiql {
namespace {

struct Case {
  std::string statement;
  std::string expected;  // Summary(), or "ERR:<message>"
};

const char* KindName(Statement::Kind k) {
  switch (k) {
    case Statement::Kind::kSelect: return "SELECT";
    case Statement::Kind::kInsert: return "INSERT";
    case Statement::Kind::kUpdate: return "UPDATE";
    case Statement::Kind::kDelete: return "DELETE";
    case Statement::Kind::kExists: return "EXISTS";
  }
  return "?";
}

// "SELECT T.I proj=a,b[1] where order=sk:desc params=1 returning=ALL NEW"
std::string Summary(const Statement& s) {
  std::string out = KindName(s.kind);
  out += " " + s.table;
  if (s.index) out += "." + *s.index;
  if (s.kind == Statement::Kind::kSelect || s.kind == Statement::Kind::kExists) {
    if (s.select_all) {
      out += " *";
    } else {
      out += " proj=";
      for (std::size_t i = 0; i < s.projection.size(); ++i) {
        if (i) out += ",";
        for (std::size_t k = 0; k < s.projection[i].path.size(); ++k) {
          const PathStep& step = s.projection[i].path[k];
          if (step.is_index) {
            out += "[" + std::to_string(step.index) + "]";
          } else {
            out += (k ? "." : "") + step.name;
          }
        }
      }
    }
  }
  if (s.kind == Statement::Kind::kUpdate) out += " actions=" + std::to_string(s.actions.size());
  if (s.where) out += " where";
  for (const auto& k : s.order_by) out += " order=" + k.name + (k.descending ? ":desc" : ":asc");
  if (s.parameter_count) out += " params=" + std::to_string(s.parameter_count);
  if (s.returning != Returning::kNone) out += " returning=" + s.returning_text;
  return out;
}

std::string ParseSummary(const std::string& statement) {
  auto parsed = Parse(statement);
  if (!parsed.ok()) return "ERR:" + parsed.error().message;
  return Summary(*parsed);
}

const std::string kNotWellFormed = "ERR:Statement wasn't well formed, can't be processed: ";

const Case kCases[] = {
    // ---- accepted forms
    {"SELECT * FROM T", "SELECT T *"},
    {"select * from \"My.Table\" where pk = 1", "SELECT My.Table * where"},
    {"SELECT a, b.c[1], \"x y\" FROM T WHERE pk = ?", "SELECT T proj=a,b.c[1],x y where params=1"},
    {"SELECT * FROM \"T\".\"idx\" WHERE g = 'x'", "SELECT T.idx * where"},
    {"SELECT * FROM T WHERE pk = 'a' ORDER BY sk DESC", "SELECT T * where order=sk:desc"},
    {"SELECT * FROM T WHERE pk = 'a' ORDER BY pk ASC, sk", "SELECT T * where order=pk:asc order=sk:asc"},
    {"SELECT * FROM T WHERE pk = 'a';", "SELECT T * where"},
    {"-- a note\nSELECT * FROM T /* inline */ WHERE pk = 'a' -- end", "SELECT T * where"},  // [AWS] comments
    {"SELECT * FROM T WHERE pk = 7.31e6 AND n = .5 AND m = -.73e1 AND o = 1E+2", "SELECT T * where"},  // [AWS]
    {"SELECT * FROM T WHERE a IN [1, 2] AND b NOT IN (3) AND c BETWEEN 1 AND 2 AND d IS NOT MISSING",
     "SELECT T * where"},
    {"SELECT * FROM T WHERE begins_with(sk, 'a') AND NOT contains(l, ?) OR size(s) > ?", "SELECT T * where params=2"},
    {"INSERT INTO T VALUE {'pk': 'a', 'n': 1, 'l': [1, 'x'], 'm': {'k': TRUE}, 's': <<1, 2>>, 'z': NULL}",
     "INSERT T"},
    {"INSERT INTO \"T\" VALUE {'pk': ?, 'sk': ?}", "INSERT T params=2"},
    {"UPDATE T SET a = 1 SET b = b + 1, c = list_append(c, [2]) REMOVE d, e[1] WHERE pk = 'a'",
     "UPDATE T actions=5 where"},
    {"UPDATE T SET a = 1 WHERE pk = 'a' RETURNING ALL NEW *", "UPDATE T actions=1 where returning=ALL NEW"},
    {"UPDATE T SET a = 1 WHERE pk = 'a' returning modified old *", "UPDATE T actions=1 where returning=MODIFIED OLD"},
    {"DELETE FROM T WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD *", "DELETE T where returning=ALL OLD"},
    {"EXISTS(SELECT * FROM T WHERE pk = 'a' AND n IS MISSING)", "EXISTS T * where"},
    {"SELECT * FROM T WHERE 'it''s' = s AND \"we\"\"ird\" = 1", "SELECT T * where"},

    // ---- refusals
    {"SELEC * FROM T", kNotWellFormed + "Expected data manipulation"},
    {"SELECT * FROM T WHERE pk = 1 foo", kNotWellFormed + "Unexpected token after expression"},          // [AWS]
    {"SELECT * FROM T WHERE pk = 1 e5", kNotWellFormed + "Unexpected token after expression"},           // [AWS]
    {"INSERT INTO T VALUE {'pk': 1} foo", kNotWellFormed + "Unexpected token after expression"},         // [AWS]
    {"UPDATE T SET a = 9 WHERE pk = 2 foo", kNotWellFormed + "Unexpected token after expression"},       // [AWS]
    {"DELETE FROM T WHERE pk = 3 foo", kNotWellFormed + "Unexpected token after expression"},            // [AWS]
    {"SELECT * FROM T WHERE pk = 1)", kNotWellFormed + "Unexpected token after expression"},             // [AWS]
    {"DELETE FROM T WHERE pk = 4 ORDER BY pk", kNotWellFormed + "Unexpected token after expression"},    // [AWS]
    {"SELECT * FROM T ORDER BY pk WHERE pk = 1", kNotWellFormed + "Unexpected token after expression"},  // [AWS]
    {"INSERT INTO T t VALUE {'pk': 'x'}", kNotWellFormed + "Unexpected token after expression"},         // [AWS]
    {"SELECT * FROM T WHERE pk = 1e2147483648", kNotWellFormed},                                       // [AWS]
    {"SELECT * FROM T WHERE pk = 1e99999999999", kNotWellFormed},                                      // [AWS]
    {"SELECT * FROM T WHERE pk = 1.5e-2147483647", kNotWellFormed},                                    // [AWS]
    {"SELECT * FROM T WHERE pk = 1 # note", kNotWellFormed},                                           // [AWS]
    {"SELECT * FROM T WHERE pk = 1 /* note", kNotWellFormed},                                          // [AWS]
    {"SELECT * FROM T WHERE pk = 'open", kNotWellFormed},
    {"SELECT * FROM \"T\" t WHERE pk = 'x'", "ERR:Aliasing is not supported"},                          // [AWS]
    {"SELECT * FROM \"T\" AS t WHERE pk = 'x'", "ERR:Aliasing is not supported"},                       // [AWS]
    {"UPDATE \"T\" t SET a = 3 WHERE pk = 'x'", "ERR:Aliasing is not supported"},                       // [AWS]
    {"DELETE FROM \"T\" t WHERE pk = 'x'", "ERR:Aliasing is not supported"},                            // [AWS]
    {"SELECT attribute_exists(ss) FROM T WHERE pk = 'a'", "ERR:Unexpected path component at 1:8:16"},   // [AWS]
    {"SELECT count(*) FROM T", "ERR:Unexpected path component at 1:8:5"},                             // [Local]
    {"SELECT n + 1 FROM T", "ERR:Unexpected path component at 1:10:1"},                               // [Local]
    {"SELECT * FROM T WHERE pk = 'a' AND attribute_exists(m.inner)", kNotWellFormed + "Invalid path dot component"},  // [AWS]
    {"SELECT * FROM T LIMIT 1", "ERR:Unsupported clause: LIMIT at 1:17:5"},
    {"SELECT *, a FROM T", "ERR:Other attributes should not be present in the projection when '*' is used."},
    {"SELECT * FROM \"T\".\"I\".\"x\"", "ERR:A path may contain at most 2 components in the FROM clause"},
    {"INSERT INTO T VALUES {'pk': 1}",
     "ERR:Unsupported operation: Inserting multiple items in a single statement is not supported, use \"INSERT "
     "INTO tableName VALUE item\" instead"},
    {"INSERT INTO T VALUE {'pk': 1} RETURNING ALL OLD *", "ERR:RETURNING is not supported in INSERT"},
    {"UPDATE T ADD a 1 WHERE pk = 1", "ERR:Aliasing is not supported"},
    {"UPDATE T SET a = 1 ADD b 1 WHERE pk = 1",
     "ERR:Only SET and REMOVE are supported in update expressions at this time"},
    {"UPDATE T SET a = 1 WHERE pk = 1 RETURNING ALL NEW",
     "ERR:Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause"},
    {"SELECT * FROM T WHERE a[-1] = 1", "ERR:List index is not within the allowable range; index: [-1]"},
    {"SELECT * FROM T WHERE a.*.b = 1", "ERR:Unpivot path component like a.*.b are not supported"},
    {"SELECT * FROM T WHERE a[*] = 1", "ERR:Wildcard path component like a[*].b are not supported"},
    {"SELECT * FROM T WHERE", kNotWellFormed + "Expected expression"},
    {"SELECT * FROM T WHERE (a = 1", kNotWellFormed + "Expected RIGHT_PAREN"},
    {"SELECT * FROM T WHERE a IN [1, 2", kNotWellFormed + "Expected RIGHT_BRACKET"},
    {"INSERT INTO T VALUE {'pk' 1}", kNotWellFormed + "Expected COLON"},
    {"SELECT * FROM T WHERE a = <<1, 2", kNotWellFormed + "Expected RIGHT_DOUBLE_ANGLE_BRACKET"},
};

TEST(PartiqlParser, Table) {
  for (const Case& c : kCases) EXPECT_EQ(ParseSummary(c.statement), c.expected) << c.statement;
}

TEST(PartiqlParser, PositionsCountCharactersAndLines) {
  // "é" is two bytes and one character; the second line starts again at column 1.
  EXPECT_EQ(ParseSummary("SELECT * FROM T WHERE 'é' = a LIMIT 1"), "ERR:Unsupported clause: LIMIT at 1:31:5");
  EXPECT_EQ(ParseSummary("SELECT * FROM T\n  LIMIT 1"), "ERR:Unsupported clause: LIMIT at 2:3:5");
}

TEST(PartiqlParser, DeepNestingIsRefusedNotOverflowed) {
  std::string deep = "SELECT * FROM T WHERE " + std::string(5000, '(') + "a = 1" + std::string(5000, ')');
  EXPECT_EQ(ParseSummary(deep), kNotWellFormed + "Statement is too deeply nested");
  std::string nots = "SELECT * FROM T WHERE ";
  for (int i = 0; i < 5000; ++i) nots += "NOT ";
  EXPECT_EQ(ParseSummary(nots + "a = 1"), kNotWellFormed + "Statement is too deeply nested");
}

TEST(PartiqlParser, ReservedWords) {
  EXPECT_TRUE(IsReservedWord("select"));
  EXPECT_TRUE(IsReservedWord("Inner"));
  EXPECT_FALSE(IsReservedWord("data"));
  EXPECT_FALSE(IsReservedWord("size"));
  // Quoted, a reserved word is a name like any other.
  EXPECT_EQ(ParseSummary("SELECT \"value\" FROM T WHERE \"select\" = 1"), "SELECT T proj=value where");
}

}  // namespace
}  // namespace cloudlet::dynamodb::partiql
