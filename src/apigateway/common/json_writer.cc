#include "apigateway/common/json_writer.h"

#include <fmt/format.h>

#include "aws/protocol/protocols.h"

namespace cloudlet::apigateway {
namespace {

// Runs without a character JSON escapes are appended whole (the common
// case: header names and values, ids, paths); only the rest go one by one.
void AppendEscaped(std::string& out, std::string_view text) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + start, i - start);
    aws::AppendJsonEscaped(out, text.substr(i, 1));
    start = i + 1;
  }
  out.append(text.data() + start, text.size() - start);
}

}  // namespace

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
  AppendEscaped(out_, key);
  out_ += "\":";
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_.push_back('"');
  AppendEscaped(out_, value);
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
