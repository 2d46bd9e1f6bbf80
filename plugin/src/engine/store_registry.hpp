// What the plugin keeps in host state about the installed config and each store's status.
// Layout (namespace / key -> JSON value):
//   "amzconn" / "config"         {"file_name","yaml","effective","installed_at_ms"}
//   "store:<alias>" / "status"   {"open": bool, "installed_at_ms", "changed_at_ms", "changed_by"}
// The plugin keeps nothing on disk of its own; every write goes through HostServices.
#pragma once

#include "amzconn/host_services.hpp"

#include <optional>
#include <string>
#include <vector>

namespace amzconn::plugin {

struct InstalledConfig {
    std::string file_name;
    std::string yaml;
    std::string effective_json; // the validated config with defaults, secrets still references
    int64_t installed_at_ms = 0;
    int64_t version = 0; // state version, for compare-and-set on re-install
};

struct StoreStatus {
    bool open = false;
    int64_t installed_at_ms = 0;
    int64_t changed_at_ms = 0;
    std::string changed_by; // "install" | "admin"
    int64_t version = 0;
};

constexpr std::string_view k_plugin_ns = "amzconn";
constexpr std::string_view k_config_key = "config";
constexpr std::string_view k_status_key = "status";

std::string store_namespace(std::string_view alias);

// nullopt when nothing is installed yet; an Error when the stored value is unreadable.
Result<std::optional<InstalledConfig>> read_installed_config(HostServices& host);
Result<std::optional<StoreStatus>> read_store_status(HostServices& host, std::string_view alias);

std::string encode(const InstalledConfig& config);
std::string encode(const StoreStatus& status);

} // namespace amzconn::plugin
