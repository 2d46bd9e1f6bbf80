#include "console/connect_flow.hpp"

#include "base/url.hpp"
#include "console/auth.hpp"
#include "json_fields.hpp"
#include "spapi/lwa.hpp"
#include "spapi/secret_ref.hpp"
#include "spapi/url.hpp"

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

constexpr int64_t k_state_lifetime_ms = 10LL * 60 * 1000; // Amazon's code lives 5 minutes
constexpr size_t k_state_bytes = 32;
constexpr size_t k_max_pending = 100;
constexpr int64_t k_exchange_timeout_ms = 30000;

bool loopback_endpoint(std::string_view url) {
    const auto parts = parse_url(url);
    return parts && is_loopback_host(parts->host);
}

} // namespace

Result<ConnectTarget> connect_target(const json::object& store) {
    ConnectTarget target;
    target.alias = field_text(store, "alias");
    target.seller_id = field_text(store, "seller_id");
    const auto* connect = store.if_contains("connect");
    const auto* marketplaces = store.if_contains("marketplaces");
    if (connect == nullptr || !connect->is_object() || marketplaces == nullptr ||
        !marketplaces->is_array() || marketplaces->as_array().empty()) {
        return Error{Status::incompatible, "store " + target.alias +
                                               ": this plugin does not describe how to connect "
                                               "its stores (list_stores has no \"connect\")"};
    }
    const auto& c = connect->as_object();
    const auto& first = marketplaces->as_array().front();
    target.marketplace = first.is_string() ? std::string(first.as_string()) : "";
    target.endpoint = field_text(c, "endpoint");
    target.lwa_token_url = field_text(c, "lwa_token_url");
    target.application_id = field_text(c, "application_id");
    target.application_draft = field_text(c, "application_draft") == "true";
    target.client_id_ref = field_text(c, "lwa_client_id");
    target.client_secret_ref = field_text(c, "lwa_client_secret");
    target.proxy = field_text(c, "proxy");
    target.ca_file = field_text(c, "ca_file");
    const auto* connect_s = c.if_contains("connect_timeout_s");
    target.connect_timeout_s = connect_s && connect_s->is_int64() ? connect_s->as_int64() : 0;
    const std::string where = "store " + target.alias + ": ";
    if (target.application_id.empty()) {
        return Error{Status::bad_input,
                     where + "the config names no SP-API application: set stores[].application_id "
                             "(amzn1.sp.solution...) and install the config again"};
    }
    if (target.endpoint.empty()) {
        return Error{Status::bad_input, where + field_text(c, "endpoint_error")};
    }
    const std::string written = field_text(c, "refresh_token");
    auto ref = spapi::parse_secret_ref(written);
    if (!ref || ref->source != spapi::SecretSource::secret) {
        return Error{Status::bad_input,
                     where + "credentials.refresh_token is " + written +
                         ": Connect to Amazon saves the token in the host's secret store, so write "
                         "refresh_token: ${secret:" +
                         target.alias + "-refresh} in the config, install it and connect again"};
    }
    target.secret_name = ref->name;
    return target;
}

Result<std::string> consent_url(const ConnectTarget& target, std::string_view state,
                                std::string_view redirect_uri) {
    if (loopback_endpoint(target.endpoint)) { // the local sandbox emulates Seller Central
        spapi::QueryParams query{{"application_id", target.application_id},
                                 {"state", std::string(state)},
                                 {"redirect_uri", std::string(redirect_uri)}};
        if (target.application_draft) {
            query.emplace_back("version", "beta");
        }
        return target.endpoint + "/apps/authorize/consent?" + spapi::build_query(query);
    }
    TRY_ASSIGN(auto url, spapi::consent_url(target.marketplace, target.application_id, state,
                                            target.application_draft));
    return url + "&redirect_uri=" + url_encode(redirect_uri);
}

namespace {

// Secure when the browser reaches the console over https (behind a TLS proxy).
std::string connect_cookie(std::string_view value, std::string_view max_age, bool secure) {
    return std::string(k_connect_cookie) + "=" + std::string(value) +
           "; Path=" + std::string(k_connect_callback) + "; Max-Age=" + std::string(max_age) +
           "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

} // namespace

std::string expired_connect_cookie() {
    return connect_cookie("", "0", false);
}

Result<BegunConnect> ConnectFlow::begin(const ConnectTarget& target, std::string_view host_header,
                                        int64_t now_ms) {
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        it = it->second.expires_ms <= now_ms ? m_pending.erase(it) : std::next(it);
    }
    if (m_pending.size() >= k_max_pending) {
        return Error{Status::retry_later,
                     "too many connects are waiting for Amazon: try again in a few minutes"};
    }
    const std::string redirect_uri =
        m_scheme + "://" + std::string(host_header) + std::string(k_connect_callback);
    std::string state = random_token(k_state_bytes);
    std::string key = random_token(k_state_bytes);
    TRY_ASSIGN(auto url, consent_url(target, state, redirect_uri));
    m_pending.emplace(std::move(state),
                      PendingConnect{target, key, redirect_uri, now_ms + k_state_lifetime_ms});
    return BegunConnect{
        std::move(url),
        connect_cookie(key, std::to_string(k_state_lifetime_ms / 1000), m_scheme == "https")};
}

Result<PendingConnect> ConnectFlow::take(std::string_view state, std::string_view browser_key,
                                         int64_t now_ms) {
    const auto it = m_pending.find(state);
    if (state.empty() || it == m_pending.end() ||
        !same_secret(it->second.browser_key, browser_key)) {
        return Error{Status::bad_input,
                     "this answer from Amazon does not belong to a Connect to Amazon started in "
                     "this browser, or it was used already: start again with Connect to Amazon "
                     "on the store's tile"};
    }
    PendingConnect pending = std::move(it->second);
    m_pending.erase(it);
    if (pending.expires_ms <= now_ms) {
        return Error{Status::bad_input, "this Connect to Amazon took too long and expired: start "
                                        "again with Connect to Amazon on the store's tile"};
    }
    return pending;
}

namespace {

// The exchange's HTTP options: the instance's proxy (a ${env:NAME} one resolved here), CA bundle
// and connect timeout, as the plugin's own calls use them.
Result<spapi::ClientOptions> exchange_options(SqliteHost& host, const ConnectTarget& target) {
    spapi::ClientOptions options;
    options.endpoint = target.endpoint;
    options.lwa_token_url = target.lwa_token_url;
    options.total_timeout_ms = k_exchange_timeout_ms;
    options.ca_file = target.ca_file;
    if (target.connect_timeout_s > 0) {
        options.connect_timeout_ms = target.connect_timeout_s * 1000;
    }
    if (spapi::parse_secret_ref(target.proxy)) {
        TRY_ASSIGN(auto proxy, spapi::resolve_secret(target.proxy, host));
        options.proxy = std::string(proxy.reveal());
    } else {
        options.proxy = target.proxy;
    }
    return options;
}

} // namespace

Outcome redeem_code(SqliteHost& host, const PendingConnect& pending, std::string_view code) {
    const auto& target = pending.target;
    TRY_ASSIGN(auto client_id, spapi::resolve_secret(target.client_id_ref, host));
    TRY_ASSIGN(auto client_secret, spapi::resolve_secret(target.client_secret_ref, host));
    TRY_ASSIGN(const auto options, exchange_options(host, target));
    spapi::HttpClient http(options, nullptr); // https only; plain http to loopback only
    const spapi::LwaApp app{std::string(client_id.reveal()), std::move(client_secret)};
    auto grant = spapi::exchange_authorization_code(
        http, target.lwa_token_url, app, spapi::SecretString(code), pending.redirect_uri);
    if (!grant) {
        return Error{Status::auth_failed,
                     "Login with Amazon did not exchange the authorization code: " +
                         grant.error().message + "; start again with Connect to Amazon"};
    }
    if (grant->refresh_token.empty()) {
        return Error{Status::auth_failed, "Login with Amazon answered without a refresh token: "
                                          "start again with Connect to Amazon"};
    }
    TRY(host.secret_set(target.secret_name, grant->refresh_token.reveal()));
    host.log(LogLevel::info, target.alias, "",
             "console: connected store " + target.alias + " (seller id " + target.seller_id +
                 "); its refresh token is in secret " + target.secret_name);
    return {};
}

} // namespace amzconn::refhost::console
