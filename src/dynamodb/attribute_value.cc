// Type tags, sizes and comparisons of attribute values. Validation is in
// attribute_value_validation.cc.
#include "dynamodb/attribute_value.h"

#include <algorithm>
#include <string>
#include <vector>

#include "dynamodb/base64.h"
#include "dynamodb/number.h"

namespace cloudlet::dynamodb {
namespace {

namespace json = boost::json;

std::string_view View(const json::value& v) {
  const json::string& s = v.get_string();
  return {s.data(), s.size()};
}

std::size_t NumberSize(std::string_view text) {
  auto d = Decimal::Parse(text);
  return d.ok() ? d->StorageSize() : text.size();
}

// Whether two arrays of strings hold the same elements, order aside. Set
// elements are unique (validation rejects duplicates), so counting suffices.
bool SameStringSet(const json::array& a, const json::array& b) {
  if (a.size() != b.size()) return false;
  const std::size_t n = a.size();
  if (n <= 8) {
    for (const auto& x : a) {
      bool found = false;
      for (const auto& y : b) {
        if (x.is_string() && y.is_string() && View(x) == View(y)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  std::vector<std::string_view> va, vb;
  va.reserve(n);
  vb.reserve(n);
  for (const auto& x : a) {
    if (!x.is_string()) return false;
    va.push_back(View(x));
  }
  for (const auto& y : b) {
    if (!y.is_string()) return false;
    vb.push_back(View(y));
  }
  std::sort(va.begin(), va.end());
  std::sort(vb.begin(), vb.end());
  return va == vb;
}

}  // namespace

std::string_view TypeName(AttrType type) {
  switch (type) {
    case AttrType::S: return "S";
    case AttrType::N: return "N";
    case AttrType::B: return "B";
    case AttrType::BOOL: return "BOOL";
    case AttrType::NUL: return "NULL";
    case AttrType::M: return "M";
    case AttrType::L: return "L";
    case AttrType::SS: return "SS";
    case AttrType::NS: return "NS";
    case AttrType::BS: return "BS";
  }
  return "";
}

std::optional<AttrType> TypeFromName(std::string_view tag) {
  switch (tag.size()) {
    case 1:
      switch (tag[0]) {
        case 'S': return AttrType::S;
        case 'N': return AttrType::N;
        case 'B': return AttrType::B;
        case 'M': return AttrType::M;
        case 'L': return AttrType::L;
        default: return std::nullopt;
      }
    case 2:
      if (tag[1] != 'S') return std::nullopt;
      switch (tag[0]) {
        case 'S': return AttrType::SS;
        case 'N': return AttrType::NS;
        case 'B': return AttrType::BS;
        default: return std::nullopt;
      }
    case 4:
      if (tag == "BOOL") return AttrType::BOOL;
      if (tag == "NULL") return AttrType::NUL;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<AttrType> TypeOf(const json::value& av) {
  const json::object* obj = av.if_object();
  if (obj == nullptr || obj->size() != 1) return std::nullopt;
  return TypeFromName(obj->begin()->key());
}

const json::value& Payload(const json::value& av) { return av.get_object().begin()->value(); }

// ------------------------------------------------------------------ size --

int NestingLevels(const json::value& av) {
  const auto type = TypeOf(av);
  if (type != AttrType::L && type != AttrType::M) return 1;
  int deepest = 0;
  if (*type == AttrType::L) {
    for (const auto& e : Payload(av).get_array()) deepest = std::max(deepest, NestingLevels(e));
  } else {
    for (const auto& e : Payload(av).get_object()) deepest = std::max(deepest, NestingLevels(e.value()));
  }
  return 1 + deepest;
}

aws::Status CheckItemNesting(const json::object& item) {
  for (const auto& attr : item) {
    if (NestingLevels(attr.value()) > kMaxNestingLevels)
      return aws::AwsError::Validation(
          "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported "
          "limit");
  }
  return aws::OkStatus();
}

std::size_t ValueSize(const json::value& av) {
  const auto type = TypeOf(av);
  if (!type) return 0;
  const json::value& p = Payload(av);
  switch (*type) {
    case AttrType::S: return p.get_string().size();
    case AttrType::N: return NumberSize(View(p));
    case AttrType::B: return Base64DecodedSize(View(p));
    case AttrType::BOOL:
    case AttrType::NUL: return 1;
    case AttrType::SS: {
      std::size_t total = 0;
      for (const auto& e : p.get_array()) total += e.get_string().size();
      return total;
    }
    case AttrType::NS: {
      std::size_t total = 0;
      for (const auto& e : p.get_array()) total += NumberSize(View(e));
      return total;
    }
    case AttrType::BS: {
      std::size_t total = 0;
      for (const auto& e : p.get_array()) total += Base64DecodedSize(View(e));
      return total;
    }
    case AttrType::L: {
      const json::array& list = p.get_array();
      std::size_t total = 3 + list.size();
      for (const auto& e : list) total += ValueSize(e);
      return total;
    }
    case AttrType::M: {
      std::size_t total = 3;
      for (const auto& kv : p.get_object()) total += kv.key().size() + 1 + ValueSize(kv.value());
      return total;
    }
  }
  return 0;
}

std::size_t AttributeSize(std::string_view name, const json::value& av) { return name.size() + ValueSize(av); }

std::size_t ItemSize(const json::object& item) {
  std::size_t total = 0;
  for (const auto& kv : item) total += AttributeSize(kv.key(), kv.value());
  return total;
}

// ----------------------------------------------------------- comparisons --

bool Equals(const json::value& a, const json::value& b) {
  const auto ta = TypeOf(a);
  if (!ta || ta != TypeOf(b)) return false;
  const json::value& pa = Payload(a);
  const json::value& pb = Payload(b);
  switch (*ta) {
    case AttrType::S:
    case AttrType::N:  // canonical text: equal text <=> equal number
    case AttrType::B:  // canonical base64: equal text <=> equal bytes
      return pa.is_string() && pb.is_string() && View(pa) == View(pb);
    case AttrType::BOOL:
    case AttrType::NUL:
      return pa == pb;
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS:
      return pa.is_array() && pb.is_array() && SameStringSet(pa.get_array(), pb.get_array());
    case AttrType::L: {
      if (!pa.is_array() || !pb.is_array()) return false;
      const json::array& la = pa.get_array();
      const json::array& lb = pb.get_array();
      if (la.size() != lb.size()) return false;
      for (std::size_t i = 0; i < la.size(); ++i) {
        if (!Equals(la[i], lb[i])) return false;
      }
      return true;
    }
    case AttrType::M: {
      if (!pa.is_object() || !pb.is_object()) return false;
      const json::object& ma = pa.get_object();
      const json::object& mb = pb.get_object();
      if (ma.size() != mb.size()) return false;
      for (const auto& kv : ma) {
        const json::value* other = mb.if_contains(kv.key());
        if (other == nullptr || !Equals(kv.value(), *other)) return false;
      }
      return true;
    }
  }
  return false;
}

std::optional<int> CompareForOrder(const json::value& a, const json::value& b) {
  const auto ta = TypeOf(a);
  if (!ta || ta != TypeOf(b)) return std::nullopt;
  const json::value& pa = Payload(a);
  const json::value& pb = Payload(b);
  if (!pa.is_string() || !pb.is_string()) return std::nullopt;
  switch (*ta) {
    case AttrType::S: {
      const int c = View(pa).compare(View(pb));  // char_traits<char>::compare is memcmp: unsigned bytes
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case AttrType::N: {
      auto x = Decimal::Parse(View(pa));
      auto y = Decimal::Parse(View(pb));
      if (!x.ok() || !y.ok()) return std::nullopt;
      return Decimal::Compare(*x, *y);
    }
    case AttrType::B: {
      std::string x, y;
      if (!Base64Decode(View(pa), &x) || !Base64Decode(View(pb), &y)) return std::nullopt;
      const int c = x.compare(y);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    default:
      return std::nullopt;
  }
}

}  // namespace cloudlet::dynamodb
