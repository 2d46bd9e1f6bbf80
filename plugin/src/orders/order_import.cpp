#include "orders/order_import.hpp"

#include "cancellations/cancellation_mirror.hpp"
#include "engine/arg_list.hpp"
#include "engine/failpoint.hpp"
#include "engine/job_names.hpp"
#include "engine/job_report.hpp"
#include "engine/store_lease.hpp"
#include "host/host_json.hpp"
#include "host/host_view_reader.hpp"
#include "orders/consolidation.hpp"
#include "orders/map_order.hpp"
#include "orders/order_query.hpp"
#include "orders/order_settings.hpp"
#include "spapi/orders_api.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <sstream>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr std::string_view k_cursor_key = "orders.cursor";

LogLevel level_of(orders::NoteLevel level) {
    switch (level) {
    case orders::NoteLevel::error:
        return LogLevel::error;
    case orders::NoteLevel::info:
        return LogLevel::info;
    case orders::NoteLevel::debug:
        return LogLevel::debug;
    }
    return LogLevel::debug;
}

json::value parse_doc(std::string_view text) {
    boost::system::error_code ec;
    auto doc = json::parse(text, ec);
    return ec ? json::value(nullptr) : doc;
}

// The host adds its own "id" to queried documents; what the plugin writes back is the document.
std::string without_host_id(std::string_view text) {
    auto doc = parse_doc(text);
    if (doc.is_object()) {
        doc.as_object().erase("id");
    }
    return json::serialize(doc);
}

// One upsert op appended to a JSON array's text, in the key order the host has always
// been sent: op, kind, key, doc.
void append_upsert_op(std::string& ops, std::string_view kind, std::string_view key,
                      const json::object& doc) {
    ops += ops.size() > 1 ? R"(,{"op":"upsert","kind":)" : R"({"op":"upsert","kind":)";
    ops += json::serialize(json::string_view(kind));
    ops += R"(,"key":)";
    ops += json::serialize(json::string_view(key));
    ops += R"(,"doc":)";
    ops += json::serialize(doc);
    ops += '}';
}

std::string code_of(const json::object& doc) {
    const auto* code = doc.if_contains("code");
    return code && code->is_string() ? std::string(code->as_string()) : std::string();
}

// The smallest slice still moves the cursor by twice the overlap.
constexpr int64_t k_min_slice_ms = 3 * k_order_overlap_ms;
// A slice bound must stay behind Amazon's 2-minute limit even if the host clock runs ahead.
constexpr int64_t k_slice_margin_ms = 10 * 60 * 1000;

std::string cursor_json(time::Timestamp after, int64_t slice_ms, int64_t unreadable_runs = 0) {
    json::object doc{{"last_updated_after", time::format_rfc3339(after)}};
    if (slice_ms > 0) {
        doc["slice_ms"] = slice_ms;
    }
    if (unreadable_runs > 0) {
        doc["unreadable_runs"] = unreadable_runs;
    }
    return json::serialize(doc);
}

int64_t non_negative(const json::object& doc, std::string_view key) {
    const auto* value = doc.if_contains(key);
    return value && value->is_int64() ? std::max<int64_t>(0, value->as_int64()) : 0;
}

Result<OrderCursor> read_cursor(HostServices& host, std::string_view store) {
    auto stored = host.state_get(store_namespace(store), k_cursor_key);
    if (!stored) {
        if (stored.status() == Status::not_found) {
            return OrderCursor{};
        }
        return stored.error();
    }
    const auto doc = parse_doc(stored->value);
    const auto* after =
        doc.is_object() ? doc.as_object().if_contains("last_updated_after") : nullptr;
    if (!after || !after->is_string()) {
        return Error{Status::internal, "the order cursor of store '" + std::string(store) +
                                           "' in host state is unreadable: delete key " +
                                           std::string(k_cursor_key) +
                                           " to restart from the install time"};
    }
    TRY_ASSIGN(const auto parsed, time::parse_rfc3339(after->as_string()));
    return OrderCursor{parsed, stored->version, non_negative(doc.as_object(), "slice_ms"),
                       non_negative(doc.as_object(), "unreadable_runs")};
}

} // namespace

Outcome restart_order_cursor(HostServices& host, std::string_view store) {
    auto deleted = host.state_delete(store_namespace(store), k_cursor_key, k_version_any);
    if (!deleted && deleted.status() != Status::not_found) {
        return deleted.error();
    }
    return {};
}

namespace {

// Where the very first import of a store starts: the configured start date, else install time.
time::Timestamp first_start(const config::StoreConfig& store, const StoreStatus& status) {
    if (store.filters.start_date) {
        if (auto parsed = time::parse_rfc3339(*store.filters.start_date + "T00:00:00Z")) {
            return *parsed;
        }
    }
    return {status.installed_at_ms};
}

} // namespace

OrderImport::OrderImport(EngineContext& context)
    : m_host(context.host), m_client(context.client), m_store(context.store),
      m_order_settings(order_settings(context.store)), m_status(context.status),
      m_cancelled(context.cancelled), m_started_ms(context.now_ms()) {}

Result<StoreLease> OrderImport::take_lease() {
    return StoreLease::acquire(m_host, m_store.alias, job_names::import_orders, k_import_lease_ms);
}

std::vector<std::string> OrderImport::included_data(const config::StoreConfig& store) {
    std::vector<std::string> data{"PROCEEDS", "FULFILLMENT", "PROMOTION", "CANCELLATION"};
    const auto per_order = [](const config::ChannelOrders& c) {
        return c.enabled && c.customer.strategy == config::CustomerStrategy::per_order;
    };
    const bool customers = per_order(store.orders.fbm) || per_order(store.orders.fba);
    if (customers) {
        data.emplace_back("BUYER");
    }
    if (customers || !store.filters.countries.empty()) {
        data.emplace_back("RECIPIENT");
    }
    if (store.taxes.mode != config::TaxMode::ignore) {
        data.emplace_back("TAX");
    }
    return data;
}

void OrderImport::log_notes(std::string_view order_id, const std::vector<orders::LogNote>& notes) {
    for (const auto& note : notes) {
        m_host.log(level_of(note.level), m_store.alias, order_id, note.message);
    }
}

Outcome OrderImport::apply(const spapi::orders::Order& order, std::string_view request_id) {
    const std::string key = orders::idempotency_key(m_order_settings, order);
    TRY_ASSIGN(const auto view, read_host_view(m_host, m_store, order, key));
    const auto result = orders::map_order(order, m_order_settings, view);
    failpoint("cp2_mapped_before_write");
    log_notes(order.order_id, result.notes);
    m_applied = AppliedOrder{};
    if (result.is_import()) {
        m_applied.what = Applied::imported;
        TRY(write_import(order, result.import()));
        mirror_cancellations(order, key);
        return {};
    }
    if (result.is_update()) {
        TRY(write_update(order, result.update()));
        m_applied.what = Applied::updated;
        ++m_counts.updated;
        m_host.log(LogLevel::info, m_store.alias, order.order_id,
                   "order updated: " + result.update().from_status + " -> " +
                       result.update().to_status + " (" + result.update().reason + ")");
        mirror_cancellations(order, key);
        return {};
    }
    if (result.is_skip()) {
        count_skip(order, result);
        if (result.skip().kind == orders::SkipKind::unchanged) {
            mirror_cancellations(order, key);
        }
        return {};
    }
    if (result.is_wait()) {
        m_applied = AppliedOrder{Applied::waiting, "waits for Amazon: " + result.wait().reason};
        ++m_counts.waiting;
        if (result.notes.empty()) {
            m_host.log(LogLevel::debug, m_store.alias, order.order_id,
                       "order waits: " + result.wait().reason);
        }
        return {};
    }
    return park(order.order_id, result.park(), request_id, result.notes.empty());
}

// Amazon-side cancellations and buyer requests onto the host order (cancellations/); a day's
// consolidated order is left alone, and a failure here never stops the import.
void OrderImport::mirror_cancellations(const spapi::orders::Order& order, const std::string& key) {
    if (key != m_store.alias + ":" + order.order_id) {
        return;
    }
    auto mirrored = mirror_amazon_cancellations(m_host, m_store, order, key);
    if (!mirrored) {
        m_host.log(LogLevel::error, m_store.alias, order.order_id,
                   "Amazon's cancellations of the order could not be shown on the host order: " +
                       mirrored.error().message +
                       "; it is tried again when the order next changes");
    }
}

void OrderImport::count_skip(const spapi::orders::Order& order, const orders::MapResult& result) {
    const auto& skip = result.skip();
    if (skip.kind == orders::SkipKind::unchanged) {
        ++m_counts.unchanged;
        return;
    }
    const bool filter = skip.kind == orders::SkipKind::filter;
    m_applied.what = filter ? Applied::skipped_filter : Applied::skipped_status;
    m_applied.why = filter ? "filtered out by " + skip.filter + ": " + skip.reason
                           : "status not imported: " + skip.reason;
    ++m_counts.skipped;
    if (result.notes.empty()) {
        m_host.log(LogLevel::debug, m_store.alias, order.order_id, "order skipped: " + skip.reason);
    }
}

Outcome OrderImport::write_import(const spapi::orders::Order& order,
                                  const orders::ImportPlan& plan) {
    // The plan's documents are trees in the plan's arena: they become text once, straight into
    // the transaction's ops, never copied.
    std::string ops = "[";
    if (plan.customer) {
        append_upsert_op(ops, "customer", code_of(*plan.customer), *plan.customer);
    }
    for (const auto& product : plan.products) {
        append_upsert_op(ops, "product", code_of(product), product);
    }
    const json::object* sales_order = &plan.sales_order;
    std::optional<orders::MergeOutcome> merged;
    if (plan.consolidated) {
        TRY_ASSIGN(auto existing,
                   find_doc(m_host, "sales_order", "idempotency_key", plan.idempotency_key));
        if (existing.has_value()) {
            TRY_ASSIGN(merged, orders::merge_consolidated(
                                   std::move(*existing), plan.sales_order,
                                   orders::consolidation_summed_keys(m_order_settings)));
            if (!merged->changed) {
                m_applied.what = Applied::in_host;
                ++m_counts.unchanged;
                return {};
            }
            sales_order = &merged->sales_order;
        }
    }
    append_upsert_op(ops, "sales_order", plan.idempotency_key, *sales_order);

    // A failed-queue entry for this order is resolved in the same transaction.
    const std::string failed_key = m_store.alias + ":" + order.order_id;
    TRY_ASSIGN(auto failed, find_one(m_host, "failed_order", "amazon_order_id", order.order_id));
    bool resolves = false;
    if (failed.has_value()) {
        auto doc = parse_doc(without_host_id(*failed));
        if (doc.is_object() && !doc.as_object().contains("resolved_at") &&
            doc.as_object().at("store") == json::value(m_store.alias)) {
            doc.as_object()["resolved_at"] = time::format_rfc3339({m_host.now_ms()});
            append_upsert_op(ops, "failed_order", failed_key, doc.as_object());
            resolves = true;
        }
    }
    ops += ']';
    auto written = m_host.transact(ops);
    if (!written) {
        return Error{written.status(),
                     "order " + order.order_id +
                         " could not be written to the host: " + written.error().message};
    }
    ++m_counts.imported;
    if (resolves) {
        ++m_counts.resolved;
    }
    m_host.log(LogLevel::info, m_store.alias, order.order_id,
               "order imported as " + plan.host_status + " (" + plan.summary + ")");
    if (plan.reconciliation.residual) {
        m_host.log(LogLevel::error, m_store.alias, order.order_id,
                   "order total differs from Amazon's by " + *plan.reconciliation.residual +
                       " (Amazon " + plan.reconciliation.amazon_total.value_or("?") + ", host " +
                       plan.reconciliation.host_total +
                       "): imported unchanged; check the order's charges in the host");
    }
    return {};
}

Outcome OrderImport::write_update(const spapi::orders::Order& order,
                                  const orders::UpdatePlan& plan) {
    TRY_ASSIGN(auto existing,
               find_one(m_host, "sales_order", "idempotency_key", plan.idempotency_key));
    if (!existing.has_value()) {
        return Error{Status::internal, "host order " + plan.idempotency_key + " vanished"};
    }
    auto doc = parse_doc(without_host_id(*existing));
    if (!doc.is_object()) {
        return Error{Status::internal, "host order " + plan.idempotency_key + " is unreadable"};
    }
    doc.as_object()["status"] = plan.to_status;
    // The metadata says which Amazon version the host order reflects.
    if (auto* metadata = doc.as_object().if_contains("metadata");
        metadata && metadata->is_object()) {
        if (order.fulfillment) {
            metadata->as_object()["amazon_status"] =
                spapi::orders::to_string(order.fulfillment->fulfillment_status);
        }
        metadata->as_object()["amazon_last_updated"] =
            time::format_rfc3339(order.last_updated_time);
    }
    json::array ops{json::object{{"op", "upsert"},
                                 {"kind", "sales_order"},
                                 {"key", plan.idempotency_key},
                                 {"doc", std::move(doc)}}};
    TRY(m_host.transact(json::serialize(ops)));
    return {};
}

Outcome OrderImport::park(std::string_view order_id, const orders::ParkPlan& plan,
                          std::string_view request_id, bool log_reason) {
    const std::string key = m_store.alias + ":" + std::string(order_id);
    int64_t attempts = 1;
    time::Timestamp first_seen{m_host.now_ms()};
    TRY_ASSIGN(auto existing, find_one(m_host, "failed_order", "amazon_order_id", order_id));
    if (existing.has_value()) {
        const auto doc = parse_doc(*existing);
        if (doc.is_object() && !doc.as_object().contains("resolved_at")) {
            const auto* count = doc.as_object().if_contains("attempts");
            attempts = count && count->is_int64() ? count->as_int64() + 1 : 1;
            const auto* seen = doc.as_object().if_contains("first_seen");
            if (seen && seen->is_string()) {
                if (auto parsed = time::parse_rfc3339(seen->as_string())) {
                    first_seen = *parsed;
                }
            }
        }
    }
    auto doc = parse_doc(orders::failed_order_json(m_order_settings, order_id, plan, first_seen,
                                                   attempts, request_id));
    if (doc.is_object()) {
        doc.as_object()["last_seen"] = time::format_rfc3339({m_host.now_ms()});
    }
    json::array ops{json::object{
        {"op", "upsert"}, {"kind", "failed_order"}, {"key", key}, {"doc", std::move(doc)}}};
    TRY(m_host.transact(json::serialize(ops)));
    ++m_counts.parked;
    m_applied = AppliedOrder{Applied::parked, "parked: " + plan.reason + ". Fix: " + plan.fix};
    if (log_reason) {
        m_host.log(LogLevel::error, m_store.alias, order_id,
                   "order parked: " + plan.reason + ". Fix: " + plan.fix);
    }
    return {};
}

JobReport OrderImport::report(std::string_view job, std::string_view status,
                              std::vector<std::string> messages, int64_t retry_after_s,
                              const std::map<std::string, int64_t>& extra_counts,
                              std::string summary) {
    JobReport out;
    out.job = std::string(job);
    out.store = m_store.alias;
    out.status = std::string(status);
    out.started_ms = m_started_ms;
    out.counts = {{"imported", m_counts.imported},   {"updated", m_counts.updated},
                  {"unchanged", m_counts.unchanged}, {"skipped", m_counts.skipped},
                  {"waiting", m_counts.waiting},     {"parked", m_counts.parked},
                  {"resolved", m_counts.resolved},   {"failed", 0}};
    for (const auto& [name, value] : extra_counts) {
        out.counts[name] = value;
    }
    if (m_counts.parked > 0) {
        messages.push_back(std::to_string(m_counts.parked) +
                           " order(s) parked: see the failed-order queue (`amzconn-host dump`) and "
                           "the ERROR lines of the log for the fix, then run " +
                           std::string(job_names::retry_failed_orders));
    }
    out.messages = std::move(messages);
    out.retry_after_s = retry_after_s;
    out.finished_ms = m_host.now_ms();
    if (summary.empty()) {
        summary = std::to_string(m_counts.imported) + " imported, " +
                  std::to_string(m_counts.updated) + " updated, " +
                  std::to_string(m_counts.skipped) + " skipped, " +
                  std::to_string(m_counts.parked) + " parked";
    }
    m_host.log(LogLevel::info, m_store.alias, "",
               std::string(job) + " " + std::string(status) + ": " + summary);
    return out;
}

Result<JobReport> OrderImport::fail(std::string_view job, const Error& error) {
    m_host.log(LogLevel::error, m_store.alias, "", std::string(job) + ": " + error.message);
    if (error.status == Status::retry_later) {
        return report(job, "retry_later", {error.message}, 60);
    }
    return error;
}

Outcome OrderImport::park_unreadable(std::string_view order_id, std::string_view reason,
                                     std::string_view request_id) {
    const orders::ParkPlan plan{std::string(reason),
                                "Amazon sent this order in a shape amzconn cannot read; run " +
                                    std::string(job_names::retry_failed_orders) +
                                    " later, and report the request id if it persists",
                                ""};
    return park(order_id, plan, request_id);
}

// A walk that ended before its last page: the next one reads a shorter slice (the cursor itself
// stays), so a backlog too long to walk in one piece under faults still gets through.
void OrderImport::shrink_slice(const spapi::orders::SearchOrdersQuery& query,
                               const OrderCursor& cursor, bool sliced) {
    const int64_t after_ms = query.last_updated_after->unix_ms;
    const int64_t span = std::max<int64_t>(m_started_ms - after_ms, k_min_slice_ms);
    const int64_t next = std::max(k_min_slice_ms, sliced ? cursor.slice_ms / 2 : span / 8);
    auto saved =
        m_host.state_put(store_namespace(m_store.alias), k_cursor_key,
                         cursor_json(*query.last_updated_after, next, cursor.unreadable_runs),
                         cursor.version > 0 ? cursor.version : k_version_absent);
    if (saved) {
        m_host.log(LogLevel::debug, m_store.alias, "",
                   std::string(job_names::import_orders) + ": the next walk reads " +
                       std::to_string(next / 60000) + " minute(s) of changes after the cursor");
    }
}

bool OrderImport::import_page(const spapi::orders::SearchOrdersPage& page, StoreLease& lease,
                              size_t& seen, std::optional<Error>& host_error) {
    failpoint("cp1_page_received");
    if (m_cancelled.load()) {
        return false;
    }
    for (const auto& order : page.orders) {
        if (auto applied = apply(order, page.request_id); !applied) {
            host_error = applied.error();
            return false;
        }
        failpoint("cp3_between_orders");
    }
    for (const auto& rejected : page.rejected) {
        if (rejected.order_id.empty()) {
            // Without an id the order cannot be parked; the other orders go on, and the cursor
            // waits for this one a few runs (finish_walk).
            m_unreadable.push_back("orders[" + std::to_string(rejected.position) +
                                   "] of the page with request id " + page.request_id + ": " +
                                   rejected.error.message);
            continue;
        }
        if (auto parked =
                park_unreadable(rejected.order_id, rejected.error.message, page.request_id);
            !parked) {
            host_error = parked.error();
            return false;
        }
    }
    seen += page.orders.size() + page.rejected.size();
    m_host.progress(job_names::import_orders, m_store.alias, seen, 0,
                    std::to_string(seen) + " orders read");
    if (auto renewed = lease.renew(); !renewed) {
        host_error = renewed.error();
        return false;
    }
    failpoint("cp6_between_pages");
    return true;
}

Result<JobReport> OrderImport::walk_failed(const spapi::ApiError& failure) {
    const auto job = job_names::import_orders;
    m_host.log(LogLevel::error, m_store.alias, failure.request_id,
               std::string(job) + ": " + failure.describe() +
                   "; the cursor did not move, nothing is lost");
    if (failure.kind == spapi::ErrorKind::retryable) {
        const int64_t retry_s =
            failure.retry_after_ms > 0 ? (failure.retry_after_ms + 999) / 1000 : 60;
        return report(job, "retry_later", {failure.describe()}, retry_s);
    }
    return failure.to_error();
}

std::optional<std::string> OrderImport::handle_unreadable(time::Timestamp after,
                                                          const OrderCursor& cursor,
                                                          std::vector<std::string>& messages) {
    if (m_unreadable.empty()) {
        return std::nullopt;
    }
    const auto job = std::string(job_names::import_orders);
    const int64_t run = cursor.unreadable_runs + 1;
    std::string list;
    for (size_t i = 0; i < m_unreadable.size() && i < 5; ++i) {
        list += (list.empty() ? "" : "; ") + m_unreadable[i];
    }
    if (m_unreadable.size() > 5) {
        list += "; and " + std::to_string(m_unreadable.size() - 5) + " more in the log";
    }
    const std::string count = std::to_string(m_unreadable.size());
    if (run < k_unreadable_runs) {
        m_host.log(LogLevel::error, m_store.alias, "",
                   job + ": " + count + " order(s) without a readable order id (" + list +
                       "); every other order was imported; the cursor waits for them (run " +
                       std::to_string(run) + " of " + std::to_string(k_unreadable_runs) + ")");
        messages.push_back(count + " order(s) Amazon sent without a readable order id (" + list +
                           "): every other order was imported; the cursor stays for " +
                           std::to_string(k_unreadable_runs - run) +
                           " more run(s) in case Amazon sends them readable; run " + job +
                           " again");
        return cursor_json(after, cursor.slice_ms, run);
    }
    m_host.log(LogLevel::error, m_store.alias, "",
               job + ": skipped " + count + " order(s) without a readable order id after " +
                   std::to_string(k_unreadable_runs) + " runs (" + list + ")");
    messages.push_back("skipped " + count +
                       " order(s) Amazon sent without a readable order id "
                       "after " +
                       std::to_string(k_unreadable_runs) + " runs (" + list +
                       "): report the request ids to Amazon; once they read well, run " +
                       std::string(job_names::import_missing_orders) +
                       " --arg from=DATE --arg to=DATE over the days they were created");
    return std::nullopt;
}

Result<JobReport> OrderImport::import_orders() {
    const auto job = job_names::import_orders;
    m_started_ms = m_host.now_ms();
    TRY_ASSIGN(auto lease, take_lease());
    TRY_ASSIGN(const auto cursor, read_cursor(m_host, m_store.alias));
    spapi::orders::SearchOrdersQuery query;
    query.last_updated_after = cursor.last_updated_after.value_or(first_start(m_store, m_status));
    query.included_data = included_data(m_store);
    query.marketplace_ids = store_marketplace_ids(m_store);
    const int64_t after_ms = query.last_updated_after->unix_ms;
    bool sliced =
        cursor.slice_ms > 0 && after_ms + cursor.slice_ms < m_started_ms - k_slice_margin_ms;
    if (sliced) {
        query.last_updated_before = time::Timestamp{after_ms + cursor.slice_ms};
    }
    std::optional<Error> host_error;
    size_t seen = 0;
    int pages = 0;
    const auto walk_once = [&] {
        return spapi::orders::search_orders(m_client, query,
                                            [&](const spapi::orders::SearchOrdersPage& page) {
                                                ++pages;
                                                return import_page(page, lease, seen, host_error);
                                            });
    };
    auto walk = walk_once();
    if (!walk && sliced && pages == 0 && walk.error().http_status == 400) {
        // The slice's bound comes from the host clock; one running ahead of Amazon's makes it
        // later than Amazon allows (now - 2 min). Amazon's own bound is always allowed.
        m_host.log(LogLevel::info, m_store.alias, walk.error().request_id,
                   std::string(job) + ": Amazon refused the slice's upper bound (" +
                       walk.error().message +
                       "); the host clock may run ahead of Amazon's: reading up to Amazon's "
                       "own bound instead");
        query.last_updated_before.reset();
        sliced = false;
        walk = walk_once();
    }
    if (!walk) {
        shrink_slice(query, cursor, sliced);
        lease.release();
        return walk_failed(walk.error());
    }
    if (host_error) {
        return fail(job, *host_error);
    }
    return finish_walk(query, *walk, cursor, sliced);
}

Result<JobReport> OrderImport::finish_walk(const spapi::orders::SearchOrdersQuery& query,
                                           const spapi::orders::WalkSummary& walk,
                                           const OrderCursor& cursor, bool sliced) {
    const auto job = job_names::import_orders;
    std::vector<std::string> messages;
    std::string status = "ok";
    int64_t retry_after_s = -1;
    if (walk.end == spapi::orders::WalkEnd::complete && walk.last_updated_before) {
        const int64_t bound = walk.last_updated_before->unix_ms - k_order_overlap_ms;
        const int64_t next = std::max(bound, query.last_updated_after->unix_ms);
        // A slice that finished is doubled; once it reaches Amazon's now the walks are whole.
        std::string value = cursor_json({next}, sliced ? cursor.slice_ms * 2 : 0);
        if (auto waiting = handle_unreadable(*query.last_updated_after, cursor, messages)) {
            value = std::move(*waiting);
            status = "partial";
            retry_after_s = 60;
        } else if (!m_unreadable.empty()) {
            status = "partial";
        }
        failpoint("cp4_before_cursor_save");
        auto saved = m_host.state_put(store_namespace(m_store.alias), k_cursor_key, value,
                                      cursor.version > 0 ? cursor.version : k_version_absent);
        if (!saved) {
            return fail(job, saved.error());
        }
        failpoint("cp5_after_cursor_save");
        if (retry_after_s < 0) {
            messages.push_back("next import reads orders updated after " +
                               time::format_rfc3339({next}));
        }
        if (sliced && retry_after_s < 0) {
            // Earlier walks failed before their end, so this one read a slice of the backlog.
            status = "partial";
            retry_after_s = 0;
            messages.push_back("this run read one slice of Amazon's changes (earlier walks "
                               "failed before their end): run " +
                               std::string(job) + " again for the next one");
        }
    } else if (walk.end == spapi::orders::WalkEnd::stopped) {
        status = "cancelled";
        messages.emplace_back("stopped on request at a page boundary; the cursor did not move");
    } else {
        shrink_slice(query, cursor, sliced);
        status = "partial";
        messages.push_back(std::string("the walk ended early (") +
                           std::string(spapi::orders::to_string(walk.end)) +
                           "); the cursor did not move: run " + std::string(job) + " again");
    }
    return report(job, status, std::move(messages), retry_after_s);
}

Outcome OrderImport::import_ids(const std::vector<std::string>& ids) {
    const auto data = included_data(m_store);
    size_t done = 0;
    for (const auto& id : ids) {
        if (m_cancelled.load()) {
            return Error{Status::cancelled, "stopped on request"};
        }
        auto order = spapi::orders::get_order(m_client, id, data);
        if (!order) {
            const auto& failure = order.error();
            if (failure.kind == spapi::ErrorKind::data) {
                const orders::ParkPlan plan{failure.message,
                                            "Amazon sent this order in a shape amzconn cannot "
                                            "read; report the request id",
                                            ""};
                TRY(park(id, plan, failure.request_id));
                continue;
            }
            if (failure.http_status == 404) {
                m_host.log(LogLevel::error, m_store.alias, id,
                           "order not found at Amazon for this seller: check the order id");
                ++m_counts.skipped;
                continue;
            }
            return failure.to_error();
        }
        TRY(apply(*order, ""));
        m_host.progress(job_names::import_missing_orders, m_store.alias, ++done, ids.size(), id);
    }
    return {};
}

// import_missing_orders by creation date.
Outcome OrderImport::import_created(spapi::orders::SearchOrdersQuery query) {
    query.included_data = included_data(m_store);
    query.marketplace_ids = store_marketplace_ids(m_store);
    std::optional<Error> host_error;
    auto walk = spapi::orders::search_orders(
        m_client, query, [&](const spapi::orders::SearchOrdersPage& page) {
            for (const auto& order : page.orders) {
                if (auto applied = apply(order, page.request_id); !applied) {
                    host_error = applied.error();
                    return false;
                }
            }
            // An order without a readable id cannot be parked: the report lists it.
            for (const auto& rejected : page.rejected) {
                if (rejected.order_id.empty()) {
                    m_unreadable.push_back("orders[" + std::to_string(rejected.position) +
                                           "] of the page with request id " + page.request_id +
                                           ": " + rejected.error.message);
                    continue;
                }
                if (auto parked =
                        park_unreadable(rejected.order_id, rejected.error.message, page.request_id);
                    !parked) {
                    host_error = parked.error();
                    return false;
                }
            }
            return !m_cancelled.load();
        });
    if (!walk) {
        return walk.error().to_error();
    }
    if (host_error) {
        return *host_error;
    }
    return {};
}

Result<JobReport> OrderImport::import_missing(const JobArgs& args) {
    const auto job = job_names::import_missing_orders;
    m_started_ms = m_host.now_ms();
    TRY_ASSIGN(auto lease, take_lease());
    Outcome outcome;
    std::vector<std::string> messages;
    if (auto ids = args.find("order_ids"); ids != args.end()) {
        outcome = import_ids(split_arg_list(ids->second));
    } else if (args.count("from")) {
        spapi::orders::SearchOrdersQuery query;
        TRY_ASSIGN(query.created_after, parse_order_bound(args.at("from"), "from"));
        if (auto to = args.find("to"); to != args.end()) {
            // A date covers its whole day; an end not yet behind Amazon's now leaves it open.
            TRY_ASSIGN(query.created_before, parse_window_end(to->second, m_started_ms));
        }
        messages.push_back("window: " + window_text(*query.created_after, query.created_before));
        outcome = import_created(std::move(query));
    } else {
        return Error{Status::bad_input, std::string(job) + " needs --arg order_ids=ID,ID,... or "
                                                           "--arg from=DATE [--arg to=DATE]"};
    }
    lease.release();
    if (!outcome) {
        return fail(job, outcome.error());
    }
    for (const auto& what : m_unreadable) {
        messages.push_back("an order Amazon sent without a readable order id was skipped (" + what +
                           "): run this again later; report the request id to Amazon if it "
                           "persists");
    }
    return report(job, m_unreadable.empty() ? "ok" : "partial", std::move(messages));
}

Result<JobReport> OrderImport::retry_failed() {
    const auto job = job_names::retry_failed_orders;
    m_started_ms = m_host.now_ms();
    TRY_ASSIGN(const auto queued,
               query_entities(m_host, "failed_order", json::object{{"store", m_store.alias}}));
    std::vector<std::string> ids;
    for (const auto& entry : queued) {
        const auto& doc = entry.as_object();
        if (!doc.contains("resolved_at") && doc.at("amazon_order_id").is_string()) {
            ids.emplace_back(doc.at("amazon_order_id").as_string());
        }
    }
    if (ids.empty()) {
        return report(job, "ok", {"the failed-order queue of this store is empty"});
    }
    TRY_ASSIGN(auto lease, take_lease());
    auto outcome = import_ids(ids);
    lease.release();
    if (!outcome) {
        return fail(job, outcome.error());
    }
    return report(job, m_counts.parked > 0 ? "partial" : "ok", {});
}

} // namespace amzconn::plugin
