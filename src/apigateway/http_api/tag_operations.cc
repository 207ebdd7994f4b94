// TagResource, UntagResource, GetTags on HTTP APIs and their stages:
//   arn:aws:apigateway:<region>::/apis/<apiId>
//   arn:aws:apigateway:<region>::/apis/<apiId>/stages/<stageName>
#include <fmt/format.h>

#include "apigateway/http_api/control_plane.h"
#include "apigateway/http_api/errors.h"
#include "apigateway/http_api/fields.h"
#include "http/router.h"

namespace cloudlet::apigateway::http_api {
namespace {

struct Tagged {
  std::string api_id;
  std::string stage;  // empty: the API itself
  json::object record;
};

aws::Result<Tagged> LoadTagged(ControlPlane& cp, const ControlRequest& req) {
  std::string_view arn = req.Label("resource-arn");
  std::string prefix = fmt::format("arn:aws:apigateway:{}::/apis/", req.region);
  if (!arn.starts_with(prefix))
    return errors::NotFound("Resource", fmt::format("Invalid resource ARN specified: '{}'", arn));
  std::string_view rest = arn.substr(prefix.size());
  Tagged out;
  auto slash = rest.find('/');
  out.api_id = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) {
    std::string_view tail = rest.substr(slash);
    if (!tail.starts_with("/stages/") || tail.size() <= 8)
      return errors::NotFound("Resource", fmt::format("Invalid resource ARN specified: '{}'", arn));
    out.stage = std::string(tail.substr(8));
  }
  auto api = cp.LoadApi(req, out.api_id);
  CLOUDLET_TRY(api);
  if (out.stage.empty()) {
    out.record = std::move(*api);
  } else {
    auto stage = cp.LoadChild(req, out.api_id, Kind::kStage, out.stage, "Stage");
    CLOUDLET_TRY(stage);
    out.record = std::move(*stage);
  }
  return out;
}

json::object& TagsOf(json::object& record) {
  json::value& tags = record["tags"];
  if (!tags.is_object()) tags.emplace_object();
  return tags.as_object();
}

aws::Status Save(ControlPlane& cp, const Tagged& t) {
  storage::WriteBatch batch;
  if (t.stage.empty()) ApiStore::PutApi(batch, t.api_id, t.record);
  else ApiStore::PutChild(batch, t.api_id, Kind::kStage, t.stage, t.record);
  return cp.Commit(batch, t.api_id, false);
}

}  // namespace

aws::Result<ControlReply> TagResource(ControlPlane& cp, const ControlRequest& req) {
  auto tagged = LoadTagged(cp, req);
  CLOUDLET_TRY(tagged);
  auto tags = OptStringMap(req.body, "tags");
  CLOUDLET_TRY(tags);
  json::object& current = TagsOf(tagged->record);
  if (*tags)
    for (const auto& [k, v] : **tags) {
      if (k.empty() || k.size() > 128) return errors::BadRequest("Tag keys must be 1 to 128 characters long");
      if (v.as_string().size() > 256) return errors::BadRequest("Tag values must be at most 256 characters long");
      current[k] = v;
    }
  if (current.size() > 50) return errors::BadRequest("A resource can have at most 50 tags");
  CLOUDLET_TRY(Save(cp, *tagged));
  return ControlReply{201, "{}"};
}

aws::Result<ControlReply> UntagResource(ControlPlane& cp, const ControlRequest& req) {
  auto tagged = LoadTagged(cp, req);
  CLOUDLET_TRY(tagged);
  json::object& current = TagsOf(tagged->record);
  std::string_view query = req.query;
  bool any = false;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    auto eq = pair.find('=');
    if (http::PercentDecode(pair.substr(0, eq), true) != "tagKeys" || eq == std::string_view::npos) continue;
    current.erase(http::PercentDecode(pair.substr(eq + 1), true));
    any = true;
  }
  if (!any) return MissingMember("tagKeys");
  CLOUDLET_TRY(Save(cp, *tagged));
  return ControlReply{204, {}};
}

aws::Result<ControlReply> GetTags(ControlPlane& cp, const ControlRequest& req) {
  auto tagged = LoadTagged(cp, req);
  CLOUDLET_TRY(tagged);
  json::object body;
  body["tags"] = TagsOf(tagged->record);
  return ControlReply{200, json::serialize(body)};
}

}  // namespace cloudlet::apigateway::http_api
