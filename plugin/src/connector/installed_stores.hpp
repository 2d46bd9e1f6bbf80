// The typed config of what is installed: the stored YAML loaded again with the one config parser.
// Validation against the environment happened at install; at run time references are resolved when
// used, so a variable missing now surfaces as a clear error of the job that needs it.
#pragma once

#include "amzconn/config/config.hpp"
#include "engine/store_registry.hpp"

namespace amzconn::plugin {

Result<config::Config> typed_config(const InstalledConfig& installed);

// The install-time context (aliases and product identification of installed stores).
config::LoadContext install_context(const std::optional<InstalledConfig>& installed);

const config::StoreConfig* find_store(const config::Config& config, std::string_view alias);
std::string list_aliases(const config::Config& config);

std::string_view to_string(config::Identification identification);
std::string_view to_string(config::SyncLevel level);

} // namespace amzconn::plugin
