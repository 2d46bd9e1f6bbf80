// Resolves credential references from the config: ${env:NAME}, ${file:PATH}, ${secret:NAME} (the
// host's secret store). A plain value without ${...} is refused: credentials only by reference.
#pragma once

#include "amzconn/host_services.hpp"
#include "secret_string.hpp"

#include <string_view>

namespace amzconn::spapi {

enum class SecretSource { env, file, secret };

struct SecretRef {
    SecretSource source = SecretSource::env;
    std::string name; // variable name, file path or secret name (never the secret itself)
};

// Parses "${env:NAME}" etc. Errors name the reference form expected.
Result<SecretRef> parse_secret_ref(std::string_view text);

// Reads the secret. File secrets: the file must be a regular file not readable by group or
// others; one trailing newline is dropped. Error messages name the reference, never the value.
Result<SecretString> resolve_secret(const SecretRef& ref, HostServices& host);
Result<SecretString> resolve_secret(std::string_view text, HostServices& host);

} // namespace amzconn::spapi
