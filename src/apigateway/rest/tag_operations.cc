// TagResource, UntagResource, GetTags (/tags/{resource_arn}) on what REST
// APIs tag:
//   arn:aws:apigateway:<region>::/restapis/<restApiId>[/stages/<stageName>]
//   arn:aws:apigateway:<region>::/apikeys/<apiKeyId>
//   arn:aws:apigateway:<region>::/usageplans/<usagePlanId>
#include <fmt/format.h>

#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/errors.h"
#include "apigateway/rest/fields.h"
#include "http/router.h"

namespace cloudlet::apigateway::rest {
namespace {

struct Tagged {
  enum Where { kApi, kStage, kKey, kPlan } where = kApi;
  std::string id, stage;
  json::object record;
};

aws::Result<Tagged> LoadTagged(ControlPlane& cp, const ControlRequest& req) {
  std::string_view arn = req.Label("resource_arn");
  std::string prefix = fmt::format("arn:aws:apigateway:{}::/", req.region);
  if (!arn.starts_with(prefix)) return errors::BadRequest("Invalid ARN specified in the request");
  std::string_view rest = arn.substr(prefix.size());
  auto slash = rest.find('/');
  std::string_view collection = rest.substr(0, slash);
  std::string_view tail = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  Tagged t;
  t.id = std::string(tail.substr(0, tail.find('/')));
  std::string_view more = tail.find('/') == std::string_view::npos ? std::string_view{} : tail.substr(tail.find('/'));
  if (t.id.empty()) return errors::BadRequest("Invalid ARN specified in the request");
  if (collection == "restapis") {
    if (more.empty()) {
      auto api = cp.LoadApi(req, t.id);
      CLOUDLET_TRY(api);
      t.record = std::move(*api);
      return t;
    }
    if (!more.starts_with("/stages/") || more.size() <= 8) return errors::BadRequest("Invalid ARN specified in the request");
    t.where = Tagged::kStage;
    t.stage = std::string(more.substr(8));
    auto stage = cp.LoadChild(req, t.id, Kind::kStage, t.stage, errors::StageNotFound);
    CLOUDLET_TRY(stage);
    t.record = std::move(*stage);
    return t;
  }
  if (!more.empty() || (collection != "apikeys" && collection != "usageplans"))
    return errors::BadRequest("Invalid ARN specified in the request");
  t.where = collection == "apikeys" ? Tagged::kKey : Tagged::kPlan;
  auto record = cp.store().keys().Get(t.where == Tagged::kKey ? 'k' : 'u', t.id);
  CLOUDLET_TRY(record);
  if (!*record || !InRegion(**record, req.region))
    return t.where == Tagged::kKey ? errors::ApiKeyNotFound() : errors::UsagePlanNotFound();
  t.record = std::move(**record);
  return t;
}

aws::Status Save(ControlPlane& cp, const Tagged& t) {
  storage::WriteBatch batch;
  switch (t.where) {
    case Tagged::kApi: cp.store().PutApi(batch, t.id, t.record); return cp.Commit(batch, t.id);
    case Tagged::kStage: cp.store().PutChild(batch, t.id, Kind::kStage, t.stage, t.record); return cp.Commit(batch, t.id);
    case Tagged::kKey: cp.store().keys().Put(batch, 'k', t.id, t.record); return cp.CommitKeys(batch);
    case Tagged::kPlan: cp.store().keys().Put(batch, 'u', t.id, t.record); return cp.CommitKeys(batch);
  }
  return aws::OkStatus();
}

}  // namespace

aws::Result<ControlReply> TagResource(ControlPlane& cp, const ControlRequest& req) {
  auto t = LoadTagged(cp, req);
  CLOUDLET_TRY(t);
  auto tags = OptStringMap(req.body, "tags");
  CLOUDLET_TRY(tags);
  if (!*tags) return errors::BadRequest("Tags must be specified");
  json::object& mine = ObjMember(t->record, "tags");
  for (const auto& [k, v] : **tags) mine[k] = v;
  if (mine.size() > 50) return errors::BadRequest("A resource can have at most 50 tags");
  CLOUDLET_TRY(Save(cp, *t));
  return Accepted(204);
}

aws::Result<ControlReply> UntagResource(ControlPlane& cp, const ControlRequest& req) {
  auto t = LoadTagged(cp, req);
  CLOUDLET_TRY(t);
  json::object& mine = ObjMember(t->record, "tags");
  // tagKeys repeats in the query: tagKeys=a&tagKeys=b
  for (std::string_view q = req.query; !q.empty();) {
    auto amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != "tagKeys") continue;
    mine.erase(http::PercentDecode(pair.substr(eq + 1), true));
  }
  if (mine.empty()) t->record.erase("tags");
  CLOUDLET_TRY(Save(cp, *t));
  return Accepted(204);
}

aws::Result<ControlReply> GetTags(ControlPlane& cp, const ControlRequest& req) {
  auto t = LoadTagged(cp, req);
  CLOUDLET_TRY(t);
  json::object body;
  body["tags"] = Obj(t->record, "tags");
  return ControlReply{200, json::serialize(body)};
}

}  // namespace cloudlet::apigateway::rest
