#include "stock/stock_export.hpp"

#include "base/time.hpp"
#include "engine/arg_list.hpp"
#include "engine/job_names.hpp"
#include "host/price_tiers.hpp"
#include "host/stock_host_data.hpp"
#include "stock/attribute_rules.hpp"
#include "stock/bom_scope.hpp"
#include "stock/explain.hpp"
#include "stock/feed_pacing.hpp"
#include "stock/large_vector.hpp"
#include "stock/listings_patch.hpp"
#include "stock/listings_report.hpp"
#include "stock/stock_jobs.hpp"
#include "stock/warehouse_check.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr int64_t k_listings_max_age_ms = 6LL * 3600 * 1000;

} // namespace

StockExport::StockExport(EngineContext& context)
    : m_context(context), m_host(context.host), m_store(context.store),
      m_ns(store_namespace(context.store.alias)), m_feeds(context) {}

JobReport StockExport::report(std::string_view job, std::string_view status, json::object counts,
                              std::vector<std::string> messages, int64_t retry_after_s,
                              json::object extra) const {
    JobReport out;
    out.job = std::string(job);
    out.store = m_store.alias;
    out.status = std::string(status);
    out.started_ms = m_started_ms;
    out.finished_ms = m_host.now_ms();
    out.counts = std::move(counts);
    out.messages = std::move(messages);
    out.retry_after_s = retry_after_s;
    out.extra = std::move(extra);
    return out;
}

// The fulfilment channel of every listing of the store, from Amazon's merchant listings report
// (one per marketplace: the report has no marketplace column), cached in host state.
Result<std::vector<stock::Listing>> StockExport::listings(bool refresh) {
    TRY_ASSIGN(auto cached, read_listings_cache(m_host, m_ns));
    const auto now = m_host.now_ms();
    if (cached && !refresh && now - cached->fetched_at_ms < k_listings_max_age_ms) {
        return std::move(cached->listings);
    }
    ListingsCache fresh;
    fresh.fetched_at_ms = now;
    // Every marketplace's report is requested before waiting for any, so they run side by side.
    for (const auto& marketplace : store_marketplace_ids(m_store)) {
        TRY(request_listings_report(m_context, marketplace));
    }
    for (const auto& marketplace : store_marketplace_ids(m_store)) {
        TRY_ASSIGN(const auto table,
                   read_listings_report(m_context, marketplace, job_names::export_stock));
        if (!table) {
            continue; // no listings in this marketplace
        }
        const auto sku_col = table->column("seller-sku");
        const auto channel_col = table->column("fulfillment-channel");
        const auto asin_col = table->column("asin1"); // listings matched by ASIN need it
        if (!sku_col || !channel_col) {
            return Error{Status::bad_input,
                         "Amazon's listings report for " + marketplace +
                             " has no seller-sku or fulfillment-channel column: nothing was sent"};
        }
        for (const auto& row : table->rows) {
            auto channel = row.at(*channel_col);
            fresh.listings.push_back({row.at(*sku_col), marketplace,
                                      channel.empty() ? "DEFAULT" : channel, "",
                                      asin_col ? row.at(*asin_col) : std::string()});
        }
    }
    TRY(write_listings_cache(m_host, m_ns, fresh));
    for (const auto& marketplace : store_marketplace_ids(m_store)) {
        TRY(forget_listings_report(m_context, marketplace));
    }
    m_host.log(LogLevel::info, m_store.alias, "",
               "stock: learnt the fulfilment channel of " + std::to_string(fresh.listings.size()) +
                   " listing(s) from Amazon's merchant listings report");
    return fresh.listings;
}

// Keeps the products `only` names (product codes, host SKUs, or Amazon Seller SKUs of listings,
// cropped by products.sku_crop) with their BOM-connected products, and the listings of those.
void StockExport::narrow_to(const std::set<std::string>& only, stock::StockInput& input) const {
    std::set<std::string> names = only;
    for (const auto& listing : input.listings) {
        if (only.contains(listing.sku)) {
            names.insert(stock::host_key(listing));
        }
    }
    const auto sku_of = [&](const stock::Product& p) {
        return stock::seller_sku(p, input.settings.sku_field);
    };
    std::vector<std::string> codes;
    for (const auto& p : input.products) {
        if (names.contains(p.code) || names.contains(sku_of(p))) {
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
        skus.insert(sku_of(p));
        return false;
    });
    std::erase_if(input.listings,
                  [&](const stock::Listing& l) { return !skus.contains(stock::host_key(l)); });
}

// Reads the host, computes, and keeps only the products (and listings) `only` touches plus their
// BOM-connected products; every product and listing when `only` is empty.
Result<stock::StockComputation> StockExport::compute(const std::set<std::string>& only,
                                                     bool refresh_listings, bool all_warehouses,
                                                     stock::Detail detail) {
    TRY_ASSIGN(auto fbm, read_fbm_warehouses(m_host));
    stock::StockInput input;
    input.settings = stock_settings(m_store, fbm);
    TRY_ASSIGN(auto products, read_products(m_host));
    TRY_ASSIGN(auto listed, listings(refresh_listings));
    TRY(key_listings(listing_match(m_store.products), listed));
    input.products = std::move(products);
    input.listings = std::move(listed);
    if (!only.empty()) {
        narrow_to(only, input);
    }
    std::vector<std::string> warehouses = input.settings.warehouses;
    if (all_warehouses) {
        warehouses = fbm;
        for (const auto& w : m_store.stock.fba_warehouses) {
            warehouses.push_back(w);
        }
        for (const auto& w : input.settings.warehouses) {
            if (std::find(warehouses.begin(), warehouses.end(), w) == warehouses.end()) {
                warehouses.push_back(w);
            }
        }
    }
    TRY_ASSIGN(auto levels, read_levels(m_host, warehouses));
    if (!only.empty()) {
        std::set<std::string> keep;
        for (const auto& p : input.products) {
            keep.insert(p.code);
        }
        std::erase_if(levels,
                      [&](const stock::StockLevel& l) { return !keep.contains(l.product); });
    }
    input.levels = std::move(levels);
    return stock::compute_stock(input, detail);
}

Result<JobReport> StockExport::export_stock(const JobArgs& args) {
    return full_pass(job_names::export_stock, m_store.stock.enabled,
                     "stock export is disabled for this store (stock.enabled: false)", args);
}

Result<JobReport> StockExport::export_prices(const JobArgs& args) {
    return full_pass(job_names::export_prices, m_store.prices.enabled,
                     "price export is disabled for this store (prices.enabled: false)", args);
}

// export_stock and export_prices: every listing (or those of "skus"), only what changed of both
// parts, since one computation carries the availability and the price.
Result<JobReport> StockExport::full_pass(std::string_view job, bool enabled,
                                         std::string_view disabled, const JobArgs& args) {
    m_started_ms = m_host.now_ms();
    if (!enabled) {
        return report(job, "ok", {}, {std::string(disabled) + ": no Amazon call was made"});
    }
    std::set<std::string> only;
    if (auto it = args.find("skus"); it != args.end()) {
        const auto items = split_arg_list(it->second);
        only.insert(items.begin(), items.end());
    }
    const auto flag = [&](const char* name) {
        return args.contains(name) && args.at(name) != "false";
    };
    return push(job, only, PushMode{flag("refresh_listings"), false, flag("full")});
}

Result<JobReport> StockExport::on_stock_changed(const std::vector<std::string>& skus) {
    m_started_ms = m_host.now_ms();
    if (!m_store.stock.enabled) {
        return report("stock_changed", "ok", {}, {"stock export is disabled for this store"});
    }
    std::set<std::string> only(skus.begin(), skus.end());
    return push("stock_changed", only, PushMode{false, true, false});
}

Outcome StockExport::plan_listing(const stock::ListingResult& listing, uint64_t key_hash,
                                  const PushPass& pass, ExportPrices& prices, const SentIndex& sent,
                                  StockCounts& counts, PlannedSends& to_send) {
    const bool with_stock = m_store.stock.enabled;
    bool availability = false;
    switch (listing.action) {
    case stock::ListingAction::fulfilled_by_amazon:
        ++counts.fba; // its price is ours to set all the same
        break;
    case stock::ListingAction::skipped:
        ++counts.skipped;
        return {};
    case stock::ListingAction::unknown_sku:
        ++counts.unknown;
        return {};
    case stock::ListingAction::error:
        if (with_stock) {
            ++counts.errors;
            m_host.log(LogLevel::error, m_store.alias, listing.sku,
                       "stock: no quantity sent for " + listing.sku + " in " +
                           listing.marketplace_id + ": " + listing.reason);
        }
        if (listing.product_code.empty()) {
            return {};
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
    if (m_store.prices.enabled) {
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
        return {}; // nothing of this listing is ours to send
    }
    computation.computed_at_ms = pass.started_ms;
    computation.generation = pass.generation;
    return plan_delta(listing, key_hash, computation, pass, sent, counts, to_send);
}

// Compares a listing's new computation with what was last sent: sent, kept, or dropped.
Outcome StockExport::plan_delta(const stock::ListingResult& listing, uint64_t key_hash,
                                const stock::Computation& computation, const PushPass& pass,
                                const SentIndex& sent, StockCounts& counts, PlannedSends& to_send) {
    const int64_t now_ms = pass.now_ms;
    const stock::SentState* previous = nullptr; // not copied: 100,000 listings per pass
    int64_t expected = k_version_absent;
    if (const StoredSent* stored = sent.find(key_hash, listing.marketplace_id, listing.sku);
        stored != nullptr) {
        previous = &stored->state;
        expected = stored->host_version;
    }
    stock::DeltaOptions options{now_ms};
    options.resend_unchanged = pass.resend_unchanged;
    const auto plan = stock::decide_delta(previous, computation, options);
    switch (plan.action) {
    case stock::DeltaAction::drop_stale:
        ++counts.stale;
        return {};
    case stock::DeltaAction::unchanged:
    case stock::DeltaAction::wait_in_flight: {
        const ListingKey key{listing.marketplace_id, listing.sku};
        plan.action == stock::DeltaAction::unchanged ? ++counts.unchanged : ++counts.waiting;
        if (plan.action == stock::DeltaAction::wait_in_flight && previous) {
            if (previous->pending_transport == stock::SendTransport::feed) {
                if (previous->pending_feed_id.empty()) {
                    counts.waiting_unknown_feed.emplace_back(key, previous->pending_send_id);
                } else {
                    counts.waiting_feeds.insert(previous->pending_feed_id);
                }
            } else {
                ++counts.waiting_patches;
            }
        }
        if (const auto next = stock::next_state(previous, computation, options, plan);
            next && (!previous || !(previous->version == next->version &&
                                    previous->computed_at_ms == next->computed_at_ms))) {
            auto put = write_sent(m_host, m_ns, key, *next, expected);
            if (!put) {
                if (put.status() != Status::conflict) {
                    return put.error();
                }
                ++counts.conflicts;
            }
        }
        return {};
    }
    case stock::DeltaAction::send:
        break;
    }
    // Its key is read from `listing` when it goes: the push's computation outlives to_send.
    to_send.push_back(
        {&listing, previous, computation, now_ms, plan, stock::SendTransport::patch, expected});
    return {};
}

Result<std::set<ListingKey>> StockExport::settle_queue(const std::set<ListingKey>& queue,
                                                       int64_t queue_version,
                                                       const std::set<ListingKey>& handled,
                                                       const std::set<ListingKey>& newly_queued) {
    // The queue keeps what is still waiting; everything this run covered is settled.
    std::set<ListingKey> remaining;
    for (const auto& key : queue) {
        if (!handled.contains(key)) {
            remaining.insert(key);
        }
    }
    remaining.insert(newly_queued.begin(), newly_queued.end());
    if (remaining != queue) {
        TRY(write_queue(m_host, m_ns, remaining, queue_version));
    }
    return remaining;
}

// A stock.warehouses code the host lacks (or a host without a merchant warehouse) would show 0
// on every listing: the message saying so, or nullopt when the warehouses are sound.
Result<std::optional<std::string>> StockExport::warehouse_problem() {
    if (!m_store.stock.enabled) {
        return std::optional<std::string>();
    }
    TRY_ASSIGN(const auto warehouses, read_warehouses(m_host));
    return stock::check_warehouses(m_store.stock.warehouses, warehouses);
}

Result<JobReport> StockExport::push(std::string_view job, const std::set<std::string>& only,
                                    const PushMode& mode) {
    const bool allow_patch = mode.allow_patch;
    const auto started = m_host.now_ms();
    TRY_ASSIGN(const auto problem, warehouse_problem());
    if (problem) {
        m_host.log(LogLevel::error, m_store.alias, "", std::string(job) + ": " + *problem);
        return report(job, "failed", {}, {*problem});
    }
    TRY_ASSIGN(const auto generation, next_generation(m_host, m_ns));
    auto computed = compute(only, mode.refresh_listings, false, stock::Detail::quantities);
    if (!computed) {
        if (computed.status() == Status::retry_later) {
            return report(job, "retry_later", {}, {computed.error().message}, 300);
        }
        return computed.error();
    }
    TRY_ASSIGN(auto sent, read_all_sent(m_host, m_ns));
    std::vector<std::string> messages;
    if (!m_feeds.resolved() && !allow_patch) {
        // A feed Amazon may still apply must finish before anything newer goes out. Debounced
        // events leave this to poll_feeds and export_stock (getFeeds allows one call per 45 s).
        TRY(m_feeds.resolve_unknown_feeds(sent, messages));
    }
    int64_t queue_version = k_version_absent;
    TRY_ASSIGN(const auto queue, read_queue(m_host, m_ns, queue_version));
    // One computation per listing carries both parts, so one last-sent state orders them.
    ExportPrices prices(m_host, m_store.prices);
    StockCounts counts;
    PlannedSends to_send;
    stock::reserve_large(to_send, computed->listings.size());
    std::set<ListingKey> handled;
    const PushPass pass{generation, started, m_host.now_ms(), mode.resend_unchanged};
    const SentIndex sent_index(sent);
    const auto& listings = computed->listings;
    stock::LookaheadHashes hashes(sent_index, listings.size(), [&](std::size_t j) {
        return SentIndex::hash(listings[j].marketplace_id, listings[j].sku);
    });
    for (std::size_t i = 0; i < listings.size(); ++i) {
        const auto& listing = listings[i];
        const uint64_t key_hash = hashes.next(i);
        ++counts.listings;
        if (!queue.empty()) { // only queued keys can be settled by this run
            ListingKey key{listing.marketplace_id, listing.sku};
            if (queue.contains(key)) {
                handled.insert(std::move(key));
            }
        }
        TRY(plan_listing(listing, key_hash, pass, prices, sent_index, counts, to_send));
    }
    int64_t retry_after_s = -1;
    std::set<ListingKey> newly_queued;
    const auto transport = stock::choose_transport(to_send.size());
    if (allow_patch && transport.transport == stock::Transport::patch) {
        TRY(m_feeds.send_patches(to_send, counts));
    } else if (!to_send.empty()) {
        TRY(m_feeds.send_feeds(to_send, counts, newly_queued, messages, retry_after_s));
    }
    TRY_ASSIGN(const auto remaining, settle_queue(queue, queue_version, handled, newly_queued));
    counts.queued = static_cast<int64_t>(remaining.size());
    if (!remaining.empty()) {
        messages.push_back(std::to_string(remaining.size()) +
                           " listing(s) wait for a feed slot (5 feeds per 5 minutes per region): " +
                           std::string(job_names::poll_feeds) + " sends them when a slot opens");
    }
    const std::string status = counts.errors + counts.price_errors > 0 ? "partial"
                               : !remaining.empty()                    ? "retry_later"
                                                                       : "ok";
    log_push(job, status, counts);
    TRY_ASSIGN(auto extra, waiting_report(counts, messages));
    return report(job, status, counts.to_json(), std::move(messages),
                  !remaining.empty() ? std::max<int64_t>(retry_after_s, 1) : -1, std::move(extra));
}

// What the listings counted as waiting wait for: the feeds (ids looked up in host state when
// the sent state does not hold one yet) in the report's extra, and a message saying when they go.
Result<json::object> StockExport::waiting_report(StockCounts& counts,
                                                 std::vector<std::string>& messages) {
    json::object extra;
    if (!counts.waiting_unknown_feed.empty()) {
        TRY_ASSIGN(const auto recorded, m_feeds.recorded_feed_ids());
        for (const auto& send : counts.waiting_unknown_feed) {
            auto it = recorded.find(send);
            counts.waiting_feeds.insert(it == recorded.end() ? std::string() : it->second);
        }
    }
    if (counts.waiting > 0) {
        messages.push_back(waiting_message(counts));
        json::array feeds;
        for (const auto& id : counts.waiting_feeds) {
            feeds.push_back(json::string(id.empty() ? "unconfirmed" : id));
        }
        extra["waiting_for_feeds"] = std::move(feeds);
    }
    return extra;
}

// Why listings were not sent now, and when they go: newer values never overtake a send Amazon
// has not answered; poll_feeds (offered every k_poll_feeds_interval_s) sends them once it has.
std::string StockExport::waiting_message(const StockCounts& counts) {
    std::string what;
    for (const auto& id : counts.waiting_feeds) {
        what += (what.empty() ? "" : ", ") +
                (id.empty() ? std::string("a feed whose id Amazon has not confirmed yet")
                            : "feed " + id);
    }
    if (counts.waiting_patches > 0) {
        what += (what.empty() ? "" : ", and ") + std::to_string(counts.waiting_patches) +
                " unanswered patchListingsItem call(s)";
    }
    return std::to_string(counts.waiting) +
           " listing(s) were not sent now: their new values wait for " + what +
           ", which Amazon is still processing. " + std::string(job_names::poll_feeds) +
           " (offered every " + std::to_string(k_poll_feeds_interval_s) +
           " s) checks that feed and sends them within " + std::to_string(k_poll_feeds_interval_s) +
           " s of Amazon finishing it";
}

void StockExport::log_push(std::string_view job, std::string_view status,
                           const StockCounts& counts) {
    m_host.log(LogLevel::info, m_store.alias, "",
               std::string(job) + " " + std::string(status) + ": " + std::to_string(counts.sent) +
                   " listing(s) sent in " + std::to_string(counts.feeds) + " feed(s) and " +
                   std::to_string(counts.patches) + " patch(es) (" +
                   std::to_string(counts.quantities) + " quantities, " +
                   std::to_string(counts.prices) + " prices), " + std::to_string(counts.unchanged) +
                   " unchanged, " + std::to_string(counts.fba) + " fulfilled by Amazon, " +
                   std::to_string(counts.queued) + " queued");
}

Result<JobReport> StockExport::poll_feeds() {
    m_started_ms = m_host.now_ms();
    std::vector<std::string> messages;
    TRY_ASSIGN(const auto poll, m_feeds.poll(messages));
    int64_t unresolved = 0;
    json::object counts;
    TRY(send_deferred(poll, counts, messages, unresolved));
    TRY(send_queued(counts));
    const bool open = poll.pending + unresolved > 0;
    return report(job_names::poll_feeds, open ? "retry_later" : "ok", std::move(counts),
                  std::move(messages), open ? k_poll_feeds_interval_s : -1);
}

// Listings whose feed answered (or was settled) with newer values waiting go out now; a
// stock_changed push may have deferred them while the feed was in flight. Reading every
// listing's state is skipped while known feeds are still running and none finished: an unknown
// feed cannot be settled before they finish anyway.
Outcome StockExport::send_deferred(const FeedPoll& poll, json::object& counts,
                                   std::vector<std::string>& messages, int64_t& unresolved) {
    SentStates sent;
    if (poll.done > 0 || poll.pending == 0) {
        TRY_ASSIGN(sent, read_all_sent(m_host, m_ns));
    }
    TRY_ASSIGN(unresolved, m_feeds.resolve_unknown_feeds(sent, messages));
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
    counts = {{"feeds_done", poll.done},
              {"feeds_pending", poll.pending + unresolved},
              {"accepted", poll.accepted},
              {"rejected", poll.rejected}};
    if (!released.empty() && (m_store.stock.enabled || m_store.prices.enabled)) {
        TRY_ASSIGN(const auto pushed,
                   push(job_names::poll_feeds, released, PushMode{false, true, false}));
        // A push that could not compute (listings report not ready) answers without counts.
        counts["deferred_sent"] = pushed.count("sent");
    }
    return {};
}

// Listings that waited for a feed slot go now if one is open.
Outcome StockExport::send_queued(json::object& counts) {
    int64_t queue_version = k_version_absent;
    TRY_ASSIGN(const auto queue, read_queue(m_host, m_ns, queue_version));
    if (queue.empty() || !(m_store.stock.enabled || m_store.prices.enabled)) {
        return {};
    }
    std::set<std::string> skus;
    for (const auto& key : queue) {
        skus.insert(key.second);
    }
    TRY_ASSIGN(const auto pushed, push(job_names::poll_feeds, skus, PushMode{}));
    counts["queued_sent"] = pushed.count("sent");
    const auto* still_queued = pushed.counts.if_contains("queued");
    counts["queued"] =
        still_queued != nullptr ? *still_queued : json::value(static_cast<int64_t>(queue.size()));
    return {};
}

Result<JobReport> StockExport::explain_stock(const JobArgs& args) {
    m_started_ms = m_host.now_ms();
    auto it = args.find("sku");
    if (it == args.end() || it->second.empty()) {
        return Error{Status::bad_input, std::string(job_names::explain_stock) +
                                            " needs the SKU: --arg sku=<Seller SKU>"};
    }
    const std::string sku = it->second;
    TRY_ASSIGN(const auto computed, compute({sku}, false, true, stock::Detail::breakdown));
    TRY_ASSIGN(const auto explained, stock::explain_sku(computed, sku));
    TRY_ASSIGN(const auto problem, warehouse_problem());
    std::string text = problem ? "WARNING: " + *problem + "\n" : std::string();
    text += stock::render_text(explained);
    for (const auto& listing : explained.listings) {
        TRY_ASSIGN(const auto stored,
                   read_sent(m_host, m_ns, {listing.marketplace_id, listing.sku}));
        std::optional<stock::SentState> state;
        if (stored) {
            state = stored->state;
        }
        text += stock::render_last_sent(listing.marketplace_id, state);
        if (!text.empty() && text.back() != '\n') {
            text += '\n';
        }
    }
    return report(job_names::explain_stock, "ok", {}, {}, -1,
                  {{"sku", sku},
                   {"explanation", text},
                   {"terms", stock::to_json(explained)},
                   {"accounted", stock::accounted_total(explained)}});
}

} // namespace amzconn::plugin
