#include "engine/store_registry.hpp"

#include "host/host_json.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

Result<json::object> parse_object(std::string_view text, std::string_view what) {
    boost::system::error_code ec;
    auto value = json::parse(text, ec);
    if (ec || !value.is_object()) {
        return Error{Status::internal, std::string(what) + " in host state is not a JSON object (" +
                                           (ec ? ec.message() : std::string("wrong type")) +
                                           "): re-install the config to rewrite it"};
    }
    return std::move(value.as_object());
}

} // namespace

std::string store_namespace(std::string_view alias) {
    return "store:" + std::string(alias);
}

Result<std::optional<InstalledConfig>> read_installed_config(HostServices& host) {
    auto stored = host.state_get(k_plugin_ns, k_config_key);
    if (!stored) {
        if (stored.status() == Status::not_found) {
            return std::optional<InstalledConfig>{};
        }
        return stored.error();
    }
    TRY_ASSIGN(auto object, parse_object(stored->value, "the installed config"));
    InstalledConfig config;
    config.file_name = text_field(object, "file_name");
    config.yaml = text_field(object, "yaml");
    config.effective_json = text_field(object, "effective");
    config.installed_at_ms = int_field(object, "installed_at_ms");
    config.version = stored->version;
    return std::optional<InstalledConfig>{std::move(config)};
}

Result<std::optional<StoreStatus>> read_store_status(HostServices& host, std::string_view alias) {
    auto stored = host.state_get(store_namespace(alias), k_status_key);
    if (!stored) {
        if (stored.status() == Status::not_found) {
            return std::optional<StoreStatus>{};
        }
        return stored.error();
    }
    TRY_ASSIGN(auto object,
               parse_object(stored->value, "the status of store " + std::string(alias)));
    StoreStatus status;
    const auto* open = object.if_contains("open");
    status.open = open && open->is_bool() && open->as_bool();
    status.installed_at_ms = int_field(object, "installed_at_ms");
    status.changed_at_ms = int_field(object, "changed_at_ms");
    status.changed_by = text_field(object, "changed_by");
    status.version = stored->version;
    return std::optional<StoreStatus>{std::move(status)};
}

std::string encode(const InstalledConfig& config) {
    return json::serialize(json::object{{"file_name", config.file_name},
                                        {"yaml", config.yaml},
                                        {"effective", config.effective_json},
                                        {"installed_at_ms", config.installed_at_ms}});
}

std::string encode(const StoreStatus& status) {
    return json::serialize(json::object{{"open", status.open},
                                        {"installed_at_ms", status.installed_at_ms},
                                        {"changed_at_ms", status.changed_at_ms},
                                        {"changed_by", status.changed_by}});
}

} // namespace amzconn::plugin
