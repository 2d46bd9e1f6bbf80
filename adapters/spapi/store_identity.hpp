// Builds a store's StoreIdentity from credential references (${env:..}, ${file:..},
// ${secret:..}) the way the plugin reads them from the YAML config. The resolved secrets live
// only in SecretStrings.
#pragma once

#include "client.hpp"

#include <string>

namespace amzconn::spapi {

struct StoreCredentialRefs {
    std::string store_alias;
    std::string client_id;         // not a secret
    std::string client_secret_ref; // e.g. "${secret:lwa/client_secret}"
    std::string refresh_token_ref; // e.g. "${secret:stores/us-main/refresh_token}"
    std::string seller_key;        // selling partner id, or the store alias if unknown
    std::string marketplace;       // any marketplace id or country of the store: picks the region
};

// Every problem names the setting; secret values are never part of a message.
Result<StoreIdentity> resolve_store_identity(const StoreCredentialRefs& refs, HostServices& host);

// Checks options the plugin filled from the config: endpoint and token URL policy, positive
// timeouts and limits. Errors name the setting.
Outcome validate_options(const ClientOptions& options);

} // namespace amzconn::spapi
