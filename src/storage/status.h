// storage::Status — the outcome of every storage call, as a value.
//
// The storage layer knows nothing of AWS: callers translate a Status into
// their own error (DynamoDB's InternalServerError, S3's InternalError, ...).
// A Status is a code plus one line of text meant for a log or an operator;
// callers branch on the code, never on the text.
#pragma once

#include <string>
#include <utility>

namespace cloudlet::storage {

class [[nodiscard]] Status {
 public:
  enum class Code : unsigned char {
    kOk,
    kNotFound,         // Get: the key is absent. Never an error in itself.
    kCorruption,       // stored bytes fail their checksum or cannot be parsed
    kIOError,          // the file system refused (disk full, permissions, ...)
    kBusy,             // a resource is held by someone else (the data dir lock)
    kInvalidArgument,  // the call itself is wrong (bad range, bad options)
  };

  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status NotFound(std::string message = {}) { return Status(Code::kNotFound, std::move(message)); }
  static Status Corruption(std::string message) { return Status(Code::kCorruption, std::move(message)); }
  static Status IOError(std::string message) { return Status(Code::kIOError, std::move(message)); }
  static Status Busy(std::string message) { return Status(Code::kBusy, std::move(message)); }
  static Status InvalidArgument(std::string message) {
    return Status(Code::kInvalidArgument, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }

  Code code() const { return code_; }
  // One line, without the code name; may be empty (NotFound usually is).
  const std::string& message() const { return message_; }
  // "OK", or the code name and the message: "IOError: data dir /x is not writable: ...".
  std::string ToString() const;

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// "OK", "NotFound", "Corruption", "IOError", "Busy", "InvalidArgument".
const char* CodeName(Status::Code code);

}  // namespace cloudlet::storage
