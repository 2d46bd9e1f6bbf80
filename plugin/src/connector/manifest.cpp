#include "connector/manifest.hpp"

#include "amzconn/abi.h"
#include "amzconn/config/config.hpp"
#include "connector/job_catalogue.hpp"
#include "version.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

Result<std::string> manifest_json() {
    boost::system::error_code ec;
    auto schema = json::parse(config::json_schema(), ec);
    if (ec) {
        return Error{Status::internal,
                     "the built-in settings schema is not valid JSON: " + ec.message()};
    }
    json::array jobs;
    for (const auto& job : all_jobs()) {
        jobs.push_back(json::object{
            {"name", job.name},
            {"description", job.description},
            {"default_interval_s",
             job.default_interval_s ? json::value(*job.default_interval_s) : json::value(nullptr)},
            {"per_store", job.per_store},
            {"implemented", job.implemented()},
            {"arguments", job.arguments},
        });
    }
    json::array actions{
        json::object{{"name", "install"}, {"description", "Validate and install a config"}},
        json::object{{"name", "open_store"}, {"description", "Open a store: jobs run again"}},
        json::object{{"name", "close_store"}, {"description", "Close a store: no Amazon calls"}},
        json::object{{"name", "check"},
                     {"description", "Test a store's connection and list its marketplaces"}},
    };
    // The kinds handle_event acts on (hosts show only these): add a kind when its handler ships.
    json::array events{"stock_changed", "order_shipped", "order_cancelled"};
    json::object manifest{
        {"id", "io.amzconn.amazon-seller"},
        {"name", "Amazon Seller (SP-API)"},
        {"version", k_version},
        {"abi", json::object{{"major", AMZC_ABI_MAJOR}, {"minor", AMZC_ABI_MINOR}}},
        {"jobs", std::move(jobs)},
        {"actions", std::move(actions)},
        {"events", std::move(events)},
        {"settings_schema", std::move(schema)},
    };
    return json::serialize(manifest);
}

} // namespace amzconn::plugin
