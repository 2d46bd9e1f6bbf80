// Where amzconn-host finds the plugin: --plugin, then $AMZCONN_PLUGIN, then libamzconn_plugin.so
// beside the executable, then the installed layout relative to it (../lib/amzconn/), then the
// installed path compiled in.
#pragma once

#include "amzconn/result.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace amzconn::refhost {

struct PluginLocation {
    std::filesystem::path path;
    bool explicit_choice = false; // from --plugin or $AMZCONN_PLUGIN
};

// not_found (listing every place looked at) when nothing is there.
Result<PluginLocation> locate_plugin(const std::optional<std::string>& flag);

} // namespace amzconn::refhost
