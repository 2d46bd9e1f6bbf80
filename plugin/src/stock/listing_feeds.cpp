#include "stock/listing_feeds.hpp"

#include "base/time.hpp"
#include "engine/failpoint.hpp"
#include "engine/job_names.hpp"
#include "spapi/documents_api.hpp"
#include "spapi/listings_api.hpp"
#include "stock/feed_log.hpp"
#include "stock/feed_pacing.hpp"
#include "stock/listings_patch.hpp"
#include "stock/processing_report.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr std::string_view k_feed_type = "JSON_LISTINGS_FEED";
constexpr int k_cas_attempts = 5;
// getFeeds may lag createFeed, and Amazon's clock may differ from the host's: an unknown feed is
// resolved only after this grace, counting every feed created up to the slack before the send.
constexpr int64_t k_feed_grace_ms = 2LL * 60 * 1000;
constexpr int64_t k_feed_slack_ms = 10LL * 60 * 1000;

// patchListingsItem's answer as an outcome, with Amazon's errors.
std::pair<stock::SendOutcome, std::string>
patch_outcome(const spapi::ApiResult<spapi::listings::SubmissionResult>& answer) {
    if (!answer) {
        return {answer.error().ambiguous ? stock::SendOutcome::ambiguous
                                         : stock::SendOutcome::rejected,
                answer.error().describe()};
    }
    if (answer->status == "ACCEPTED") {
        return {stock::SendOutcome::accepted, ""};
    }
    std::string message;
    for (const auto& issue : answer->issues) {
        if (issue.severity == "ERROR") {
            message += (message.empty() ? "" : "; ") + issue.code + " " + issue.message;
        }
    }
    return {stock::SendOutcome::rejected, message};
}

} // namespace

json::object StockCounts::to_json() const {
    return {{"listings", listings},   {"sent", sent},
            {"unchanged", unchanged}, {"stale", stale},
            {"waiting", waiting},     {"fba", fba},
            {"skipped", skipped},     {"unknown", unknown},
            {"failed", errors},       {"feeds", feeds},
            {"patches", patches},     {"queued", queued},
            {"conflicts", conflicts}, {"quantities_sent", quantities},
            {"prices_sent", prices},  {"price_errors", price_errors}};
}

ListingFeeds::ListingFeeds(EngineContext& context)
    : m_context(context), m_host(context.host), m_client(context.client), m_store(context.store),
      m_ns(store_namespace(context.store.alias)) {}

// Persists the pending state of each planned listing (CAS); those whose state moved meanwhile are
// left to the next run. Returns the updates that may be sent.
std::vector<stock::ListingUpdate> ListingFeeds::persist_pending(std::vector<PlannedSend*>& planned,
                                                                StockCounts& counts) {
    std::vector<stock::ListingUpdate> updates;
    std::vector<PlannedSend*> kept;
    for (auto* p : planned) {
        auto next = stock::next_state(p->previous, p->computation, p->options(), p->plan);
        next->pending_transport = p->transport;
        auto put = write_sent(m_host, m_ns, p->key(), *next, p->expected_version);
        if (!put) {
            ++counts.conflicts;
            continue;
        }
        kept.push_back(p);
        updates.push_back(
            stock::make_update(p->sku(), p->marketplace_id(), p->plan, p->computation.values));
    }
    planned = std::move(kept);
    return updates;
}

Outcome ListingFeeds::record(const ListingKey& key, uint64_t send_id, stock::SendOutcome outcome,
                             const std::string& message) {
    for (int attempt = 0; attempt < k_cas_attempts; ++attempt) {
        TRY_ASSIGN(const auto current, read_sent(m_host, m_ns, key));
        if (!current) {
            return {};
        }
        auto next =
            stock::record_outcome(current->state, send_id, outcome, m_host.now_ms(), message);
        if (!next) {
            return {}; // the answer belongs to an older send
        }
        auto put = write_sent(m_host, m_ns, key, *next, current->host_version);
        if (put) {
            return {};
        }
        if (put.status() != Status::conflict) {
            return put.error();
        }
    }
    return Error{Status::conflict, "the sent state of " + key.second + " kept changing"};
}

Outcome ListingFeeds::send_patches(PlannedSends& to_send, StockCounts& counts) {
    for (auto& p : to_send) {
        TRY(send_patch(p, counts));
    }
    return {};
}

Outcome ListingFeeds::send_patch(PlannedSend& p, StockCounts& counts) {
    std::vector<PlannedSend*> one{&p};
    auto updates = persist_pending(one, counts);
    if (updates.empty()) {
        return {};
    }
    auto body = stock::build_patch_body(updates.front());
    if (!body) {
        ++counts.errors;
        m_host.log(LogLevel::error, m_store.alias, p.sku(), "stock: " + body.error().message);
        return record(p.key(), p.plan.send_id, stock::SendOutcome::rejected, body.error().message);
    }
    const auto doc = json::parse(*body).as_object();
    std::vector<spapi::listings::PatchOperation> ops;
    for (const auto& op : doc.at("patches").as_array()) {
        const auto& o = op.as_object();
        ops.push_back({std::string(o.at("op").as_string()), std::string(o.at("path").as_string()),
                       json::serialize(o.at("value"))});
    }
    failpoint("cp8_before_send"); // computed and recorded as pending, not sent
    auto answer = spapi::listings::patch_listings_item(
        m_client, m_store.seller_id, p.sku(), {p.marketplace_id()},
        std::string(doc.at("productType").as_string()), ops);
    const auto [outcome, message] = patch_outcome(answer);
    if (outcome == stock::SendOutcome::accepted) {
        ++counts.sent;
        ++counts.patches;
        counts.quantities += p.plan.send_availability ? 1 : 0;
        counts.prices += p.plan.send_price ? 1 : 0;
        m_host.log(LogLevel::info, m_store.alias, p.sku(),
                   "stock: patchListingsItem " + p.sku() + " in " + p.marketplace_id() +
                       " accepted (submission " + answer->submission_id + ")");
    } else {
        ++counts.errors;
        m_host.log(LogLevel::error, m_store.alias, p.sku(),
                   "stock: Amazon did not take " + p.sku() + " in " + p.marketplace_id() + ": " +
                       message);
    }
    failpoint("cp10_before_record"); // Amazon answered, the answer not recorded
    return record(p.key(), p.plan.send_id, outcome, message);
}

Result<bool> ListingFeeds::claim_feed_slot(bool stopped, int64_t& retry_after_s) {
    const auto pacing =
        pacing_key(std::string(to_string(m_store.marketplaces.region)), m_store.seller_id);
    int64_t pacing_version = k_version_absent;
    TRY_ASSIGN(const auto submitted, read_pacing(m_host, pacing, pacing_version));
    const auto now = m_host.now_ms();
    const auto plan = stock::plan_feed_submissions(submitted, 1, now);
    if (stopped || plan.submit_now == 0) {
        retry_after_s = std::max<int64_t>(retry_after_s, (plan.next_slot_at_ms - now + 999) / 1000);
        return false;
    }
    // Claim the slot first, so two runs never both take the fifth one.
    std::vector<int64_t> times;
    for (auto t : submitted) {
        if (now - t < stock::PacingLimits{}.window_ms) {
            times.push_back(t);
        }
    }
    times.push_back(now);
    if (auto claimed = write_pacing(m_host, pacing, times, pacing_version); !claimed) {
        if (claimed.status() != Status::conflict) {
            return claimed.error();
        }
        return false;
    }
    return true;
}

Outcome ListingFeeds::send_feeds(PlannedSends& to_send, StockCounts& counts,
                                 std::set<ListingKey>& queued, std::vector<std::string>& messages,
                                 int64_t& retry_after_s) {
    // A feed applies to the marketplaces named at createFeed: one group per marketplace.
    std::map<std::string, std::vector<PlannedSend*>> by_marketplace;
    for (auto& p : to_send) {
        by_marketplace[p.marketplace_id()].push_back(&p);
    }
    bool stop = false;
    for (auto& [marketplace, group] : by_marketplace) {
        // The split only (nothing persisted yet): which listings go in which feed.
        std::vector<stock::ListingUpdate> all;
        std::map<ListingKey, PlannedSend*> by_key;
        for (auto* p : group) {
            all.push_back(
                stock::make_update(p->sku(), p->marketplace_id(), p->plan, p->computation.values));
            by_key[p->key()] = p;
        }
        TRY_ASSIGN(const auto split, stock::build_listings_feeds({m_store.seller_id}, all));
        for (const auto& feed : split) {
            std::vector<PlannedSend*> members;
            for (const auto& ref : feed.messages) {
                members.push_back(by_key.at({ref.marketplace_id, ref.sku}));
            }
            TRY_ASSIGN(const bool slot, claim_feed_slot(stop, retry_after_s));
            if (!slot) {
                for (auto* p : members) {
                    queued.insert(p->key());
                }
                continue;
            }
            for (auto* p : members) {
                // Amazon may apply a feed long after createFeed: it stays in flight until its
                // outcome is recorded (see stock::pending_in_flight).
                p->transport = stock::SendTransport::feed;
            }
            auto updates = persist_pending(members, counts);
            if (updates.empty()) {
                continue;
            }
            TRY_ASSIGN(const auto built, stock::build_listings_feeds({m_store.seller_id}, updates));
            for (const auto& one : built) {
                if (auto ok = submit_feed(marketplace, one, members, counts); !ok) {
                    messages.push_back(ok.error().message);
                    stop = true;
                }
            }
        }
    }
    return {};
}

spapi::ApiResult<std::string> ListingFeeds::upload_feed(const std::string& marketplace,
                                                        const stock::ListingsFeed& feed) {
    const std::string content_type = "application/json";
    TRY_ASSIGN(const auto target, spapi::documents::create_feed_document(m_client, content_type));
    TRY(spapi::documents::upload_feed_document(m_client, target, content_type, feed.document));
    return spapi::documents::create_feed(m_client, std::string(k_feed_type), {marketplace},
                                         target.feed_document_id);
}

Outcome ListingFeeds::feed_not_submitted(const stock::ListingsFeed& feed,
                                         const spapi::ApiError& failure,
                                         std::map<ListingKey, uint64_t>& send_ids) {
    if (failure.ambiguous && failure.operation == "createFeed") {
        // The feed may exist and be applied later: its listings stay pending (feed id unknown)
        // until getFeeds shows every recent feed finished; re-sending now could be overtaken.
        m_host.log(LogLevel::error, m_store.alias, "",
                   "stock: createFeed for " + std::to_string(feed.messages.size()) +
                       " listing(s) got no answer: " + failure.describe() +
                       "; Amazon may still apply it, so these listings wait until " +
                       std::string(job_names::poll_feeds) +
                       " sees Amazon's recent feeds finished, then their latest values go");
        return Error{Status::retry_later, failure.describe()};
    }
    // Anything before createFeed reached nobody.
    for (const auto& ref : feed.messages) {
        const ListingKey key{ref.marketplace_id, ref.sku};
        TRY(record(key, send_ids[key], stock::SendOutcome::rejected, failure.describe()));
    }
    m_host.log(LogLevel::error, m_store.alias, "",
               "stock: a feed of " + std::to_string(feed.messages.size()) +
                   " listing(s) was not submitted: " + failure.describe() + "; the next " +
                   std::string(job_names::export_stock) + " sends them again");
    return Error{Status::retry_later, failure.describe()};
}

// The feed record poll_feeds follows, and the feed entity the host shows.
Outcome ListingFeeds::remember_feed(const std::string& marketplace, const std::string& feed_id,
                                    const stock::ListingsFeed& feed,
                                    std::map<ListingKey, uint64_t>& send_ids) {
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
    TRY(m_host.state_put(m_ns, std::string(k_feed_prefix) + feed_id, json::serialize(record_doc),
                         k_version_absent));
    return write_feed_entity(m_host,
                             feed_entity({m_store.alias, feed_id, std::string(k_feed_type), now,
                                          static_cast<int64_t>(feed.messages.size()), "IN_QUEUE"}));
}

Outcome ListingFeeds::submit_feed(const std::string& marketplace, const stock::ListingsFeed& feed,
                                  const std::vector<PlannedSend*>& members, StockCounts& counts) {
    std::map<ListingKey, uint64_t> send_ids;
    std::map<ListingKey, const PlannedSend*> by_key;
    for (const auto* p : members) {
        send_ids[p->key()] = p->plan.send_id;
        by_key[p->key()] = p;
    }
    failpoint("cp8_before_send");
    auto feed_id = upload_feed(marketplace, feed);
    if (!feed_id) {
        counts.errors += static_cast<int64_t>(feed.messages.size());
        return feed_not_submitted(feed, feed_id.error(), send_ids);
    }
    TRY(remember_feed(marketplace, *feed_id, feed, send_ids));
    ++counts.feeds;
    counts.sent += static_cast<int64_t>(feed.messages.size());
    for (const auto& ref : feed.messages) {
        if (auto it = by_key.find({ref.marketplace_id, ref.sku}); it != by_key.end()) {
            counts.quantities += it->second->plan.send_availability ? 1 : 0;
            counts.prices += it->second->plan.send_price ? 1 : 0;
        }
    }
    m_host.log(LogLevel::info, m_store.alias, *feed_id,
               "stock: JSON_LISTINGS_FEED " + *feed_id + " submitted for " + marketplace +
                   " with " + std::to_string(feed.messages.size()) + " listing(s)");
    return {};
}

Result<FeedPoll> ListingFeeds::poll(std::vector<std::string>& messages) {
    TRY_ASSIGN(const auto entries, m_host.state_list(m_ns, k_feed_prefix));
    FeedPoll poll;
    for (const auto& entry : entries) {
        if (m_context.cancel_requested()) {
            break;
        }
        TRY_ASSIGN(const bool done, poll_feed(entry, poll, messages));
        if (!done) {
            ++poll.pending;
        }
    }
    return poll;
}

Result<bool> ListingFeeds::poll_feed(const StateEntry& entry, FeedPoll& poll,
                                     std::vector<std::string>& messages) {
    boost::system::error_code ec;
    const auto parsed_entry = json::parse(entry.value, ec);
    if (ec || !parsed_entry.is_object() || !parsed_entry.as_object().contains("feed_id") ||
        !parsed_entry.as_object().contains("messages") ||
        !parsed_entry.as_object().contains("send_ids")) {
        return Error{Status::internal,
                     "host state '" + entry.key + "' is damaged: delete it; the next " +
                         std::string(job_names::export_stock) + " sends its listings again"};
    }
    const auto& doc = parsed_entry.as_object();
    const std::string feed_id(doc.at("feed_id").as_string());
    TRY_ASSIGN(const auto refs, stock::message_refs_from_json(doc.at("messages")));
    std::vector<uint64_t> send_ids;
    for (const auto& id : doc.at("send_ids").as_array()) {
        send_ids.push_back(static_cast<uint64_t>(id.as_int64()));
    }
    auto feed = spapi::documents::get_feed(m_client, feed_id);
    if (!feed) {
        messages.push_back(feed.error().describe());
        return false;
    }
    if (!feed->terminal()) {
        return false;
    }
    TRY_ASSIGN(auto answer, feed_answer(feed_id, *feed, refs, messages));
    if (!answer) {
        return false;
    }
    const auto& outcomes = answer->outcomes;
    failpoint("cp10_before_record");
    for (size_t i = 0; i < outcomes.size() && i < send_ids.size(); ++i) {
        const auto& o = outcomes[i];
        o.accepted ? ++poll.accepted : ++poll.rejected;
        TRY(record({o.message.marketplace_id, o.message.sku}, send_ids[i],
                   o.accepted ? stock::SendOutcome::accepted : stock::SendOutcome::rejected,
                   o.error));
    }
    auto entity = feed_entity({m_store.alias, feed_id, std::string(k_feed_type),
                               doc.at("submitted_at_ms").as_int64(),
                               static_cast<int64_t>(refs.size()), feed->processing_status});
    add_feed_answer(entity, *answer);
    TRY(write_feed_entity(m_host, entity));
    TRY(m_host.state_delete(m_ns, entry.key, entry.version));
    m_host.log(LogLevel::info, m_store.alias, feed_id,
               "stock: feed " + feed_id + " " + feed->processing_status + ": " +
                   std::to_string(outcomes.size()) + " listing(s) answered");
    ++poll.done;
    return true;
}

// A finished feed's answer: its processing report (DONE), or every message not processed (FATAL,
// CANCELLED). nullopt: the report could not be read yet (the feed is followed again).
Result<std::optional<FeedAnswer>>
ListingFeeds::feed_answer(const std::string& feed_id, const spapi::documents::Feed& feed,
                          const std::vector<stock::FeedMessageRef>& refs,
                          std::vector<std::string>& messages) {
    FeedAnswer answer;
    if (feed.processing_status == "DONE" && feed.result_feed_document_id) {
        auto report = read_processing_report(feed_id, *feed.result_feed_document_id, refs);
        if (!report) {
            if (report.status() == Status::bad_input) {
                return report.error();
            }
            messages.push_back(report.error().message);
            return std::optional<FeedAnswer>{};
        }
        answer.counts = report->counts;
        answer.outcomes = std::move(report->outcomes);
        answer.issues = std::move(report->issues);
        answer.processed = true;
        return std::optional<FeedAnswer>{std::move(answer)};
    }
    for (const auto& ref : refs) {
        answer.outcomes.push_back({ref, false, "feed ended " + feed.processing_status});
    }
    m_host.log(LogLevel::error, m_store.alias, feed_id,
               "stock: feed " + feed_id + " ended " + feed.processing_status + ": its " +
                   std::to_string(refs.size()) + " listing(s) are sent again by the next " +
                   std::string(job_names::export_stock));
    return std::optional<FeedAnswer>{std::move(answer)};
}

// A finished feed's processing report, its refusals logged. A download that failed answers
// retry_later (the feed is followed again); a report that does not parse answers bad_input.
Result<stock::ProcessingReport>
ListingFeeds::read_processing_report(const std::string& feed_id, const std::string& document_id,
                                     const std::vector<stock::FeedMessageRef>& refs) {
    auto location = spapi::documents::get_feed_document(m_client, document_id);
    if (!location) {
        return Error{Status::retry_later, location.error().describe()};
    }
    auto text = spapi::documents::download_document(m_client, *location);
    if (!text) {
        return Error{Status::retry_later, text.error().describe()};
    }
    auto parsed = stock::parse_processing_report(*text, refs);
    if (!parsed) {
        return Error{Status::bad_input, "the processing report of feed " + feed_id +
                                            " does not parse: " + parsed.error().message};
    }
    for (const auto& issue : parsed->issues) {
        if (issue.severity == "ERROR") {
            m_host.log(LogLevel::error, m_store.alias, issue.sku.empty() ? feed_id : issue.sku,
                       "stock: feed " + feed_id + ": Amazon refused " +
                           (issue.sku.empty() ? std::string("the feed") : issue.sku) +
                           (issue.marketplace_id.empty() ? "" : " in " + issue.marketplace_id) +
                           ": " + issue.code + " " + issue.message);
        }
    }
    return std::move(*parsed);
}

// The feed records name the send ids they carry: those feeds are known and followed by id.
Result<std::map<std::pair<ListingKey, uint64_t>, std::string>> ListingFeeds::recorded_feed_ids() {
    TRY_ASSIGN(const auto entries, m_host.state_list(m_ns, k_feed_prefix));
    std::map<std::pair<ListingKey, uint64_t>, std::string> recorded;
    for (const auto& entry : entries) {
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
    return recorded;
}

// Amazon's recent listings feeds per marketplace, since the earliest pending send to settle.
std::map<std::string, std::vector<stock::SeenFeed>>
ListingFeeds::recent_feeds(const std::map<std::string, int64_t>& since_by_marketplace,
                           std::vector<std::string>& messages) {
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
                               "; its listings wait for the next " +
                               std::string(job_names::poll_feeds));
            continue;
        }
        auto& list = seen[marketplace];
        for (const auto& f : *feeds) {
            list.push_back({f.feed_id, f.created_time.unix_ms, f.terminal()});
        }
    }
    return seen;
}

Result<int64_t> ListingFeeds::resolve_unknown_feeds(SentStates& sent,
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
    TRY_ASSIGN(const auto recorded, recorded_feed_ids());
    const auto now = m_host.now_ms();
    std::map<std::string, int64_t> since_by_marketplace; // earliest pending send to resolve
    std::vector<ListingKey> to_resolve;
    int64_t waiting = 0;
    for (const auto& key : unknown) {
        auto& state = sent.find(key)->state; // a key of `sent`
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
    const auto seen = recent_feeds(since_by_marketplace, messages);
    TRY_ASSIGN(const int64_t settled, settle_unknown(to_resolve, seen, now, sent, waiting));
    if (settled > 0) {
        m_host.log(LogLevel::info, m_store.alias, "",
                   "stock: " + std::to_string(settled) +
                       " listing(s) of an unanswered createFeed are settled (Amazon's recent "
                       "feeds are all finished): their latest values are sent again");
    }
    if (waiting > 0) {
        messages.push_back(std::to_string(waiting) +
                           " listing(s) wait for Amazon's recent feeds to finish (a createFeed "
                           "got no answer): " +
                           std::string(job_names::poll_feeds) + " settles them");
    }
    return waiting;
}

// The pending sends whose recent feeds have all finished become ambiguous (re-sent); the others
// wait. Returns how many were settled; `waiting` counts the others.
Result<int64_t>
ListingFeeds::settle_unknown(const std::vector<ListingKey>& to_resolve,
                             const std::map<std::string, std::vector<stock::SeenFeed>>& seen,
                             int64_t now, SentStates& sent, int64_t& waiting) {
    int64_t settled = 0;
    for (const auto& key : to_resolve) {
        auto it = seen.find(key.first);
        if (it == seen.end()) {
            ++waiting;
            continue;
        }
        StoredSent& stored = *sent.find(key); // a key of `sent`
        const auto& state = stored.state;
        const auto resolution = stock::resolve_unknown_feed(
            state.pending_since_ms, it->second, {now, k_feed_slack_ms, k_feed_grace_ms});
        if (resolution == stock::FeedResolution::wait) {
            ++waiting;
            continue;
        }
        TRY(record(key, state.pending_send_id, stock::SendOutcome::ambiguous,
                   "createFeed was not answered"));
        TRY_ASSIGN(auto fresh, read_sent(m_host, m_ns, key));
        if (fresh) {
            stored = std::move(*fresh);
        }
        ++settled;
    }
    return settled;
}

} // namespace amzconn::plugin
