// The one error type of cloudlet. An AwsError carries what every AWS protocol
// needs to render a failure: the HTTP status, the error code as AWS names it
// (e.g. "ValidationException"), an optional namespace prefix that some
// protocols put in front of the code (DynamoDB's
// "com.amazonaws.dynamodb.v20120810#"), and the message text, which clients
// and tests compare byte for byte, so it is never reworded.
//
// Errors cross module boundaries as values: Result<T> holds either a T or an
// AwsError. Exceptions, where a module uses them at all, never escape it.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace cloudlet::aws {

struct AwsError {
  int http_status = 400;
  std::string code;        // "ValidationException", "NoSuchBucket", ...
  std::string message;     // exact AWS text; may be empty
  std::string code_prefix; // "com.amazon.coral.service#" etc.; JSON protocols only
  // Further members of a JSON error body, already serialised without braces
  // (DynamoDB's ConditionalCheckFailedException carries "Item":{...}).
  std::string extra_json;

  static AwsError Make(int status, std::string code, std::string message,
                       std::string prefix = {}) {
    return AwsError{status, std::move(code), std::move(message), std::move(prefix), {}};
  }
  // Frequent shapes; services add their own named factories beside their code.
  static AwsError Validation(std::string message) {
    return Make(400, "ValidationException", std::move(message));
  }
  static AwsError Internal(std::string message) {
    return Make(500, "InternalFailure", std::move(message));
  }
  // The code as JSON protocols print it in `__type`: prefix + code.
  std::string QualifiedCode() const { return code_prefix + code; }
};

// Either a value or an AwsError. Deliberately small: ok(), value(), error().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Result(AwsError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const AwsError& error() const { return std::get<1>(v_); }
  AwsError&& take_error() { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, AwsError> v_;
};

// Result for operations that yield nothing but success or an error.
struct Ok {};
using Status = Result<Ok>;
inline Status OkStatus() { return Ok{}; }

}  // namespace cloudlet::aws

// Propagates an error from an expression returning Result<...> or Status.
#define CLOUDLET_TRY(expr)                                       \
  do {                                                           \
    auto&& cloudlet_try_result_ = (expr);                        \
    if (!cloudlet_try_result_.ok()) return cloudlet_try_result_.take_error(); \
  } while (0)
