#include "dynamodb/stream_specification.h"

#include <fmt/format.h>

#include "dynamodb/errors.h"

namespace cloudlet::dynamodb {
namespace json = boost::json;

aws::Status CheckStreamSpecificationConstraints(const json::object& req, ConstraintErrors& errors) {
  auto spec = ObjectMember(req, "StreamSpecification");
  if (!spec.ok()) return spec.take_error();
  if (!*spec) return aws::OkStatus();
  auto enabled = BoolMember(**spec, "StreamEnabled");
  if (!enabled.ok()) return enabled.take_error();
  auto view = StringMember(**spec, "StreamViewType");
  if (!view.ok()) return view.take_error();
  if (!*enabled) errors.Add(nullptr, "streamSpecification.streamEnabled", "Member must not be null");
  CheckEnum(**spec, "StreamViewType", "streamSpecification.streamViewType",
            {"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"}, errors);
  return aws::OkStatus();
}

aws::Result<StreamChange> StreamChangeOf(const json::object& req, const Table* current) {
  StreamChange change;
  auto* spec_value = req.if_contains("StreamSpecification");
  if (spec_value == nullptr || !spec_value->is_object()) return change;
  const json::object& spec = spec_value->get_object();
  bool enable = spec.at("StreamEnabled").get_bool();
  auto* view = spec.if_contains("StreamViewType");
  bool has_view = view && view->is_string();
  if (current == nullptr) {
    if (enable && !has_view)
      return errors::Validation("One or more parameter values were invalid: Table is being created with a stream "
                                "enabled, UpdateViewType is required");
    if (!enable && has_view)
      return errors::Validation("One or more parameter values were invalid: Table is being created with a stream "
                                "disabled, UpdateViewType should not be specified");
  } else {
    if (enable && current->stream_id != 0)
      return errors::Validation(fmt::format("Table already has an enabled stream: TableName: {}", current->name));
    if (!enable && current->stream_id == 0)
      return errors::Validation(fmt::format("Table has no stream to disable: TableName: {}", current->name));
    if (enable && !has_view)
      return errors::Validation(
          "One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required");
    if (!enable && has_view)
      return errors::Validation("One or more parameter values were invalid: If stream is being disabled, then "
                                "UpdateViewType must not be specified");
  }
  if (enable) {
    change.action = StreamChange::Action::kEnable;
    change.view = *ParseViewType(view->get_string());
  } else if (current != nullptr) {
    change.action = StreamChange::Action::kDisable;
  }
  return change;
}

aws::Status ApplyStreamChange(StreamStore& streams, std::string_view account, const StreamChange& change,
                              Table& table, StreamPtr* created, uint32_t* disabled_id) {
  auto& d = table.description;
  if (change.action == StreamChange::Action::kDisable) {
    *disabled_id = table.stream_id;
    table.stream_id = 0;
    d.erase("StreamSpecification");  // LatestStreamArn and LatestStreamLabel stay: the stream is still readable
    return aws::OkStatus();
  }
  if (change.action != StreamChange::Action::kEnable) return aws::OkStatus();
  auto stream = streams.Create(table, change.view, account);
  if (!stream.ok()) return stream.take_error();
  *created = *stream;
  table.stream_id = (*stream)->id;
  d["StreamSpecification"] = json::object{{"StreamEnabled", true}, {"StreamViewType", ViewTypeName(change.view)}};
  d["LatestStreamLabel"] = (*stream)->label;
  d["LatestStreamArn"] = (*stream)->arn;
  return aws::OkStatus();
}

}  // namespace cloudlet::dynamodb
