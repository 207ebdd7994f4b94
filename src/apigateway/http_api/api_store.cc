#include "apigateway/http_api/api_store.h"

#include <boost/json.hpp>

namespace cloudlet::apigateway::http_api {

void ApiStore::PutApi(storage::WriteBatch& batch, std::string_view api_id, const boost::json::object& record) {
  batch.Put(RecordKey(kStorePrefix, 'a', api_id), boost::json::serialize(record));
}

void ApiStore::DeleteApi(storage::WriteBatch& batch, std::string_view api_id) {
  batch.Delete(RecordKey(kStorePrefix, 'a', api_id));
  auto [lower, upper] = ChildrenRange(kStorePrefix, api_id);
  batch.DeleteRange(lower, upper);
}

void ApiStore::PutChild(storage::WriteBatch& batch, std::string_view api_id, Kind kind, std::string_view id,
                        const boost::json::object& record) {
  batch.Put(ChildRecordKey(kStorePrefix, api_id, static_cast<char>(kind), id), boost::json::serialize(record));
}

void ApiStore::DeleteChild(storage::WriteBatch& batch, std::string_view api_id, Kind kind, std::string_view id) {
  batch.Delete(ChildRecordKey(kStorePrefix, api_id, static_cast<char>(kind), id));
}

}  // namespace cloudlet::apigateway::http_api
