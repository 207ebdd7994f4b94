// Writes JSON text straight into a string, for the documents the data plane
// builds per request (Lambda events, authorizer inputs, gateway answers):
// no intermediate tree, one growing buffer. Commas are placed by the
// writer; the caller only says what comes next. Nesting depth is at most 64.
//
//   JsonWriter w(out);
//   w.BeginObject(); w.Key("version"); w.String("2.0"); w.Key("n"); w.Int(1); w.EndObject();
//   // out == {"version":"2.0","n":1}
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cloudlet::apigateway {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();
  // Already-serialised JSON (a stored document, a function's context).
  void Raw(std::string_view json);

  // Key and value in one call.
  void Member(std::string_view key, std::string_view value) { Key(key), String(value); }

 private:
  void Open(char c);
  void Close(char c);
  void BeforeValue();

  std::string& out_;
  uint64_t need_comma_ = 0;  // one bit per open level
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace cloudlet::apigateway
