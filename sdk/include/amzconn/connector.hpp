// Connector: what the plugin implements (C++ side of amzc_plugin_v1). Hosts never see this class;
// they talk to the C table, which AMZCONN_EXPORT_CONNECTOR (plugin_export.hpp) generates.
#pragma once

#include "amzconn/host_api.hpp"
#include "amzconn/result.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace amzconn {

class Connector {
public:
    virtual ~Connector() = default;

    virtual Result<std::string> install(std::string_view file_name, std::string_view yaml) = 0;
    virtual Result<std::string> list_stores() = 0;
    virtual Result<std::string> set_store_open(std::string_view store, bool open) = 0;
    virtual Result<std::string> check(std::string_view store) = 0;
    virtual Result<std::string> run_job(std::string_view job, std::string_view store,
                                        std::string_view args_json) = 0;
    virtual Result<std::string> handle_event(std::string_view event_json) = 0;
    // Thread-safe request to stop at the next safe point.
    virtual void cancel() = 0;
};

// What the export macro needs from a plugin besides the Connector itself.
struct ConnectorFactory {
    // Manifest JSON (no instance, no I/O).
    Result<std::string> (*manifest)();
    // Validation report JSON; Status::bad_input when it holds an error.
    Result<std::string> (*validate_config)(std::string_view file_name, std::string_view yaml,
                                           std::string_view context_json);
    // Creates a connector over the host's services (borrowed until the connector is destroyed).
    Result<std::unique_ptr<Connector>> (*create)(HostApi host);
};

} // namespace amzconn
