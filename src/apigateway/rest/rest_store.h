// REST APIs in the store (API Gateway owns first bytes 0x50-0x5F; HTTP APIs
// use 0x50, REST APIs 0x58-0x5A). Records as common/record_store.h keeps
// them: the wire JSON of GetRestApi, GetResource, ... plus '_' members.
//
//   0x58 'a' <restApiId>                           the API ("_region" inside)
//   0x58 'c' <restApiId> 0x00 <kind> <childId>     its children, kind one of:
//        'r' resource     <resourceId>: the Resource with "resourceMethods"
//                         (each Method with its methodIntegration and
//                         methodResponses, as GetResources?embed=methods shows them)
//        's' stage        <stageName>
//        'd' deployment   <deploymentId>
//        'p' deployment snapshot <deploymentId>: {"api":{...},"resources":[...],
//                         "authorizers":[...]} as of CreateDeployment: what a stage serves
//        'z' authorizer   <authorizerId>
//   0x59 'k' <apiKeyId>                            an API key ("_region" inside)
//   0x59 'v' <region> 0x00 <value>                 {"id": <apiKeyId>}: keys by value, for the data plane
//   0x59 'u' <usagePlanId>                         a usage plan
//   0x59 'c' <usagePlanId> 0x00 'k' <apiKeyId>     {}: the plan's keys
//   0x5A <usagePlanId> 0x00 <apiKeyId> 0x00 <yyyy-mm-dd>   requests counted that UTC day
//                                                  (decimal text), for quotas and GetUsage
// Deleting an API or a plan removes its children with one range delete in
// the same batch as its record.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "apigateway/common/record_store.h"

namespace cloudlet::apigateway::rest {

inline constexpr char kApiPrefix = 0x58;
inline constexpr char kKeyPrefix = 0x59;
inline constexpr char kUsagePrefix = 0x5A;

enum class Kind : char {
  kResource = 'r',
  kStage = 's',
  kDeployment = 'd',
  kSnapshot = 'p',
  kAuthorizer = 'z',
};

class RestStore {
 public:
  explicit RestStore(storage::KvStore& kv) : apis_(kv, kApiPrefix), keys_(kv, kKeyPrefix), kv_(kv) {}

  // APIs and their children.
  aws::Result<std::optional<boost::json::object>> GetApi(std::string_view api_id) const { return apis_.Get('a', api_id); }
  aws::Result<std::vector<Child>> ListApis() const { return apis_.List('a', {}, SIZE_MAX); }
  aws::Result<std::optional<boost::json::object>> GetChild(std::string_view api_id, Kind kind,
                                                           std::string_view id) const {
    return apis_.GetChild(api_id, static_cast<char>(kind), id);
  }
  aws::Result<std::vector<Child>> ListChildren(std::string_view api_id, Kind kind) const {
    return apis_.ListChildren(api_id, static_cast<char>(kind));
  }
  void PutApi(storage::WriteBatch& b, std::string_view api_id, const boost::json::object& r) const {
    apis_.Put(b, 'a', api_id, r);
  }
  void DeleteApi(storage::WriteBatch& b, std::string_view api_id) const {
    apis_.Delete(b, 'a', api_id);
    apis_.DeleteChildren(b, api_id);
  }
  void PutChild(storage::WriteBatch& b, std::string_view api_id, Kind kind, std::string_view id,
                const boost::json::object& r) const {
    apis_.PutChild(b, api_id, static_cast<char>(kind), id, r);
  }
  void DeleteChild(storage::WriteBatch& b, std::string_view api_id, Kind kind, std::string_view id) const {
    apis_.DeleteChild(b, api_id, static_cast<char>(kind), id);
  }

  // API keys, their values, usage plans and their keys.
  const RecordStore& keys() const { return keys_; }
  static std::string ValueIndexId(std::string_view region, std::string_view value);

  // Requests of a key in a plan on one UTC day (0 when none).
  aws::Result<int64_t> DayCount(std::string_view plan_id, std::string_view key_id, std::string_view day) const;
  void PutDayCount(storage::WriteBatch& b, std::string_view plan_id, std::string_view key_id, std::string_view day,
                   int64_t count) const;
  // Forgets every count of a plan (DeleteUsagePlan) or of one of its keys.
  void DeleteCounts(storage::WriteBatch& b, std::string_view plan_id, std::string_view key_id = {}) const;

  aws::Status Write(const storage::WriteBatch& b) const { return apis_.Write(b); }
  storage::KvStore& kv() const { return kv_; }

 private:
  RecordStore apis_;
  RecordStore keys_;
  storage::KvStore& kv_;
};

}  // namespace cloudlet::apigateway::rest
