#include "lambda/event_filter.h"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <variant>

#include "lambda/lambda_errors.h"

namespace cloudlet::lambda {
namespace json = boost::json;

namespace {

aws::AwsError InvalidPattern() { return errors::InvalidParameter("Invalid filter pattern definition."); }

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsLiteral(const json::value& v) { return v.is_string() || v.is_number() || v.is_bool() || v.is_null(); }

bool LiteralEquals(const json::value& want, const json::value& got) {
  if (want.is_number() && got.is_number()) return want.to_number<double>() == got.to_number<double>();
  if (want.is_string() && got.is_string()) return want.get_string() == got.get_string();
  if (want.is_bool() && got.is_bool()) return want.get_bool() == got.get_bool();
  return want.is_null() && got.is_null();
}

}  // namespace

// One matcher of a rule's list.
struct FilterMatcher {
  enum class Kind { kEquals, kPrefix, kSuffix, kEqualsIgnoreCase, kAnythingBut, kAnythingButPrefix,
                    kAnythingButSuffix, kAnythingButIgnoreCase, kNumeric, kExists };
  Kind kind = Kind::kEquals;
  json::value literal;              // kEquals
  std::string text;                 // prefix, suffix, ignore-case
  std::vector<json::value> values;  // anything-but literals / ignore-case strings
  std::vector<std::pair<std::string, double>> bounds;  // numeric
  bool exists = true;

  bool MatchesOne(const json::value& v) const {
    switch (kind) {
      case Kind::kEquals: return LiteralEquals(literal, v);
      case Kind::kPrefix: return v.is_string() && std::string_view(v.get_string()).starts_with(text);
      case Kind::kSuffix: return v.is_string() && std::string_view(v.get_string()).ends_with(text);
      case Kind::kEqualsIgnoreCase: return v.is_string() && IEquals(v.get_string(), text);
      case Kind::kAnythingBut:
        return std::none_of(values.begin(), values.end(), [&](const json::value& x) { return LiteralEquals(x, v); });
      case Kind::kAnythingButPrefix: return v.is_string() && !std::string_view(v.get_string()).starts_with(text);
      case Kind::kAnythingButSuffix: return v.is_string() && !std::string_view(v.get_string()).ends_with(text);
      case Kind::kAnythingButIgnoreCase:
        return v.is_string() && std::none_of(values.begin(), values.end(), [&](const json::value& x) {
                 return IEquals(x.get_string(), v.get_string());
               });
      case Kind::kNumeric: {
        if (!v.is_number()) return false;
        double n = v.to_number<double>();
        for (const auto& [op, bound] : bounds) {
          bool ok = op == "=" ? n == bound : op == "<" ? n < bound : op == "<=" ? n <= bound : op == ">" ? n > bound
                                                                                                         : n >= bound;
          if (!ok) return false;
        }
        return true;
      }
      case Kind::kExists: return true;
    }
    return false;
  }

  // `v` null: the field is absent.
  bool Matches(const json::value* v) const {
    if (kind == Kind::kExists) return exists == (v != nullptr);
    if (v == nullptr) return false;
    if (v->is_array()) {
      const auto& a = v->get_array();
      return std::any_of(a.begin(), a.end(), [&](const json::value& e) { return MatchesOne(e); });
    }
    return MatchesOne(*v);
  }
};

struct FilterPattern::Node {
  struct Field {
    std::string name;
    std::shared_ptr<const Node> nested;  // the rule is a pattern object
    std::vector<FilterMatcher> matchers;       // or a list of matchers
  };
  std::vector<Field> fields;
  std::vector<std::shared_ptr<const Node>> any_of;  // "$or"

  bool Matches(const json::value& event) const {
    const json::object* object = event.if_object();
    for (const Field& f : fields) {
      const json::value* v = object ? object->if_contains(f.name) : nullptr;
      if (f.nested) {
        if (v == nullptr || !f.nested->Matches(*v)) return false;
        continue;
      }
      if (std::none_of(f.matchers.begin(), f.matchers.end(), [&](const FilterMatcher& m) { return m.Matches(v); }))
        return false;
    }
    if (!any_of.empty() &&
        std::none_of(any_of.begin(), any_of.end(), [&](const auto& n) { return n->Matches(event); }))
      return false;
    return true;
  }
};

namespace {

aws::Result<FilterMatcher> ParseMatcher(const json::value& v) {
  FilterMatcher m;
  if (IsLiteral(v)) {
    m.literal = v;
    return m;
  }
  if (!v.is_object() || v.get_object().size() != 1) return InvalidPattern();
  const auto& [key, arg] = *v.get_object().begin();
  auto string_arg = [&](FilterMatcher::Kind kind) -> aws::Result<FilterMatcher> {
    if (!arg.is_string()) return InvalidPattern();
    m.kind = kind;
    m.text = std::string(arg.get_string());
    return m;
  };
  if (key == "prefix") return string_arg(FilterMatcher::Kind::kPrefix);
  if (key == "suffix") return string_arg(FilterMatcher::Kind::kSuffix);
  if (key == "equals-ignore-case") return string_arg(FilterMatcher::Kind::kEqualsIgnoreCase);
  if (key == "exists") {
    if (!arg.is_bool()) return InvalidPattern();
    m.kind = FilterMatcher::Kind::kExists;
    m.exists = arg.get_bool();
    return m;
  }
  if (key == "numeric") {
    if (!arg.is_array() || (arg.get_array().size() != 2 && arg.get_array().size() != 4)) return InvalidPattern();
    m.kind = FilterMatcher::Kind::kNumeric;
    const auto& a = arg.get_array();
    for (std::size_t i = 0; i < a.size(); i += 2) {
      if (!a[i].is_string() || !a[i + 1].is_number()) return InvalidPattern();
      std::string op(a[i].get_string());
      if (op != "=" && op != "<" && op != "<=" && op != ">" && op != ">=") return InvalidPattern();
      if (a.size() == 4 && (op == "=" || (i == 0) == (op[0] == '<'))) return InvalidPattern();  // a range: lower, then upper
      m.bounds.emplace_back(std::move(op), a[i + 1].to_number<double>());
    }
    return m;
  }
  if (key == "anything-but") {
    if (IsLiteral(arg)) {
      m.kind = FilterMatcher::Kind::kAnythingBut;
      m.values.push_back(arg);
      return m;
    }
    if (arg.is_array()) {
      m.kind = FilterMatcher::Kind::kAnythingBut;
      for (const auto& x : arg.get_array()) {
        if (!IsLiteral(x)) return InvalidPattern();
        m.values.push_back(x);
      }
      return m;
    }
    if (!arg.is_object() || arg.get_object().size() != 1) return InvalidPattern();
    const auto& [inner, inner_arg] = *arg.get_object().begin();
    if (inner == "prefix" || inner == "suffix") {
      if (!inner_arg.is_string()) return InvalidPattern();
      m.kind = inner == "prefix" ? FilterMatcher::Kind::kAnythingButPrefix : FilterMatcher::Kind::kAnythingButSuffix;
      m.text = std::string(inner_arg.get_string());
      return m;
    }
    if (inner == "equals-ignore-case") {
      m.kind = FilterMatcher::Kind::kAnythingButIgnoreCase;
      if (inner_arg.is_string()) {
        m.values.push_back(inner_arg);
        return m;
      }
      if (!inner_arg.is_array()) return InvalidPattern();
      for (const auto& x : inner_arg.get_array()) {
        if (!x.is_string()) return InvalidPattern();
        m.values.push_back(x);
      }
      return m;
    }
  }
  return InvalidPattern();
}

aws::Result<std::shared_ptr<const FilterPattern::Node>> ParseNode(const json::value& v, int depth) {
  if (!v.is_object() || depth > 32) return InvalidPattern();
  auto node = std::make_shared<FilterPattern::Node>();
  for (const auto& [key, rule] : v.get_object()) {
    if (key == "$or") {
      if (!rule.is_array() || rule.get_array().size() < 2) return InvalidPattern();
      for (const auto& alternative : rule.get_array()) {
        auto parsed = ParseNode(alternative, depth + 1);
        CLOUDLET_TRY(parsed);
        node->any_of.push_back(std::move(*parsed));
      }
      continue;
    }
    FilterPattern::Node::Field field{std::string(key), nullptr, {}};
    if (rule.is_object()) {
      auto parsed = ParseNode(rule, depth + 1);
      CLOUDLET_TRY(parsed);
      field.nested = std::move(*parsed);
    } else if (rule.is_array() && !rule.get_array().empty()) {
      for (const auto& matcher : rule.get_array()) {
        auto parsed = ParseMatcher(matcher);
        CLOUDLET_TRY(parsed);
        field.matchers.push_back(std::move(*parsed));
      }
    } else {
      return InvalidPattern();
    }
    node->fields.push_back(std::move(field));
  }
  if (node->fields.empty() && node->any_of.empty() && depth == 0)
    return std::shared_ptr<const FilterPattern::Node>(std::move(node));  // {} matches everything
  if (node->fields.empty() && node->any_of.empty()) return InvalidPattern();
  return std::shared_ptr<const FilterPattern::Node>(std::move(node));
}

}  // namespace

aws::Result<FilterPattern> FilterPattern::Parse(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return InvalidPattern();
  auto node = ParseNode(v, 0);
  CLOUDLET_TRY(node);
  FilterPattern pattern;
  pattern.root_ = std::move(*node);
  return pattern;
}

bool FilterPattern::Matches(const json::value& event) const { return root_ && root_->Matches(event); }

aws::Result<EventFilter> EventFilter::FromCriteria(std::string_view criteria_json) {
  if (criteria_json.empty()) return EventFilter{};
  boost::system::error_code ec;
  json::value v = json::parse(criteria_json, ec);
  if (ec || !v.is_object()) return InvalidPattern();
  std::vector<FilterPattern> patterns;
  if (auto* filters = v.get_object().if_contains("Filters")) {
    if (!filters->is_array()) return InvalidPattern();
    for (const auto& f : filters->get_array()) {
      const json::value* pattern = f.is_object() ? f.get_object().if_contains("Pattern") : nullptr;
      if (pattern == nullptr || !pattern->is_string()) return InvalidPattern();
      auto parsed = FilterPattern::Parse(pattern->get_string());
      CLOUDLET_TRY(parsed);
      patterns.push_back(std::move(*parsed));
    }
  }
  return EventFilter(std::move(patterns));
}

bool EventFilter::Passes(const json::value& event) const {
  return patterns_.empty() ||
         std::any_of(patterns_.begin(), patterns_.end(), [&](const FilterPattern& p) { return p.Matches(event); });
}

}  // namespace cloudlet::lambda
