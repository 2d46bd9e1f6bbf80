// Loading and validating an integrator config: diagnostics with file:line:col and key path,
// the JSON Schema host UIs render, and the effective config as JSON.
#pragma once

#include "amzconn/config/types.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::config {

enum class Severity { error, warning };

struct Diagnostic {
    std::string file;
    int line = 0;   // 1-based
    int column = 0; // 1-based
    Severity severity = Severity::error;
    std::string path; // e.g. stores[0].orders.fbm.host_status
    std::string message;
};

// "file:line:col: error: path.to.key: message"
std::string format(const Diagnostic& diagnostic);

struct InstalledStore {
    std::string alias;
    std::string product_identification; // "seller_sku" | "asin"
};

struct LoadContext {
    // Is ${env:NAME} defined? Default: getenv.
    std::function<bool(std::string_view)> env_defined;
    // The value of ${env:NAME}, used only for the endpoint and proxy (checked after expansion).
    // Default: getenv. Never used for credentials.
    std::function<std::optional<std::string>(std::string_view)> env_value;
    std::vector<InstalledStore> installed;
    bool allow_identification_migration = false;
};

struct LoadResult {
    std::optional<Config> config;
    std::vector<Diagnostic> diagnostics;
    bool ok() const;
};

inline constexpr std::size_t k_max_config_bytes = 1024 * 1024;

LoadResult load(std::string_view file_name, std::string_view yaml_text,
                const LoadContext& ctx = {});
LoadResult load_file(const std::filesystem::path& path, const LoadContext& ctx = {});

// The JSON Schema (draft 2020-12) of the config; secrets carry "x-secret": true.
std::string json_schema();
// The same schema indented, one member per line: the committed and installed file
// config/amzconn-settings.schema.json (`amzconn-config schema` prints it).
std::string json_schema_file();
// The effective config (defaults filled in) as JSON; secret references stay references.
std::string to_json(const Config& config);
// {"ok":bool,"diagnostics":[{"file","line","column","severity","path","message"}]}
std::string diagnostics_json(const LoadResult& result);
// The reference page config/README.md, generated from the schema and option_index().
std::string reference_markdown();

// One row of the README's index from another product's option name to the keys and the plugin
// job that do the same (the products integrators know: Koongo, Unleashed, Stockagile, Order Desk).
struct OptionIndexEntry {
    std::string_view product;
    std::string_view option;            // the product's own name for it
    std::vector<std::string_view> keys; // key paths as in the reference, e.g. stores[].sync_level
    std::string_view job;               // a plugin job that does it, or ""
    std::string_view note;              // markdown, or ""
};
const std::vector<OptionIndexEntry>& option_index();
// The YAML file as plain JSON (no schema applied), for external schema checks. Nullopt plus
// diagnostics when the YAML itself is unsafe or malformed.
std::optional<std::string> yaml_to_json(std::string_view file_name, std::string_view yaml_text,
                                        std::vector<Diagnostic>& diagnostics);

// "90s", "30m", "1h", "2d" -> seconds; nullopt for anything else (no zero, no leading zeros).
std::optional<std::chrono::seconds> parse_interval(std::string_view text);
// "${env:NAME}", "${file:/abs/path}", "${secret:NAME}" -> the reference; nullopt otherwise.
std::optional<SecretRef> parse_secret_ref(std::string_view text);
std::string to_string(const SecretRef& ref);

} // namespace amzconn::config
