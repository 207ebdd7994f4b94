// The access keys the emulator accepts, and their secrets. Loaded once at
// startup and read-only afterwards, so concurrent Find() calls need no lock.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "aws/error.h"

namespace cloudlet::aws::sigv4 {

struct Credential {
  std::string access_key;
  std::string secret_key;
  // When non-empty, requests must carry X-Amz-Security-Token equal to it;
  // when empty, any token (or none) is accepted.
  std::string session_token;
};

class CredentialsStore {
 public:
  // The store every local AWS tool assumes: access key "test", secret "test".
  static CredentialsStore Default();

  // Reads an AWS shared-credentials file (INI):
  //
  //   [default]                       ; or any profile name; "[profile x]" also accepted
  //   aws_access_key_id = AKIDEXAMPLE
  //   aws_secret_access_key = wJalr...
  //   aws_session_token = IQoJ...     ; optional (legacy name aws_security_token too)
  //
  // Comments start with "#" or ";". Sections with neither key (e.g. only
  // "region") are skipped. Returns only the file's credentials (no test/test);
  // an error naming the path and line when the file cannot be read, a line is
  // not "key = value" or "[section]", or a section has one key without the other.
  static cloudlet::aws::Result<CredentialsStore> LoadFile(const std::string& path);
  // The same from the file's text; `source` names it in error messages.
  static cloudlet::aws::Result<CredentialsStore> Parse(std::string_view text, std::string_view source);

  // The credential for `access_key`, or nullptr. The pointer stays valid until
  // the next Add().
  const Credential* Find(std::string_view access_key) const;

  // Adds or replaces the credential with the same access key.
  void Add(Credential credential);

  std::size_t size() const { return by_key_.size(); }

 private:
  // Transparent, so Find() looks a string_view up without allocating.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  std::unordered_map<std::string, Credential, KeyHash, std::equal_to<>> by_key_;
};

}  // namespace cloudlet::aws::sigv4
