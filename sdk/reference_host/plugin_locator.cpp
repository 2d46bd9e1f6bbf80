#include "plugin_locator.hpp"

#include <cstdlib>
#include <system_error>
#include <vector>

#ifndef AMZCONN_INSTALLED_PLUGIN
#define AMZCONN_INSTALLED_PLUGIN "/usr/local/lib/amzconn/libamzconn_plugin.so"
#endif
#ifndef AMZCONN_RELATIVE_PLUGIN
#define AMZCONN_RELATIVE_PLUGIN "../lib/amzconn/libamzconn_plugin.so"
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
    std::vector<std::filesystem::path> candidates;
    if (!ec) {
        // Beside the program (a build tree), then the installed layout relative to it (a .tgz
        // unpacked anywhere, the .deb).
        candidates.push_back(self.parent_path() / k_plugin_file);
        candidates.push_back((self.parent_path() / AMZCONN_RELATIVE_PLUGIN).lexically_normal());
    }
    candidates.emplace_back(AMZCONN_INSTALLED_PLUGIN);
    std::string looked;
    for (const auto& candidate : candidates) {
        if (std::filesystem::exists(candidate, ec)) {
            return PluginLocation{candidate, false};
        }
        looked += (looked.empty() ? "" : ", ") + candidate.string();
    }
    return Error{Status::not_found, "no amzconn plugin found (looked at " + looked +
                                        "): pass --plugin FILE or set AMZCONN_PLUGIN"};
}

} // namespace amzconn::refhost
