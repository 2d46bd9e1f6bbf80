#include "plugin_locator.hpp"

#include <cstdlib>
#include <system_error>

#ifndef AMZCONN_INSTALLED_PLUGIN
#define AMZCONN_INSTALLED_PLUGIN "/usr/local/lib/amzconn/libamzconn_plugin.so"
#endif

namespace amzconn::refhost {

namespace {
constexpr const char* k_plugin_file = "libamzconn_plugin.so";
}

Result<PluginLocation> locate_plugin(const std::optional<std::string>& flag) {
    if (flag && !flag->empty()) {
        return PluginLocation{*flag, true};
    }
    if (const char* env = std::getenv("AMZCONN_PLUGIN"); env != nullptr && *env != '\0') {
        return PluginLocation{env, true};
    }
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::filesystem::path beside;
    if (!ec) {
        beside = self.parent_path() / k_plugin_file;
        if (std::filesystem::exists(beside, ec)) {
            return PluginLocation{beside, false};
        }
    }
    const std::filesystem::path installed = AMZCONN_INSTALLED_PLUGIN;
    if (std::filesystem::exists(installed, ec)) {
        return PluginLocation{installed, false};
    }
    return Error{Status::not_found,
                 "no amzconn plugin found (looked at " +
                     (beside.empty() ? std::string() : beside.string() + " and ") +
                     installed.string() + "): pass --plugin FILE or set AMZCONN_PLUGIN"};
}

} // namespace amzconn::refhost
