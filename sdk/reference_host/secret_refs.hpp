// The ${secret:NAME} references in a config, so `install` can refuse a config whose secrets the
// host does not have (the plugin only finds out at the first job).
#pragma once

#include <string>
#include <vector>

namespace amzconn::refhost {

struct SecretReference {
    std::string name;
    int line = 0; // 1-based
    int column = 0;
    // A store's credentials.refresh_token in a store with an application_id: the admin console's
    // Connect to Amazon can set it, so install need not have it yet.
    bool connectable = false;
};

// Every scalar of the YAML that is exactly ${secret:NAME}, in document order; text that is not
// YAML gives none (the plugin's validation reports it).
std::vector<SecretReference> secret_references(const std::string& yaml);

// For a plugin message that names secrets the host store lacks ("${secret:NAME}: the host secret
// store has no such secret"), what to run for each: ": run `amzconn-host secret set A`, `...
// set B` (each value is read from stdin)"; "" when it names none.
std::string secret_set_hint(const std::string& message);

} // namespace amzconn::refhost
