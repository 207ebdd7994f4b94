// HTTP APIs in the store. Each record is the resource's own wire JSON (the
// members GetApi, GetRoute, ... answer, lowerCamel as the model names them),
// plus internal members whose names start with '_' (never sent).
//
// Key layout (API Gateway owns first bytes 0x50-0x5F; HTTP APIs use 0x50,
// REST APIs are left 0x58-0x5F):
//   0x50 'a' <apiId>                          the API ("_region" inside)
//   0x50 'c' <apiId> 0x00 <kind> <childId>    its children, kind one of:
//        'r' route         <routeId>
//        'i' integration   <integrationId>
//        's' stage         <stageName>
//        'd' deployment    <deploymentId>
//        'p' deployment snapshot <deploymentId>: {"routes":[...],
//            "integrations":[...],"authorizers":[...],"cors":{...}} as of
//            CreateDeployment, what a stage serves unless it auto-deploys
//        'z' authorizer    <authorizerId>
// Ids never contain 0x00. Deleting an API removes its children with one
// range delete in the same batch as the API record.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"
#include "storage/kv_store.h"

namespace cloudlet::apigateway::http_api {

enum class Kind : char {
  kRoute = 'r',
  kIntegration = 'i',
  kStage = 's',
  kDeployment = 'd',
  kSnapshot = 'p',
  kAuthorizer = 'z',
};

struct Child {
  std::string id;
  boost::json::object record;
};

class ApiStore {
 public:
  explicit ApiStore(storage::KvStore& kv) : kv_(kv) {}

  aws::Result<std::optional<boost::json::object>> GetApi(std::string_view api_id) const;
  // APIs in id order, starting after `after` (empty: from the first).
  aws::Result<std::vector<Child>> ListApis(std::string_view after, std::size_t limit) const;
  aws::Result<std::optional<boost::json::object>> GetChild(std::string_view api_id, Kind kind,
                                                           std::string_view id) const;
  // Children of one kind in id order.
  aws::Result<std::vector<Child>> ListChildren(std::string_view api_id, Kind kind) const;

  // Batch builders; nothing is written until Write.
  static void PutApi(storage::WriteBatch& batch, std::string_view api_id, const boost::json::object& record);
  static void DeleteApi(storage::WriteBatch& batch, std::string_view api_id);
  static void PutChild(storage::WriteBatch& batch, std::string_view api_id, Kind kind, std::string_view id,
                       const boost::json::object& record);
  static void DeleteChild(storage::WriteBatch& batch, std::string_view api_id, Kind kind, std::string_view id);
  aws::Status Write(const storage::WriteBatch& batch);

 private:
  storage::KvStore& kv_;
};

// A record as the wire shows it: members starting with '_' left out.
boost::json::object Visible(const boost::json::object& record);

}  // namespace cloudlet::apigateway::http_api
