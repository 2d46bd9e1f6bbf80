// reconcile_orders: compares Amazon's orders with the host's over a window, imports what is
// missing through the same apply() path as import_orders (same idempotency key, one transaction
// per order, so exactly-once holds), and reports what is still missing and why.
#include "order_import.hpp"
#include "order_query.hpp"
#include "spapi/orders_api.hpp"
#include "store_lease.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace amzconn::plugin {

namespace {

constexpr std::string_view k_job = "reconcile_orders";
// A week covers a missed weekend of imports and every late or changed order of the usual
// overlap problems, while a daily run stays a handful of pages.
constexpr int64_t k_default_days = 7;
constexpr int64_t k_max_days = 730;
constexpr int64_t k_day_ms = 24 * 60 * 60 * 1000;
// The report lists this many still-missing orders; the log has every one.
constexpr size_t k_listed_max = 50;
// After this many failed host writes the host is broken, not the order: stop.
constexpr int64_t k_host_failures_max = 5;

struct Window {
    time::Timestamp from;
    std::optional<time::Timestamp> to; // absent: up to Amazon's now (minus its 2 minutes)
};

Result<Window> window_of(const std::map<std::string, std::string>& args, int64_t now_ms) {
    for (const auto& [name, value] : args) {
        if (name != "days" && name != "from" && name != "to") {
            return Error{Status::bad_input,
                         "reconcile_orders has no argument '" + name +
                             "': use --arg days=N (default 7) or --arg from=DATE [--arg to=DATE]"};
        }
    }
    if (args.count("days") && (args.count("from") || args.count("to"))) {
        return Error{Status::bad_input, "reconcile_orders takes either --arg days=N or --arg "
                                        "from=DATE [--arg to=DATE], not both"};
    }
    if (auto from = args.find("from"); from != args.end()) {
        auto after = parse_order_bound(from->second, "from");
        if (!after) {
            return after.error();
        }
        Window window{*after, std::nullopt};
        if (auto to = args.find("to"); to != args.end()) {
            auto before = parse_order_bound(to->second, "to");
            if (!before) {
                return before.error();
            }
            if (before->unix_ms <= after->unix_ms) {
                return Error{Status::bad_input,
                             "--arg to=" + to->second + " is not after --arg from=" + from->second};
            }
            window.to = *before;
        }
        return window;
    }
    if (args.count("to")) {
        return Error{Status::bad_input, "--arg to=DATE needs --arg from=DATE too"};
    }
    int64_t days = k_default_days;
    if (auto given = args.find("days"); given != args.end()) {
        const auto& text = given->second;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
        if (ec != std::errc() || end != text.data() + text.size() || days < 1 ||
            days > k_max_days) {
            return Error{Status::bad_input, "--arg days=" + text + ": expected a whole number of " +
                                                "days from 1 to " + std::to_string(k_max_days)};
        }
    }
    return Window{{now_ms - days * k_day_ms}, std::nullopt};
}

// Why an order is not in the host, ordered by what an admin should look at first.
enum class Missing { host_failed, unreadable, parked, waiting, status, filter };

struct MissingOrder {
    Missing kind;
    std::string line;
};

struct Tally {
    int64_t amazon = 0;
    int64_t in_host = 0;
    int64_t imported_now = 0;
    int64_t updated = 0;
    int64_t skipped_by_filter = 0;
    int64_t status_not_imported = 0;
    int64_t waiting = 0;
    int64_t parked = 0;
    int64_t host_failed = 0;
    int64_t unreadable = 0;
    std::vector<MissingOrder> missing;

    int64_t still_missing() const { return amazon - in_host - imported_now; }

    void add(std::string_view order_id, const AppliedOrder& applied) {
        switch (applied.what) {
        case Applied::imported:
            ++imported_now;
            return;
        case Applied::updated:
            ++updated;
            ++in_host;
            return;
        case Applied::in_host:
            ++in_host;
            return;
        case Applied::skipped_filter:
            ++skipped_by_filter;
            missing.push_back({Missing::filter, line(order_id, applied.why)});
            return;
        case Applied::skipped_status:
            ++status_not_imported;
            missing.push_back({Missing::status, line(order_id, applied.why)});
            return;
        case Applied::waiting:
            ++waiting;
            missing.push_back({Missing::waiting, line(order_id, applied.why)});
            return;
        case Applied::parked:
            ++parked;
            missing.push_back({Missing::parked, line(order_id, applied.why)});
            return;
        }
    }

    void add_failure(std::string_view order_id, std::string_view message) {
        ++host_failed;
        missing.push_back(
            {Missing::host_failed, line(order_id, "host write failed: " + std::string(message))});
    }

    static std::string line(std::string_view order_id, const std::string& why) {
        return std::string(order_id) + ": " + why;
    }

    std::map<std::string, int64_t> counts() const {
        return {{"amazon", amazon},
                {"in_host", in_host},
                {"imported_now", imported_now},
                {"skipped_by_filter", skipped_by_filter},
                {"status_not_imported", status_not_imported},
                {"host_failed", host_failed},
                {"failed", host_failed},
                {"unreadable", unreadable},
                {"still_missing", still_missing()}};
    }

    std::string summary() const {
        return "Amazon " + std::to_string(amazon) + ", in the host " + std::to_string(in_host) +
               " (" + std::to_string(updated) + " updated), imported now " +
               std::to_string(imported_now) + ", still missing " + std::to_string(still_missing()) +
               " (filtered " + std::to_string(skipped_by_filter) + ", status not imported " +
               std::to_string(status_not_imported) + ", waiting " + std::to_string(waiting) +
               ", parked " + std::to_string(parked) + ", host failed " +
               std::to_string(host_failed) + ", unreadable " + std::to_string(unreadable) + ")";
    }

    // The report's messages: the window, the verdict, then the missing orders that need an
    // admin first.
    std::vector<std::string> messages(const std::string& window_text) {
        std::vector<std::string> out{"window: " + window_text, summary()};
        if (still_missing() == 0) {
            out.emplace_back("the host holds every Amazon order of the window");
        } else {
            const int64_t by_design = skipped_by_filter + status_not_imported;
            out.push_back(std::to_string(by_design) +
                          " order(s) are left out on purpose by the store's filters and "
                          "statuses; " +
                          std::to_string(still_missing() - by_design) +
                          " wait for Amazon or need a fix (listed first)");
        }
        std::stable_sort(
            missing.begin(), missing.end(),
            [](const MissingOrder& a, const MissingOrder& b) { return a.kind < b.kind; });
        for (size_t i = 0; i < missing.size() && i < k_listed_max; ++i) {
            out.push_back(missing[i].line);
        }
        if (missing.size() > k_listed_max) {
            out.push_back("... and " + std::to_string(missing.size() - k_listed_max) +
                          " more: every order has its line in the connection log (ERROR for "
                          "parked, DEBUG for skipped)");
        }
        if (host_failed > 0) {
            out.push_back(std::to_string(host_failed) +
                          " order(s) could not be written to the host: fix the host (see the "
                          "ERROR lines), then run reconcile_orders again");
        }
        return out;
    }
};

} // namespace

Result<std::string> OrderImport::reconcile(const std::map<std::string, std::string>& args) {
    m_started_ms = m_host.now_ms();
    auto window = window_of(args, m_started_ms);
    if (!window) {
        return window.error();
    }
    // Same lease as import_orders: a reconcile and an import never write one store at once.
    auto lease = StoreLease::acquire(m_host, m_store.alias, "import_orders", k_import_lease_ms);
    if (!lease) {
        return lease.error();
    }
    spapi::orders::SearchOrdersQuery query;
    query.created_after = window->from;
    query.created_before = window->to;
    query.included_data = included_data(m_store);
    query.marketplace_ids = order_marketplace_ids(m_store);

    Tally tally;
    std::set<std::string, std::less<>> seen; // a page served twice is counted once
    std::optional<Error> stopped_by;
    const auto take = [&](std::string_view order_id, Outcome applied) {
        if (applied) {
            tally.add(order_id, m_applied);
            return true;
        }
        m_host.log(LogLevel::error, m_store.alias, order_id,
                   std::string(k_job) + ": " + applied.error().message);
        tally.add_failure(order_id, applied.error().message);
        if (tally.host_failed >= k_host_failures_max) {
            stopped_by = applied.error();
            return false;
        }
        return true;
    };
    auto walk = spapi::orders::search_orders(
        m_client, query, [&](const spapi::orders::SearchOrdersPage& page) {
            for (const auto& order : page.orders) {
                if (!seen.insert(order.order_id).second) {
                    continue;
                }
                ++tally.amazon;
                if (!take(order.order_id, apply(order, page.request_id))) {
                    return false;
                }
            }
            for (const auto& rejected : page.rejected) {
                if (rejected.order_id.empty()) {
                    ++tally.amazon;
                    ++tally.unreadable;
                    tally.missing.push_back(
                        {Missing::unreadable,
                         "(an order without a readable id, request " + page.request_id +
                             "): run reconcile_orders again later; report the request id if "
                             "it persists"});
                    continue;
                }
                if (!seen.insert(rejected.order_id).second) {
                    continue;
                }
                ++tally.amazon;
                const orders::ParkPlan plan{rejected.error.message,
                                            "Amazon sent this order in a shape amzconn cannot "
                                            "read; run retry_failed_orders later, and report "
                                            "the request id if it persists",
                                            ""};
                if (!take(rejected.order_id, park(rejected.order_id, plan, page.request_id))) {
                    return false;
                }
            }
            m_host.progress(k_job, m_store.alias, seen.size(), 0,
                            std::to_string(seen.size()) + " orders compared");
            if (auto renewed = lease->renew(); !renewed) {
                stopped_by = renewed.error();
                return false;
            }
            return !m_cancelled.load();
        });
    lease->release();

    const std::string to_text =
        window->to ? time::format_rfc3339(*window->to)
                   : (walk && walk->created_before ? time::format_rfc3339(*walk->created_before)
                                                   : std::string("Amazon's now"));
    const std::string window_text =
        "orders created from " + time::format_rfc3339(window->from) + " to " + to_text;
    std::string status = "ok";
    int64_t retry_after_s = -1;
    std::vector<std::string> notes;
    if (!walk) {
        const auto& failure = walk.error();
        m_host.log(LogLevel::error, m_store.alias, failure.request_id,
                   std::string(k_job) + ": " + failure.describe() +
                       "; orders compared so far are kept, run reconcile_orders again");
        if (failure.kind != spapi::ErrorKind::retryable) {
            return failure.to_error();
        }
        status = "retry_later";
        retry_after_s = failure.retry_after_ms > 0 ? (failure.retry_after_ms + 999) / 1000 : 60;
        notes.push_back("Amazon stopped the walk (" + failure.describe() +
                        "): the counts cover only the orders read so far; run reconcile_orders "
                        "again");
    } else if (stopped_by) {
        status = "partial";
        notes.push_back("stopped early: " + stopped_by->message +
                        "; the counts cover only the orders read so far");
    } else if (walk->end == spapi::orders::WalkEnd::stopped) {
        status = "cancelled";
        notes.emplace_back("stopped on request at a page boundary; run reconcile_orders again");
    } else if (walk->end != spapi::orders::WalkEnd::complete) {
        status = "partial";
        notes.push_back(std::string("the walk ended early (") +
                        std::string(spapi::orders::to_string(walk->end)) +
                        "): run reconcile_orders again");
    } else if (tally.host_failed > 0) {
        status = "partial";
    }
    auto messages = tally.messages(window_text);
    messages.insert(messages.begin() + 1, notes.begin(), notes.end());
    return report(k_job, status, std::move(messages), retry_after_s, tally.counts(),
                  window_text + ": " + tally.summary());
}

} // namespace amzconn::plugin
