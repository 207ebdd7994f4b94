// Finding a method (and its integration and responses) inside its
// resource's record, with AWS's not-found texts, for the method,
// method-response, integration and integration-response operations.
#pragma once

#include <boost/json.hpp>

#include "apigateway/rest/control_plane.h"
#include "apigateway/rest/patch.h"

namespace cloudlet::apigateway::rest {

// A resource record loaded for one of its methods.
struct LoadedMethod {
  json::object resource;
  std::string http_method;  // upper case, as stored
  // The method inside `resource` (which LoadMethod checked is there).
  json::object& method() { return resource.at("resourceMethods").as_object().at(http_method).as_object(); }
};

// "Invalid Resource identifier specified" for a missing API or resource,
// "Invalid Method identifier specified" for a missing method.
aws::Result<LoadedMethod> LoadMethod(const ControlPlane& cp, const ControlRequest& req);
// Writes the resource back (and tells the data plane).
aws::Status SaveMethod(ControlPlane& cp, const ControlRequest& req, const LoadedMethod& loaded);

// The methods' status code label, [1-5]\d\d, else AWS's ValidationException.
aws::Status CheckStatusCode(std::string_view code);

// add/replace/remove of "/<member>/<name>" in a string or boolean map
// member (requestParameters, requestTemplates, responseModels, ...);
// removes the member when it empties. `bool_values`: "true"/"false" values.
aws::Status PatchMapMember(json::object& record, const std::string& member, const PatchOp& op, bool bool_values);

}  // namespace cloudlet::apigateway::rest
