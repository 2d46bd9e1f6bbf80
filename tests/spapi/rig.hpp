// Test rig: a MemoryHost, the shared client state, a scripted loopback server that also answers
// Login with Amazon, and an SpApiClient pointed at it. Canary secrets are seeded everywhere.
#pragma once

#include "memory_host.hpp"
#include "spapi/client.hpp"
#include "test_server.hpp"

#include <atomic>
#include <memory>
#include <string>

namespace amzconn::test {

inline constexpr const char* k_canary_client_secret = "CANARY-CLIENT-SECRET-9f3kQ";
inline constexpr const char* k_canary_refresh_token = "Atzr|CANARY-REFRESH-TOKEN-7q2xZ";
inline constexpr const char* k_canary_access_prefix = "Atza|CANARY-ACCESS-TOKEN-";

// The LWA part of every scripted server: grants a canary access token (numbered) valid 1 h.
struct LwaScript {
    std::atomic<int> grants{0};
    std::atomic<int> requests{0};
    std::string refuse_with; // "invalid_grant" / "invalid_client": refuse every grant
    Reply handle(const RawRequest& req);
};

inline spapi::ClientOptions fast_options(const std::string& base_url) {
    spapi::ClientOptions o;
    o.endpoint = base_url;
    o.lwa_token_url = base_url + "/auth/o2/token";
    o.connect_timeout_ms = 2000;
    o.total_timeout_ms = 10000;
    o.low_speed_bytes_per_s = 10;
    o.low_speed_time_s = 1;
    o.retry.max_attempts = 3;
    o.retry.base_delay_ms = 100;
    o.retry.max_delay_ms = 2000;
    o.jitter_seed = 1234;
    return o;
}

inline spapi::StoreIdentity canary_identity() {
    spapi::StoreIdentity id;
    id.store_alias = "us-main";
    id.app.client_id = "amzn1.application-oa2-client.test";
    id.app.client_secret = spapi::SecretString(std::string_view(k_canary_client_secret));
    id.auth.seller_key = "A2SANDBOXSELLER";
    id.auth.region = amazon::Region::na;
    id.auth.refresh_token = spapi::SecretString(std::string_view(k_canary_refresh_token));
    return id;
}

struct Rig {
    using ApiHandler = std::function<Reply(const RawRequest&, int api_index)>;

    explicit Rig(ApiHandler api, std::function<void(spapi::ClientOptions&)> tweak = {})
        : m_api(std::move(api)), server([this](const RawRequest& r, int) { return route(r); }) {
        auto o = fast_options(server.base_url());
        if (tweak) {
            tweak(o);
        }
        client = std::make_unique<spapi::SpApiClient>(o, shared, host, canary_identity());
    }

    Reply route(const RawRequest& r) {
        if (r.target.rfind("/auth/o2/token", 0) == 0) {
            return lwa.handle(r);
        }
        return m_api(r, api_calls++);
    }

    // Any canary in the log, or in the text given?
    bool leaked(const std::string& extra = "") const {
        std::string text = host.log_text() + extra;
        return text.find(k_canary_client_secret) != std::string::npos ||
               text.find(k_canary_refresh_token) != std::string::npos ||
               text.find("CANARY-ACCESS-TOKEN") != std::string::npos;
    }

    testing::MemoryHost host;
    spapi::ClientShared shared;
    LwaScript lwa;
    std::atomic<int> api_calls{0};

  private:
    ApiHandler m_api;

  public:
    TestServer server;
    std::unique_ptr<spapi::SpApiClient> client;
};

} // namespace amzconn::test
