// The plugin's one exported entry point: the C table generated around AmazonConnector.
#include "amzconn/config/config.hpp"
#include "amzconn/plugin_export.hpp"
#include "connector/amazon_connector.hpp"
#include "connector/manifest.hpp"

namespace amzconn::plugin {
namespace {

Result<std::string> validate(std::string_view file_name, std::string_view yaml,
                             std::string_view /*context_json*/) {
    const auto result = config::load(file_name, yaml);
    std::string report = config::diagnostics_json(result);
    if (!result.ok()) {
        return Error{Status::bad_input, std::move(report)};
    }
    return report;
}

Result<std::unique_ptr<Connector>> create(HostApi host) {
    return std::unique_ptr<Connector>(std::make_unique<AmazonConnector>(std::move(host)));
}

} // namespace

const ConnectorFactory k_factory{&manifest_json, &validate, &create};

} // namespace amzconn::plugin

AMZCONN_EXPORT_CONNECTOR(amzconn::plugin::k_factory)
