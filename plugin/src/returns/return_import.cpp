#include "returns/return_import.hpp"

#include "engine/durations.hpp"
#include "engine/failpoint.hpp"
#include "engine/job_names.hpp"
#include "host/return_host_data.hpp"
#include "orders/order_query.hpp"
#include "orders/order_settings.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;
using returns::Channel;

namespace {

// The first run reads 90 days; every scheduled run re-reads the last 59 (a return's status and
// disposition change after its return date; 59 days from a midnight fit one 60-day report) and
// anything since the last covered end.
constexpr int64_t k_first_days = 90;
constexpr int64_t k_reread_days = 59;
constexpr int64_t k_lease_ms = 10LL * 60 * 1000;
// A remembered request ends where an earlier run's range ended; a rest of the range shorter than
// this is left to the next run (which re-reads it), or every run would request a new report for
// the minutes since the last and wait for it.
constexpr int64_t k_short_rest_ms = 3600LL * 1000;
// At most this many bad-row messages in a report (the count says how many there were).
constexpr size_t k_max_row_messages = 20;
constexpr std::string_view k_parked_prefix = "returns/parked/";

std::string cursor_key(Channel channel) {
    return "returns/cursor/" + std::string(returns::channel_name(channel));
}

// import_returns takes from and to only: a misspelt argument must not run the scheduled range.
Outcome check_args(const JobArgs& args) {
    for (const auto& [name, value] : args) {
        if (name != "from" && name != "to") {
            return Error{Status::bad_input, std::string(job_names::import_returns) +
                                                " takes --arg from=DATE and --arg to=DATE, not "
                                                "--arg " +
                                                name};
        }
    }
    return {};
}

bool uses(const config::StoreConfig& store, Channel channel) {
    return channel == Channel::mfn ? store.orders.fbm.enabled : store.orders.fba.enabled;
}

} // namespace

ReturnImport::ReturnImport(EngineContext& context)
    : m_context(context), m_host(context.host), m_store(context.store),
      m_products(order_settings(context.store).products) {}

Result<ReturnImport::Range> ReturnImport::range(Channel channel, const JobArgs& args) {
    const int64_t now = m_host.now_ms();
    const time::Timestamp end{now - k_window_end_margin_ms};
    if (const auto from = args.find("from"); from != args.end()) {
        Range r{{}, end, false};
        TRY_ASSIGN(r.from, parse_order_bound(from->second, "from"));
        if (const auto to = args.find("to"); to != args.end()) {
            TRY_ASSIGN(const auto bound, parse_window_end(to->second, now));
            r.to = bound ? std::min(*bound, end) : end;
        }
        if (r.to <= r.from) {
            return Error{Status::bad_input, std::string(job_names::import_returns) +
                                                ": --arg to must be after --arg from"};
        }
        return r;
    }
    if (args.count("to")) {
        return Error{Status::bad_input, std::string(job_names::import_returns) +
                                            ": --arg to needs --arg from (a date or RFC 3339 "
                                            "time)"};
    }
    // Starts at a midnight, so the runs of one day share a start and follow the same report.
    const auto day_start = [](int64_t ms) { return ms - ms % k_day_ms; };
    Range r{{day_start(now - k_first_days * k_day_ms)}, end, true};
    auto cursor = m_host.state_get(store_namespace(m_store.alias), cursor_key(channel));
    if (!cursor && cursor.status() != Status::not_found) {
        return cursor.error();
    }
    if (cursor) {
        boost::system::error_code ec;
        const auto doc = json::parse(cursor->value, ec);
        const auto* o = !ec && doc.is_object() ? &doc.as_object() : nullptr;
        const auto* covered = o ? o->if_contains("covered_to_ms") : nullptr;
        const auto* done = o ? o->if_contains("pass_done") : nullptr;
        if (covered && covered->is_int64()) {
            // A pass that stopped half-way (retry_later, a crash) goes on where it stopped.
            const bool go_on = done && done->is_bool() && !done->as_bool();
            r.from = {
                go_on ? covered->as_int64()
                      : std::min(covered->as_int64(), day_start(now - k_reread_days * k_day_ms))};
        }
    }
    return r;
}

Outcome ReturnImport::save_cursor(Channel channel, time::Timestamp covered_to, bool pass_done) {
    // The store's lease makes this run the only writer.
    const json::object doc{{"covered_to_ms", covered_to.unix_ms}, {"pass_done", pass_done}};
    TRY(m_host.state_put(store_namespace(m_store.alias), cursor_key(channel), json::serialize(doc),
                         k_version_any));
    return {};
}

Result<bool> ReturnImport::import_channel(StoreLease& lease, Channel channel, const JobArgs& args) {
    TRY_ASSIGN(const auto r, range(channel, args));
    for (auto start = r.from; start < r.to;) {
        const auto window = returns::split_windows(start, r.to).front();
        TRY_ASSIGN(const auto fetched, fetch_returns_window(m_context, lease, channel, window));
        if (!fetched) {
            m_messages.push_back("Amazon's " + std::string(returns::report_type(channel)) +
                                 " report is not ready yet: run " +
                                 std::string(job_names::import_returns) +
                                 " again in a few minutes (it follows the same report)");
            return false;
        }
        ++m_counts.reports;
        TRY(import_window(channel, *fetched));
        failpoint("cpr2_before_window_done");
        const bool last = fetched->window.to <= start ||
                          r.to.unix_ms - fetched->window.to.unix_ms < k_short_rest_ms;
        if (r.scheduled) {
            TRY(save_cursor(channel, fetched->window.to, last));
            TRY(forget_returns_window(m_context, channel, *fetched));
        }
        // An on-demand range keeps no cursor: its done windows stay remembered (an hour), so a
        // run again after retry_later follows the same reports instead of requesting them anew.
        if (last) {
            break;
        }
        start = fetched->window.to;
        TRY(lease.renew());
    }
    return true;
}

Outcome ReturnImport::import_window(Channel channel, const FetchedWindow& fetched) {
    if (fetched.text.empty()) {
        return {}; // Amazon cancelled the report: no returns in the window
    }
    TRY_ASSIGN(const auto parsed, returns::parse_returns_report(fetched.text, channel));
    for (const auto& problem : parsed.problems) {
        if (m_counts.bad_rows++ < static_cast<int64_t>(k_max_row_messages)) {
            m_messages.push_back("report " + fetched.report_id + ", " + problem.message);
        }
        m_host.log(LogLevel::error, m_store.alias, fetched.report_id,
                   std::string(job_names::import_returns) + ": " + problem.message);
    }
    for (const auto& r : returns::group_returns(channel, parsed.rows)) {
        TRY(apply(r));
        failpoint("cpr1_between_returns");
        if (m_context.cancel_requested()) {
            return Error{Status::cancelled, "cancelled between returns"};
        }
    }
    return {};
}

Outcome ReturnImport::apply(const returns::HostReturn& r) {
    const auto key = returns::return_key(m_store.alias, r.return_id);
    const auto ns = store_namespace(m_store.alias);
    const auto parked_key = std::string(k_parked_prefix) + key;
    TRY_ASSIGN(const auto order, find_imported_order(m_host, m_store.alias, r.amazon_order_id));
    std::optional<json::object> doc;
    std::string reason;
    if (!order) {
        reason = "the host has no order " + r.amazon_order_id +
                 " yet: the return is imported once "
                 "the order is (" +
                 std::string(job_names::import_missing_orders) + " imports a missing order)";
    } else if (auto built = returns::return_document(r, m_store.alias, order->key,
                                                     order->product_of, m_products)) {
        doc = std::move(*built);
    } else {
        reason = built.error().message;
    }
    if (!doc) {
        const auto parked = returns::parked_to_json({r, reason});
        TRY(m_host.state_put(ns, parked_key, json::serialize(parked), k_version_any));
        m_waiting[key] =
            json::object{{"return", r.return_id}, {"order", r.amazon_order_id}, {"reason", reason}};
        // Said once, when first parked; later runs that find it still waiting say it in DEBUG.
        m_host.log(m_parked_keys.count(key) ? LogLevel::debug : LogLevel::info, m_store.alias,
                   r.amazon_order_id, "return " + r.return_id + " parked: " + reason);
        return {};
    }
    auto upserted = m_host.entity_upsert("return", key, json::serialize(*doc));
    if (!upserted) {
        if (upserted.status() != Status::bad_input) {
            return upserted.error();
        }
        ++m_counts.refused; // one bad document never stops the others
        m_messages.push_back("return " + r.return_id + " of order " + r.amazon_order_id +
                             ": the host refused it: " + upserted.error().message);
        return {};
    }
    if (upserted->created) {
        ++m_counts.imported;
        m_host.log(LogLevel::info, m_store.alias, r.amazon_order_id,
                   "return " + r.return_id + " imported as return " + upserted->id);
    } else if (upserted->changed) {
        ++m_counts.updated;
        m_host.log(LogLevel::info, m_store.alias, r.amazon_order_id,
                   "return " + r.return_id + " updated (status " + r.status + ")");
    } else {
        ++m_counts.unchanged;
    }
    m_waiting.erase(key);
    if (m_parked_keys.erase(key) > 0) {
        if (auto gone = m_host.state_delete(ns, parked_key, k_version_any);
            !gone && gone.status() != Status::not_found) {
            return gone.error();
        }
    }
    return {};
}

// Parked returns whose orders have arrived since (the others stay parked).
Outcome ReturnImport::retry_parked() {
    const auto ns = store_namespace(m_store.alias);
    TRY_ASSIGN(const auto entries, m_host.state_list(ns, k_parked_prefix));
    for (const auto& e : entries) {
        m_parked_keys.insert(e.key.substr(k_parked_prefix.size()));
    }
    for (const auto& e : entries) {
        boost::system::error_code ec;
        const auto doc = json::parse(e.value, ec);
        auto parked =
            !ec && doc.is_object()
                ? returns::parked_from_json(doc.as_object())
                : Result<returns::ParkedReturn>(Error{Status::bad_input, "not a parked return"});
        if (!parked) {
            m_messages.push_back("host state " + e.key +
                                 " is not a parked return this plugin wrote: left as it is");
            continue;
        }
        TRY(apply(parked->ret));
    }
    return {};
}

JobReport ReturnImport::report(std::string status, std::vector<std::string> messages) {
    auto out = m_context.start_report(job_names::import_returns);
    out.started_ms = m_started_ms;
    const auto parked = static_cast<int64_t>(m_waiting.size());
    if (status == "ok" && (m_counts.bad_rows > 0 || m_counts.refused > 0 || parked > 0)) {
        status = "partial";
    }
    out.status = status;
    out.counts = json::object{{"imported", m_counts.imported},   {"updated", m_counts.updated},
                              {"unchanged", m_counts.unchanged}, {"parked", parked},
                              {"refused", m_counts.refused},     {"bad_rows", m_counts.bad_rows},
                              {"reports", m_counts.reports}};
    json::array waiting;
    for (auto& [key, entry] : m_waiting) {
        waiting.push_back(entry);
    }
    if (!waiting.empty()) {
        out.extra["parked"] = std::move(waiting);
        messages.push_back(std::to_string(parked) +
                           " returns wait for their orders (listed under parked); they are "
                           "imported by the next run after the order arrives");
    }
    out.messages = std::move(messages);
    if (status == "retry_later") {
        out.retry_after_s = 60;
    }
    m_host.log(LogLevel::info, m_store.alias, "",
               std::string(job_names::import_returns) + " " + status + ": " +
                   std::to_string(m_counts.imported) + " imported, " +
                   std::to_string(m_counts.updated) + " updated, " + std::to_string(parked) +
                   " parked, " + std::to_string(m_counts.bad_rows) + " bad report rows");
    return m_context.finish(std::move(out));
}

Result<JobReport> ReturnImport::run(const JobArgs& args) {
    m_started_ms = m_host.now_ms();
    TRY(check_args(args));
    if (!uses(m_store, Channel::mfn) && !uses(m_store, Channel::fba)) {
        return report("not_applicable", {"the store imports neither FBM nor FBA orders "
                                         "(orders.fbm.enabled, orders.fba.enabled), so it has "
                                         "no returns to link to them"});
    }
    TRY_ASSIGN(auto lease,
               StoreLease::acquire(m_host, m_store.alias, job_names::import_returns, k_lease_ms));
    TRY(forget_stale_windows(m_context));
    TRY(retry_parked());
    bool complete = true;
    for (const auto channel : {Channel::mfn, Channel::fba}) {
        if (!uses(m_store, channel)) {
            continue;
        }
        auto done = import_channel(lease, channel, args);
        if (!done) {
            if (done.status() != Status::retry_later) {
                return done.error();
            }
            m_messages.push_back(done.error().message + ": run " +
                                 std::string(job_names::import_returns) + " again later");
            complete = false;
            continue;
        }
        complete = complete && *done;
    }
    lease.release();
    return report(complete ? "ok" : "retry_later", std::move(m_messages));
}

Result<JobReport> run_import_returns(EngineContext& context, const JobArgs& args) {
    return ReturnImport(context).run(args);
}

} // namespace amzconn::plugin
