#include "apigateway/rest/method_access.h"

#include <cctype>

#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/patch.h"

namespace cloudlet::apigateway::rest {

aws::Result<LoadedMethod> LoadMethod(const ControlPlane& cp, const ControlRequest& req) {
  LoadedMethod out;
  auto resource = cp.LoadResource(req, req.Label("restapi_id"), req.Label("resource_id"));
  CLOUDLET_TRY(resource);
  out.resource = std::move(*resource);
  out.http_method = std::string(req.Label("http_method"));
  for (char& c : out.http_method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  json::value* methods = out.resource.if_contains("resourceMethods");
  json::value* method = methods && methods->is_object() ? methods->as_object().if_contains(out.http_method) : nullptr;
  if (!method || !method->is_object()) return errors::MethodNotFound();
  return out;
}

aws::Status SaveMethod(ControlPlane& cp, const ControlRequest& req, const LoadedMethod& loaded) {
  storage::WriteBatch batch;
  std::string_view api_id = req.Label("restapi_id");
  cp.store().PutChild(batch, api_id, Kind::kResource, req.Label("resource_id"), loaded.resource);
  return cp.Commit(batch, api_id);
}

aws::Status CheckStatusCode(std::string_view code) {
  bool ok = code.size() == 3 && code[0] >= '1' && code[0] <= '5' && std::isdigit(static_cast<unsigned char>(code[1])) &&
            std::isdigit(static_cast<unsigned char>(code[2]));
  if (!ok) return errors::InvalidStatusCode(code);
  return aws::OkStatus();
}

aws::Status PatchMapMember(json::object& record, const std::string& member, const PatchOp& op, bool bool_values) {
  // A '/' in a name is escaped ("/requestModels/application~1json"); AWS refuses it raw.
  if (op.segments.size() != 2) return InvalidPatchPath(op.path);
  const std::string& name = op.segments[1];
  json::object& map = ObjMember(record, member);
  if (op.op == "remove") {
    map.erase(name);
  } else if (op.op == "add" || op.op == "replace") {
    if (bool_values) map[name] = op.value && TextIsTrue(*op.value);
    else if (op.value) map[name] = *op.value;
    else map[name] = nullptr;
  } else {
    return PatchOpNotOneOf("add, remove, replace");
  }
  if (map.empty()) record.erase(member);
  return aws::OkStatus();
}

}  // namespace cloudlet::apigateway::rest
