#include "returns/returns_report_fetch.hpp"

#include "engine/durations.hpp"
#include "spapi/documents_api.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr std::string_view k_memo_prefix = "returns/report/";

std::string memo_key(returns::Channel channel, const returns::Window& window) {
    return std::string(k_memo_prefix) + std::string(returns::channel_name(channel)) + "/" +
           std::to_string(window.from.unix_ms);
}

bool fresh(HostServices& host, const json::value& requested_at) {
    return requested_at.is_int64() && host.now_ms() - requested_at.as_int64() < k_report_reuse_ms;
}

// The remembered request of the window, or a new one.
Outcome remembered_or_requested(EngineContext& context, returns::Channel channel,
                                FetchedWindow& out) {
    auto& host = context.host;
    const auto ns = store_namespace(context.store.alias);
    const auto key = memo_key(channel, out.window);
    auto memo = host.state_get(ns, key);
    if (!memo && memo.status() != Status::not_found) {
        return memo.error();
    }
    if (memo) {
        out.memo_version = memo->version;
        boost::system::error_code ec;
        const auto doc = json::parse(memo->value, ec);
        if (!ec && doc.is_object()) {
            const auto& o = doc.as_object();
            const auto* id = o.if_contains("report_id");
            const auto* at = o.if_contains("requested_at_ms");
            const auto* to = o.if_contains("to_ms");
            if (id && id->is_string() && at && at->is_int64() && to && to->is_int64() &&
                fresh(host, *at)) {
                out.report_id = std::string(id->as_string());
                out.window.to = time::Timestamp{to->as_int64()};
                return {};
            }
        }
    }
    spapi::documents::CreateReportRequest request{std::string(returns::report_type(channel)),
                                                  store_marketplace_ids(context.store),
                                                  out.window.from,
                                                  out.window.to,
                                                  {}};
    TRY_ASSIGN(out.report_id, spapi::documents::create_report(context.client, request));
    const json::object doc{{"report_id", out.report_id},
                           {"requested_at_ms", host.now_ms()},
                           {"from_ms", out.window.from.unix_ms},
                           {"to_ms", out.window.to.unix_ms}};
    TRY_ASSIGN(out.memo_version, host.state_put(ns, key, json::serialize(doc), out.memo_version));
    return {};
}

// Follows the report until it ends, about a minute at most.
Result<std::optional<spapi::documents::Report>>
wait_for_report(EngineContext& context, StoreLease& lease, const std::string& id) {
    for (int poll = 0; poll < k_report_polls; ++poll) {
        TRY_ASSIGN(auto got, spapi::documents::get_report(context.client, id));
        if (got.terminal()) {
            return std::optional(std::move(got));
        }
        if (context.cancel_requested()) {
            return Error{Status::cancelled, "cancelled while waiting for Amazon's returns report"};
        }
        TRY(lease.sleep_ms(k_report_poll_ms));
    }
    return std::optional<spapi::documents::Report>();
}

} // namespace

Result<std::optional<FetchedWindow>> fetch_returns_window(EngineContext& context, StoreLease& lease,
                                                          returns::Channel channel,
                                                          returns::Window window) {
    FetchedWindow out;
    out.window = window;
    TRY(remembered_or_requested(context, channel, out));
    TRY_ASSIGN(const auto done, wait_for_report(context, lease, out.report_id));
    if (!done) {
        return std::optional<FetchedWindow>();
    }
    if (done->processing_status == "CANCELLED") {
        return std::optional(std::move(out)); // no returns in the window
    }
    if (done->processing_status != "DONE" || !done->report_document_id) {
        // FATAL: the next run requests the window again.
        TRY(forget_returns_window(context, channel, out));
        return Error{Status::retry_later, "Amazon's " + std::string(returns::report_type(channel)) +
                                              " report " + out.report_id + " ended " +
                                              done->processing_status};
    }
    TRY_ASSIGN(const auto location,
               spapi::documents::get_report_document(context.client, *done->report_document_id));
    TRY_ASSIGN(out.text, spapi::documents::download_document(context.client, location));
    return std::optional(std::move(out));
}

Outcome forget_returns_window(EngineContext& context, returns::Channel channel,
                              const FetchedWindow& fetched) {
    auto forgot = context.host.state_delete(store_namespace(context.store.alias),
                                            memo_key(channel, fetched.window), k_version_any);
    if (!forgot && forgot.status() != Status::not_found) {
        return forgot.error();
    }
    return {};
}

Outcome forget_stale_windows(EngineContext& context) {
    auto& host = context.host;
    const auto ns = store_namespace(context.store.alias);
    TRY_ASSIGN(const auto memos, host.state_list(ns, k_memo_prefix));
    for (const auto& memo : memos) {
        boost::system::error_code ec;
        const auto doc = json::parse(memo.value, ec);
        const auto* at =
            !ec && doc.is_object() ? doc.as_object().if_contains("requested_at_ms") : nullptr;
        if (at != nullptr && fresh(host, *at)) {
            continue;
        }
        // A conflict: another run just renewed it; not found: already gone.
        if (auto gone = host.state_delete(ns, memo.key, memo.version);
            !gone && gone.status() != Status::not_found && gone.status() != Status::conflict) {
            return gone.error();
        }
    }
    return {};
}

} // namespace amzconn::plugin
