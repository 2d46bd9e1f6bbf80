// reconcile_orders: compares Amazon's orders with the host's over a window, imports what is
// missing through the same apply() path as import_orders (same idempotency key, one transaction
// per order, so exactly-once holds), and reports what is still missing and why, and which host
// orders Amazon does not have. The window is walked in slices of creation time, so a failed walk
// costs one slice, not the run.
#include "orders/order_reconcile.hpp"

#include "engine/arg_list.hpp"
#include "engine/durations.hpp"
#include "engine/job_names.hpp"
#include "engine/store_lease.hpp"
#include "host/host_json.hpp"
#include "orders/consolidation.hpp"
#include "orders/order_query.hpp"
#include "spapi/orders_api.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <set>

namespace amzconn::plugin {

namespace {

constexpr std::string_view k_job = job_names::reconcile_orders;
// A week covers a missed weekend of imports and every late or changed order of the usual
// overlap problems, while a daily run stays a handful of pages.
constexpr int64_t k_default_days = 7;
constexpr int64_t k_max_days = 730;
// The report lists this many still-missing orders; the log has every one.
constexpr size_t k_listed_max = 50;
// After this many failed host writes the host is broken, not the order: stop.
constexpr int64_t k_host_failures_max = 5;
// The window is walked in slices of creation time: a failed walk then costs one slice, not the
// run. searchOrders allows a call per 3 minutes after a burst of 20, so slices follow the store's
// volume: the first is a day, one that took few pages doubles, one that took many halves, and
// after a failure the same start is walked again with half the span, down to an hour.
constexpr int64_t k_slice_first_ms = k_day_ms;
constexpr int64_t k_slice_max_ms = 32 * k_day_ms;
constexpr int k_pages_to_grow = 3;
constexpr int k_pages_to_shrink = 10;
constexpr int64_t k_slice_min_ms = 60 * 60 * 1000;
// A run gives up after this many failed walks in a row, or in all, and says what is left: Amazon
// is then down or throttling hard, and the scheduler's next run does better than a busy loop.
constexpr int k_failures_in_a_row_max = 4;
constexpr int k_failures_max = 16;
// Fixed slice ends stay this far behind the host clock (Amazon refuses createdBefore within two
// minutes of its now, and the clocks may differ); the last slice is open and Amazon bounds it.
constexpr int64_t k_open_margin_ms = 10 * 60 * 1000;
// Host orders Amazon does not have: the report lists this many, the log has every one.
constexpr size_t k_host_only_listed_max = 10;

struct Window {
    time::Timestamp from;
    std::optional<time::Timestamp> to; // absent: up to Amazon's now (minus its 2 minutes)
};

Result<Window> window_of(const std::map<std::string, std::string>& args, int64_t now_ms) {
    for (const auto& [name, value] : args) {
        if (name != "days" && name != "from" && name != "to") {
            return Error{Status::bad_input,
                         std::string(k_job) + " has no argument '" + name +
                             "': use --arg days=N (default 7) or --arg from=DATE [--arg to=DATE]"};
        }
    }
    if (args.count("days") && (args.count("from") || args.count("to"))) {
        return Error{Status::bad_input, std::string(k_job) + " takes either --arg days=N or --arg "
                                                             "from=DATE [--arg to=DATE], not both"};
    }
    if (auto from = args.find("from"); from != args.end()) {
        TRY_ASSIGN(auto after, parse_order_bound(from->second, "from"));
        Window window{after, std::nullopt};
        if (auto to = args.find("to"); to != args.end()) {
            // A date covers its whole day; an end not yet behind Amazon's now leaves it open.
            TRY_ASSIGN(window.to, parse_window_end(to->second, now_ms));
            if (window.to && window.to->unix_ms <= after.unix_ms) {
                return Error{Status::bad_input,
                             "--arg to=" + to->second + " is not after --arg from=" + from->second};
            }
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
    int64_t in_host_only = 0; // host orders of the compared window that Amazon did not return
    std::vector<MissingOrder> missing;
    std::vector<std::string> host_only;

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
                {"in_host_only", in_host_only},
                {"still_missing", still_missing()}};
    }

    std::string summary() const {
        return "Amazon " + std::to_string(amazon) + ", in the host " + std::to_string(in_host) +
               " (" + std::to_string(updated) + " updated), imported now " +
               std::to_string(imported_now) + ", still missing " + std::to_string(still_missing()) +
               " (filtered " + std::to_string(skipped_by_filter) + ", status not imported " +
               std::to_string(status_not_imported) + ", waiting " + std::to_string(waiting) +
               ", parked " + std::to_string(parked) + ", host failed " +
               std::to_string(host_failed) + ", unreadable " + std::to_string(unreadable) +
               "), in the host only " + std::to_string(in_host_only);
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
        if (in_host_only > 0) {
            out.push_back(std::to_string(in_host_only) +
                          " host order(s) of this store and window are not among Amazon's "
                          "orders: check each (listed below) in Seller Central before relying on "
                          "it");
            for (size_t i = 0; i < host_only.size() && i < k_host_only_listed_max; ++i) {
                out.push_back(host_only[i]);
            }
            if (host_only.size() > k_host_only_listed_max) {
                out.push_back("... and " +
                              std::to_string(host_only.size() - k_host_only_listed_max) +
                              " more host order(s) Amazon does not have: each has an INFO line in "
                              "the connection log");
            }
        }
        if (host_failed > 0) {
            out.push_back(std::to_string(host_failed) +
                          " order(s) could not be written to the host: fix the host (see the "
                          "ERROR lines), then run " +
                          std::string(k_job) + " again");
        }
        return out;
    }
};

// One Amazon order id the host holds for this store: on its own host order, or as one of the
// orders merged into a consolidated day order.
struct HostOrder {
    std::string order_id;
    std::string key;         // the host order's idempotency key
    std::string marketplace; // from the host order's metadata, "" if absent
    // Individual order: its creation time; consolidated: the UTC day [from, to) it belongs to.
    int64_t from_ms = 0;
    int64_t to_ms = 0;
    bool consolidated = false;
};

struct HostOrders {
    std::vector<HostOrder> orders;
    // Order id -> key of the consolidated day order holding it.
    std::map<std::string, std::string, std::less<>> consolidated;
};

// Every host order of the store, a page at a time. Read before the walk: an order the walk
// imports is one Amazon returned, so it never needs this list.
Result<HostOrders> read_host_orders(HostServices& host, const std::string& alias) {
    namespace json = boost::json;
    constexpr int64_t k_host_page = 500;
    HostOrders out;
    const std::string prefix = alias + ":";
    std::string after;
    for (;;) {
        json::object filter{{"store", alias}, {"limit", k_host_page}};
        if (!after.empty()) {
            filter["after"] = after;
        }
        TRY_ASSIGN(auto page, query_entities(host, "sales_order", filter));
        for (const auto& entry : page) {
            if (!entry.is_object()) {
                continue;
            }
            const auto& doc = entry.as_object();
            after = entity_id(doc);
            const auto key = text_field(doc, "idempotency_key");
            if (key.rfind(prefix, 0) != 0) {
                continue; // not written by this store's import
            }
            const auto* meta_value = doc.if_contains("metadata");
            static const json::object k_empty;
            const auto& meta =
                meta_value && meta_value->is_object() ? meta_value->as_object() : k_empty;
            HostOrder order{"", key, text_field(meta, "marketplace"), 0, 0, false};
            const auto ids = text_field(meta, orders::k_order_ids_key);
            const auto day = text_field(meta, "consolidated_date");
            if (!ids.empty() || !day.empty()) {
                auto start = time::parse_rfc3339(day + "T00:00:00Z");
                if (!start) {
                    continue;
                }
                order.consolidated = true;
                order.from_ms = start->unix_ms;
                order.to_ms = start->unix_ms + k_day_ms;
                for (auto& id : split_arg_list(ids)) {
                    out.consolidated.emplace(id, key);
                    order.order_id = std::move(id);
                    out.orders.push_back(order);
                }
                continue;
            }
            auto created = time::parse_rfc3339(text_field(doc, "order_date"));
            if (!created) {
                continue;
            }
            order.order_id = text_field(meta, "amazon_order_id");
            if (order.order_id.empty()) {
                order.order_id = key.substr(prefix.size());
            }
            order.from_ms = created->unix_ms;
            order.to_ms = created->unix_ms + 1;
            out.orders.push_back(std::move(order));
        }
        if (page.size() < static_cast<size_t>(k_host_page) || after.empty()) {
            return out;
        }
    }
}

// Why a host order is not among Amazon's: the few causes an admin can check, no buyer data.
std::string host_only_line(const HostOrder& order, const std::vector<std::string>& marketplaces) {
    std::string line =
        order.order_id + ": in the host only (" +
        (order.consolidated ? "in consolidated order " + order.key : "host order " + order.key) +
        "): ";
    if (!order.marketplace.empty() && std::find(marketplaces.begin(), marketplaces.end(),
                                                order.marketplace) == marketplaces.end()) {
        return line + "its marketplace " + order.marketplace +
               " is no longer one of the store's marketplaces, so Amazon was not asked for it; "
               "add the marketplace back or handle the order by hand";
    }
    return line + "Amazon's search of the window did not return it; check the order id in "
                  "Seller Central (another seller account, or a host order made or edited by "
                  "hand under this store's key)";
}

} // namespace

namespace reconcile_detail {

// One run's state, from the window to the report.
struct Run {
    Window window;
    HostOrders host_orders;
    spapi::orders::SearchOrdersQuery query;
    Tally tally;
    // Orders already compared in this run (a page served twice, or a slice walked again after a
    // failure) are counted once and not written again.
    std::set<std::string, std::less<>> seen;
    std::optional<Error> stopped_by;
    int64_t pages = 0; // of the whole run
    // Slices of creation time from the window's start. With an open window the fixed slices
    // stop short of the host's now and the last walk is open (Amazon bounds it).
    int64_t from_ms = 0;
    std::optional<int64_t> to_ms;
    int64_t fixed_end_ms = 0;
    int64_t compared_ms = 0;              // everything created before this is compared
    std::optional<int64_t> amazon_end_ms; // the open walk's bound, once it completed
    int64_t slice_ms = k_slice_first_ms;
    int slices = 0;
    int failures = 0;
    int failures_in_a_row = 0;
    bool complete = false;
    std::string status = "ok";
    int64_t retry_after_s = -1;
    std::vector<std::string> notes;
};

} // namespace reconcile_detail

OrderReconcile::OrderReconcile(EngineContext& context, OrderImport& import)
    : m_context(context), m_import(import) {}

OrderReconcile::~OrderReconcile() = default;

Result<JobReport> OrderReconcile::run(const JobArgs& args) {
    auto& host = m_context.host;
    const auto& store = m_context.store;
    Run run;
    const int64_t started_ms = m_import.started_ms();
    TRY_ASSIGN(run.window, window_of(args, started_ms));
    TRY_ASSIGN(auto lease, m_import.take_lease());
    TRY_ASSIGN(run.host_orders, read_host_orders(host, store.alias));
    run.query.included_data = OrderImport::included_data(store);
    run.query.marketplace_ids = store_marketplace_ids(store);
    run.from_ms = run.window.from.unix_ms;
    if (run.window.to) {
        run.to_ms = run.window.to->unix_ms;
    }
    run.fixed_end_ms = run.to_ms ? *run.to_ms : started_ms - k_open_margin_ms;
    run.compared_ms = run.from_ms;
    while (!run.complete) {
        TRY_ASSIGN(const bool again, walk_slice(run, lease));
        if (!again) {
            break;
        }
    }
    lease.release();
    return finish(run);
}

// Walks one slice of creation time: Ok(true) to go on (the next slice, or the same start again
// after a failure), Ok(false) when the run stops here.
Result<bool> OrderReconcile::walk_slice(Run& run, StoreLease& lease) {
    const bool last = run.compared_ms + run.slice_ms >= run.fixed_end_ms;
    const int64_t slice_end_ms = last ? run.fixed_end_ms : run.compared_ms + run.slice_ms;
    run.query.created_after = time::Timestamp{run.compared_ms};
    run.query.created_before =
        last && !run.to_ms ? std::nullopt : std::optional(time::Timestamp{slice_end_ms});
    auto walk = spapi::orders::search_orders(m_context.client, run.query,
                                             [&](const spapi::orders::SearchOrdersPage& page) {
                                                 return compare_page(run, page, lease);
                                             });
    if (walk && walk->end == spapi::orders::WalkEnd::complete) {
        ++run.slices;
        run.failures_in_a_row = 0;
        if (walk->pages <= k_pages_to_grow) {
            run.slice_ms = std::min(k_slice_max_ms, run.slice_ms * 2);
        } else if (walk->pages > k_pages_to_shrink) {
            run.slice_ms = std::max(k_slice_min_ms, run.slice_ms / 2);
        }
        if (last) {
            run.complete = true;
            if (!run.to_ms) {
                run.amazon_end_ms = walk->created_before
                                        ? walk->created_before->unix_ms
                                        : std::max(run.fixed_end_ms, run.compared_ms);
            }
        }
        run.compared_ms =
            last && !run.to_ms ? std::max(run.compared_ms, run.fixed_end_ms) : slice_end_ms;
        return true;
    }
    if (run.stopped_by) {
        run.status = "partial";
        run.notes.push_back("stopped early: " + run.stopped_by->message +
                            "; the counts cover only the orders read so far");
        return false;
    }
    if (walk && walk->end == spapi::orders::WalkEnd::stopped) {
        run.status = "cancelled";
        run.notes.emplace_back("stopped on request at a page boundary");
        return false;
    }
    return after_failed_walk(run, walk, lease);
}

Result<bool> OrderReconcile::after_failed_walk(
    Run& run, const spapi::ApiResult<spapi::orders::WalkSummary>& walk, StoreLease& lease) {
    auto& host = m_context.host;
    const auto& alias = m_context.store.alias;
    const std::string job(k_job);
    ++run.failures;
    ++run.failures_in_a_row;
    int64_t wait_ms = 0;
    std::string cause;
    if (!walk) {
        const auto& failure = walk.error();
        host.log(LogLevel::error, alias, failure.request_id,
                 job + ": " + failure.describe() + "; the orders compared so far are kept");
        // Refused before Amazon served a single page: the request, the credentials or the
        // endpoint are wrong, and every further walk would fail alike. Once pages came, a
        // refusal (a pagination token Amazon lost, a token expired mid-run, a broken answer)
        // costs one slice, walked again smaller.
        if (failure.kind != spapi::ErrorKind::retryable && run.pages == 0) {
            return failure.to_error();
        }
        cause = "Amazon stopped a walk: " + failure.describe();
        wait_ms = std::max<int64_t>(failure.retry_after_ms, 0);
        run.status = failure.kind == spapi::ErrorKind::retryable ? "retry_later" : "partial";
        run.retry_after_s = wait_ms > 0 ? (wait_ms + 999) / 1000 : 60;
    } else {
        cause = std::string("a walk ended early (") +
                std::string(spapi::orders::to_string(walk->end)) + ")";
        run.status = "partial";
        run.retry_after_s = 0;
    }
    if (run.failures_in_a_row >= k_failures_in_a_row_max || run.failures >= k_failures_max) {
        run.notes.push_back(cause + "; gave up after " + std::to_string(run.failures) +
                            " failed walk(s)");
        return false;
    }
    // The same start again, with half the span: less to lose if it fails again.
    run.slice_ms = std::max(k_slice_min_ms, run.slice_ms / 2);
    if (wait_ms > 0) {
        // The wait keeps the store's lease (renewed as it goes): a live reconcile is not
        // taken for a dead one.
        if (auto slept = lease.sleep_ms(std::min<int64_t>(wait_ms, 2 * 60 * 1000)); !slept) {
            if (slept.status() == Status::cancelled) {
                run.status = "cancelled";
                run.notes.emplace_back("stopped on request while waiting for Amazon");
            } else {
                run.status = "partial";
                run.notes.push_back("stopped early: " + slept.error().message +
                                    "; the counts cover only the orders read so far");
            }
            return false;
        }
    }
    run.status = "ok";
    run.retry_after_s = -1;
    host.log(LogLevel::debug, alias, "",
             job + ": " + cause + "; walking orders created from " +
                 time::format_rfc3339({run.compared_ms}) + " again, " +
                 std::to_string(run.slice_ms / 60000) + " minute(s) at a time");
    return true;
}

bool OrderReconcile::compare_page(Run& run, const spapi::orders::SearchOrdersPage& page,
                                  StoreLease& lease) {
    ++run.pages;
    for (const auto& order : page.orders) {
        if (!run.seen.insert(order.order_id).second) {
            continue;
        }
        ++run.tally.amazon;
        if (!take(run, order.order_id, m_import.apply(order, page.request_id))) {
            return false;
        }
    }
    for (const auto& rejected : page.rejected) {
        if (rejected.order_id.empty()) {
            ++run.tally.amazon;
            ++run.tally.unreadable;
            run.tally.missing.push_back(
                {Missing::unreadable, "(an order without a readable id, request " +
                                          page.request_id + "): run " + std::string(k_job) +
                                          " again later; report the request id if it persists"});
            continue;
        }
        if (!run.seen.insert(rejected.order_id).second) {
            continue;
        }
        ++run.tally.amazon;
        auto parked =
            m_import.park_unreadable(rejected.order_id, rejected.error.message, page.request_id);
        if (!take(run, rejected.order_id, parked)) {
            return false;
        }
    }
    m_context.host.progress(job_names::reconcile_orders, m_context.store.alias, run.seen.size(), 0,
                            std::to_string(run.seen.size()) + " orders compared");
    if (auto renewed = lease.renew(); !renewed) {
        run.stopped_by = renewed.error();
        return false;
    }
    return !m_context.cancel_requested();
}

// Counts what apply() did with one order; false stops the walk (the host keeps failing).
bool OrderReconcile::take(Run& run, std::string_view order_id, const Outcome& applied) {
    if (applied) {
        AppliedOrder outcome = m_import.applied();
        const bool left_out = outcome.what == Applied::skipped_status ||
                              outcome.what == Applied::skipped_filter ||
                              outcome.what == Applied::waiting;
        // An order merged into a consolidated day order is in the host even when Amazon
        // cancelled it later: its status changes never reach the day's order.
        if (left_out && run.host_orders.consolidated.count(order_id) > 0) {
            outcome = AppliedOrder{Applied::in_host, ""};
        }
        run.tally.add(order_id, outcome);
        return true;
    }
    m_context.host.log(LogLevel::error, m_context.store.alias, order_id,
                       std::string(k_job) + ": " + applied.error().message);
    run.tally.add_failure(order_id, applied.error().message);
    if (run.tally.host_failed >= k_host_failures_max) {
        run.stopped_by = applied.error();
        return false;
    }
    return true;
}

// Host orders of the compared part that Amazon did not return. A consolidated day counts only
// when the whole day was compared (its orders' own times are not in the host).
void OrderReconcile::list_host_only(Run& run) {
    const int64_t compared_end_ms = run.amazon_end_ms ? *run.amazon_end_ms : run.compared_ms;
    const auto marketplaces = store_marketplace_ids(m_context.store);
    for (const auto& order : run.host_orders.orders) {
        if (order.from_ms < run.from_ms || order.to_ms > compared_end_ms ||
            run.seen.count(order.order_id) > 0) {
            continue;
        }
        ++run.tally.in_host_only;
        auto line = host_only_line(order, marketplaces);
        m_context.host.log(LogLevel::info, m_context.store.alias, order.order_id,
                           std::string(k_job) + ": " + line.substr(order.order_id.size() + 2));
        run.tally.host_only.push_back(std::move(line));
    }
}

JobReport OrderReconcile::finish(Run& run) {
    const std::string job(k_job);
    const auto& window = run.window;
    const std::string to_text =
        run.to_ms ? time::format_rfc3339(*window.to) + " (exclusive)"
                  : (run.amazon_end_ms ? time::format_rfc3339({*run.amazon_end_ms})
                                       : std::string("Amazon's now"));
    const std::string window_text =
        "orders created from " + time::format_rfc3339(window.from) + " to " + to_text;
    if (!run.complete) {
        const std::string left_from = time::format_rfc3339({run.compared_ms});
        run.notes.push_back(
            "compared: orders created from " + time::format_rfc3339(window.from) + " to " +
            left_from + "; not yet compared: orders created from " + left_from + " to " + to_text +
            ": run " + job + " again with --arg from=" + left_from +
            (run.to_ms ? " --arg to=" + time::format_rfc3339(*window.to) : std::string()) +
            " (the counts cover only the orders read so far)");
    } else if (run.slices > 1) {
        run.notes.push_back(
            "the window was compared in " + std::to_string(run.slices) + " slice(s)" +
            (run.failures > 0 ? " after " + std::to_string(run.failures) + " failed walk(s)"
                              : std::string()));
    }
    if (run.complete && run.tally.host_failed > 0 && run.status == "ok") {
        run.status = "partial";
    }
    list_host_only(run);
    auto messages = run.tally.messages(window_text);
    messages.insert(messages.begin() + 1, run.notes.begin(), run.notes.end());
    auto counts = run.tally.counts();
    counts["slices"] = run.slices;
    counts["failed_walks"] = run.failures;
    return m_import.report(job, run.status, std::move(messages), run.retry_after_s, counts,
                           window_text + ": " + run.tally.summary());
}

} // namespace amzconn::plugin
