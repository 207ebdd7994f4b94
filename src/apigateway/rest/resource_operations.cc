// GetResources, GetResource, CreateResource, UpdateResource, DeleteResource.
// A resource's pathPart is a literal ("pets"), a variable ("{petId}") or a
// greedy variable ("{proxy+}"): among siblings at most one variable; a
// greedy resource has no children. Methods live in their resource's record
// ("resourceMethods"); GetResources shows their names, or the whole methods
// with embed=methods.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "apigateway/common/ids.h"
#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "apigateway/rest/patch.h"
#include "apigateway/rest/resource_tree.h"

namespace cloudlet::apigateway::rest {
namespace {

bool EmbedsMethods(const ControlRequest& req) {
  auto embed = req.QueryParam("embed");
  return embed && embed->find("methods") != std::string::npos;
}

// The resource as GetResource(s) shows it: method names only unless embedded.
json::object Shown(const json::object& resource, bool embed_methods) {
  json::object out = Visible(resource);
  if (json::value* methods = out.if_contains("resourceMethods")) {
    if (!methods->is_object() || methods->as_object().empty()) {
      out.erase("resourceMethods");
    } else if (!embed_methods) {
      json::object names;
      for (const auto& [m, _] : methods->as_object()) names[m] = json::object{};
      *methods = std::move(names);
    }
  }
  return out;
}

std::vector<Child> SortedByPath(std::vector<Child> resources) {
  std::sort(resources.begin(), resources.end(),
            [](const Child& a, const Child& b) { return Str(a.record, "path") < Str(b.record, "path"); });
  return resources;
}

// The checks CreateResource and UpdateResource share for `part` under `parent_id`.
aws::Status CheckPlacement(const std::vector<Child>& resources, std::string_view parent_id, std::string_view part,
                           std::string_view self_id) {
  CLOUDLET_TRY(CheckPathPart(part));
  for (const auto& r : resources) {
    if (r.id != parent_id) continue;
    std::string_view parent_part = Str(r.record, "pathPart");
    if (PathPartKind(parent_part) == PathPart::kGreedy)
      return errors::BadRequest(
          fmt::format("Cannot create a child of a resource with a greedy path variable: {}", parent_part));
  }
  bool variable = PathPartKind(part) != PathPart::kLiteral;
  for (const auto& r : resources) {
    if (r.id == self_id || Str(r.record, "parentId") != parent_id) continue;
    std::string_view sibling = Str(r.record, "pathPart");
    if (sibling == part)
      return errors::Conflict(fmt::format("Another resource with the same parent already has this name: {}", part));
    if (variable && PathPartKind(sibling) != PathPart::kLiteral)
      return errors::BadRequest(fmt::format(
          "A sibling ({}) of this resource already has a variable path part -- only one is allowed", sibling));
  }
  return aws::OkStatus();
}

std::string JoinPath(std::string_view parent_path, std::string_view part) {
  std::string path(parent_path == "/" ? std::string_view{} : parent_path);
  path.push_back('/');
  path.append(part);
  return path;
}

// Rewrites the paths of `root_id`'s subtree (after a move or a rename) into `batch`.
void RepathSubtree(const ControlPlane& cp, std::string_view api_id, std::vector<Child>& resources,
                   std::string_view root_id, const std::string& root_path, storage::WriteBatch& batch) {
  std::vector<std::pair<std::string, std::string>> todo{{std::string(root_id), root_path}};
  while (!todo.empty()) {
    auto [id, path] = std::move(todo.back());
    todo.pop_back();
    for (auto& r : resources) {
      if (Str(r.record, "parentId") != id) continue;
      std::string child_path = JoinPath(path, Str(r.record, "pathPart"));
      r.record["path"] = child_path;
      cp.store().PutChild(batch, api_id, Kind::kResource, r.id, r.record);
      todo.emplace_back(r.id, child_path);
    }
  }
}

}  // namespace

aws::Result<ControlReply> GetResources(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  CLOUDLET_TRY(cp.LoadApi(req, api_id));
  auto resources = cp.store().ListChildren(api_id, Kind::kResource);
  CLOUDLET_TRY(resources);
  std::vector<Child> sorted = SortedByPath(std::move(*resources));
  bool embed = EmbedsMethods(req);
  for (auto& r : sorted) r.record = Shown(r.record, embed);
  return Page(req, sorted);
}

aws::Result<ControlReply> GetResource(ControlPlane& cp, const ControlRequest& req) {
  auto resource = cp.LoadResource(req, req.Label("restapi_id"), req.Label("resource_id"));
  CLOUDLET_TRY(resource);
  return ControlReply{200, json::serialize(Shown(*resource, EmbedsMethods(req)))};
}

aws::Result<ControlReply> CreateResource(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  std::string_view parent_id = req.Label("resource_id");
  auto parent = cp.LoadResource(req, api_id, parent_id);
  CLOUDLET_TRY(parent);
  auto part = OptString(req.body, "pathPart");
  CLOUDLET_TRY(part);
  if (!*part) return errors::BadRequest("Resource path part must be specified");
  auto resources = cp.store().ListChildren(api_id, Kind::kResource);
  CLOUDLET_TRY(resources);
  CLOUDLET_TRY(CheckPlacement(*resources, parent_id, **part, {}));
  json::object resource;
  std::string id = NewResourceId(10);
  resource["id"] = id;
  resource["parentId"] = parent_id;
  resource["path"] = JoinPath(Str(*parent, "path"), **part);
  resource["pathPart"] = **part;
  storage::WriteBatch batch;
  cp.store().PutChild(batch, api_id, Kind::kResource, id, resource);
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  return JsonReply(201, resource);
}

aws::Result<ControlReply> UpdateResource(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  std::string_view id = req.Label("resource_id");
  auto resource = cp.LoadResource(req, api_id, id);
  CLOUDLET_TRY(resource);
  auto ops = ReadPatchOperations(req.body, "updateResourceInput");
  CLOUDLET_TRY(ops);
  auto resources = cp.store().ListChildren(api_id, Kind::kResource);
  CLOUDLET_TRY(resources);
  bool is_root = !resource->contains("parentId");
  for (const auto& op : *ops) {
    bool part = op.path == "/pathPart", parent = op.path == "/parentId";
    if (op.op != "replace") {
      if (part || parent) return PatchOpNotSupported(op);
      return PatchOpNotOneOf("replace");
    }
    if (!part && !parent) return PatchPathNotOneOf(op, "/parentId, /pathPart");
    if (is_root)
      return errors::BadRequest(part ? "Root resource cannot update its pathPart."
                                     : "Root resource cannot update its parentId.");
    auto value = PatchValue(op);
    CLOUDLET_TRY(value);
    if (part) {
      CLOUDLET_TRY(CheckPlacement(*resources, Str(*resource, "parentId"), *value, id));
      (*resource)["pathPart"] = *value;
    } else {
      bool exists = false;
      for (const auto& r : *resources) exists = exists || r.id == *value;
      if (!exists) return errors::ResourceNotFound();
      // The new parent may not lie inside this resource's subtree.
      for (std::string walk = *value; !walk.empty();) {
        if (walk == id) return errors::BadRequest("Resources cannot be cyclical.");
        std::string next;
        for (const auto& r : *resources)
          if (r.id == walk) next = std::string(Str(r.record, "parentId"));
        walk = next;
      }
      CLOUDLET_TRY(CheckPlacement(*resources, *value, Str(*resource, "pathPart"), id));
      (*resource)["parentId"] = *value;
    }
    for (auto& r : *resources)
      if (r.id == id) r.record = *resource;
  }
  std::string parent_path = "/";
  for (const auto& r : *resources)
    if (r.id == Str(*resource, "parentId")) parent_path = std::string(Str(r.record, "path"));
  std::string path = JoinPath(parent_path, Str(*resource, "pathPart"));
  (*resource)["path"] = path;
  storage::WriteBatch batch;
  cp.store().PutChild(batch, api_id, Kind::kResource, id, *resource);
  RepathSubtree(cp, api_id, *resources, id, path, batch);
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  return ControlReply{200, json::serialize(Shown(*resource, false))};
}

aws::Result<ControlReply> DeleteResource(ControlPlane& cp, const ControlRequest& req) {
  std::string_view api_id = req.Label("restapi_id");
  std::string_view id = req.Label("resource_id");
  auto resource = cp.LoadResource(req, api_id, id);
  CLOUDLET_TRY(resource);
  if (!resource->contains("parentId")) return errors::BadRequest("Cannot delete the root resource.");
  auto resources = cp.store().ListChildren(api_id, Kind::kResource);
  CLOUDLET_TRY(resources);
  storage::WriteBatch batch;
  std::vector<std::string> todo{std::string(id)};
  while (!todo.empty()) {
    std::string current = std::move(todo.back());
    todo.pop_back();
    cp.store().DeleteChild(batch, api_id, Kind::kResource, current);
    for (const auto& r : *resources)
      if (Str(r.record, "parentId") == current) todo.push_back(r.id);
  }
  CLOUDLET_TRY(cp.Commit(batch, api_id));
  return Accepted(202);
}

}  // namespace cloudlet::apigateway::rest
