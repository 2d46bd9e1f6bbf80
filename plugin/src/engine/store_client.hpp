// Builds one store's SP-API client from its typed config: endpoint, LWA URL, timeouts, proxy and
// credentials resolved from their references (never from literals). Secrets live only in
// SecretString buffers that wipe themselves.
#pragma once

#include "amzconn/config/types.hpp"
#include "spapi/client.hpp"

#include <memory>

namespace amzconn::plugin {

// The base URL the store talks to: the override (an https URL, http only to loopback, or an
// ${env:NAME} reference to one) or the region's production endpoint.
Result<std::string> store_endpoint(const config::StoreConfig& store);

// Where Login with Amazon tokens come from: Amazon's LWA service, except for a loopback endpoint
// (the local sandbox), which serves /auth/o2/token itself.
std::string lwa_token_url(std::string_view endpoint);

Result<std::unique_ptr<spapi::SpApiClient>> make_client(const config::InstanceConfig& instance,
                                                        const config::StoreConfig& store,
                                                        spapi::ClientShared& shared,
                                                        HostServices& host);

} // namespace amzconn::plugin
