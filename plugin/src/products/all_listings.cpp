#include "products/all_listings.hpp"

#include "stock/listings_report.hpp"

namespace amzconn::plugin {

Result<AllListings> read_all_listings(EngineContext& context, std::string_view job) {
    AllListings out;
    const auto marketplaces = store_marketplace_ids(context.store);
    // Every marketplace's report is requested before any is waited for.
    for (const auto& m : marketplaces) {
        TRY(request_listings_report(context, m));
    }
    for (const auto& m : marketplaces) {
        auto text = read_listings_report_text(context, m, job);
        if (!text) {
            if (text.status() != Status::retry_later) {
                return text.error();
            }
            out.ready = false;
            out.retry_message = text.error().message;
            return out;
        }
        if (!*text) {
            continue; // no listings there
        }
        auto parsed = products::parse_listing_report(**text);
        if (!parsed) {
            out.unreadable.push_back(m + ": " + parsed.error().message);
            continue;
        }
        for (auto& l : parsed->listings) {
            l.marketplace = m;
            out.listings.push_back(std::move(l));
        }
        for (auto& p : parsed->problems) {
            p.marketplace = m;
            out.problems.push_back(std::move(p));
        }
    }
    return out;
}

} // namespace amzconn::plugin
