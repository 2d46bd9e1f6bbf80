#include "lwa.hpp"

#include "url.hpp"

#include <boost/json.hpp>
#include <functional>

namespace amzconn::spapi {
namespace {

uint64_t fingerprint(const LwaApp& app, const SecretString& refresh_token) {
    std::hash<std::string_view> h;
    uint64_t a = h(app.client_id);
    uint64_t b = h(app.client_secret.reveal());
    uint64_t c = h(refresh_token.reveal());
    uint64_t f = a ^ (b * 0x9e3779b97f4a7c15ULL) ^ (c * 0xc2b2ae3d27d4eb4fULL);
    return f == 0 ? 1 : f;
}

std::string key_of(const SellerAuth& auth) {
    return auth.seller_key + "|" + std::string(amazon::to_string(auth.region));
}

// A 2xx answer: the grant, or why it cannot be used. The parsed body `v` is wiped once the
// grant is read from it.
ApiResult<TokenGrant> grant_from(boost::json::value& v, const boost::json::object* obj,
                                 bool expect_refresh_token, ApiError err) {
    if (obj == nullptr) {
        err.kind = ErrorKind::data;
        err.message = "the token endpoint answered with something that is not JSON; check "
                      "lwa_token_url";
        return err;
    }
    TokenGrant grant;
    const auto* at = obj->if_contains("access_token");
    const auto* ei = obj->if_contains("expires_in");
    if (at == nullptr || !at->is_string() || at->as_string().empty()) {
        err.kind = ErrorKind::data;
        err.message = "the token response has no access_token string";
        return err;
    }
    if (ei == nullptr || !(ei->is_int64() || ei->is_uint64()) || ei->to_number<int64_t>() <= 0) {
        err.kind = ErrorKind::data;
        err.message = "the token response has no positive integer expires_in";
        return err;
    }
    grant.access_token = SecretString(std::string_view(at->as_string()));
    grant.expires_in_s = ei->to_number<int64_t>();
    if (const auto* rt = obj->if_contains("refresh_token"); rt != nullptr && rt->is_string()) {
        grant.refresh_token = SecretString(std::string_view(rt->as_string()));
    }
    if (expect_refresh_token && grant.refresh_token.empty()) {
        err.kind = ErrorKind::data;
        err.message = "the token response has no refresh_token";
        return err;
    }
    // Wipe the parsed copies too: the tree and the body hold the token.
    if (auto* o = v.if_object()) {
        for (auto& kv : *o) {
            if (kv.value().is_string()) {
                auto& s = kv.value().as_string();
                explicit_bzero(s.data(), s.size());
            }
        }
    }
    return grant;
}

// A refusal: auth (re-authorize), retryable (429, 5xx) or permanent.
ApiError refusal(const boost::json::object* obj, long status, ApiError err) {
    std::string code;
    if (obj != nullptr) {
        if (const auto* e = obj->if_contains("error"); e != nullptr && e->is_string()) {
            code = std::string(e->as_string());
        }
    }
    err.code = code;
    if (code == "invalid_grant" || code == "invalid_client" || code == "unauthorized_client") {
        err.kind = ErrorKind::auth;
        err.message = std::string(k_reauthorize_message) + " (LWA: " + code + ")";
        return err;
    }
    if (status == 429 || status >= 500) {
        err.kind = ErrorKind::retryable;
        err.message =
            "the token endpoint answered HTTP " + std::to_string(status) + "; retry later";
        return err;
    }
    err.kind = status == 401 || status == 403 ? ErrorKind::auth : ErrorKind::permanent;
    err.message = "the token endpoint refused the request (HTTP " + std::to_string(status) +
                  (code.empty() ? "" : ", " + code.substr(0, 40)) +
                  "); check the app's client id and secret";
    return err;
}

ApiResult<TokenGrant> post_grant(HttpClient& http, std::string_view token_url, SecretString body,
                                 bool expect_refresh_token) {
    ApiError err;
    err.operation = "LWA token";
    auto check = check_endpoint(token_url, "lwa_token_url");
    if (!check) {
        err.kind = ErrorKind::permanent;
        err.message = check.error().message;
        return err;
    }
    HttpRequest req;
    req.method = "POST";
    req.url = std::string(token_url);
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded;charset=UTF-8"},
                   {"Accept", "application/json"}};
    req.body = std::string(body.reveal());
    auto res = http.perform(req);
    explicit_bzero(req.body.data(), req.body.size());
    if (!res) {
        ApiError e = res.error();
        e.operation = "LWA token";
        return e;
    }
    HttpResponse& r = *res;
    // The body holds the access token: wipe it whatever happens below.
    struct BodyWiper {
        std::string& body;
        ~BodyWiper() { explicit_bzero(body.data(), body.size()); }
    } wiper{r.body};
    err.http_status = r.status;
    err.request_id = std::string(r.request_id());
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    const boost::json::object* obj = (!ec && v.is_object()) ? &v.as_object() : nullptr;
    if (r.status >= 200 && r.status < 300) {
        return grant_from(v, obj, expect_refresh_token, std::move(err));
    }
    return refusal(obj, r.status, std::move(err));
}

void append_field(std::string& body, std::string_view name, std::string_view value) {
    if (!body.empty()) {
        body += '&';
    }
    body += name;
    body += '=';
    body += percent_encode(value);
}

} // namespace

ApiResult<TokenGrant> refresh_token_grant(HttpClient& http, std::string_view token_url,
                                          const LwaApp& app, const SecretString& refresh_token) {
    std::string body;
    body.reserve(2048);
    append_field(body, "grant_type", "refresh_token");
    append_field(body, "refresh_token", refresh_token.reveal());
    append_field(body, "client_id", app.client_id);
    append_field(body, "client_secret", app.client_secret.reveal());
    return post_grant(http, token_url, SecretString(std::move(body)), false);
}

ApiResult<TokenGrant> exchange_authorization_code(HttpClient& http, std::string_view token_url,
                                                  const LwaApp& app, const SecretString& code,
                                                  std::string_view redirect_uri) {
    std::string body;
    body.reserve(2048);
    append_field(body, "grant_type", "authorization_code");
    append_field(body, "code", code.reveal());
    if (!redirect_uri.empty()) {
        append_field(body, "redirect_uri", redirect_uri);
    }
    append_field(body, "client_id", app.client_id);
    append_field(body, "client_secret", app.client_secret.reveal());
    return post_grant(http, token_url, SecretString(std::move(body)), true);
}

LwaTokenCache::Entry& LwaTokenCache::entry(const SellerAuth& auth) {
    std::lock_guard lock(m_mutex);
    auto& e = m_entries[key_of(auth)];
    if (!e) {
        e = std::make_unique<Entry>();
    }
    return *e;
}

ApiResult<SecretString> LwaTokenCache::access_token(HttpClient& http, HostServices& host,
                                                    std::string_view token_url, const LwaApp& app,
                                                    const SellerAuth& auth) {
    Entry& e = entry(auth);
    std::lock_guard refresh(e.refresh_mutex);
    int64_t now = host.now_ms();
    if (!e.token.empty() && now + k_token_renew_margin_ms < e.expires_at_ms) {
        return e.token.clone();
    }
    uint64_t fp = fingerprint(app, auth.refresh_token);
    if (e.revoked_fingerprint == fp) {
        ApiError err;
        err.kind = ErrorKind::auth;
        err.operation = "LWA token";
        err.message = e.revoked_message + " (refused earlier; not asked again until the "
                                          "credentials change)";
        return err;
    }
    {
        std::lock_guard lock(m_mutex);
        ++m_grant_requests;
    }
    auto grant = refresh_token_grant(http, token_url, app, auth.refresh_token);
    if (!grant) {
        if (grant.error().kind == ErrorKind::auth) {
            e.revoked_fingerprint = fp;
            e.revoked_message = grant.error().message;
            e.token.wipe();
        }
        return grant.error();
    }
    if (m_on_grant) {
        m_on_grant();
    }
    e.revoked_fingerprint = 0;
    e.token = std::move(grant->access_token);
    e.expires_at_ms = host.now_ms() + grant->expires_in_s * 1000;
    host.log(LogLevel::debug, auth.seller_key, "", "LWA access token renewed");
    return e.token.clone();
}

void LwaTokenCache::invalidate(const SellerAuth& auth) {
    Entry& e = entry(auth);
    std::lock_guard refresh(e.refresh_mutex);
    e.token.wipe();
    e.expires_at_ms = 0;
}

int64_t LwaTokenCache::grant_requests() const {
    std::lock_guard lock(m_mutex);
    return m_grant_requests;
}

Result<std::string> consent_url(std::string_view marketplace, std::string_view application_id,
                                std::string_view state, bool draft_app) {
    const amazon::Marketplace* m = amazon::find_marketplace(marketplace);
    if (m == nullptr) {
        return Error{Status::bad_input, "unknown marketplace \"" + std::string(marketplace) +
                                            "\"; use a marketplace id or country code"};
    }
    if (application_id.empty() || state.empty()) {
        return Error{Status::bad_input,
                     "the consent URL needs the app's application id and a non-empty state"};
    }
    struct Domain {
        std::string_view country;
        std::string_view host;
    };
    static constexpr Domain k_domains[] = {
        {"US", "sellercentral.amazon.com"},        {"CA", "sellercentral.amazon.ca"},
        {"MX", "sellercentral.amazon.com.mx"},     {"BR", "sellercentral.amazon.com.br"},
        {"UK", "sellercentral-europe.amazon.com"}, {"DE", "sellercentral-europe.amazon.com"},
        {"FR", "sellercentral-europe.amazon.com"}, {"IT", "sellercentral-europe.amazon.com"},
        {"ES", "sellercentral-europe.amazon.com"}, {"IE", "sellercentral.amazon.ie"},
        {"NL", "sellercentral.amazon.nl"},         {"SE", "sellercentral.amazon.se"},
        {"PL", "sellercentral.amazon.pl"},         {"BE", "sellercentral.amazon.com.be"},
        {"TR", "sellercentral.amazon.com.tr"},     {"AE", "sellercentral.amazon.ae"},
        {"SA", "sellercentral.amazon.sa"},         {"EG", "sellercentral.amazon.eg"},
        {"IN", "sellercentral.amazon.in"},         {"ZA", "sellercentral.amazon.co.za"},
        {"JP", "sellercentral.amazon.co.jp"},      {"AU", "sellercentral.amazon.com.au"},
        {"SG", "sellercentral.amazon.sg"},
    };
    std::string_view host;
    for (const auto& d : k_domains) {
        if (d.country == m->country_code) {
            host = d.host;
        }
    }
    if (host.empty()) {
        return Error{Status::bad_input, "no Seller Central domain known for marketplace " +
                                            std::string(m->country_code)};
    }
    QueryParams q{{"application_id", std::string(application_id)}, {"state", std::string(state)}};
    if (draft_app) {
        q.emplace_back("version", "beta");
    }
    return "https://" + std::string(host) + "/apps/authorize/consent?" + build_query(q);
}

} // namespace amzconn::spapi
