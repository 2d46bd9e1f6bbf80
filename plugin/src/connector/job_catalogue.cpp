#include "connector/job_catalogue.hpp"

#include "cancellations/cancellation_jobs.hpp"
#include "engine/job_names.hpp"
#include "engine/lease_jobs.hpp"
#include "host/price_tiers.hpp"
#include "orders/order_jobs.hpp"
#include "products/listing_settings_job.hpp"
#include "products/migration_job.hpp"
#include "products/product_jobs.hpp"
#include "products/product_list.hpp"
#include "returns/return_import.hpp"
#include "shipments/shipment_jobs.hpp"
#include "stock/stock_jobs.hpp"

#include <array>

namespace amzconn::plugin {
namespace {

using Kind = config::Schedule::Kind;

// Configured intervals drive the import and the exports (on_change and never offer none); the jobs
// that follow them (retrying parked orders, the daily reconcile, polling feeds) take the row's
// default interval while what they follow is in use.
bool imports_orders(const config::StoreConfig& store) {
    return store.sync_level != config::SyncLevel::stock_only &&
           store.schedules.orders.kind == Kind::every;
}
bool exports_stock(const config::StoreConfig& store) {
    return store.stock.enabled && store.schedules.stock.kind != Kind::never;
}
bool exports_prices(const config::StoreConfig& store) {
    return store.prices.enabled && store.schedules.prices.kind != Kind::never;
}
// products.price_tier names the host tier Amazon's prices sync to (Unleashed's "Sell Price Tier
// Amazon's product prices will sync to"): imported daily while it is not a tier the store exports.
bool imports_prices(const config::StoreConfig& store) {
    const auto& tier = store.products.price_tier;
    return tier && !tier->empty() && !export_tiers(store.prices).contains(*tier);
}

constexpr std::array k_jobs{
    JobInfo{job_names::import_orders, "Import new and changed Amazon orders since the last cursor",
            3600, "", true,
            [](const config::StoreConfig& s) {
                return ScheduleOffer{imports_orders(s), &s.schedules.orders};
            },
            &run_import_orders},
    JobInfo{job_names::import_missing_orders,
            "Import orders by date range or by a list of order ids", std::nullopt,
            "from, to, order_ids", true, nullptr, &run_import_missing_orders},
    JobInfo{job_names::reconcile_orders,
            "Compare Amazon's orders created in a window (default the last 7 days) with the "
            "host's, import what is missing and report what is still missing and why",
            86400, "days (default 7), or from and to", true,
            [](const config::StoreConfig& s) { return ScheduleOffer{imports_orders(s)}; },
            &run_reconcile_orders},
    JobInfo{job_names::retry_failed_orders, "Re-attempt orders parked in the failed-orders queue",
            3600, "", true,
            [](const config::StoreConfig& s) { return ScheduleOffer{imports_orders(s)}; },
            &run_retry_failed_orders},
    JobInfo{job_names::export_stock, "Send available quantity and handling time of every SKU", 3600,
            "skus, refresh_listings, full", false,
            [](const config::StoreConfig& s) {
                return ScheduleOffer{exports_stock(s), &s.schedules.stock};
            },
            &run_export_stock},
    JobInfo{job_names::explain_stock, "Show every term of one SKU's available quantity",
            std::nullopt, "sku", false, nullptr, &run_explain_stock},
    JobInfo{job_names::export_prices,
            "Send prices (and changed quantities) from the mapped price tier", 86400,
            "skus, refresh_listings, full", false,
            [](const config::StoreConfig& s) {
                return ScheduleOffer{exports_prices(s), &s.schedules.prices};
            },
            &run_export_prices},
    JobInfo{job_names::import_prices, "Copy Amazon's prices into the configured host price tier",
            86400, "", false,
            [](const config::StoreConfig& s) { return ScheduleOffer{imports_prices(s)}; },
            &run_import_prices},
    JobInfo{job_names::poll_feeds, "Follow submitted feeds to their processing reports",
            k_poll_feeds_interval_s, "", false,
            [](const config::StoreConfig& s) {
                return ScheduleOffer{exports_stock(s) || exports_prices(s)};
            },
            &run_poll_feeds},
    JobInfo{job_names::confirm_shipments,
            "Confirm the host's shipments (carrier, tracking, items) to Amazon, one package each",
            300, "order, retry_parked", true,
            [](const config::StoreConfig& s) {
                return ScheduleOffer{s.sync_level != config::SyncLevel::stock_only &&
                                     s.shipping.enabled};
            },
            &run_confirm_shipments},
    JobInfo{job_names::send_cancellations,
            "Send the host's cancellations to Amazon, batched into one acknowledgement feed, and "
            "read back Amazon's answer per order",
            300, "now", true,
            [](const config::StoreConfig& s) {
                return ScheduleOffer{s.sync_level != config::SyncLevel::stock_only};
            },
            &run_send_cancellations},
    JobInfo{job_names::import_returns,
            "Import FBM and FBA returns from Amazon's reports, linked to the imported orders",
            86400, "from, to", true,
            [](const config::StoreConfig& s) {
                return ScheduleOffer{s.sync_level != config::SyncLevel::stock_only &&
                                     (s.orders.fbm.enabled || s.orders.fba.enabled)};
            },
            &run_import_returns},
    JobInfo{job_names::import_products,
            "Create host products from Amazon's listings (update them with "
            "products.sync_from_amazon); conflicts are listed, not imported",
            std::nullopt, "", false, nullptr, &run_import_products},
    JobInfo{job_names::set_product_settings,
            "Set sync on/off, lead time or SwitchFulfillmentTo of many SKUs (the product "
            "attributes the stock export reads)",
            std::nullopt, "skus, sync, lead_time, fulfillment", false, nullptr,
            &run_set_product_settings},
    JobInfo{job_names::list_products,
            "List Amazon's listings with their host product, listing settings and the last "
            "quantity, handling time and price sent",
            std::nullopt, "search", false, nullptr, &run_list_products},
    JobInfo{job_names::migrate_identification,
            "Re-key products between Seller SKU and ASIN identification: a dry run lists every "
            "binding that changes and every conflict; apply=true writes the new keys",
            std::nullopt, "to, apply", false, nullptr, &run_migrate_identification},
    JobInfo{job_names::unlock_store,
            "Release the store's job leases, e.g. one a worker that died on another machine "
            "still holds (a dead worker's lease on this machine is taken over by itself)",
            std::nullopt, "", false, nullptr, &run_unlock_store},
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

std::string job_list() {
    std::string names;
    for (const auto& job : k_jobs) {
        names += names.empty() ? "" : ", ";
        names += job.name;
    }
    return names;
}

// Scheduled jobs of a store: only jobs this build implements and the store uses are offered to the
// host's scheduler, each at its configured interval or its row's default (see JobInfo::offer).
boost::json::object schedules_of(const config::StoreConfig& store) {
    boost::json::object schedules;
    for (const auto& job : all_jobs()) {
        if (!job.implemented() || !job.offer) {
            continue;
        }
        const auto offer = job.offer(store);
        if (!offer.applies) {
            continue;
        }
        if (offer.configured && offer.configured->kind == config::Schedule::Kind::every) {
            schedules[job.name] = offer.configured->every.count();
        } else if (!offer.configured && job.default_interval_s) {
            schedules[job.name] = static_cast<int64_t>(*job.default_interval_s);
        }
    }
    return schedules;
}

} // namespace amzconn::plugin
