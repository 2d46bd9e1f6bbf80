#include "engine/store_client.hpp"

#include "amzconn/config/config.hpp"
#include "spapi/secret_ref.hpp"
#include "spapi/url.hpp"

#include <cstdlib>

namespace amzconn::plugin {

namespace {

// The client's own URL parser decides: an exact loopback host, never a name that starts like one.
bool is_loopback_url(std::string_view url) {
    const auto parts = spapi::parse_url(url);
    return parts && (parts->scheme == "http" || parts->scheme == "https") &&
           spapi::is_loopback_host(parts->host);
}

Result<std::string> expand_env(std::string_view text, std::string_view what) {
    auto ref = config::parse_secret_ref(text);
    if (!ref) {
        return std::string(text);
    }
    if (ref->kind != config::SecretRef::Kind::env) {
        return Error{Status::bad_input, std::string(what) + " may only reference ${env:NAME}"};
    }
    const char* value = std::getenv(ref->name.c_str());
    if (!value || !*value) {
        return Error{Status::bad_input, std::string(what) + " refers to ${env:" + ref->name +
                                            "}, which is not set in the host's environment: set "
                                            "it and run the job again"};
    }
    return std::string(value);
}

struct Credentials {
    spapi::SecretString client_id;
    spapi::SecretString client_secret;
    spapi::SecretString refresh_token;
};

// All three credentials, or one error naming every one that cannot be read (an admin fixes them
// in one go rather than one per attempt).
Result<Credentials> resolve_credentials(const config::StoreConfig& store, HostServices& host) {
    const auto& refs = store.credentials;
    auto client_id = spapi::resolve_secret(config::to_string(refs.lwa_client_id), host);
    auto client_secret = spapi::resolve_secret(config::to_string(refs.lwa_client_secret), host);
    auto refresh_token = spapi::resolve_secret(config::to_string(refs.refresh_token), host);
    std::string problems;
    Status status = Status::bad_input;
    for (const auto* result : {&client_id, &client_secret, &refresh_token}) {
        if (!*result) {
            problems += (problems.empty() ? "" : "; ") + result->error().message;
            if (result->status() != Status::bad_input) {
                status = result->status(); // the host failed (a broken secret store, say)
            }
        }
    }
    if (!problems.empty()) {
        return Error{status, "stores." + store.alias + ".credentials: " + problems};
    }
    return Credentials{std::move(*client_id), std::move(*client_secret), std::move(*refresh_token)};
}

} // namespace

Result<std::string> store_endpoint(const config::StoreConfig& store) {
    if (!store.endpoint) {
        return std::string(amazon::region_info(store.marketplaces.region).endpoint);
    }
    TRY_ASSIGN(auto url, expand_env(*store.endpoint, "stores." + store.alias + ".endpoint"));
    std::string value = std::move(url);
    while (!value.empty() && value.back() == '/') {
        value.pop_back();
    }
    const auto parts = spapi::parse_url(value);
    if (!parts || !spapi::http_allowed(*parts)) {
        return Error{Status::bad_input, "stores." + store.alias +
                                            ".endpoint must be an https URL "
                                            "(plain http only to 127.0.0.1, localhost or [::1])"};
    }
    return value;
}

std::string lwa_token_url(std::string_view endpoint) {
    if (is_loopback_url(endpoint)) {
        return std::string(endpoint) + "/auth/o2/token";
    }
    return spapi::ClientOptions{}.lwa_token_url;
}

Result<std::unique_ptr<spapi::SpApiClient>> make_client(const config::InstanceConfig& instance,
                                                        const config::StoreConfig& store,
                                                        spapi::ClientShared& shared,
                                                        HostServices& host) {
    TRY(spapi::global_init());
    TRY_ASSIGN(auto endpoint, store_endpoint(store));
    spapi::ClientOptions options;
    options.endpoint = endpoint;
    options.lwa_token_url = lwa_token_url(endpoint);
    if (instance.proxy) {
        TRY_ASSIGN(auto proxy, expand_env(*instance.proxy, "instance.proxy"));
        options.proxy = proxy;
    }
    options.ca_file = instance.tls.ca_file.value_or("");
    options.connect_timeout_ms = instance.timeouts.connect_s * 1000;
    options.total_timeout_ms = instance.timeouts.total_s * 1000;
    options.low_speed_time_s = instance.timeouts.low_speed_s;

    TRY_ASSIGN(auto credentials, resolve_credentials(store, host));
    auto& [client_id, client_secret, refresh_token] = credentials;
    spapi::StoreIdentity identity;
    identity.store_alias = store.alias;
    identity.app.client_id = std::string(client_id.reveal());
    identity.app.client_secret = std::move(client_secret);
    identity.auth.seller_key = store.seller_id;
    identity.auth.region = store.marketplaces.region;
    identity.auth.refresh_token = std::move(refresh_token);
    return std::make_unique<spapi::SpApiClient>(std::move(options), shared, host,
                                                std::move(identity));
}

} // namespace amzconn::plugin
