#include "connector/config_plan.hpp"

#include "connector/job_catalogue.hpp"

#include <boost/json/object.hpp>

namespace amzconn::plugin {

namespace json = boost::json;

namespace {

using Kind = config::Schedule::Kind;

std::string joined(const std::vector<std::string>& items, std::string_view none) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text.empty() ? std::string(none) : text;
}

// An interval as the config spells one: 3m, 1h, 24h, 7d (whole days from two on), else seconds.
std::string interval_text(int64_t seconds) {
    constexpr int64_t k_minute = 60;
    constexpr int64_t k_hour = 60 * k_minute;
    constexpr int64_t k_day = 24 * k_hour;
    if (seconds >= 2 * k_day && seconds % k_day == 0) {
        return std::to_string(seconds / k_day) + "d";
    }
    if (seconds >= k_hour && seconds % k_hour == 0) {
        return std::to_string(seconds / k_hour) + "h";
    }
    if (seconds >= k_minute && seconds % k_minute == 0) {
        return std::to_string(seconds / k_minute) + "m";
    }
    return std::to_string(seconds) + "s";
}

std::string schedule_text(const config::Schedule& schedule) {
    if (schedule.kind == Kind::never) {
        return "never on a schedule";
    }
    if (schedule.kind == Kind::on_change) {
        return "when the host's stock changes";
    }
    return "every " + interval_text(schedule.every.count());
}

std::string marketplaces_text(const config::StoreConfig& store) {
    std::vector<std::string> codes;
    if (store.marketplaces.primary != nullptr) {
        codes.emplace_back(store.marketplaces.primary->country_code);
    }
    for (const auto* further : store.marketplaces.further) {
        codes.emplace_back(further->country_code);
    }
    return joined(codes, "none");
}

std::string channel_text(const config::ChannelOrders& channel, std::string_view who) {
    if (!channel.enabled) {
        return std::string(who) + " orders are not imported";
    }
    std::vector<std::string> statuses;
    for (const auto status : channel.statuses) {
        statuses.emplace_back(status == config::AmazonOrderStatus::shipped ? "shipped"
                                                                           : "unshipped");
    }
    return std::string(who) + " orders in status " + joined(statuses, "(none)") +
           " are imported into warehouse " + channel.warehouse.value_or("(the host's default)");
}

std::string orders_text(const config::StoreConfig& store) {
    if (store.sync_level == config::SyncLevel::stock_only) {
        return "not imported (sync_level: stock_only)";
    }
    return channel_text(store.orders.fbm, "FBM") + "; " + channel_text(store.orders.fba, "FBA") +
           "; checked " + schedule_text(store.schedules.orders);
}

std::string stock_text(const config::StoreConfig& store) {
    if (!store.stock.enabled) {
        return "not sent to Amazon (stock.enabled: false)";
    }
    const auto& stock = store.stock;
    std::string text =
        "quantity counted from warehouses " + joined(stock.warehouses, "every non-FBA warehouse") +
        (stock.include_assembly ? " (assemblies included)" : "") +
        (stock.buffer > 0 ? ", less a buffer of " + std::to_string(stock.buffer) : "") +
        "; sent with the handling time ";
    text += store.products.lead_time_attribute
                ? "from attribute " + *store.products.lead_time_attribute + " (else " +
                      std::to_string(store.products.lead_time_days) + " day(s))"
                : std::to_string(store.products.lead_time_days) + " day(s)";
    return text + ", " + schedule_text(store.schedules.stock);
}

std::string prices_text(const config::StoreConfig& store) {
    if (!store.prices.enabled) {
        return "not sent to Amazon (prices.enabled: false)";
    }
    std::vector<std::string> tiers;
    for (const auto& [country, tier] : store.prices.tiers) {
        tiers.push_back(country + ": " + tier);
    }
    if (store.prices.default_tier) {
        tiers.push_back("others: " + *store.prices.default_tier);
    }
    return "sent from price tiers " + joined(tiers, "(none)") + ", " +
           schedule_text(store.schedules.prices);
}

std::string jobs_text(const config::StoreConfig& store) {
    std::vector<std::string> jobs;
    for (const auto& [job, seconds] : schedules_of(store)) {
        jobs.push_back(std::string(job) + " every " + interval_text(seconds.as_int64()));
    }
    return joined(jobs, "none");
}

json::array store_summary(const config::StoreConfig& store) {
    const auto line = [](std::string_view topic, std::string text) {
        return json::object{{"topic", topic}, {"text", std::move(text)}};
    };
    if (store.retired) {
        return json::array{line("Retired", "runs nothing and makes no Amazon call; its orders, "
                                           "products and log stay in the host")};
    }
    const bool orders = store.sync_level != config::SyncLevel::stock_only;
    return json::array{
        line("Marketplaces", marketplaces_text(store)),
        line("Starts", std::string(store.status.open ? "open" : "closed") +
                           " when first installed; installing again keeps an installed store "
                           "open or closed as an admin left it"),
        line("Orders", orders_text(store)),
        line("Stock", stock_text(store)),
        line("Prices", prices_text(store)),
        line("Shipments", orders ? "the host's shipments are confirmed to Amazon (carrier, "
                                   "tracking); cancellations are sent"
                                 : "none (sync_level: stock_only)"),
        line("Schedule", jobs_text(store)),
    };
}

} // namespace

json::array config_plan(const config::Config& config) {
    json::array plan;
    for (const auto& store : config.stores) {
        plan.push_back(json::object{
            {"alias", store.alias}, {"retired", store.retired}, {"summary", store_summary(store)}});
    }
    return plan;
}

} // namespace amzconn::plugin
