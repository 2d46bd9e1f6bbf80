#include "store_identity.hpp"

#include "secret_ref.hpp"
#include "url.hpp"

namespace amzconn::spapi {

Result<StoreIdentity> resolve_store_identity(const StoreCredentialRefs& refs, HostServices& host) {
    if (refs.client_id.empty()) {
        return Error{Status::bad_input, "store " + refs.store_alias +
                                            ": lwa client_id is empty; copy it from the "
                                            "app's LWA credentials in Seller Central"};
    }
    const amazon::Marketplace* m = amazon::find_marketplace(refs.marketplace);
    if (m == nullptr) {
        return Error{Status::bad_input, "store " + refs.store_alias + ": unknown marketplace \"" +
                                            refs.marketplace + "\""};
    }
    auto secret = resolve_secret(refs.client_secret_ref, host);
    if (!secret) {
        return Error{secret.error().status, "store " + refs.store_alias +
                                                ": lwa client_secret: " + secret.error().message};
    }
    auto refresh = resolve_secret(refs.refresh_token_ref, host);
    if (!refresh) {
        return Error{refresh.error().status,
                     "store " + refs.store_alias + ": refresh_token: " + refresh.error().message};
    }
    StoreIdentity id;
    id.store_alias = refs.store_alias;
    id.app.client_id = refs.client_id;
    id.app.client_secret = std::move(*secret);
    id.auth.seller_key = refs.seller_key.empty() ? refs.store_alias : refs.seller_key;
    id.auth.region = m->region;
    id.auth.refresh_token = std::move(*refresh);
    return id;
}

Outcome validate_options(const ClientOptions& o) {
    if (!o.endpoint.empty()) {
        if (auto e = check_endpoint(o.endpoint, "spapi endpoint"); !e) {
            return e;
        }
    }
    if (auto e = check_endpoint(o.lwa_token_url, "lwa token_url"); !e) {
        return e;
    }
    if (o.connect_timeout_ms <= 0 || o.total_timeout_ms <= 0 ||
        o.connect_timeout_ms > o.total_timeout_ms) {
        return Error{Status::bad_input,
                     "instance.timeouts: connect_s and total_s must be positive and connect_s "
                     "must not exceed total_s"};
    }
    if (o.low_speed_bytes_per_s <= 0 || o.low_speed_time_s <= 0) {
        return Error{Status::bad_input, "instance.timeouts.low_speed_s must be positive (and "
                                        "the client's built-in low-speed byte rate)"};
    }
    if (o.max_body_bytes < 64 * 1024) {
        // Built in, not a config key: only a program that sets ClientOptions can get this.
        return Error{Status::bad_input,
                     "the client's built-in answer size limit must be at least 65536 bytes"};
    }
    if (o.retry.max_attempts < 1 || o.retry.max_attempts > 20 || o.retry.base_delay_ms < 1 ||
        o.retry.max_delay_ms < o.retry.base_delay_ms) {
        return Error{Status::bad_input,
                     "the client's built-in retry policy is out of range (attempts 1-20, base "
                     "delay >= 1 ms, cap >= base delay)"};
    }
    if (o.max_pages < 1) {
        return Error{Status::bad_input, "the client's built-in page limit must be at least 1"};
    }
    if (o.user_agent.size() > 500) {
        return Error{Status::bad_input,
                     "user agent longer than 500 characters (Amazon refuses it)"};
    }
    return {};
}

} // namespace amzconn::spapi
