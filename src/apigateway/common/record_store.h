// JSON records of API Gateway in the shared store, under one key prefix
// (first byte) per kind of API: top-level records by space and id, and the
// children of a parent by kind and id:
//   <prefix> <space> <id>                           e.g. 0x50 'a' <apiId>
//   <prefix> 'c' <parentId> 0x00 <kind> <childId>   e.g. 0x50 'c' <apiId> 0x00 'r' <routeId>
// A record is the resource's own wire JSON (lowerCamel members as the
// models name them) plus internal members whose names start with '_'
// (never sent). Ids never contain 0x00; space 'c' is the children's.
// Deleting a parent's children is one range delete.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"
#include "storage/kv_store.h"

namespace cloudlet::apigateway {

struct Child {
  std::string id;
  boost::json::object record;
};

class RecordStore {
 public:
  RecordStore(storage::KvStore& kv, char prefix) : kv_(kv), prefix_(prefix) {}

  aws::Result<std::optional<boost::json::object>> Get(char space, std::string_view id) const;
  // Records of `space` in id order, starting after `after` (empty: from the first).
  aws::Result<std::vector<Child>> List(char space, std::string_view after, std::size_t limit) const;
  aws::Result<std::optional<boost::json::object>> GetChild(std::string_view parent, char kind,
                                                           std::string_view id) const;
  // Children of one kind in id order.
  aws::Result<std::vector<Child>> ListChildren(std::string_view parent, char kind) const;

  // Batch builders; nothing is written until Write.
  void Put(storage::WriteBatch& batch, char space, std::string_view id, const boost::json::object& record) const;
  void Delete(storage::WriteBatch& batch, char space, std::string_view id) const;
  void PutChild(storage::WriteBatch& batch, std::string_view parent, char kind, std::string_view id,
                const boost::json::object& record) const;
  void DeleteChild(storage::WriteBatch& batch, std::string_view parent, char kind, std::string_view id) const;
  void DeleteChildren(storage::WriteBatch& batch, std::string_view parent) const;
  aws::Status Write(const storage::WriteBatch& batch) const;

  storage::KvStore& kv() const { return kv_; }
  char prefix() const { return prefix_; }

 private:
  storage::KvStore& kv_;
  const char prefix_;
};

// The keys above.
std::string RecordKey(char prefix, char space, std::string_view id);
std::string ChildRecordKey(char prefix, std::string_view parent, char kind, std::string_view id);
// [lower, upper) of every child of `parent`.
std::pair<std::string, std::string> ChildrenRange(char prefix, std::string_view parent);

// A record as the wire shows it: members starting with '_' left out.
boost::json::object Visible(const boost::json::object& record);
// The store's failure as the 500 the control planes answer.
aws::AwsError StorageError(const storage::Status& status);

}  // namespace cloudlet::apigateway
