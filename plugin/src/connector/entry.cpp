// The plugin's one exported entry point: the C table generated around AmazonConnector.
#include "amzconn/config/config.hpp"
#include "amzconn/plugin_export.hpp"
#include "connector/amazon_connector.hpp"
#include "connector/config_plan.hpp"
#include "connector/manifest.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace amzconn::plugin {
namespace {

Result<std::string> validate(std::string_view file_name, std::string_view yaml,
                             std::string_view /*context_json*/) {
    const auto result = config::load(file_name, yaml);
    std::string report = config::diagnostics_json(result);
    if (!result.ok()) {
        return Error{Status::bad_input, std::move(report)};
    }
    // A valid config also says what it will do, for a host's review step before install.
    auto with_plan = boost::json::parse(report).as_object();
    with_plan["plan"] = config_plan(*result.config);
    return boost::json::serialize(with_plan);
}

Result<std::unique_ptr<Connector>> create(HostApi host) {
    return std::unique_ptr<Connector>(std::make_unique<AmazonConnector>(std::move(host)));
}

} // namespace

const ConnectorFactory k_factory{&manifest_json, &validate, &create};

} // namespace amzconn::plugin

AMZCONN_EXPORT_CONNECTOR(amzconn::plugin::k_factory)
