#include "apigateway/rest/patch.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "apigateway/rest/errors.h"

namespace cloudlet::apigateway::rest {
namespace json = boost::json;

std::vector<std::string> SplitPointer(std::string_view path) {
  std::vector<std::string> out;
  if (path.starts_with('/')) path.remove_prefix(1);
  if (path.empty()) return out;
  while (true) {
    auto slash = path.find('/');
    std::string_view seg = path.substr(0, slash);
    std::string s;
    for (std::size_t i = 0; i < seg.size(); ++i) {
      if (seg[i] == '~' && i + 1 < seg.size() && (seg[i + 1] == '1' || seg[i + 1] == '0')) {
        s.push_back(seg[i + 1] == '1' ? '/' : '~');
        ++i;
      } else {
        s.push_back(seg[i]);
      }
    }
    out.push_back(std::move(s));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

std::string EscapePointerSegment(std::string_view segment) {
  std::string out;
  for (char c : segment) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c);
  }
  return out;
}

aws::Result<std::vector<PatchOp>> ReadPatchOperations(const json::object& body, std::string_view input) {
  std::vector<PatchOp> out;
  const json::value* list = body.if_contains("patchOperations");
  if (!list || list->is_null()) return out;
  if (!list->is_array()) return errors::Serialization("java.util.LinkedHashMap", "List");
  std::vector<std::string> bad;
  int index = 0;
  for (const auto& item : list->as_array()) {
    ++index;
    if (!item.is_object()) return errors::Serialization("java.lang.String", "PatchOperation");
    const json::object& o = item.as_object();
    PatchOp op;
    for (auto [member, target] : {std::pair{"op", &op.op}, std::pair{"path", &op.path}, std::pair{"from", &op.from}}) {
      const json::value* v = o.if_contains(member);
      if (v && v->is_string()) *target = std::string(v->as_string());
      else if (v && !v->is_null()) return errors::Serialization("java.lang.Boolean", "String");
    }
    if (const json::value* v = o.if_contains("value"); v && v->is_string()) op.value = std::string(v->as_string());
    else if (v && !v->is_null()) return errors::Serialization("java.lang.Boolean", "String");
    static constexpr std::string_view kOps[] = {"add", "remove", "replace", "move", "copy", "test"};
    bool known = false;
    for (auto k : kOps) known = known || k == op.op;
    if (!known)
      bad.push_back(fmt::format("Value '{}' at '{}.patchOperations.{}.member.op' failed to satisfy constraint: "
                                "Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
                                op.op, input, index));
    op.segments = SplitPointer(op.path);
    out.push_back(std::move(op));
  }
  if (!bad.empty()) {
    std::string message = fmt::format("{} validation error{} detected: ", bad.size(), bad.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < bad.size(); ++i) message += (i ? "; " : "") + bad[i];
    return errors::Validation(std::move(message));
  }
  return out;
}

aws::AwsError PatchPathNotOneOf(const PatchOp& op, std::string_view allowed) {
  return errors::BadRequest(
      fmt::format("Invalid patch path  '{}' specified for op '{}'. Must be one of: [{}]", op.path, op.op, allowed));
}

aws::AwsError PatchOpNotSupported(const PatchOp& op) {
  return errors::BadRequest(
      fmt::format("Invalid patch path  '{}' specified for op '{}'. Please choose supported operations", op.path, op.op));
}

aws::AwsError InvalidPatchPath(std::string_view path) {
  return errors::BadRequest(fmt::format("Invalid patch path {}", path.empty() ? std::string_view("null") : path));
}

aws::AwsError PatchOpNotOneOf(std::string_view allowed) {
  return errors::BadRequest(fmt::format("Invalid patch operation specified. Must be one of: [{}]", allowed));
}

aws::Result<std::string> PatchValue(const PatchOp& op) {
  if (!op.value) return errors::BadRequest(fmt::format("Invalid null or empty value in {}", op.path));
  return *op.value;
}

}  // namespace cloudlet::apigateway::rest
