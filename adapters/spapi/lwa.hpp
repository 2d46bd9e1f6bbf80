// Login with Amazon: the refresh-token grant with an access-token cache per (seller, region)
// renewed before expiry, a "revoked" memory so a refused refresh token causes no retry storm,
// and the consent flow (Seller Central consent URL, authorization-code exchange).
#pragma once

#include "amzconn/host_services.hpp"
#include "api_error.hpp"
#include "base/marketplaces.hpp"
#include "secret_string.hpp"
#include "transport.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace amzconn::spapi {

inline constexpr std::string_view k_reauthorize_message =
    "authorization revoked or client secret rotated: re-authorize the store";

// The application's LWA client (from the developer console).
struct LwaApp {
    std::string client_id;
    SecretString client_secret;
};

// One seller's authorization in one region.
struct SellerAuth {
    std::string seller_key; // selling partner id, or the store alias when it is not known
    amazon::Region region = amazon::Region::na;
    SecretString refresh_token;
};

// Renew this long before the token's stated expiry.
inline constexpr int64_t k_token_renew_margin_ms = 5 * 60 * 1000;

// Shared by every worker of the plugin instance.
class LwaTokenCache {
  public:
    // A valid access token for the seller, from the cache or freshly granted.
    ApiResult<SecretString> access_token(HttpClient& http, HostServices& host,
                                         std::string_view token_url, const LwaApp& app,
                                         const SellerAuth& auth);
    // Forget the cached token (a 401/403 said it is invalid).
    void invalidate(const SellerAuth& auth);
    // How many grant requests went to LWA (tests: no retry storm).
    int64_t grant_requests() const;
    // Called after LWA granted a token, before it is cached: the plugin's crash point CP7 (a
    // kill there must cost only a second grant). Set once, before the cache is shared.
    void set_on_grant(std::function<void()> hook) { m_on_grant = std::move(hook); }

  private:
    struct Entry {
        std::mutex refresh_mutex; // one refresh at a time per seller+region
        SecretString token;
        int64_t expires_at_ms = 0;
        uint64_t revoked_fingerprint = 0; // credentials LWA refused; 0 = none
        std::string revoked_message;
    };
    Entry& entry(const SellerAuth& auth);
    mutable std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<Entry>> m_entries;
    int64_t m_grant_requests = 0;
    std::function<void()> m_on_grant;
};

struct TokenGrant {
    SecretString access_token;
    SecretString refresh_token; // only from the authorization-code exchange
    int64_t expires_in_s = 0;
};

// POST grant_type=refresh_token. invalid_grant / invalid_client / unauthorized_client become an
// auth error with k_reauthorize_message. The LWA response body is never logged or quoted.
ApiResult<TokenGrant> refresh_token_grant(HttpClient& http, std::string_view token_url,
                                          const LwaApp& app, const SecretString& refresh_token);

// POST grant_type=authorization_code (the consent callback's spapi_oauth_code).
ApiResult<TokenGrant> exchange_authorization_code(HttpClient& http, std::string_view token_url,
                                                  const LwaApp& app, const SecretString& code,
                                                  std::string_view redirect_uri);

// https://<seller central of the marketplace>/apps/authorize/consent?application_id=..&state=..
// (&version=beta for a draft app). Fails for an unknown marketplace or an empty id/state.
Result<std::string> consent_url(std::string_view marketplace_id_or_country,
                                std::string_view application_id, std::string_view state,
                                bool draft_app);

} // namespace amzconn::spapi
