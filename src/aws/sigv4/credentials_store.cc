#include "aws/sigv4/credentials_store.h"

#include <fstream>
#include <sstream>

namespace cloudlet::aws::sigv4 {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

AwsError ConfigError(std::string_view source, std::size_t line, std::string_view what) {
  std::string message(source);
  if (line > 0) message.append(":").append(std::to_string(line));
  message.append(": ").append(what);
  return AwsError::Make(500, "InvalidCredentialsFile", std::move(message));
}

// A profile being read; committed to the store when the next one starts.
struct Section {
  std::string name;
  std::size_t line = 0;
  Credential credential;
};

Status Commit(const Section& section, std::string_view source, CredentialsStore& store) {
  const Credential& c = section.credential;
  if (c.access_key.empty() && c.secret_key.empty()) return OkStatus();
  if (c.access_key.empty() || c.secret_key.empty()) {
    return ConfigError(source, section.line,
                       "profile [" + section.name + "] needs both aws_access_key_id and aws_secret_access_key");
  }
  store.Add(c);
  return OkStatus();
}

}  // namespace

CredentialsStore CredentialsStore::Default() {
  CredentialsStore store;
  store.Add(Credential{"test", "test", ""});
  return store;
}

Result<CredentialsStore> CredentialsStore::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ConfigError(path, 0, "cannot open credentials file");
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

Result<CredentialsStore> CredentialsStore::Parse(std::string_view text, std::string_view source) {
  CredentialsStore store;
  Section section;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']') return ConfigError(source, line_no, "unterminated section header");
      CLOUDLET_TRY(Commit(section, source, store));
      std::string_view name = Trim(line.substr(1, line.size() - 2));
      if (name.starts_with("profile ")) name = Trim(name.substr(8));
      section = Section{std::string(name), line_no, {}};
      continue;
    }
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) return ConfigError(source, line_no, "expected 'key = value'");
    std::string_view key = Trim(line.substr(0, eq));
    std::string value(Trim(line.substr(eq + 1)));
    if (key == "aws_access_key_id") {
      section.credential.access_key = std::move(value);
    } else if (key == "aws_secret_access_key") {
      section.credential.secret_key = std::move(value);
    } else if (key == "aws_session_token" || key == "aws_security_token") {
      section.credential.session_token = std::move(value);
    }
  }
  CLOUDLET_TRY(Commit(section, source, store));
  return store;
}

const Credential* CredentialsStore::Find(std::string_view access_key) const {
  auto it = by_key_.find(access_key);
  return it == by_key_.end() ? nullptr : &it->second;
}

void CredentialsStore::Add(Credential credential) {
  std::string key = credential.access_key;
  by_key_.insert_or_assign(std::move(key), std::move(credential));
}

}  // namespace cloudlet::aws::sigv4
