// Amazon's merchant listings report of one marketplace (GET_MERCHANT_LISTINGS_ALL_DATA), which
// the stock export learns fulfilment channels from and import_prices reads prices from. A report
// requested less than an hour ago is followed instead of requesting another (createReport's quota
// is small); a job waits for it about a minute only, then answers retry_later.
#pragma once

#include "engine/engine_context.hpp"
#include "spapi/tsv.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace amzconn::plugin {

// Requests the marketplace's report unless a recent request is remembered (so several
// marketplaces' reports run side by side before any is waited for).
Outcome request_listings_report(EngineContext& context, const std::string& marketplace);

// The report's table; nullopt when Amazon has no listings there (the report ends CANCELLED).
// `job` names the job to run again in a retry_later message.
Result<std::optional<spapi::TsvTable>>
read_listings_report(EngineContext& context, const std::string& marketplace, std::string_view job);

// The same report as its text, for readers that take it row by row (import_products: one bad row
// must not stop the rest, which parse_tsv's table would).
Result<std::optional<std::string>> read_listings_report_text(EngineContext& context,
                                                             const std::string& marketplace,
                                                             std::string_view job);

// Forgets the remembered request (after the report was used).
Outcome forget_listings_report(EngineContext& context, const std::string& marketplace);

} // namespace amzconn::plugin
