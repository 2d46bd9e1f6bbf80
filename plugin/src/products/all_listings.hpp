// Every listing of the store's marketplaces (primary first) from their merchant listings reports,
// read row by row: unreadable rows and reports are listed, never stop the rest.
#pragma once

#include "engine/engine_context.hpp"
#include "products/listing_report.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace amzconn::plugin {

struct AllListings {
    bool ready = true; // false: a report is not ready yet (retry_message says so)
    std::string retry_message;
    std::vector<products::AmazonListing> listings;
    std::vector<products::RowProblem> problems;
    std::vector<std::string> unreadable; // a marketplace's report that could not be read, why
};

// `job` names the job to run again in a not-ready message.
Result<AllListings> read_all_listings(EngineContext& context, std::string_view job);

} // namespace amzconn::plugin
