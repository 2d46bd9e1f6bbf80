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
};

// Every scalar of the YAML that is exactly ${secret:NAME}, in document order; text that is not
// YAML gives none (the plugin's validation reports it).
std::vector<SecretReference> secret_references(const std::string& yaml);

} // namespace amzconn::refhost
