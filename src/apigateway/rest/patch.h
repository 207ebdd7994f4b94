// The patch operations of the v1 Update* operations (APIGW API reference
// "PatchOperation"): a list of {op, path, value, from}, where op is one of
// add, remove, replace, move, copy, test and path a JSON pointer into the
// resource whose segments escape '/' as "~1" and '~' as "~0":
//   [{"op":"replace","path":"/name","value":"renamed"},
//    {"op":"add","path":"/binaryMediaTypes/image~1png"},
//    {"op":"replace","path":"/~1pets/GET/throttling/rateLimit","value":"10"}]
// Each operation says which paths and ops it takes; this reads the list
// and gives the error texts AWS uses for what it refuses.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/error.h"

namespace cloudlet::apigateway::rest {

struct PatchOp {
  std::string op;     // "add", "remove", "replace", "move", "copy", "test"
  std::string path;   // as given ("/binaryMediaTypes/image~1png")
  std::optional<std::string> value;
  std::string from;
  std::vector<std::string> segments;  // the path's segments, unescaped: {"binaryMediaTypes", "image/png"}
};

// Reads body.patchOperations. An op outside the enum is AWS's
// ValidationException naming `input` ("updateRestApiInput") and each bad
// index; a missing list is an empty one.
aws::Result<std::vector<PatchOp>> ReadPatchOperations(const boost::json::object& body, std::string_view input);

// "/a~1b/c" → {"a/b", "c"}; "" and "/" → {}.
std::vector<std::string> SplitPointer(std::string_view path);
// "a/b" → "a~1b" (the inverse for one segment).
std::string EscapePointerSegment(std::string_view segment);

// The refusals, in AWS's words (the two spaces after "path" are AWS's):
//   "Invalid patch path  '/x' specified for op 'replace'. Must be one of: [/a, /b]"
aws::AwsError PatchPathNotOneOf(const PatchOp& op, std::string_view allowed);
//   "Invalid patch path  '/x' specified for op 'add'. Please choose supported operations"
aws::AwsError PatchOpNotSupported(const PatchOp& op);
//   "Invalid patch path /x"
aws::AwsError InvalidPatchPath(std::string_view path);
//   "Invalid patch operation specified. Must be one of: [replace]"
aws::AwsError PatchOpNotOneOf(std::string_view allowed);
// The op's value, required: BadRequestException "Invalid null or empty value in <path>" without one.
aws::Result<std::string> PatchValue(const PatchOp& op);

}  // namespace cloudlet::apigateway::rest
