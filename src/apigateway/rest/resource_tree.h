// A REST API's resources as a tree, and how a request finds its method
// (APIGW guide "api-gateway-method-settings-method-request", "set up a proxy
// resource"):
//
//   pathPart = literal | "{" name "}" | "{" name "+}"
//   literal  = 1*( ALPHA / DIGIT / "." / "_" / "-" )
//   e.g. "pets", "{petId}", "{proxy+}"
//
// Among the children of a resource at most one is a variable; a greedy
// resource has no children. A request path (after the stage, trailing '/'
// ignored) is matched segment by segment from the root, trying at each
// level the literal child, then the variable child ({name}: one non-empty
// segment), then the greedy one ({name+}: the rest, one or more segments);
// the resource reached must have the request's method or ANY (the seven
// methods GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS), else the search
// backs up and tries the next alternative. So OPTIONS /test reaches
// OPTIONS on /{proxy+} when /test has only POST. Nothing found: 403
// {"message":"Missing Authentication Token"}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "apigateway/common/request_parts.h"  // PathParams
#include "aws/error.h"

namespace cloudlet::apigateway::rest {

enum class PathPart { kLiteral, kVariable, kGreedy };

PathPart PathPartKind(std::string_view part);
// BadRequestException with AWS's text unless `part` follows the grammar.
aws::Status CheckPathPart(std::string_view part);

// Bits of a resource's methods; kAnyBit for ANY. -1 for a method REST APIs do not know.
inline constexpr int kAnyBit = 7;
int MethodBit(std::string_view method);

class ResourceTree {
 public:
  struct Resource {
    std::string id;
    std::string parent_id;  // empty for the root
    std::string path_part;  // empty for the root
    uint8_t methods = 0;    // MethodBit bits
  };
  struct Match {
    int resource = -1;      // index into the resources given to Build
    bool via_any = false;   // the resource's ANY method serves it
  };

  // Resources whose parent is missing are left out.
  void Build(std::vector<Resource> resources);
  // `path` starts with '/', no query. Fills `params` with views into `path`
  // and into the tree (valid while both live).
  Match Find(std::string_view method, std::string_view path, PathParams* params) const;

 private:
  struct Node {
    int resource = -1;
    PathPart kind = PathPart::kLiteral;
    std::string literal;  // kLiteral
    std::string name;     // variable name, without braces and '+'
    uint8_t methods = 0;
    std::vector<int> literals;  // child nodes
    int variable = -1;
    int greedy = -1;
  };
  bool Walk(int node, std::string_view rest, int bit, PathParams* params, Match* out) const;
  bool Accept(int node, int bit, Match* out) const;

  std::vector<Node> nodes_;  // [0] is the root
};

}  // namespace cloudlet::apigateway::rest
