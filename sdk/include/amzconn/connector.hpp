// Connector: what the plugin implements (C++ side of amzc_plugin_v1). Hosts never see this class;
// they talk to the C table, which AMZCONN_EXPORT_CONNECTOR (plugin_export.hpp) generates.
#pragma once

#include "amzconn/host_api.hpp"
#include "amzconn/result.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <utility>

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

// validate_config's convention: a report without errors is the value; a report WITH errors travels
// as validation_failed(report_json), i.e. Error{Status::bad_input, <the report JSON>}, so a caller
// that only checks ok() still sees the failure. The export thunk then writes that JSON to `out`
// (where the host reads the report in both cases) and a one-line summary to `err`.
inline Error validation_failed(std::string report_json) {
    return Error{Status::bad_input, std::move(report_json)};
}

// True when `result` is a report made by validation_failed() (bad_input carrying a JSON object).
inline bool is_validation_report(const Result<std::string>& result) {
    if (result.ok() || result.status() != Status::bad_input) {
        return false;
    }
    const std::string& text = result.error().message;
    const auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string::npos && text[first] == '{';
}

} // namespace amzconn
