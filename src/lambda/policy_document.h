// Resource-based policy statements as Lambda renders them. AddPermission's
// members become one statement, e.g. for Principal s3.amazonaws.com with
// SourceArn and SourceAccount:
//   {"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},
//    "Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:...:function:f",
//    "Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"},
//                 "ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}}
// Principal: "*" stays "*"; an account id becomes {"AWS":"arn:aws:iam::<id>:root"};
// an ARN {"AWS":<arn>}; anything else (a service) {"Service":<name>}.
// cloudlet stores and reports policies; it does not evaluate them.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "aws/error.h"
#include "lambda/function_store.h"

namespace cloudlet::lambda {

inline constexpr std::size_t kMaxPolicyBytes = 20480;

struct PermissionRequest {
  std::string statement_id;
  std::string action;
  std::string principal;
  std::optional<std::string> source_arn;
  std::optional<std::string> source_account;
  std::optional<std::string> principal_org_id;
  std::optional<std::string> event_source_token;
  std::optional<std::string> function_url_auth_type;
  std::optional<std::string> revision_id;
};

// AddPermission's body, each member checked against the model.
aws::Result<PermissionRequest> ParsePermission(const boost::json::object& body);

// The statement for `permission` on `resource_arn` (qualified when a Qualifier was given).
boost::json::object BuildStatement(const PermissionRequest& permission, std::string_view resource_arn);

// {"Version":"2012-10-17","Id":"default","Statement":[...]} as JSON text.
std::string RenderPolicy(const PolicyRecord& policy);

}  // namespace cloudlet::lambda
