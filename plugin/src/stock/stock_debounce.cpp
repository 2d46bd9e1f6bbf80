#include "stock/stock_debounce.hpp"

#include "engine/failpoint.hpp"
#include "engine/job_names.hpp"
#include "engine/store_registry.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr std::string_view k_pending_key = "stock/debounce";
constexpr std::string_view k_lease_job = "stock_debounce";
constexpr int k_debounce_cas_attempts = 20;

// Adds the integer counts of one push report into the running sums.
void add_counts(json::object& sums, const JobReport& report) {
    for (const auto& [name, value] : report.counts) {
        if (!value.is_int64()) {
            continue;
        }
        auto& sum = sums[name];
        sum = (sum.is_int64() ? sum.as_int64() : 0) + value.as_int64();
    }
}

} // namespace

Result<PendingSkus> parse_pending_skus(std::string_view text) {
    boost::system::error_code ec;
    auto doc = json::parse(text, ec);
    const auto* skus = ec || !doc.is_object() ? nullptr : doc.as_object().if_contains("skus");
    const auto* next = ec || !doc.is_object() ? nullptr : doc.as_object().if_contains("next_seq");
    if (!skus || !skus->is_object() || !next || !next->is_int64() || next->as_int64() < 1) {
        return Error{Status::internal, "host state '" + std::string(k_pending_key) +
                                           "' is damaged: delete it; the next " +
                                           std::string(job_names::export_stock) +
                                           " sends every SKU"};
    }
    PendingSkus out;
    out.next_seq = static_cast<uint64_t>(next->as_int64());
    for (const auto& [sku, seq] : skus->as_object()) {
        if (!seq.is_int64() || seq.as_int64() < 0) {
            return Error{Status::internal,
                         "host state '" + std::string(k_pending_key) + "' is damaged at SKU '" +
                             std::string(sku) + "': delete it; the next " +
                             std::string(job_names::export_stock) + " sends every SKU"};
        }
        out.skus[std::string(sku)] = static_cast<uint64_t>(seq.as_int64());
    }
    return out;
}

std::string serialize_pending_skus(const PendingSkus& pending) {
    json::object skus;
    for (const auto& [sku, seq] : pending.skus) {
        skus[sku] = static_cast<int64_t>(seq);
    }
    return json::serialize(json::object{{"skus", std::move(skus)},
                                        {"next_seq", static_cast<int64_t>(pending.next_seq)}});
}

StockDebounce::StockDebounce(HostServices& host, std::string store_alias)
    : m_host(host), m_store(std::move(store_alias)), m_ns(store_namespace(m_store)) {}

Result<PendingSkus> StockDebounce::snapshot(int64_t& version) {
    auto current = m_host.state_get(m_ns, k_pending_key);
    if (!current) {
        if (current.status() == Status::not_found) {
            version = k_version_absent;
            return PendingSkus{};
        }
        return current.error();
    }
    version = current->version;
    return parse_pending_skus(current->value);
}

Outcome StockDebounce::add(const std::vector<std::string>& skus) {
    for (int attempt = 0; attempt < k_debounce_cas_attempts; ++attempt) {
        int64_t version = k_version_absent;
        TRY_ASSIGN(auto pending, snapshot(version));
        const auto seq = pending.next_seq++;
        for (const auto& sku : skus) {
            pending.skus[sku] = seq;
        }
        auto put = m_host.state_put(m_ns, k_pending_key, serialize_pending_skus(pending), version);
        if (put) {
            return {};
        }
        if (put.status() != Status::conflict) {
            return put.error();
        }
    }
    return Error{Status::conflict, "stock_changed: the store's pending SKUs kept changing; send "
                                   "the event again"};
}

// Drops the SKUs a push covered, unless a newer event named them again meanwhile.
Outcome StockDebounce::remove_covered(const PendingSkus& covered) {
    for (int attempt = 0; attempt < k_debounce_cas_attempts; ++attempt) {
        int64_t version = k_version_absent;
        TRY_ASSIGN(auto pending, snapshot(version));
        if (version == k_version_absent) {
            return {};
        }
        for (const auto& [sku, seq] : covered.skus) {
            auto it = pending.skus.find(sku);
            if (it != pending.skus.end() && it->second == seq) {
                pending.skus.erase(it);
            }
        }
        auto put = m_host.state_put(m_ns, k_pending_key, serialize_pending_skus(pending), version);
        if (put) {
            return {};
        }
        if (put.status() != Status::conflict) {
            return put.error();
        }
    }
    return Error{Status::conflict, "stock_changed: the store's pending SKUs kept changing"};
}

std::string StockDebounce::lease_holder() {
    auto lease = m_host.state_get(m_ns, "lease." + std::string(k_lease_job));
    if (!lease) {
        return {};
    }
    boost::system::error_code ec;
    auto doc = json::parse(lease->value, ec);
    const auto* owner = ec || !doc.is_object() ? nullptr : doc.as_object().if_contains("owner");
    return owner && owner->is_string() ? std::string(owner->as_string()) : std::string();
}

Result<std::optional<json::object>> StockDebounce::flush_left_over(const Push& push) {
    int64_t version = k_version_absent;
    TRY_ASSIGN(const auto pending, snapshot(version));
    if (pending.skus.empty()) {
        return std::optional<json::object>();
    }
    TRY_ASSIGN(auto flushed, on_event({}, push));
    return std::optional<json::object>(std::move(flushed));
}

json::object StockDebounce::Flush::to_json(const std::string& store) const {
    json::object out{{"store", store},   {"status", status},    {"flusher", flusher},
                     {"rounds", rounds}, {"skus", skus},        {"counts", counts},
                     {"pushes", pushes}, {"messages", messages}};
    if (!waiting_for_feeds.empty()) {
        out["waiting_for_feeds"] = waiting_for_feeds;
    }
    return out;
}

Result<json::object> StockDebounce::on_event(const std::vector<std::string>& skus,
                                             const Push& push) {
    TRY(add(skus));
    // A dead flusher's one-minute lease is waited out, not taken over: the debounce is a window
    // by design, and its SKUs stay recorded for the flush after it.
    auto lease = StoreLease::acquire(m_host, m_store, k_lease_job, k_stock_debounce_lease_ms,
                                     DeadHolder::wait_for_expiry);
    if (!lease) {
        if (lease.status() != Status::conflict) {
            return lease.error();
        }
        // Another caller is the flusher: it (or, if it died, the next flush after its lease
        // expires) pushes these SKUs too.
        return json::object{
            {"store", m_store},
            {"status", "coalesced"},
            {"flusher", lease_holder()},
            {"counts", json::object{}},
            {"messages", json::array{json::string("the SKUs wait for the flusher's push: " +
                                                  lease.error().message)}}};
    }
    Flush flush;
    flush.flusher = lease->owner();
    std::optional<StoreLease> held(std::move(*lease));
    while (held && flush.rounds < k_stock_debounce_max_rounds) {
        if (auto slept = m_host.sleep_ms(k_stock_debounce_window_ms); !slept) {
            flush.status = "cancelled";
            flush.messages.push_back(json::string("stopped before the push (" +
                                                  slept.error().message +
                                                  "): the SKUs stay recorded for the next event"));
            break;
        }
        failpoint("stock_debounce_window"); // SKUs recorded, lease held, nothing pushed
        TRY_ASSIGN(const bool more, push_round(*held, push, flush));
        if (flush.status == "handed_over") {
            break;
        }
        if (more) {
            continue;
        }
        // Nothing left: give the lease up, then look once more. An event that recorded its SKUs
        // while we held the lease was told "coalesced", so its SKUs are ours to push.
        held.reset();
        int64_t version = k_version_absent;
        TRY_ASSIGN(const auto late, snapshot(version));
        if (late.skus.empty() || flush.rounds >= k_stock_debounce_max_rounds) {
            break;
        }
        auto again = StoreLease::acquire(m_host, m_store, k_lease_job, k_stock_debounce_lease_ms,
                                         DeadHolder::wait_for_expiry);
        if (!again) {
            if (again.status() != Status::conflict) {
                return again.error();
            }
            break; // a newer event's caller flushes them
        }
        held.emplace(std::move(*again));
    }
    return flush.to_json(m_store);
}

// Pushes what is recorded, one round. Ok(true) when SKUs arrived during the push (they wait one
// more window, to coalesce again) or the rounds are used up; Ok(false) when nothing is left or
// the lease was taken over.
Result<bool> StockDebounce::push_round(StoreLease& lease, const Push& push, Flush& flush) {
    if (flush.rounds >= k_stock_debounce_max_rounds) {
        return true;
    }
    int64_t version = k_version_absent;
    TRY_ASSIGN(const auto taken, snapshot(version));
    if (taken.skus.empty()) {
        return false;
    }
    std::vector<std::string> batch;
    for (const auto& [sku, seq] : taken.skus) {
        batch.push_back(sku);
        flush.skus.push_back(json::string(sku));
    }
    ++flush.rounds;
    // A failed push leaves the SKUs recorded: the next event (or a full export) pushes them.
    TRY_ASSIGN(const auto report, push(batch));
    add_counts(flush.counts, report);
    // What the push could not send now (a feed still processing, a failure) is said at the top.
    for (const auto& message : report.messages) {
        flush.messages.push_back(json::string(message));
    }
    if (const auto* feeds = report.extra.if_contains("waiting_for_feeds");
        feeds && feeds->is_array()) {
        for (const auto& id : feeds->as_array()) {
            if (std::find(flush.waiting_for_feeds.begin(), flush.waiting_for_feeds.end(), id) ==
                flush.waiting_for_feeds.end()) {
                flush.waiting_for_feeds.push_back(id);
            }
        }
    }
    flush.pushes.push_back(report.to_json());
    TRY(remove_covered(taken));
    if (auto renewed = lease.renew(); !renewed) {
        flush.messages.push_back(json::string(renewed.error().message));
        flush.status = "handed_over";
        return false;
    }
    TRY_ASSIGN(const auto left, snapshot(version));
    return !left.skus.empty();
}

} // namespace amzconn::plugin
