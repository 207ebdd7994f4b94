// Validation and normalisation of attribute values (see attribute_value.h).
//
// One walk over the value tree does all three of DynamoDB's stages: a JSON
// shape error (stage 1) returns at once; the first value error (stage 2) and
// the first collection error (stage 3) are remembered while the walk goes on
// looking for shape errors, and the earliest stage wins at the end. Checks
// at one node run in DynamoDB's order: numbers, then more than one
// datatype, then NULL:false; nesting depth, then empty set, then duplicates.
//
// Sources for the texts: reference dynamodb.md §1.3, §2.1, §2.2, §2.5; the
// shape texts are the Java deserializer's ("NUMBER_VALUE cannot be converted
// to String", ...), as dynalite and Dynoxide record them.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/base64.h"
#include "dynamodb/errors.h"
#include "dynamodb/number.h"

namespace cloudlet::dynamodb {
namespace {

namespace json = boost::json;
using aws::AwsError;
using aws::Status;

constexpr std::string_view kInvalidPrefix = "One or more parameter values were invalid: ";
constexpr std::string_view kStartOfStructure = "Start of structure or map found where not expected";

// ---------------------------------------------------------- stage 1: shape --

Status ShapeError(std::string message) { return errors::Serialization(std::move(message)); }

// The Java parser's name for the JSON token `v` starts with.
std::string_view TokenName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::bool_: return v.get_bool() ? "TRUE_VALUE" : "FALSE_VALUE";
    case json::kind::int64:
    case json::kind::uint64: return "NUMBER_VALUE";
    case json::kind::double_: return "DECIMAL_VALUE";
    case json::kind::string: return "STRING_VALUE";
    default: return "";
  }
}

// A member declared as a string (S, N, SS and NS elements).
Status ExpectString(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string: return aws::OkStatus();
    case json::kind::array: return ShapeError("Unrecognized collection type class java.lang.String");
    case json::kind::object: return ShapeError(std::string(kStartOfStructure));
    case json::kind::null: return ShapeError("Unexpected value type in payload");  // unverified
    default: return ShapeError(std::string(TokenName(v)) + " cannot be converted to String");
  }
}

// A member declared as a boolean (BOOL, NULL). The Java parser also takes
// the strings true/false/1/0/yes/no in any case (dynalite's observation);
// they are rewritten to JSON booleans.
Status ExpectBoolean(json::value& v) {
  switch (v.kind()) {
    case json::kind::bool_: return aws::OkStatus();
    case json::kind::string: {
      std::string s(v.get_string().c_str());
      for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (s == "TRUE" || s == "1" || s == "YES") {
        v = true;
      } else if (s == "FALSE" || s == "0" || s == "NO") {
        v = false;
      } else {
        return ShapeError("Unexpected token received from parser");
      }
      return aws::OkStatus();
    }
    case json::kind::array: return ShapeError("Unrecognized collection type class java.lang.Boolean");
    case json::kind::object: return ShapeError(std::string(kStartOfStructure));
    default: return ShapeError(std::string(TokenName(v)) + " cannot be converted to Boolean");
  }
}

// A member declared as a blob (B, BS elements).
Status ExpectBlob(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string: {
      const json::string& s = v.get_string();
      return ValidateBase64({s.data(), s.size()});
    }
    case json::kind::array: return ShapeError("Unrecognized collection type class java.nio.ByteBuffer");
    case json::kind::object: return ShapeError(std::string(kStartOfStructure));
    default: return ShapeError("only base-64-encoded strings are convertible to bytes");
  }
}

// A member declared as a list (SS, NS, BS, L).
Status ExpectList(const json::value& v) {
  if (v.is_array()) return aws::OkStatus();
  if (v.is_object()) return ShapeError(std::string(kStartOfStructure));
  return ShapeError("Unexpected field type");
}

// The M member.
Status ExpectMap(const json::value& v) {
  if (v.is_object()) return aws::OkStatus();
  if (v.is_array()) {
    return ShapeError(
        "Unrecognized collection type java.util.Map<java.lang.String, "
        "com.amazonaws.dynamodb.v20120810.AttributeValue>");
  }
  return ShapeError("Unexpected field type");
}

// An attribute value itself (an item entry, an L element, an M entry).
Status ExpectValueStruct(const json::value& v) {
  if (v.is_object() || v.is_null()) return aws::OkStatus();
  if (v.is_array()) return ShapeError("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
  return ShapeError("Unexpected value type in payload");
}

// ------------------------------------------------------ numbers in place --

// Whether `s` is already what Decimal::ToString would print (for text that
// Decimal::Parse accepted).
bool IsCanonicalNumberText(std::string_view s) {
  const bool negative = !s.empty() && s[0] == '-';
  const std::string_view body = s.substr(negative ? 1 : 0);
  if (body == "0") return !negative;
  auto all_digits = [](std::string_view t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const std::size_t dot = body.find('.');
  const std::string_view int_part = body.substr(0, dot);
  if (!all_digits(int_part) || (int_part.size() > 1 && int_part[0] == '0')) return false;
  if (dot == std::string_view::npos) return int_part[0] != '0';
  const std::string_view frac_part = body.substr(dot + 1);
  return all_digits(frac_part) && frac_part.back() != '0';
}

// Whether an array of strings holds the same text twice. Small sets (the
// common case) are checked pairwise without allocating.
bool HasDuplicate(const json::array& elements) {
  auto view = [](const json::value& v) {
    const json::string& s = v.get_string();
    return std::string_view(s.data(), s.size());
  };
  const std::size_t n = elements.size();
  if (n <= 16) {
    for (std::size_t i = 1; i < n; ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (view(elements[i]) == view(elements[j])) return true;
      }
    }
    return false;
  }
  std::vector<std::string_view> sorted;
  sorted.reserve(n);
  for (const auto& e : elements) sorted.push_back(view(e));
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
}

// ------------------------------------------------------------ the walk --

enum class Rule : uint8_t { kEmpty, kMultipleTypes, kNumber, kNullFalse, kEmptySet, kDuplicates, kNesting };

struct Failure {
  Rule rule;
  AttrType type;      // the set type for kEmptySet/kDuplicates
  std::string key;    // the top-level map key the value sits under
  std::string message;
};

class Walker {
 public:
  explicit Walker(ValueOrigin origin) : origin_(origin) {}

  // Walks one top-level value stored under `key`. Returns shape errors only.
  Status WalkTop(json::value& v, std::string_view key) {
    key_ = key;
    return Walk(v, 0);
  }

  // The error to report after all top-level values were walked, if any.
  Status Result() const {
    if (stage2_) return Format(*stage2_);
    if (stage3_) return Format(*stage3_);
    return aws::OkStatus();
  }

 private:
  void Record(std::optional<Failure>& slot, Rule rule, AttrType type, std::string message) {
    if (!slot) slot = Failure{rule, type, std::string(key_), std::move(message)};
  }
  void Stage2(Rule rule, std::string message) { Record(stage2_, rule, AttrType::S, std::move(message)); }
  void Stage3(Rule rule, AttrType type, std::string message) { Record(stage3_, rule, type, std::move(message)); }

  Status Walk(json::value& v, int depth);
  void CheckNumber(json::value& text);
  void CheckSet(AttrType type, const json::array& elements);

  Status Format(const Failure& f) const;

  ValueOrigin origin_;
  std::string_view key_;
  std::optional<Failure> stage2_, stage3_;
};

Status Walker::Walk(json::value& v, int depth) {
  CLOUDLET_TRY(ExpectValueStruct(v));
  if (v.is_null()) {
    Stage2(Rule::kEmpty, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    return aws::OkStatus();
  }
  json::object& obj = v.get_object();

  // Members that are null or not a type tag are as good as absent.
  bool stray = false;
  for (const auto& kv : obj) {
    if (kv.value().is_null() || !TypeFromName(kv.key())) {
      stray = true;
      break;
    }
  }
  if (stray) {
    std::vector<std::string> drop;
    for (const auto& kv : obj) {
      if (kv.value().is_null() || !TypeFromName(kv.key())) drop.emplace_back(kv.key());
    }
    for (const auto& k : drop) obj.stable_erase(k);
  }
  if (obj.empty()) {
    Stage2(Rule::kEmpty, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    return aws::OkStatus();
  }

  // Stage 1 for this node's own members.
  for (auto& kv : obj) {
    json::value& p = kv.value();
    switch (*TypeFromName(kv.key())) {
      case AttrType::S:
      case AttrType::N: CLOUDLET_TRY(ExpectString(p)); break;
      case AttrType::B: CLOUDLET_TRY(ExpectBlob(p)); break;
      case AttrType::BOOL:
      case AttrType::NUL: CLOUDLET_TRY(ExpectBoolean(p)); break;
      case AttrType::SS:
      case AttrType::NS:
        CLOUDLET_TRY(ExpectList(p));
        for (const auto& e : p.get_array()) CLOUDLET_TRY(ExpectString(e));
        break;
      case AttrType::BS:
        CLOUDLET_TRY(ExpectList(p));
        for (const auto& e : p.get_array()) CLOUDLET_TRY(ExpectBlob(e));
        break;
      case AttrType::L: CLOUDLET_TRY(ExpectList(p)); break;
      case AttrType::M: CLOUDLET_TRY(ExpectMap(p)); break;
    }
  }

  // Stages 2 and 3 for this node; skipped once an earlier error is known,
  // as the request fails anyway.
  if (!stage2_) {
    for (auto& kv : obj) {
      const AttrType t = *TypeFromName(kv.key());
      if (t == AttrType::N) CheckNumber(kv.value());
      if (t == AttrType::NS) {
        for (auto& e : kv.value().get_array()) CheckNumber(e);
      }
    }
  }
  if (!stage2_ && obj.size() > 1) {
    Stage2(Rule::kMultipleTypes,
           "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
           "datatypes");
  }
  if (!stage2_ && obj.begin()->key() == "NULL" && !obj.begin()->value().get_bool()) {
    Stage2(Rule::kNullFalse, std::string(kInvalidPrefix) + "Null attribute value types must have the value of true");
  }
  if (!stage2_ && !stage3_) {
    if (depth >= kMaxNestingLevels) {
      Stage3(Rule::kNesting, AttrType::S,
             "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
             "supported limit");
    } else {
      const AttrType t = *TypeFromName(obj.begin()->key());
      if (IsSetType(t)) CheckSet(t, obj.begin()->value().get_array());
    }
  }

  // Children: always walked, for their shape errors.
  for (auto& kv : obj) {
    const AttrType t = *TypeFromName(kv.key());
    if (t == AttrType::L) {
      for (auto& e : kv.value().get_array()) CLOUDLET_TRY(Walk(e, depth + 1));
    } else if (t == AttrType::M) {
      for (auto& e : kv.value().get_object()) CLOUDLET_TRY(Walk(e.value(), depth + 1));
    }
  }
  return aws::OkStatus();
}

void Walker::CheckNumber(json::value& text) {
  json::string& s = text.get_string();
  const std::string_view view(s.data(), s.size());
  auto parsed = Decimal::Parse(view);
  if (!parsed.ok()) {
    Stage2(Rule::kNumber, parsed.error().message);
    return;
  }
  if (!IsCanonicalNumberText(view)) s = parsed->ToString();
}

void Walker::CheckSet(AttrType type, const json::array& elements) {
  if (elements.empty()) {
    switch (type) {
      case AttrType::SS: Stage3(Rule::kEmptySet, type, std::string(kInvalidPrefix) + "An string set  may not be empty"); break;
      case AttrType::NS: Stage3(Rule::kEmptySet, type, std::string(kInvalidPrefix) + "An number set  may not be empty"); break;
      default: Stage3(Rule::kEmptySet, type, std::string(kInvalidPrefix) + "Binary sets should not be empty"); break;
    }
    return;
  }
  // Elements are strings (stage 1) and NS elements canonical, so duplicate
  // text is a duplicate value; BS text is canonical base64 (strict decoding).
  if (!HasDuplicate(elements)) return;

  if (type == AttrType::NS) {
    Stage3(Rule::kDuplicates, type, "Input collection contains duplicates");
    return;
  }
  std::string msg(kInvalidPrefix);
  msg += "Input collection [";
  bool first = true;
  for (const auto& e : elements) {
    if (!first) msg += ", ";
    first = false;
    msg.append(e.get_string().data(), e.get_string().size());
  }
  msg += type == AttrType::BS ? "]of type BS contains duplicates." : "] contains duplicates.";
  Stage3(Rule::kDuplicates, type, std::move(msg));
}

Status Walker::Format(const Failure& f) const {
  switch (origin_) {
    case ValueOrigin::kItem:
      return AwsError::Validation(f.message);
    case ValueOrigin::kExpressionAttributeValues:
      // DynamoDB reports NULL:false and over-deep values bare (Dynoxide,
      // checked against DynamoDB); everything else names the key.
      if (f.rule == Rule::kNullFalse || f.rule == Rule::kNesting) return AwsError::Validation(f.message);
      return AwsError::Validation("ExpressionAttributeValues contains invalid value: " + f.message + " for key " + f.key);
    case ValueOrigin::kExclusiveStartKey: {
      // Per Dynoxide: these four families carry the prefix, the rest are bare.
      const bool prefixed = f.rule == Rule::kEmpty || f.rule == Rule::kMultipleTypes ||
                            f.rule == Rule::kNullFalse ||
                            (f.rule == Rule::kEmptySet && f.type != AttrType::NS);
      if (prefixed) return AwsError::Validation("The provided starting key is invalid: " + f.message);
      return AwsError::Validation(f.message);
    }
  }
  return AwsError::Validation(f.message);
}

}  // namespace

Status ValidateAttributeValue(json::value& av, const ValueContext& context) {
  Walker walker(context.origin);
  CLOUDLET_TRY(walker.WalkTop(av, context.key));
  return walker.Result();
}

Status ValidateAttributeMap(json::object& map, ValueOrigin origin) {
  Walker walker(origin);
  for (auto& kv : map) CLOUDLET_TRY(walker.WalkTop(kv.value(), kv.key()));
  return walker.Result();
}

}  // namespace cloudlet::dynamodb
