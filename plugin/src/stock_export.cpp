#include "stock_export.hpp"

#include "arg_list.hpp"
#include "base/time.hpp"
#include "failpoint.hpp"
#include "job_report.hpp"
#include "price_tiers.hpp"
#include "spapi/documents_api.hpp"
#include "spapi/listings_api.hpp"
#include "stock/availability.hpp"
#include "stock/bom_scope.hpp"
#include "stock/explain.hpp"
#include "stock/feed_pacing.hpp"
#include "stock/listings_feed.hpp"
#include "stock/listings_patch.hpp"
#include "stock/processing_report.hpp"
#include "stock_host_data.hpp"
#include "stock_state.hpp"
#include "store_registry.hpp"

#include <boost/json.hpp>
#include <set>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr std::string_view k_feed_type = "JSON_LISTINGS_FEED";
constexpr std::string_view k_listings_report = "GET_MERCHANT_LISTINGS_ALL_DATA";
constexpr int64_t k_listings_max_age_ms = 6LL * 3600 * 1000;
// A job waits about a minute for a listings report; a report requested less than an hour ago is
// followed rather than requested again.
constexpr int k_report_polls = 12;
constexpr int64_t k_report_poll_ms = 5000;
constexpr int64_t k_report_reuse_ms = 3600LL * 1000;
constexpr std::string_view k_listings_report_prefix = "stock/listings_report/";
constexpr int k_cas_attempts = 5;
// getFeeds may lag createFeed, and Amazon's clock may differ from the host's: an unknown feed is
// resolved only after this grace, counting every feed created up to the slack before the send.
constexpr int64_t k_feed_grace_ms = 2LL * 60 * 1000;
constexpr int64_t k_feed_slack_ms = 10LL * 60 * 1000;

} // namespace

namespace stock_detail {
struct Counts {
    int64_t listings = 0;
    int64_t sent = 0;
    int64_t unchanged = 0;
    int64_t stale = 0;
    int64_t waiting = 0;
    int64_t fba = 0;
    int64_t skipped = 0;
    int64_t unknown = 0;
    int64_t errors = 0;
    int64_t feeds = 0;
    int64_t patches = 0;
    int64_t queued = 0;
    int64_t conflicts = 0;
    int64_t quantities = 0;   // listings whose availability Amazon was sent
    int64_t prices = 0;       // listings whose price Amazon was sent
    int64_t price_errors = 0; // listings whose price could not be computed
};

// One listing whose new values are to be sent, with the state to persist first.
struct Planned {
    ListingKey key;
    stock::DeltaDecision decision;
    int64_t expected_version = k_version_absent;
};
} // namespace stock_detail

namespace {

json::object to_json(const Counts& c) {
    return {{"listings", c.listings},   {"sent", c.sent},
            {"unchanged", c.unchanged}, {"stale", c.stale},
            {"waiting", c.waiting},     {"fba", c.fba},
            {"skipped", c.skipped},     {"unknown", c.unknown},
            {"failed", c.errors},       {"feeds", c.feeds},
            {"patches", c.patches},     {"queued", c.queued},
            {"conflicts", c.conflicts}, {"quantities_sent", c.quantities},
            {"prices_sent", c.prices},  {"price_errors", c.price_errors}};
}

std::vector<std::string> marketplace_ids(const config::StoreConfig& store) {
    std::vector<std::string> ids;
    if (store.marketplaces.primary) {
        ids.emplace_back(store.marketplaces.primary->id);
    }
    for (const auto* m : store.marketplaces.further) {
        ids.emplace_back(m->id);
    }
    return ids;
}

std::string listings_report_key(std::string_view marketplace) {
    return std::string(k_listings_report_prefix) + std::string(marketplace);
}

// The listings report of a marketplace requested less than an hour ago, or a new request; with the
// host-state version of the remembered entry.
Result<std::pair<std::string, int64_t>> listings_report_id(HostServices& host,
                                                           spapi::SpApiClient& client,
                                                           std::string_view ns,
                                                           const std::string& marketplace) {
    const auto key = listings_report_key(marketplace);
    auto remembered = host.state_get(ns, key);
    if (!remembered && remembered.status() != Status::not_found) {
        return remembered.error();
    }
    int64_t version = k_version_absent;
    if (remembered) {
        version = remembered->version;
        boost::system::error_code ec;
        const auto doc = json::parse(remembered->value, ec);
        if (!ec && doc.is_object()) {
            const auto* at = doc.as_object().if_contains("requested_at_ms");
            const auto* id = doc.as_object().if_contains("report_id");
            if (at && at->is_int64() && id && id->is_string() &&
                host.now_ms() - at->as_int64() < k_report_reuse_ms) {
                return std::pair{std::string(id->as_string()), version};
            }
        }
    }
    auto created = spapi::documents::create_report(
        client, {std::string(k_listings_report), {marketplace}, {}, {}, {}});
    if (!created) {
        return created.error().to_error();
    }
    const json::object doc{{"report_id", *created}, {"requested_at_ms", host.now_ms()}};
    auto put = host.state_put(ns, key, json::serialize(doc), version);
    if (!put) {
        return put.error();
    }
    return std::pair{*created, *put};
}

} // namespace

StockExport::StockExport(HostServices& host, spapi::SpApiClient& client,
                         const config::StoreConfig& store, const std::atomic<bool>& cancelled)
    : m_host(host), m_client(client), m_store(store), m_cancelled(cancelled),
      m_ns(store_namespace(store.alias)) {}

std::string StockExport::report(std::string_view job, std::string_view status,
                                const json::object& counts, std::vector<std::string> messages,
                                int64_t retry_after_s, json::object extra) const {
    auto out = job_report(job, m_store.alias, status, m_started_ms, m_host.now_ms(), counts,
                          messages, retry_after_s);
    for (auto& [k, v] : extra) {
        out[k] = std::move(v);
    }
    return json::serialize(out);
}

// The merchant listings report of one marketplace (the report has no marketplace column); nullopt
// when Amazon has no listings there (the report ends CANCELLED). A report requested less than an
// hour ago is followed instead of requesting another (createReport's quota is small), and a job
// waits for it about a minute only: then it answers retry_later and the next run picks it up.
Result<std::optional<spapi::TsvTable>> StockExport::listings_report(const std::string& marketplace,
                                                                    std::string_view job) {
    auto requested = listings_report_id(m_host, m_client, m_ns, marketplace);
    if (!requested) {
        return requested.error();
    }
    const auto& [id, version] = *requested;
    std::optional<spapi::documents::Report> done;
    for (int poll = 0; poll < k_report_polls && !done; ++poll) {
        auto got = spapi::documents::get_report(m_client, id);
        if (!got) {
            return got.error().to_error();
        }
        if (got->terminal()) {
            done = std::move(*got);
            break;
        }
        if (m_cancelled.load()) {
            return Error{Status::cancelled, "cancelled while waiting for Amazon's listings "
                                            "report"};
        }
        if (auto slept = m_host.sleep_ms(k_report_poll_ms); !slept) {
            return slept.error();
        }
    }
    if (!done) {
        return Error{Status::retry_later, "Amazon's listings report " + id + " for " + marketplace +
                                              " is not ready yet: run " + std::string(job) +
                                              " again in a few minutes (it follows this report "
                                              "and requests no other)"};
    }
    if (done->processing_status != "DONE") {
        // The next run asks for a fresh report; a DONE one is kept for the other marketplaces'.
        if (auto forgot = m_host.state_delete(m_ns, listings_report_key(marketplace), version);
            !forgot && forgot.status() != Status::not_found &&
            forgot.status() != Status::conflict) {
            return forgot.error();
        }
    }
    if (done->processing_status == "CANCELLED") {
        return std::optional<spapi::TsvTable>();
    }
    if (done->processing_status != "DONE" || !done->report_document_id) {
        return Error{Status::retry_later, "Amazon's listings report " + id + " for " + marketplace +
                                              " ended " + done->processing_status + ": run " +
                                              std::string(job) + " again later"};
    }
    auto location = spapi::documents::get_report_document(m_client, *done->report_document_id);
    if (!location) {
        return location.error().to_error();
    }
    auto table = spapi::documents::download_tsv_report(m_client, *location);
    if (!table) {
        return table.error().to_error();
    }
    return std::optional<spapi::TsvTable>(std::move(*table));
}

// The fulfilment channel of every listing of the store, from Amazon's merchant listings report
// (one per marketplace: the report has no marketplace column), cached in host state.
Result<std::vector<stock::Listing>> StockExport::listings(bool refresh) {
    auto cached = read_listings_cache(m_host, m_ns);
    if (!cached) {
        return cached.error();
    }
    const auto now = m_host.now_ms();
    if (*cached && !refresh && now - (*cached)->fetched_at_ms < k_listings_max_age_ms) {
        return (*cached)->listings;
    }
    ListingsCache fresh;
    fresh.fetched_at_ms = now;
    // Every marketplace's report is requested before waiting for any, so they run side by side.
    for (const auto& marketplace : marketplace_ids(m_store)) {
        if (auto requested = listings_report_id(m_host, m_client, m_ns, marketplace); !requested) {
            return requested.error();
        }
    }
    for (const auto& marketplace : marketplace_ids(m_store)) {
        auto table = listings_report(marketplace, "export_stock");
        if (!table) {
            return table.error();
        }
        if (!*table) {
            continue; // no listings in this marketplace
        }
        const std::string id = "for " + marketplace;
        const auto sku_col = (*table)->column("seller-sku");
        const auto channel_col = (*table)->column("fulfillment-channel");
        if (!sku_col || !channel_col) {
            return Error{Status::bad_input,
                         "Amazon's listings report " + id +
                             " has no seller-sku or fulfillment-channel column: nothing was sent"};
        }
        for (const auto& row : (*table)->rows) {
            auto channel = row.at(*channel_col);
            fresh.listings.push_back(
                {row.at(*sku_col), marketplace, channel.empty() ? "DEFAULT" : channel});
        }
    }
    if (auto written = write_listings_cache(m_host, m_ns, fresh); !written) {
        return written.error();
    }
    for (const auto& marketplace : marketplace_ids(m_store)) {
        auto forgot = m_host.state_delete(m_ns, listings_report_key(marketplace), k_version_any);
        if (!forgot && forgot.status() != Status::not_found) {
            return forgot.error();
        }
    }
    m_host.log(LogLevel::info, m_store.alias, "",
               "stock: learnt the fulfilment channel of " + std::to_string(fresh.listings.size()) +
                   " listing(s) from Amazon's merchant listings report");
    return fresh.listings;
}

// Reads the host, computes, and keeps only the products (and listings) `only` touches plus their
// BOM-connected products; every product and listing when `only` is empty.
Result<stock::StockComputation> StockExport::compute(const std::set<std::string>& only,
                                                     bool refresh_listings, bool all_warehouses) {
    auto fbm = read_fbm_warehouses(m_host);
    if (!fbm) {
        return fbm.error();
    }
    stock::StockInput input;
    input.settings = stock_settings(m_store, *fbm);
    auto products = read_products(m_host);
    if (!products) {
        return products.error();
    }
    auto listed = listings(refresh_listings);
    if (!listed) {
        return listed.error();
    }
    input.products = std::move(*products);
    input.listings = std::move(*listed);
    if (!only.empty()) {
        // A name is a product code or a Seller SKU (through the SKU attribute).
        std::vector<std::string> codes;
        for (const auto& p : input.products) {
            std::string sku = p.code;
            if (!input.settings.sku_attribute.empty()) {
                auto it = p.attributes.find(input.settings.sku_attribute);
                if (it != p.attributes.end() && !it->second.empty()) {
                    sku = it->second;
                }
            }
            if (only.contains(p.code) || only.contains(sku)) {
                codes.push_back(p.code);
            }
        }
        const auto connected =
            stock::bom_connected_products(input.products, codes, input.settings.include_assemblies);
        const std::set<std::string> keep(connected.begin(), connected.end());
        std::set<std::string> skus;
        std::erase_if(input.products, [&](const stock::Product& p) {
            if (!keep.contains(p.code)) {
                return true;
            }
            auto it = p.attributes.find(input.settings.sku_attribute);
            skus.insert(!input.settings.sku_attribute.empty() && it != p.attributes.end() &&
                                !it->second.empty()
                            ? it->second
                            : p.code);
            return false;
        });
        std::erase_if(input.listings,
                      [&](const stock::Listing& l) { return !skus.contains(l.sku); });
    }
    std::vector<std::string> warehouses = input.settings.warehouses;
    if (all_warehouses) {
        warehouses = *fbm;
        for (const auto& w : m_store.stock.fba_warehouses) {
            warehouses.push_back(w);
        }
        for (const auto& w : input.settings.warehouses) {
            if (std::find(warehouses.begin(), warehouses.end(), w) == warehouses.end()) {
                warehouses.push_back(w);
            }
        }
    }
    auto levels = read_levels(m_host, warehouses);
    if (!levels) {
        return levels.error();
    }
    if (!only.empty()) {
        std::set<std::string> keep;
        for (const auto& p : input.products) {
            keep.insert(p.code);
        }
        std::erase_if(*levels,
                      [&](const stock::StockLevel& l) { return !keep.contains(l.product); });
    }
    input.levels = std::move(*levels);
    return stock::compute_stock(input);
}

Result<std::string> StockExport::export_stock(const std::map<std::string, std::string>& args) {
    return full_pass("export_stock", m_store.stock.enabled,
                     "stock export is disabled for this store (stock.enabled: false)", args);
}

// export_stock and export_prices: every listing (or those of "skus"), only what changed of both
// parts, since one computation carries the availability and the price.
Result<std::string> StockExport::full_pass(std::string_view job, bool enabled,
                                           std::string_view disabled,
                                           const std::map<std::string, std::string>& args) {
    m_started_ms = m_host.now_ms();
    if (!enabled) {
        return report(job, "ok", {}, {std::string(disabled) + ": no Amazon call was made"});
    }
    std::set<std::string> only;
    if (auto it = args.find("skus"); it != args.end()) {
        const auto items = split_arg_list(it->second);
        only.insert(items.begin(), items.end());
    }
    const bool refresh =
        args.contains("refresh_listings") && args.at("refresh_listings") != "false";
    return push(job, only, refresh, false);
}

Result<std::string> StockExport::on_stock_changed(const std::vector<std::string>& skus) {
    m_started_ms = m_host.now_ms();
    if (!m_store.stock.enabled) {
        return report("stock_changed", "ok", {}, {"stock export is disabled for this store"});
    }
    std::set<std::string> only(skus.begin(), skus.end());
    return push("stock_changed", only, false, true);
}

Result<std::string> StockExport::push(std::string_view job, const std::set<std::string>& only,
                                      bool refresh_listings, bool allow_patch) {
    const auto started = m_host.now_ms();
    auto generation = next_generation(m_host, m_ns);
    if (!generation) {
        return generation.error();
    }
    auto computed = compute(only, refresh_listings, false);
    if (!computed) {
        if (computed.status() == Status::retry_later) {
            return report(job, "retry_later", {}, {computed.error().message}, 300);
        }
        return computed.error();
    }
    auto sent = read_all_sent(m_host, m_ns);
    if (!sent) {
        return sent.error();
    }
    std::vector<std::string> messages;
    if (!m_resolved && !allow_patch) {
        // A feed Amazon may still apply must finish before anything newer goes out. Debounced
        // events leave this to poll_feeds and export_stock (getFeeds allows one call per 45 s).
        auto unresolved = resolve_unknown_feeds(*sent, messages);
        if (!unresolved) {
            return unresolved.error();
        }
    }
    int64_t queue_version = k_version_absent;
    auto queue = read_queue(m_host, m_ns, queue_version);
    if (!queue) {
        return queue.error();
    }

    // One computation per listing carries both parts, so one last-sent state orders them.
    const bool with_stock = m_store.stock.enabled;
    const bool with_prices = m_store.prices.enabled;
    ExportPrices prices(m_host, m_store.prices);
    Counts counts;
    std::vector<Planned> to_send;
    std::set<ListingKey> handled;
    const auto now = m_host.now_ms();
    for (const auto& listing : computed->listings) {
        ++counts.listings;
        const ListingKey key{listing.marketplace_id, listing.sku};
        handled.insert(key);
        bool availability = false;
        switch (listing.action) {
        case stock::ListingAction::fulfilled_by_amazon:
            ++counts.fba; // its price is ours to set all the same
            break;
        case stock::ListingAction::skipped:
            ++counts.skipped;
            continue;
        case stock::ListingAction::unknown_sku:
            ++counts.unknown;
            continue;
        case stock::ListingAction::error:
            if (with_stock) {
                ++counts.errors;
                m_host.log(LogLevel::error, m_store.alias, listing.sku,
                           "stock: no quantity sent for " + listing.sku + " in " +
                               listing.marketplace_id + ": " + listing.reason);
            }
            if (listing.product_code.empty()) {
                continue;
            }
            break; // the price does not depend on what failed
        case stock::ListingAction::send_quantity:
        case stock::ListingAction::switch_to_afn:
            availability = with_stock;
            break;
        }
        stock::Computation computation;
        if (availability) {
            computation.values.channel_code = listing.channel_code;
            computation.values.quantity = listing.quantity;
            computation.values.lead_time_days = listing.lead_time_days;
        }
        if (with_prices) {
            auto price = prices.price_of(listing.product_code, listing.marketplace_id);
            if (price) {
                computation.values.price = std::move(*price);
            } else if (price.status() == Status::bad_input) {
                ++counts.price_errors;
                m_host.log(LogLevel::error, m_store.alias, listing.sku,
                           "prices: no price sent for " + listing.sku + " in " +
                               listing.marketplace_id + ": " + price.error().message +
                               (availability ? " (its quantity still goes)" : ""));
            } else {
                return price.error();
            }
        }
        if (computation.values.channel_code.empty() && !computation.values.price) {
            continue; // nothing of this listing is ours to send
        }
        computation.computed_at_ms = started;
        computation.generation = *generation;
        std::optional<stock::SentState> previous;
        int64_t expected = k_version_absent;
        if (auto it = sent->find(key); it != sent->end()) {
            previous = it->second.state;
            expected = it->second.host_version;
        }
        auto decision = stock::plan_delta(previous, computation, {now});
        switch (decision.action) {
        case stock::DeltaAction::drop_stale:
            ++counts.stale;
            continue;
        case stock::DeltaAction::unchanged:
        case stock::DeltaAction::wait_in_flight: {
            decision.action == stock::DeltaAction::unchanged ? ++counts.unchanged
                                                             : ++counts.waiting;
            if (decision.next &&
                (!previous || !(previous->version == decision.next->version &&
                                previous->computed_at_ms == decision.next->computed_at_ms))) {
                auto put = write_sent(m_host, m_ns, key, *decision.next, expected);
                if (!put) {
                    if (put.status() != Status::conflict) {
                        return put.error();
                    }
                    ++counts.conflicts;
                }
            }
            continue;
        }
        case stock::DeltaAction::send:
            break;
        }
        to_send.push_back({key, std::move(decision), expected});
    }

    int64_t retry_after_s = -1;
    std::set<ListingKey> newly_queued;
    const auto transport = stock::choose_transport(to_send.size());
    if (allow_patch && transport.transport == stock::Transport::patch) {
        auto patched = send_patches(to_send, counts);
        if (!patched) {
            return patched.error();
        }
    } else if (!to_send.empty()) {
        auto fed = send_feeds(to_send, counts, newly_queued, messages, retry_after_s);
        if (!fed) {
            return fed.error();
        }
    }

    // The queue keeps what is still waiting; everything this run covered is settled.
    std::set<ListingKey> remaining;
    for (const auto& key : *queue) {
        if (!handled.contains(key)) {
            remaining.insert(key);
        }
    }
    remaining.insert(newly_queued.begin(), newly_queued.end());
    if (remaining != *queue) {
        if (auto written = write_queue(m_host, m_ns, remaining, queue_version); !written) {
            return written.error();
        }
    }
    counts.queued = static_cast<int64_t>(remaining.size());
    if (!remaining.empty()) {
        messages.push_back(std::to_string(remaining.size()) +
                           " listing(s) wait for a feed slot (5 feeds per 5 minutes per region): "
                           "poll_feeds sends them when a slot opens");
    }
    const std::string status = counts.errors + counts.price_errors > 0 ? "partial"
                               : !remaining.empty()                    ? "retry_later"
                                                                       : "ok";
    m_host.log(LogLevel::info, m_store.alias, "",
               std::string(job) + " " + status + ": " + std::to_string(counts.sent) +
                   " listing(s) sent in " + std::to_string(counts.feeds) + " feed(s) and " +
                   std::to_string(counts.patches) + " patch(es) (" +
                   std::to_string(counts.quantities) + " quantities, " +
                   std::to_string(counts.prices) + " prices), " + std::to_string(counts.unchanged) +
                   " unchanged, " + std::to_string(counts.fba) + " fulfilled by Amazon, " +
                   std::to_string(counts.queued) + " queued");
    return report(job, status, to_json(counts), std::move(messages),
                  !remaining.empty() ? std::max<int64_t>(retry_after_s, 1) : -1);
}

// Persists the pending state of each planned listing (CAS); those whose state moved meanwhile are
// left to the next run. Returns the updates that may be sent.
std::vector<stock::ListingUpdate> StockExport::persist_pending(std::vector<Planned*>& planned,
                                                               Counts& counts) {
    std::vector<stock::ListingUpdate> updates;
    std::vector<Planned*> kept;
    for (auto* p : planned) {
        auto put = write_sent(m_host, m_ns, p->key, *p->decision.next, p->expected_version);
        if (!put) {
            ++counts.conflicts;
            continue;
        }
        kept.push_back(p);
        updates.push_back(stock::make_update(p->key.second, p->key.first, p->decision));
    }
    planned = std::move(kept);
    return updates;
}

Outcome StockExport::record(const ListingKey& key, uint64_t send_id, stock::SendOutcome outcome,
                            const std::string& message) {
    for (int attempt = 0; attempt < k_cas_attempts; ++attempt) {
        auto current = read_sent(m_host, m_ns, key);
        if (!current) {
            return current.error();
        }
        if (!*current) {
            return {};
        }
        auto next =
            stock::record_outcome((*current)->state, send_id, outcome, m_host.now_ms(), message);
        if (!next) {
            return {}; // the answer belongs to an older send
        }
        auto put = write_sent(m_host, m_ns, key, *next, (*current)->host_version);
        if (put) {
            return {};
        }
        if (put.status() != Status::conflict) {
            return put.error();
        }
    }
    return Error{Status::conflict, "the sent state of " + key.second + " kept changing"};
}

Outcome StockExport::send_patches(std::vector<Planned>& to_send, Counts& counts) {
    for (auto& p : to_send) {
        std::vector<Planned*> one{&p};
        auto updates = persist_pending(one, counts);
        if (updates.empty()) {
            continue;
        }
        auto body = stock::build_patch_body(updates.front());
        if (!body) {
            ++counts.errors;
            m_host.log(LogLevel::error, m_store.alias, p.key.second,
                       "stock: " + body.error().message);
            if (auto r = record(p.key, p.decision.send_id, stock::SendOutcome::rejected,
                                body.error().message);
                !r) {
                return r;
            }
            continue;
        }
        const auto doc = json::parse(*body).as_object();
        std::vector<spapi::listings::PatchOperation> ops;
        for (const auto& op : doc.at("patches").as_array()) {
            const auto& o = op.as_object();
            ops.push_back({std::string(o.at("op").as_string()),
                           std::string(o.at("path").as_string()), json::serialize(o.at("value"))});
        }
        failpoint("cp8_before_send"); // computed and recorded as pending, not sent
        auto answer = spapi::listings::patch_listings_item(
            m_client, m_store.seller_id, p.key.second, {p.key.first},
            std::string(doc.at("productType").as_string()), ops);
        stock::SendOutcome outcome = stock::SendOutcome::accepted;
        std::string message;
        if (!answer) {
            outcome = answer.error().ambiguous ? stock::SendOutcome::ambiguous
                                               : stock::SendOutcome::rejected;
            message = answer.error().describe();
        } else if (answer->status != "ACCEPTED") {
            outcome = stock::SendOutcome::rejected;
            for (const auto& issue : answer->issues) {
                if (issue.severity == "ERROR") {
                    message += (message.empty() ? "" : "; ") + issue.code + " " + issue.message;
                }
            }
        }
        if (outcome == stock::SendOutcome::accepted) {
            ++counts.sent;
            ++counts.patches;
            counts.quantities += p.decision.send_availability ? 1 : 0;
            counts.prices += p.decision.send_price ? 1 : 0;
            m_host.log(LogLevel::info, m_store.alias, p.key.second,
                       "stock: patchListingsItem " + p.key.second + " in " + p.key.first +
                           " accepted (submission " + answer->submission_id + ")");
        } else {
            ++counts.errors;
            m_host.log(LogLevel::error, m_store.alias, p.key.second,
                       "stock: Amazon did not take " + p.key.second + " in " + p.key.first + ": " +
                           message);
        }
        failpoint("cp10_before_record"); // Amazon answered, the answer not recorded
        if (auto r = record(p.key, p.decision.send_id, outcome, message); !r) {
            return r;
        }
    }
    return {};
}

Outcome StockExport::send_feeds(std::vector<Planned>& to_send, Counts& counts,
                                std::set<ListingKey>& queued, std::vector<std::string>& messages,
                                int64_t& retry_after_s) {
    // A feed applies to the marketplaces named at createFeed: one group per marketplace.
    std::map<std::string, std::vector<Planned*>> by_marketplace;
    for (auto& p : to_send) {
        by_marketplace[p.key.first].push_back(&p);
    }
    const std::string region(to_string(m_store.marketplaces.region));
    const auto pacing = pacing_key(region, m_store.seller_id);
    bool stop = false;
    for (auto& [marketplace, group] : by_marketplace) {
        // The split only (nothing persisted yet): which listings go in which feed.
        std::vector<stock::ListingUpdate> all;
        std::map<ListingKey, Planned*> by_key;
        for (auto* p : group) {
            all.push_back(stock::make_update(p->key.second, p->key.first, p->decision));
            by_key[p->key] = p;
        }
        auto split = stock::build_listings_feeds({m_store.seller_id}, all);
        if (!split) {
            return split.error();
        }
        for (const auto& feed : *split) {
            std::vector<Planned*> members;
            for (const auto& ref : feed.messages) {
                members.push_back(by_key.at({ref.marketplace_id, ref.sku}));
            }
            int64_t pacing_version = k_version_absent;
            auto submitted = read_pacing(m_host, pacing, pacing_version);
            if (!submitted) {
                return submitted.error();
            }
            const auto now = m_host.now_ms();
            const auto plan = stock::plan_feed_submissions(*submitted, 1, now);
            if (stop || plan.submit_now == 0) {
                for (auto* p : members) {
                    queued.insert(p->key);
                }
                retry_after_s =
                    std::max<int64_t>(retry_after_s, (plan.next_slot_at_ms - now + 999) / 1000);
                continue;
            }
            // Claim the slot first, so two runs never both take the fifth one.
            std::vector<int64_t> times;
            for (auto t : *submitted) {
                if (now - t < stock::PacingLimits{}.window_ms) {
                    times.push_back(t);
                }
            }
            times.push_back(now);
            if (auto claimed = write_pacing(m_host, pacing, times, pacing_version); !claimed) {
                if (claimed.status() != Status::conflict) {
                    return claimed;
                }
                for (auto* p : members) {
                    queued.insert(p->key);
                }
                continue;
            }
            for (auto* p : members) {
                // Amazon may apply a feed long after createFeed: it stays in flight until its
                // outcome is recorded (see stock::pending_in_flight).
                p->decision.next->pending_transport = stock::SendTransport::feed;
            }
            auto updates = persist_pending(members, counts);
            if (updates.empty()) {
                continue;
            }
            auto built = stock::build_listings_feeds({m_store.seller_id}, updates);
            if (!built) {
                return built.error();
            }
            for (auto& one : *built) {
                auto ok = submit_feed(marketplace, one, members, counts);
                if (!ok) {
                    messages.push_back(ok.error().message);
                    stop = true;
                }
            }
        }
    }
    return {};
}

Outcome StockExport::submit_feed(const std::string& marketplace, const stock::ListingsFeed& feed,
                                 const std::vector<Planned*>& members, Counts& counts) {
    std::map<ListingKey, uint64_t> send_ids;
    std::map<ListingKey, const Planned*> by_key;
    for (const auto* p : members) {
        send_ids[p->key] = p->decision.send_id;
        by_key[p->key] = p;
    }
    const std::string content_type = "application/json";
    std::optional<spapi::ApiError> failure;
    std::string feed_id;
    failpoint("cp8_before_send");
    auto target = spapi::documents::create_feed_document(m_client, content_type);
    if (!target) {
        failure = target.error();
    } else if (auto up = spapi::documents::upload_feed_document(m_client, *target, content_type,
                                                                feed.document);
               !up) {
        failure = up.error();
    } else if (auto created = spapi::documents::create_feed(
                   m_client, std::string(k_feed_type), {marketplace}, target->feed_document_id);
               !created) {
        failure = created.error();
    } else {
        feed_id = *created;
    }
    if (failure) {
        counts.errors += static_cast<int64_t>(feed.messages.size());
        if (failure->ambiguous && failure->operation == "createFeed") {
            // The feed may exist and be applied later: its listings stay pending (feed id
            // unknown) until getFeeds shows every recent feed finished; re-sending now could be
            // overtaken by it.
            m_host.log(LogLevel::error, m_store.alias, "",
                       "stock: createFeed for " + std::to_string(feed.messages.size()) +
                           " listing(s) got no answer: " + failure->describe() +
                           "; Amazon may still apply it, so these listings wait until poll_feeds "
                           "sees Amazon's recent feeds finished, then their latest values go");
            return Error{Status::retry_later, failure->describe()};
        }
        // Anything before createFeed reached nobody.
        for (const auto& ref : feed.messages) {
            const ListingKey key{ref.marketplace_id, ref.sku};
            if (auto r =
                    record(key, send_ids[key], stock::SendOutcome::rejected, failure->describe());
                !r) {
                return r;
            }
        }
        m_host.log(LogLevel::error, m_store.alias, "",
                   "stock: a feed of " + std::to_string(feed.messages.size()) +
                       " listing(s) was not submitted: " + failure->describe() +
                       "; the next export_stock sends them again");
        return Error{Status::retry_later, failure->describe()};
    }
    json::array ids;
    for (const auto& ref : feed.messages) {
        ids.push_back(send_ids[{ref.marketplace_id, ref.sku}]);
    }
    const auto now = m_host.now_ms();
    json::object record_doc{{"feed_id", feed_id},
                            {"marketplace_id", marketplace},
                            {"submitted_at_ms", now},
                            {"messages", stock::to_json(feed.messages)},
                            {"send_ids", std::move(ids)}};
    if (auto put = m_host.state_put(m_ns, std::string(k_feed_prefix) + feed_id,
                                    json::serialize(record_doc), k_version_absent);
        !put) {
        return put.error();
    }
    json::object entity{{"store", m_store.alias},
                        {"feed_id", feed_id},
                        {"type", k_feed_type},
                        {"submitted_at", time::format_rfc3339({now})},
                        {"message_count", static_cast<int64_t>(feed.messages.size())},
                        {"status", "IN_QUEUE"}};
    if (auto up =
            m_host.entity_upsert("feed", m_store.alias + ":" + feed_id, json::serialize(entity));
        !up) {
        return up.error();
    }
    ++counts.feeds;
    counts.sent += static_cast<int64_t>(feed.messages.size());
    for (const auto& ref : feed.messages) {
        if (auto it = by_key.find({ref.marketplace_id, ref.sku}); it != by_key.end()) {
            counts.quantities += it->second->decision.send_availability ? 1 : 0;
            counts.prices += it->second->decision.send_price ? 1 : 0;
        }
    }
    m_host.log(LogLevel::info, m_store.alias, feed_id,
               "stock: JSON_LISTINGS_FEED " + feed_id + " submitted for " + marketplace + " with " +
                   std::to_string(feed.messages.size()) + " listing(s)");
    return {};
}

Result<int64_t> StockExport::resolve_unknown_feeds(std::map<ListingKey, StoredSent>& sent,
                                                   std::vector<std::string>& messages) {
    m_resolved = true;
    std::vector<ListingKey> unknown;
    for (const auto& [key, stored] : sent) {
        if (stock::feed_unresolved(stored.state)) {
            unknown.push_back(key);
        }
    }
    if (unknown.empty()) {
        return int64_t{0};
    }
    // A feed record names the send ids it carries: those feeds are known and followed by id.
    auto entries = m_host.state_list(m_ns, k_feed_prefix);
    if (!entries) {
        return entries.error();
    }
    std::map<std::pair<ListingKey, uint64_t>, std::string> recorded;
    for (const auto& entry : *entries) {
        boost::system::error_code ec;
        const auto doc = json::parse(entry.value, ec);
        if (ec || !doc.is_object()) {
            continue; // poll_feeds reports a damaged record
        }
        const auto& o = doc.as_object();
        const auto* ids = o.if_contains("send_ids");
        const auto* id = o.if_contains("feed_id");
        if (ids == nullptr || id == nullptr || !ids->is_array() || !id->is_string()) {
            continue;
        }
        auto refs = stock::message_refs_from_json(o.at("messages"));
        if (!refs) {
            continue;
        }
        for (size_t i = 0; i < refs->size() && i < ids->as_array().size(); ++i) {
            const auto& n = ids->as_array()[i];
            if (n.is_int64()) {
                recorded[{{(*refs)[i].marketplace_id, (*refs)[i].sku},
                          static_cast<uint64_t>(n.as_int64())}] = std::string(id->as_string());
            }
        }
    }
    const auto now = m_host.now_ms();
    std::map<std::string, int64_t> since_by_marketplace; // earliest pending send to resolve
    std::vector<ListingKey> to_resolve;
    int64_t waiting = 0;
    for (const auto& key : unknown) {
        auto& state = sent.at(key).state;
        if (auto it = recorded.find({key, state.pending_send_id}); it != recorded.end()) {
            state.pending_feed_id = it->second;
            continue;
        }
        if (now - state.pending_since_ms < k_feed_grace_ms) {
            ++waiting; // getFeeds may not list it yet
            continue;
        }
        to_resolve.push_back(key);
        auto [it, fresh] = since_by_marketplace.emplace(key.first, state.pending_since_ms);
        if (!fresh) {
            it->second = std::min(it->second, state.pending_since_ms);
        }
    }
    std::map<std::string, std::vector<stock::SeenFeed>> seen;
    for (const auto& [marketplace, since] : since_by_marketplace) {
        spapi::documents::FeedsQuery query;
        query.feed_types = {std::string(k_feed_type)};
        query.marketplace_ids = {marketplace};
        query.created_since = time::Timestamp{since - k_feed_slack_ms};
        auto feeds = spapi::documents::get_feeds(m_client, query);
        if (!feeds) {
            messages.push_back("could not list Amazon's recent feeds for " + marketplace +
                               " to settle an unanswered createFeed: " + feeds.error().describe() +
                               "; its listings wait for the next poll_feeds");
            continue;
        }
        auto& list = seen[marketplace];
        for (const auto& f : *feeds) {
            list.push_back({f.feed_id, f.created_time.unix_ms, f.terminal()});
        }
    }
    int64_t settled = 0;
    for (const auto& key : to_resolve) {
        auto it = seen.find(key.first);
        if (it == seen.end()) {
            ++waiting;
            continue;
        }
        const auto& state = sent.at(key).state;
        const auto resolution = stock::resolve_unknown_feed(
            state.pending_since_ms, it->second, {now, k_feed_slack_ms, k_feed_grace_ms});
        if (resolution == stock::FeedResolution::wait) {
            ++waiting;
            continue;
        }
        if (auto r = record(key, state.pending_send_id, stock::SendOutcome::ambiguous,
                            "createFeed was not answered");
            !r) {
            return r.error();
        }
        auto fresh = read_sent(m_host, m_ns, key);
        if (!fresh) {
            return fresh.error();
        }
        if (*fresh) {
            sent[key] = std::move(**fresh);
        }
        ++settled;
    }
    if (settled > 0) {
        m_host.log(LogLevel::info, m_store.alias, "",
                   "stock: " + std::to_string(settled) +
                       " listing(s) of an unanswered createFeed are settled (Amazon's recent "
                       "feeds are all finished): their latest values are sent again");
    }
    if (waiting > 0) {
        messages.push_back(std::to_string(waiting) +
                           " listing(s) wait for Amazon's recent feeds to finish (a createFeed "
                           "got no answer): poll_feeds settles them");
    }
    return waiting;
}

Result<std::string> StockExport::poll_feeds() {
    m_started_ms = m_host.now_ms();
    auto entries = m_host.state_list(m_ns, k_feed_prefix);
    if (!entries) {
        return entries.error();
    }
    int64_t done = 0, pending = 0, rejected = 0, accepted = 0;
    std::vector<std::string> messages;
    for (const auto& entry : *entries) {
        if (m_cancelled.load()) {
            break;
        }
        boost::system::error_code ec;
        const auto parsed_entry = json::parse(entry.value, ec);
        if (ec || !parsed_entry.is_object() || !parsed_entry.as_object().contains("feed_id") ||
            !parsed_entry.as_object().contains("messages") ||
            !parsed_entry.as_object().contains("send_ids")) {
            return Error{Status::internal, "host state '" + entry.key +
                                               "' is damaged: delete it; the next export_stock "
                                               "sends its listings again"};
        }
        const auto& doc = parsed_entry.as_object();
        const std::string feed_id(doc.at("feed_id").as_string());
        auto refs = stock::message_refs_from_json(doc.at("messages"));
        if (!refs) {
            return refs.error();
        }
        std::vector<uint64_t> send_ids;
        for (const auto& id : doc.at("send_ids").as_array()) {
            send_ids.push_back(static_cast<uint64_t>(id.as_int64()));
        }
        auto feed = spapi::documents::get_feed(m_client, feed_id);
        if (!feed) {
            messages.push_back(feed.error().describe());
            ++pending;
            continue;
        }
        if (!feed->terminal()) {
            ++pending;
            continue;
        }
        json::object result{{"processed", 0}, {"accepted", 0}, {"errors", 0}, {"warnings", 0}};
        std::vector<stock::MessageOutcome> outcomes;
        if (feed->processing_status == "DONE" && feed->result_feed_document_id) {
            auto location =
                spapi::documents::get_feed_document(m_client, *feed->result_feed_document_id);
            if (!location) {
                messages.push_back(location.error().describe());
                ++pending;
                continue;
            }
            auto text = spapi::documents::download_document(m_client, *location);
            if (!text) {
                messages.push_back(text.error().describe());
                ++pending;
                continue;
            }
            auto parsed = stock::parse_processing_report(*text, *refs);
            if (!parsed) {
                return Error{Status::bad_input, "the processing report of feed " + feed_id +
                                                    " does not parse: " + parsed.error().message};
            }
            for (const auto& issue : parsed->issues) {
                if (issue.severity == "ERROR") {
                    m_host.log(
                        LogLevel::error, m_store.alias, issue.sku.empty() ? feed_id : issue.sku,
                        "stock: feed " + feed_id + ": Amazon refused " +
                            (issue.sku.empty() ? std::string("the feed") : issue.sku) +
                            (issue.marketplace_id.empty() ? "" : " in " + issue.marketplace_id) +
                            ": " + issue.code + " " + issue.message);
                }
            }
            result = {{"processed", parsed->counts.messages_processed},
                      {"accepted", parsed->counts.messages_accepted},
                      {"errors", parsed->counts.errors},
                      {"warnings", parsed->counts.warnings}};
            outcomes = std::move(parsed->outcomes);
        } else {
            for (const auto& ref : *refs) {
                outcomes.push_back({ref, false, "feed ended " + feed->processing_status});
            }
            m_host.log(LogLevel::error, m_store.alias, feed_id,
                       "stock: feed " + feed_id + " ended " + feed->processing_status + ": its " +
                           std::to_string(refs->size()) +
                           " listing(s) are sent again by the next export_stock");
        }
        failpoint("cp10_before_record");
        for (size_t i = 0; i < outcomes.size() && i < send_ids.size(); ++i) {
            const auto& o = outcomes[i];
            const ListingKey key{o.message.marketplace_id, o.message.sku};
            o.accepted ? ++accepted : ++rejected;
            if (auto r =
                    record(key, send_ids[i],
                           o.accepted ? stock::SendOutcome::accepted : stock::SendOutcome::rejected,
                           o.error);
                !r) {
                return r.error();
            }
        }
        json::object entity{
            {"store", m_store.alias},
            {"feed_id", feed_id},
            {"type", k_feed_type},
            {"submitted_at", time::format_rfc3339({doc.at("submitted_at_ms").as_int64()})},
            {"message_count", static_cast<int64_t>(refs->size())},
            {"status", feed->processing_status},
            {"result", result}};
        if (auto up = m_host.entity_upsert("feed", m_store.alias + ":" + feed_id,
                                           json::serialize(entity));
            !up) {
            return up.error();
        }
        if (auto del = m_host.state_delete(m_ns, entry.key, entry.version); !del) {
            return del.error();
        }
        m_host.log(LogLevel::info, m_store.alias, feed_id,
                   "stock: feed " + feed_id + " " + feed->processing_status + ": " +
                       std::to_string(outcomes.size()) + " listing(s) answered");
        ++done;
    }
    // Listings whose feed answered (or was settled) with newer values waiting go out now; a
    // stock_changed push may have deferred them while the feed was in flight. Reading every
    // listing's state is skipped while known feeds are still running and none finished: an
    // unknown feed cannot be settled before they finish anyway.
    std::map<ListingKey, StoredSent> sent;
    if (done > 0 || pending == 0) {
        auto all = read_all_sent(m_host, m_ns);
        if (!all) {
            return all.error();
        }
        sent = std::move(*all);
    }
    auto unresolved = resolve_unknown_feeds(sent, messages);
    if (!unresolved) {
        return unresolved.error();
    }
    std::set<std::string> released;
    const stock::DeltaOptions at_now{m_host.now_ms()};
    for (const auto& [key, stored] : sent) {
        const auto& s = stored.state;
        if (stock::pending_in_flight(s, at_now)) {
            continue;
        }
        if (stock::deferred_computation(s) || (s.pending && s.pending_ambiguous &&
                                               s.pending_transport == stock::SendTransport::feed)) {
            released.insert(key.second);
        }
    }
    json::object counts{{"feeds_done", done},
                        {"feeds_pending", pending + *unresolved},
                        {"accepted", accepted},
                        {"rejected", rejected}};
    if (!released.empty() && (m_store.stock.enabled || m_store.prices.enabled)) {
        auto pushed = push("poll_feeds", released, false, true);
        if (!pushed) {
            return pushed.error();
        }
        const auto pushed_doc = json::parse(*pushed).as_object();
        // A push that could not compute (listings report not ready) answers without counts.
        const auto* sent_n = pushed_doc.at("counts").as_object().if_contains("sent");
        counts["deferred_sent"] = sent_n != nullptr ? *sent_n : json::value(0);
    }
    // Listings that waited for a feed slot go now if one is open.
    int64_t queue_version = k_version_absent;
    auto queue = read_queue(m_host, m_ns, queue_version);
    if (!queue) {
        return queue.error();
    }
    if (!queue->empty() && (m_store.stock.enabled || m_store.prices.enabled)) {
        std::set<std::string> skus;
        for (const auto& key : *queue) {
            skus.insert(key.second);
        }
        auto pushed = push("poll_feeds", skus, false, false);
        if (!pushed) {
            return pushed.error();
        }
        const auto pushed_doc = json::parse(*pushed).as_object();
        const auto& pushed_counts = pushed_doc.at("counts").as_object();
        const auto* queued_sent = pushed_counts.if_contains("sent");
        const auto* still_queued = pushed_counts.if_contains("queued");
        counts["queued_sent"] = queued_sent != nullptr ? *queued_sent : json::value(0);
        counts["queued"] = still_queued != nullptr
                               ? *still_queued
                               : json::value(static_cast<int64_t>(queue->size()));
    }
    const bool open = pending + *unresolved > 0;
    return report("poll_feeds", open ? "retry_later" : "ok", counts, std::move(messages),
                  open ? 60 : -1);
}

Result<std::string> StockExport::explain_stock(const std::map<std::string, std::string>& args) {
    m_started_ms = m_host.now_ms();
    auto it = args.find("sku");
    if (it == args.end() || it->second.empty()) {
        return Error{Status::bad_input, "explain_stock needs the SKU: --arg sku=<Seller SKU>"};
    }
    const std::string sku = it->second;
    auto computed = compute({sku}, false, true);
    if (!computed) {
        return computed.error();
    }
    auto explained = stock::explain_sku(*computed, sku);
    if (!explained) {
        return explained.error();
    }
    std::string text = stock::render_text(*explained);
    for (const auto& listing : explained->listings) {
        auto stored = read_sent(m_host, m_ns, {listing.marketplace_id, sku});
        if (!stored) {
            return stored.error();
        }
        std::optional<stock::SentState> state;
        if (*stored) {
            state = (*stored)->state;
        }
        text += stock::render_last_sent(listing.marketplace_id, state);
        if (!text.empty() && text.back() != '\n') {
            text += '\n';
        }
    }
    return report("explain_stock", "ok", {}, {}, -1,
                  {{"sku", sku},
                   {"explanation", text},
                   {"terms", stock::to_json(*explained)},
                   {"accounted", stock::accounted_total(*explained)}});
}

} // namespace amzconn::plugin
