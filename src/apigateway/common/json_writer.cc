#include "apigateway/common/json_writer.h"

#include <fmt/format.h>

#include "aws/protocol/protocols.h"

namespace cloudlet::apigateway {

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ > 0) {
    uint64_t bit = uint64_t{1} << (depth_ - 1);
    if (need_comma_ & bit) out_.push_back(',');
    need_comma_ |= bit;
  }
}

void JsonWriter::Open(char c) {
  BeforeValue();
  out_.push_back(c);
  ++depth_;
  need_comma_ &= ~(uint64_t{1} << (depth_ - 1));
}

void JsonWriter::Close(char c) {
  out_.push_back(c);
  --depth_;
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  out_.push_back('"');
  aws::AppendJsonEscaped(out_, key);
  out_ += "\":";
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_.push_back('"');
  aws::AppendJsonEscaped(out_, value);
  out_.push_back('"');
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
}

void JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_.append(json);
}

}  // namespace cloudlet::apigateway
