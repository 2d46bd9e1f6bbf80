#include "connector/installed_stores.hpp"

namespace amzconn::plugin {

Result<config::Config> typed_config(const InstalledConfig& installed) {
    config::LoadContext context;
    context.env_defined = [](std::string_view) { return true; };
    auto result = config::load(installed.file_name, installed.yaml, context);
    if (!result.ok() || !result.config) {
        std::string message = "the installed config no longer loads";
        if (!result.diagnostics.empty()) {
            message += ": " + config::format(result.diagnostics.front());
        }
        // What no longer loads is the user's input (a file, or an ${env:} value that changed
        // since install), never a fault of the connector: a user error.
        return Error{Status::bad_input, message + ": install a corrected config"};
    }
    return std::move(*result.config);
}

config::LoadContext install_context(const std::optional<InstalledConfig>& installed) {
    config::LoadContext context;
    if (!installed) {
        return context;
    }
    auto current = typed_config(*installed);
    if (current) {
        for (const auto& store : current->stores) {
            context.installed.push_back(
                {store.alias, std::string(to_string(store.products.identification))});
        }
    }
    return context;
}

const config::StoreConfig* find_store(const config::Config& config, std::string_view alias) {
    for (const auto& store : config.stores) {
        if (store.alias == alias) {
            return &store;
        }
    }
    return nullptr;
}

std::string list_aliases(const config::Config& config) {
    std::string names;
    for (const auto& store : config.stores) {
        names += names.empty() ? "" : ", ";
        names += store.alias;
    }
    return names.empty() ? std::string("none") : names;
}

std::string_view to_string(config::Identification identification) {
    return identification == config::Identification::asin ? "asin" : "seller_sku";
}

std::string_view to_string(config::SyncLevel level) {
    return level == config::SyncLevel::stock_only ? "stock_only" : "orders_and_stock";
}

} // namespace amzconn::plugin
