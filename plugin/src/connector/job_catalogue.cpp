#include "connector/job_catalogue.hpp"

#include <array>

namespace amzconn::plugin {
namespace {

constexpr std::array k_jobs{
    JobInfo{"import_orders", "Import new and changed Amazon orders since the last cursor", 3600,
            true, true, ""},
    JobInfo{"import_missing_orders", "Import orders by date range or by a list of order ids",
            std::nullopt, true, true, "from, to, order_ids"},
    JobInfo{"reconcile_orders",
            "Compare Amazon's orders created in a window (default the last 7 days) with the "
            "host's, import what is missing and report what is still missing and why",
            86400, true, true, "days (default 7), or from and to"},
    JobInfo{"retry_failed_orders", "Re-attempt orders parked in the failed-orders queue", 3600,
            true, true, ""},
    JobInfo{"export_stock", "Send available quantity and handling time of every SKU", 3600, true,
            true, "skus, refresh_listings"},
    JobInfo{"explain_stock", "Show every term of one SKU's available quantity", std::nullopt, true,
            true, "sku"},
    JobInfo{"export_prices", "Send prices (and changed quantities) from the mapped price tier",
            86400, true, true, "skus, refresh_listings"},
    JobInfo{"import_prices", "Copy Amazon's prices into the configured host price tier",
            std::nullopt, true, true, ""},
    JobInfo{"poll_feeds", "Follow submitted feeds to their processing reports", 300, true, true,
            ""},
    JobInfo{"confirm_shipments", "Send queued shipments with tracking to Amazon", 300, true, false,
            ""},
    JobInfo{"send_cancellations", "Send queued cancellations to Amazon in batches", 300, true,
            false, ""},
    JobInfo{"import_returns", "Import FBM and FBA returns from Amazon's reports", 86400, true,
            false, ""},
    JobInfo{"import_products", "Create or update host products from Amazon's listings",
            std::nullopt, true, false, ""},
};

} // namespace

std::span<const JobInfo> all_jobs() {
    return k_jobs;
}

const JobInfo* find_job(std::string_view name) {
    for (const auto& job : k_jobs) {
        if (job.name == name) {
            return &job;
        }
    }
    return nullptr;
}

} // namespace amzconn::plugin
