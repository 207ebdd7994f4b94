#include "apigateway/http_api/jwks.h"

#include <boost/json.hpp>

namespace cloudlet::apigateway::http_api {
namespace json = boost::json;
namespace {

constexpr auto kKeep = std::chrono::minutes(10);
constexpr auto kRetry = std::chrono::seconds(10);
constexpr auto kFetchTimeout = std::chrono::milliseconds(1500);
constexpr std::size_t kMaxJwksBytes = 150000;

OutboundRequest Get(const Url& url) {
  OutboundRequest r;
  r.method = http::Verb::get;
  r.url = url;
  r.headers.emplace_back("Accept", "application/json");
  r.timeout = kFetchTimeout;
  r.max_response_bytes = kMaxJwksBytes;
  return r;
}

}  // namespace

std::map<std::string, RsaPublicKey> JwksCache::ParseJwks(std::string_view json_text) {
  std::map<std::string, RsaPublicKey> out;
  boost::system::error_code ec;
  json::value v = json::parse(json_text, ec);
  if (ec || !v.is_object()) return out;
  const json::value* keys = v.as_object().if_contains("keys");
  if (!keys || !keys->is_array()) return out;
  for (const auto& k : keys->as_array()) {
    if (!k.is_object()) continue;
    const json::object& o = k.as_object();
    auto str = [&o](std::string_view key) -> std::string_view {
      const json::value* m = o.if_contains(key);
      return m && m->is_string() ? std::string_view(m->as_string()) : std::string_view{};
    };
    if (str("kty") != "RSA" || (!str("use").empty() && str("use") != "sig")) continue;
    if (auto key = RsaKeyFromJwk(str("n"), str("e"))) out[std::string(str("kid"))] = std::move(key);
  }
  return out;
}

void JwksCache::FindKey(std::string_view issuer, std::string_view kid,
                        std::function<void(RsaPublicKey, std::string)> done) {
  std::unique_lock lock(mu_);
  auto it = issuers_.find(issuer);
  if (it == issuers_.end()) it = issuers_.emplace(std::string(issuer), Issuer{}).first;
  Issuer& state = it->second;
  auto now = Clock::now();
  bool fresh = state.fetched_at != Clock::time_point{} && now - state.fetched_at < kKeep;
  if (fresh) {
    if (auto key = state.keys.find(std::string(kid)); key != state.keys.end()) {
      RsaPublicKey found = key->second;
      lock.unlock();
      return done(std::move(found), {});
    }
    if (now - state.attempted_at < kRetry) {
      lock.unlock();
      return done(nullptr, "the token's key id was not found in the issuer's JWKS");
    }
  }
  state.waiting.push_back(Waiter{std::string(kid), std::move(done)});
  if (state.fetching) return;
  state.fetching = true;
  state.attempted_at = now;
  std::string name = it->first;
  lock.unlock();
  Fetch(name);
}

void JwksCache::Fetch(const std::string& issuer) {
  std::string base = issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto discovery = ParseUrl(base + "/.well-known/openid-configuration");
  if (!discovery) return Finished(issuer, {}, "the issuer is not an http(s) URL");
  http_.Send(Get(*discovery), [this, issuer](OutboundResult r) {
    if (r.status != OutboundResult::Status::kOk || r.response.result_int() != 200)
      return Finished(issuer, {}, "unable to fetch the issuer's OpenID configuration" + (r.error.empty() ? "" : ": " + r.error));
    boost::system::error_code ec;
    json::value v = json::parse(r.response.body(), ec);
    const json::value* uri = !ec && v.is_object() ? v.as_object().if_contains("jwks_uri") : nullptr;
    auto jwks_url = uri && uri->is_string() ? ParseUrl(uri->as_string()) : std::nullopt;
    if (!jwks_url) return Finished(issuer, {}, "the issuer's OpenID configuration has no valid jwks_uri");
    http_.Send(Get(*jwks_url), [this, issuer](OutboundResult r) {
      if (r.status != OutboundResult::Status::kOk || r.response.result_int() != 200)
        return Finished(issuer, {}, "unable to fetch the issuer's JWKS" + (r.error.empty() ? "" : ": " + r.error));
      Finished(issuer, ParseJwks(r.response.body()), {});
    });
  });
}

void JwksCache::Finished(const std::string& issuer, std::map<std::string, RsaPublicKey> keys, std::string error) {
  std::vector<Waiter> waiting;
  std::map<std::string, RsaPublicKey> current;
  {
    std::lock_guard lock(mu_);
    Issuer& state = issuers_[issuer];
    state.fetching = false;
    if (error.empty()) {
      state.keys = std::move(keys);
      state.fetched_at = Clock::now();
    }
    current = state.keys;
    waiting.swap(state.waiting);
  }
  for (auto& w : waiting) {
    auto it = current.find(w.kid);
    if (it != current.end()) w.done(it->second, {});
    else w.done(nullptr, error.empty() ? "the token's key id was not found in the issuer's JWKS" : error);
  }
}

}  // namespace cloudlet::apigateway::http_api
