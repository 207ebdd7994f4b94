#include "dynamodb/partiql/values.h"

#include <boost/json/object.hpp>

#include <set>

#include "dynamodb/attribute_value.h"
#include "dynamodb/number.h"
#include "dynamodb/partiql/errors.h"

namespace cloudlet::dynamodb::partiql {
namespace json = boost::json;
using aws::Result;

namespace {

Result<json::value> Convert(const Expr& e, const Parameters& params, const std::string& where);

Result<json::value> Number(const Expr& e, const std::string& where) {
  auto d = Decimal::Parse(e.literal.at("N").as_string());
  if (!d.ok()) return errors::Validation(d.error().message + " under " + where);
  return json::value(json::object{{"N", d->ToString()}});
}

// <<..>>: all strings (SS), all numbers (NS) or, from parameters, all binaries (BS).
Result<json::value> Set(const Expr& e, const Parameters& params, const std::string& where) {
  if (e.args.empty()) return errors::Validation("Empty bags are not supported");
  std::string tag;
  json::array members;
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    auto v = Convert(e.args[i], params, where + "[" + std::to_string(i) + "]");
    if (!v.ok()) return v;
    auto type = TypeOf(*v);
    if (!type || (*type != AttrType::S && *type != AttrType::N && *type != AttrType::B))
      return errors::Validation("Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags");
    std::string member_tag = std::string(TypeName(*type)) + "S";
    if (!tag.empty() && tag != member_tag)
      return errors::Validation("Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags");
    tag = member_tag;
    members.push_back(Payload(*v));
  }
  json::value set = json::object{{tag, std::move(members)}};
  CLOUDLET_TRY(ValidateAttributeValue(set));  // duplicates, with DynamoDB's message
  return set;
}

// `top`: an INSERT's item, whose attribute values are each a root of their own.
Result<json::value> Map(const Expr& e, const Parameters& params, const std::string& where, bool top = false) {
  json::object out;
  for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
    const Expr& key = e.args[i];
    std::string name;
    if (key.kind == Expr::Kind::kLiteral && key.literal.as_object().contains("S")) {
      name = key.literal.at("S").as_string();
    } else if (key.kind == Expr::Kind::kParam && params[key.param].as_object().contains("S")) {
      name = params[key.param].at("S").as_string();
    } else {
      std::string actual = key.kind == Expr::Kind::kLiteral && key.literal.as_object().contains("N") ? "DECIMAL"
                           : key.kind == Expr::Kind::kLiteral && key.literal.as_object().contains("BOOL") ? "BOOL"
                           : key.kind == Expr::Kind::kLiteral ? "NULL"
                                                              : "EXPRESSION";
      return errors::Validation("Tuple keys must be of type String. Actual type: " + actual + " under " + where);
    }
    if (out.contains(name))
      return errors::Validation("Duplicate keys in tuple. Key: " + name + " under " + where + key.pos.At());
    auto v = Convert(e.args[i + 1], params, top ? where : where + "." + name);
    if (!v.ok()) return v;
    out[name] = std::move(*v);
  }
  return json::value(json::object{{"M", std::move(out)}});
}

Result<json::value> Convert(const Expr& e, const Parameters& params, const std::string& where) {
  switch (e.kind) {
    case Expr::Kind::kLiteral:
      if (e.literal.as_object().contains("N")) return Number(e, where);
      return e.literal;
    case Expr::Kind::kParam:
      return params.at(e.param);
    case Expr::Kind::kList: {
      json::array list;
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        auto v = Convert(e.args[i], params, where + "[" + std::to_string(i) + "]");
        if (!v.ok()) return v;
        list.push_back(std::move(*v));
      }
      return json::value(json::object{{"L", std::move(list)}});
    }
    case Expr::Kind::kMap:
      return Map(e, params, where);
    case Expr::Kind::kSet:
      return Set(e, params, where);
    case Expr::Kind::kCall:
      return errors::Validation("Unsupported data type: " + std::string(e.literal.as_string()) + " under key " + where +
                                e.pos.At());
    case Expr::Kind::kMissing:
      return errors::Validation("MISSING must be compared using IS operator");
    default:
      return errors::Validation("Unsupported data type: expression under key " + where + e.pos.At());
  }
}

}  // namespace

aws::Status CheckConvertible(const json::value& av);

aws::Status CheckParameterValues(Parameters& parameters) {
  for (auto& p : parameters) {
    if (p.is_object()) CLOUDLET_TRY(CheckConvertible(p));
    CLOUDLET_TRY(ValidateAttributeValue(p));
  }
  return aws::OkStatus();
}

aws::Status CheckParameters(Parameters& parameters, std::size_t expected) {
  CLOUDLET_TRY(CheckParameterValues(parameters));
  if (parameters.size() != expected) return errors::Validation(std::string(kParameterCountMismatch));
  return aws::OkStatus();
}

// A number parameter is read as Java's BigDecimal reads it: an exponent
// beyond 32 bits cannot be converted at all (DynamoDB's own number rules
// come after).
aws::Status CheckConvertible(const json::value& av) {
  const json::object& o = av.as_object();
  if (o.empty()) return aws::OkStatus();
  const auto& [tag, payload] = *o.begin();
  auto check = [](std::string_view n) -> aws::Status {
    auto e = n.find_first_of("eE");
    if (e == std::string_view::npos) return aws::OkStatus();
    std::string_view digits = n.substr(e + 1);
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
    std::size_t significant = digits.find_first_not_of('0');
    if (significant == std::string_view::npos) return aws::OkStatus();
    digits.remove_prefix(significant);
    if (digits.size() > 10 || (digits.size() == 10 && digits > "2147483647"))
      return errors::Validation(std::string(kNumberNotNumericMessage) + ": " + std::string(n));
    return aws::OkStatus();
  };
  if (tag == "N" && payload.is_string()) return check(payload.get_string());
  if (tag == "NS" && payload.is_array())
    for (const auto& n : payload.get_array())
      if (n.is_string()) CLOUDLET_TRY(check(n.get_string()));
  if (tag == "L" && payload.is_array())
    for (const auto& v : payload.get_array())
      if (v.is_object()) CLOUDLET_TRY(CheckConvertible(v));
  if (tag == "M" && payload.is_object())
    for (const auto& [k, v] : payload.get_object())
      if (v.is_object()) CLOUDLET_TRY(CheckConvertible(v));
  return aws::OkStatus();
}

bool IsValueExpr(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kLiteral:
    case Expr::Kind::kParam:
    case Expr::Kind::kList:
    case Expr::Kind::kSet:
    case Expr::Kind::kMap: return true;
    default: return false;
  }
}

Result<json::value> ToAttributeValue(const Expr& e, const Parameters& parameters, const std::string& where) {
  auto v = Convert(e, parameters, where);
  if (!v.ok()) return v;
  if (e.kind == Expr::Kind::kList || e.kind == Expr::Kind::kMap) {
    if (NestingLevels(*v) > kMaxNestingLevels)
      return errors::Validation("Nesting Levels have exceeded supported limits: Attributes in the item have nested "
                                "levels beyond supported limit");
  }
  return v;
}

Result<json::object> ToItem(const Expr& e, const Parameters& parameters) {
  if (e.kind == Expr::Kind::kParam) {
    const json::value& p = parameters.at(e.param);
    if (auto* m = p.as_object().if_contains("M")) return m->as_object();
    return errors::Validation("Unsupported format in item expression. Please use struct format {...} to express "
                              "item values for insert statement." + e.pos.At());
  }
  auto v = Map(e, parameters, "root", true);
  if (!v.ok()) return v.take_error();
  if (NestingLevels(*v) > kMaxNestingLevels + 1)
    return errors::Validation("Nesting Levels have exceeded supported limits: Attributes in the item have nested "
                              "levels beyond supported limit");
  return std::move(v->as_object().at("M").as_object());
}

}  // namespace cloudlet::dynamodb::partiql
