// HTTP APIs in the store, as common/record_store.h keeps records.
//
// Key layout (API Gateway owns first bytes 0x50-0x5F; HTTP APIs use 0x50,
// REST APIs 0x58-0x5B, see rest/rest_store.h):
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
// Deleting an API removes its children with one range delete in the same
// batch as the API record.
#pragma once

#include "apigateway/common/record_store.h"

namespace cloudlet::apigateway::http_api {

inline constexpr char kStorePrefix = 0x50;

enum class Kind : char {
  kRoute = 'r',
  kIntegration = 'i',
  kStage = 's',
  kDeployment = 'd',
  kSnapshot = 'p',
  kAuthorizer = 'z',
};

class ApiStore {
 public:
  explicit ApiStore(storage::KvStore& kv) : records_(kv, kStorePrefix) {}

  aws::Result<std::optional<boost::json::object>> GetApi(std::string_view api_id) const {
    return records_.Get('a', api_id);
  }
  // APIs in id order, starting after `after` (empty: from the first).
  aws::Result<std::vector<Child>> ListApis(std::string_view after, std::size_t limit) const {
    return records_.List('a', after, limit);
  }
  aws::Result<std::optional<boost::json::object>> GetChild(std::string_view api_id, Kind kind,
                                                           std::string_view id) const {
    return records_.GetChild(api_id, static_cast<char>(kind), id);
  }
  // Children of one kind in id order.
  aws::Result<std::vector<Child>> ListChildren(std::string_view api_id, Kind kind) const {
    return records_.ListChildren(api_id, static_cast<char>(kind));
  }

  // Batch builders; nothing is written until Write.
  static void PutApi(storage::WriteBatch& batch, std::string_view api_id, const boost::json::object& record);
  static void DeleteApi(storage::WriteBatch& batch, std::string_view api_id);
  static void PutChild(storage::WriteBatch& batch, std::string_view api_id, Kind kind, std::string_view id,
                       const boost::json::object& record);
  static void DeleteChild(storage::WriteBatch& batch, std::string_view api_id, Kind kind, std::string_view id);
  aws::Status Write(const storage::WriteBatch& batch) { return records_.Write(batch); }

 private:
  RecordStore records_;
};

}  // namespace cloudlet::apigateway::http_api
