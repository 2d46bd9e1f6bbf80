#include "cancellations/cancellation_send.hpp"

#include "cancellations/batch.hpp"
#include "cancellations/cancellation_feed_log.hpp"
#include "cancellations/cancellation_settings.hpp"
#include "cancellations/feed_resolution.hpp"
#include "engine/failpoint.hpp"
#include "engine/job_names.hpp"
#include "engine/store_lease.hpp"
#include "host/shipment_host_data.hpp"
#include "shipments/shipment_queue.hpp"
#include "spapi/documents_api.hpp"
#include "stock/feed_log.hpp"

#include <algorithm>
#include <map>

namespace amzconn::plugin {

namespace {

// Done feed records are kept this long: getFeeds must not take their feeds for an unknown one.
constexpr int64_t k_keep_done_ms = 3LL * 24 * 3600 * 1000;
// One run creates at most this many feeds (createFeed: about one per two minutes, burst 15).
constexpr int k_feeds_per_run = 5;

std::string items_text(const cancellations::AckMessage& m) {
    std::string out;
    for (const auto& item : m.items) {
        out += (out.empty() ? "" : ", ") + std::to_string(item.quantity) + " of item " +
               item.order_item_id + " (" + item.reason + ")";
    }
    return out;
}

// What to do about a message Amazon refused, by its result code.
std::string fix_for(const std::string& code) {
    if (code == "18028") {
        return "Amazon does not know this order for this seller: check the order's key";
    }
    return "check the order in Seller Central (it may be shipped or cancelled already); to send "
           "another cancellation, change it in the host";
}

} // namespace

CancellationSend::CancellationSend(EngineContext& context)
    : m_context(context), m_host(context.host), m_store(context.store),
      m_settings(cancellation_settings(context.store)), m_started_ms(context.now_ms()) {}

Result<JobReport> CancellationSend::run(const JobArgs& args) {
    const bool flush = args.count("now") && args.at("now") == "true";
    TRY_ASSIGN(auto lease, StoreLease::acquire(m_host, m_store.alias, job_names::send_cancellations,
                                               k_cancellation_lease_ms));
    TRY_ASSIGN(m_state, read_cancellation_state(m_host, m_store.alias));
    TRY(follow_feeds());
    TRY(lease.renew());
    TRY(plan_all());
    if (m_context.cancel_requested()) {
        m_messages.emplace_back("stopped on request before sending; the queue keeps the rest");
    } else {
        TRY(send_batches(flush));
    }
    TRY(lease.renew());
    return report(std::move(m_messages));
}

const CancelEntry* CancellationSend::entry(const std::string& key) const {
    const auto it = m_state.entries.find(key);
    return it == m_state.entries.end() ? nullptr : &it->second;
}

std::set<std::string> CancellationSend::in_flight() const {
    std::set<std::string> keys;
    for (const auto& [id, feed] : m_state.feeds) {
        if (feed.state != FeedState::done) {
            keys.insert(feed.members.begin(), feed.members.end());
        }
    }
    return keys;
}

Outcome CancellationSend::follow_feeds() {
    std::vector<std::string> ids;
    for (const auto& [id, feed] : m_state.feeds) {
        ids.push_back(id);
    }
    for (const auto& id : ids) {
        auto& feed = m_state.feeds.at(id);
        if (feed.state == FeedState::done) {
            if (m_host.now_ms() - feed.intent_ms > k_keep_done_ms) {
                TRY(delete_feed(m_host, m_store.alias, feed));
                m_state.feeds.erase(id); // `id` is a copy
            }
            continue;
        }
        if (m_stopped) {
            m_counts.in_flight += static_cast<int64_t>(feed.members.size());
            continue;
        }
        TRY(feed.state == FeedState::creating ? resolve_creating(feed) : poll_submitted(feed));
    }
    return {};
}

// An earlier run saved this send's intent but never learnt its feed id.
Outcome CancellationSend::resolve_creating(FeedRecord& feed) {
    spapi::documents::FeedsQuery query;
    query.feed_types = {std::string(cancellations::k_ack_feed_type)};
    query.marketplace_ids = store_marketplace_ids(m_store);
    const cancellations::ResolveOptions options{.now_ms = m_host.now_ms()};
    query.created_since = time::Timestamp{feed.intent_ms - options.slack_ms};
    auto listed = spapi::documents::get_feeds(m_context.client, query);
    if (!listed) {
        m_unresolved = true;
        m_counts.in_flight += static_cast<int64_t>(feed.members.size());
        stop(listed.error());
        return {};
    }
    std::vector<cancellations::ListedFeed> feeds;
    for (const auto& f : *listed) {
        feeds.push_back({f.feed_id, f.created_time.unix_ms});
    }
    std::set<std::string> known;
    for (const auto& [id, other] : m_state.feeds) {
        if (!other.feed_id.empty()) {
            known.insert(other.feed_id);
        }
    }
    const auto found = cancellations::resolve_unknown_feed(feed.intent_ms, feeds, known, options);
    switch (found.fate) {
    case cancellations::FeedFate::adopt:
        m_host.log(LogLevel::info, m_store.alias, "",
                   "cancellations: the unanswered createFeed of send " + feed.send_id +
                       " is feed " + found.feed_id + " at Amazon: followed, not sent again");
        feed.state = FeedState::submitted;
        feed.feed_id = found.feed_id;
        TRY(write_feed_record(feed));
        log_feed(feed, "IN_QUEUE", false);
        return poll_submitted(feed);
    case cancellations::FeedFate::not_created:
        m_host.log(LogLevel::info, m_store.alias, "",
                   "cancellations: send " + feed.send_id +
                       " never reached Amazon (no feed of it is listed): sent now");
        feed.intent_ms = m_host.now_ms();
        ++feed.attempts;
        TRY(write_feed_record(feed));
        failpoint("cp14a_cancel_intent_saved");
        return create_feed(feed);
    case cancellations::FeedFate::wait:
        m_unresolved = true;
        m_counts.in_flight += static_cast<int64_t>(feed.members.size());
        return {};
    case cancellations::FeedFate::ambiguous:
        return members_unknown(feed, "several acknowledgement feeds were created at Amazon "
                                     "around an unanswered createFeed; which one carried it "
                                     "cannot be told");
    }
    return {};
}

Outcome CancellationSend::poll_submitted(FeedRecord& feed) {
    auto status = spapi::documents::get_feed(m_context.client, feed.feed_id);
    if (!status || (status->processing_status == "DONE" && !status->result_feed_document_id)) {
        m_counts.in_flight += static_cast<int64_t>(feed.members.size());
        if (!status) {
            stop(status.error());
        }
        return {};
    }
    const auto& state = status->processing_status;
    if (state == "CANCELLED") {
        m_host.log(LogLevel::info, m_store.alias, "",
                   "cancellations: feed " + feed.feed_id +
                       " was cancelled before Amazon processed it: its cancellations are queued "
                       "again");
        log_feed(feed, state, true);
        const auto send_id = feed.send_id;
        TRY(delete_feed(m_host, m_store.alias, feed));
        m_state.feeds.erase(send_id); // `feed` is gone from here on
        return {};
    }
    if (state == "FATAL") {
        log_feed(feed, state, true);
        return members_unknown(feed, "Amazon ended feed " + feed.feed_id +
                                         " with FATAL (some, none or all may be applied)");
    }
    if (state != "DONE") {
        m_counts.in_flight += static_cast<int64_t>(feed.members.size());
        return {};
    }
    auto location =
        spapi::documents::get_feed_document(m_context.client, *status->result_feed_document_id);
    auto text = location ? spapi::documents::download_document(m_context.client, *location)
                         : spapi::ApiResult<std::string>(location.error());
    if (!text) {
        m_counts.in_flight += static_cast<int64_t>(feed.members.size());
        stop(text.error());
        return {};
    }
    auto parsed = cancellations::parse_ack_report(*text);
    if (!parsed) {
        // A damaged download is read again at the next run; Amazon keeps the report for days.
        m_counts.in_flight += static_cast<int64_t>(feed.members.size());
        m_host.log(LogLevel::error, m_store.alias, "",
                   "cancellations: the processing report of feed " + feed.feed_id +
                       " cannot be read (" + parsed.error().message +
                       "); it is read again at "
                       "the next " +
                       std::string(job_names::send_cancellations));
        return {};
    }
    return record_report(feed, *parsed);
}

Outcome CancellationSend::record_report(FeedRecord& feed, const cancellations::AckReport& report) {
    for (size_t i = 0; i < feed.members.size(); ++i) {
        const auto& key = feed.members[i];
        auto it = m_state.entries.find(key);
        if (it == m_state.entries.end() || it->second.state != CancelState::queued) {
            continue; // recorded before a crash
        }
        auto& entry = it->second;
        const auto result = report.result(static_cast<int64_t>(i) + 1);
        entry.feed_id = feed.feed_id;
        if (result.accepted) {
            entry.state = CancelState::accepted;
            ++m_counts.accepted;
            m_host.log(LogLevel::info, m_store.alias, entry.message.amazon_order_id,
                       "order " + entry.order + " cancelled at Amazon: " +
                           items_text(entry.message) + " (feed " + feed.feed_id + ")");
        } else {
            entry.state = CancelState::refused;
            entry.reason = "Amazon refused the cancellation: " + result.code + " " +
                           result.description + " (feed " + feed.feed_id + ")";
            entry.fix = fix_for(result.code);
            ++m_counts.refused;
            m_host.log(LogLevel::error, m_store.alias, entry.message.amazon_order_id,
                       "cancellation " + key + ": " + entry.reason + ". Fix: " + entry.fix);
        }
        m_answered_now.insert(key);
        TRY(set_entry(key, entry));
    }
    // Before the record is done: a crash in between writes the entry again at the next run.
    log_feed(feed, "DONE", true, &report);
    feed.state = FeedState::done;
    return write_feed_record(feed);
}

Outcome CancellationSend::members_unknown(FeedRecord& feed, const std::string& why) {
    for (const auto& key : feed.members) {
        auto it = m_state.entries.find(key);
        if (it == m_state.entries.end() || it->second.state != CancelState::queued) {
            continue;
        }
        auto& entry = it->second;
        entry.state = CancelState::unknown;
        entry.feed_id = feed.feed_id;
        entry.reason = why;
        entry.fix = "check order " + entry.message.amazon_order_id +
                    " in Seller Central and cancel it there if it is not; it is not sent again";
        ++m_counts.unknown;
        m_host.log(LogLevel::error, m_store.alias, entry.message.amazon_order_id,
                   "cancellation " + key + ": " + why + ". Fix: " + entry.fix);
        TRY(set_entry(key, entry));
    }
    feed.state = FeedState::done;
    return write_feed_record(feed);
}

Outcome CancellationSend::plan_all() {
    TRY_ASSIGN(const auto stored, read_store_cancellations(m_host, m_store.alias));
    for (const auto& [key, why] : stored.unreadable) {
        ++m_counts.unreadable;
        m_host.log(LogLevel::error, m_store.alias, "",
                   "cancellation of " + key + " not sent: " + why +
                       ". Fix: correct it in the host");
    }
    const auto flying = in_flight();
    for (const auto& doc : stored.cancellations) {
        const auto& key = doc.cancellation.key;
        const auto it = m_state.entries.find(key);
        if (it != m_state.entries.end()) {
            const auto& entry = it->second;
            const bool changed = entry.fingerprint != doc.fingerprint;
            if (entry.state == CancelState::accepted || entry.state == CancelState::unknown) {
                m_counts.done_before +=
                    entry.state == CancelState::accepted && m_answered_now.count(key) == 0 ? 1 : 0;
                continue; // at Amazon (or maybe): never sent twice
            }
            if (flying.count(key) || (entry.state == CancelState::queued && !changed)) {
                continue;
            }
            if (entry.state == CancelState::refused && !changed) {
                ++m_counts.still_refused;
                continue;
            }
        }
        TRY(plan_one(doc));
    }
    return {};
}

Outcome CancellationSend::plan_one(const HostCancellationDoc& doc) {
    const auto& c = doc.cancellation;
    TRY_ASSIGN(const auto order, order_of(c.order, c.key));
    if (!order) {
        ++m_counts.waiting;
        m_host.log(LogLevel::debug, m_store.alias, "",
                   "cancellation " + c.key + " waits: its order is not imported yet");
        return {};
    }
    auto& entry = m_state.entries[c.key];
    entry.fingerprint = doc.fingerprint;
    entry.order = c.order;
    entry.updated_ms = m_host.now_ms();
    entry.feed_id.clear();
    auto plan = cancellations::plan_cancellation(m_settings, c, *order);
    if (auto* refusal = std::get_if<cancellations::Refusal>(&plan)) {
        entry.state = CancelState::refused;
        entry.reason = refusal->reason;
        entry.fix = refusal->fix;
        entry.message = {order->amazon_order_id, {}};
        ++m_counts.refused;
        m_host.log(LogLevel::error, m_store.alias, order->amazon_order_id,
                   "cancellation " + c.key + " refused: " + entry.reason + ". Fix: " + entry.fix);
        return set_entry(c.key, entry);
    }
    entry.state = CancelState::queued;
    entry.reason.clear();
    entry.fix.clear();
    entry.message = std::move(std::get<cancellations::AckMessage>(plan));
    // The batch delay counts from when the host cancelled it (a run may see it later).
    const int64_t now = m_host.now_ms();
    entry.queued_ms = doc.cancelled_ms > 0 ? std::min(doc.cancelled_ms, now) : now;
    ++m_counts.planned;
    m_host.log(LogLevel::info, m_store.alias, entry.message.amazon_order_id,
               "cancellation " + c.key + " queued: " + items_text(entry.message));
    return set_entry(c.key, entry);
}

// The host order as the rules see it: its Amazon items, what the host's shipments sent of each,
// and what other cancellations of the order take (queued, in a feed, or accepted).
Result<std::optional<cancellations::CancelOrder>>
CancellationSend::order_of(const std::string& order_key, const std::string& except_key) {
    TRY_ASSIGN(const auto read, read_shipment_order(m_host, order_key));
    if (!read) {
        return std::optional<cancellations::CancelOrder>{};
    }
    TRY_ASSIGN(const auto status, read_order_status(m_host, order_key));
    TRY_ASSIGN(const auto packages, read_order_queue(m_host, m_store.alias, order_key));
    const auto shipped = packages.covered("");
    std::map<std::string, int64_t> cancelled;
    for (const auto& [key, entry] : m_state.entries) {
        if (key == except_key || entry.order != order_key || entry.state == CancelState::refused) {
            continue;
        }
        for (const auto& item : entry.message.items) {
            cancelled[item.order_item_id] += item.quantity;
        }
    }
    cancellations::CancelOrder order;
    order.amazon_order_id = read->amazon_order_id;
    order.fulfilled_by_amazon = read->fulfilled_by_amazon;
    order.consolidated = read->consolidated;
    order.shipped = status == "shipped" || status == "completed"; // as the import ranks them
    for (const auto& item : read->items) {
        const auto s = shipped.find(item.order_item_id);
        const auto c = cancelled.find(item.order_item_id);
        const int64_t taken = status == "cancelled" ? item.quantity : 0;
        order.items.push_back({item.order_item_id, item.sku, item.quantity,
                               s == shipped.end() ? 0 : s->second,
                               std::max(taken, c == cancelled.end() ? 0 : c->second)});
    }
    return std::optional<cancellations::CancelOrder>{std::move(order)};
}

Outcome CancellationSend::send_batches(bool flush) {
    for (int sent = 0; sent < k_feeds_per_run && !m_stopped && !m_unresolved; ++sent) {
        const auto flying = in_flight();
        std::vector<std::pair<int64_t, std::string>> queued; // (queued at, key)
        for (const auto& [key, entry] : m_state.entries) {
            if (entry.state == CancelState::queued && flying.count(key) == 0) {
                queued.emplace_back(entry.queued_ms, key);
            }
        }
        std::sort(queued.begin(), queued.end());
        std::vector<int64_t> times;
        for (const auto& q : queued) {
            times.push_back(q.first);
        }
        const auto decision =
            cancellations::decide_batch(m_settings, times, m_host.now_ms(), flush);
        if (decision.send_now == 0) {
            m_counts.batching += static_cast<int64_t>(queued.size());
            m_next_batch_ms = decision.next_at_ms;
            return {};
        }
        FeedRecord feed;
        feed.intent_ms = m_host.now_ms();
        feed.send_id = std::to_string(feed.intent_ms) + "-" + std::to_string(sent);
        feed.attempts = 1;
        for (size_t i = 0; i < decision.send_now; ++i) {
            feed.members.push_back(queued[i].second);
        }
        // The intent first: a crash after this point leaves a record the next run resolves.
        TRY(write_feed_record(feed));
        failpoint("cp14a_cancel_intent_saved");
        auto& stored = m_state.feeds[feed.send_id] = std::move(feed);
        TRY(create_feed(stored));
    }
    return {};
}

Outcome CancellationSend::create_feed(FeedRecord& feed) {
    std::vector<cancellations::AckMessage> messages;
    for (const auto& key : feed.members) {
        const auto it = m_state.entries.find(key);
        if (it == m_state.entries.end()) {
            return Error{Status::internal,
                         "the cancellation feed record " + feed.send_id + " names " + key +
                             ", which host state does not hold: nothing was "
                             "sent; restore the record or remove the feed record"};
        }
        messages.push_back(it->second.message);
    }
    const std::string content_type(cancellations::k_ack_content_type);
    auto target = spapi::documents::create_feed_document(m_context.client, content_type);
    if (!target) {
        return not_sent(feed, target.error());
    }
    auto uploaded = spapi::documents::upload_feed_document(
        m_context.client, *target, content_type,
        cancellations::build_ack_feed(m_store.seller_id, messages));
    if (!uploaded) {
        return not_sent(feed, uploaded.error());
    }
    auto created =
        spapi::documents::create_feed(m_context.client, std::string(cancellations::k_ack_feed_type),
                                      store_marketplace_ids(m_store), target->feed_document_id);
    if (!created) {
        if (!created.error().ambiguous) {
            return not_sent(feed, created.error());
        }
        m_unresolved = true;
        m_counts.in_flight += static_cast<int64_t>(feed.members.size());
        m_host.log(LogLevel::error, m_store.alias, "",
                   "cancellations: createFeed for " + std::to_string(feed.members.size()) +
                       " cancellation(s) got no answer: " + created.error().describe() +
                       "; the next " + std::string(job_names::send_cancellations) +
                       " looks for the feed at Amazon before sending anything again");
        stop(created.error());
        return {};
    }
    failpoint("cp14b_cancel_feed_created");
    feed.state = FeedState::submitted;
    feed.feed_id = *created;
    TRY(write_feed_record(feed));
    failpoint("cp14c_cancel_feed_recorded");
    log_feed(feed, "IN_QUEUE", false);
    ++m_counts.feeds;
    m_counts.sent += static_cast<int64_t>(feed.members.size());
    m_counts.in_flight += static_cast<int64_t>(feed.members.size());
    m_host.log(LogLevel::info, m_store.alias, "",
               "cancellations: feed " + feed.feed_id + " submitted with " +
                   std::to_string(feed.members.size()) +
                   " cancellation(s); Amazon's answer is read at the next " +
                   std::string(job_names::send_cancellations));
    return {};
}

Outcome CancellationSend::not_sent(FeedRecord& feed, const spapi::ApiError& e) {
    m_host.log(LogLevel::error, m_store.alias, "",
               "cancellations: a feed of " + std::to_string(feed.members.size()) +
                   " cancellation(s) was not submitted: " + e.describe() +
                   "; they stay queued for the next " + std::string(job_names::send_cancellations));
    const auto send_id = feed.send_id;
    TRY(delete_feed(m_host, m_store.alias, feed));
    m_state.feeds.erase(send_id); // `feed` is gone from here on
    // Stop sending in this run whatever the kind: a permanent refusal of our own feed would
    // only repeat.
    stop(e);
    return {};
}

Outcome CancellationSend::set_entry(const std::string& key, CancelEntry& entry) {
    auto written = write_entry(m_host, m_store.alias, key, entry);
    if (!written && written.status() == Status::conflict) {
        return Error{Status::retry_later,
                     "cancellation " + key + " was changed by another run: run " +
                         std::string(job_names::send_cancellations) + " again"};
    }
    return written;
}

Outcome CancellationSend::write_feed_record(FeedRecord& feed) {
    auto written = write_feed(m_host, m_store.alias, feed);
    if (!written && written.status() == Status::conflict) {
        return Error{Status::retry_later, "the cancellation feed record " + feed.send_id +
                                              " was changed by another run: run " +
                                              std::string(job_names::send_cancellations) +
                                              " again"};
    }
    return written;
}

void CancellationSend::log_feed(const FeedRecord& feed, const std::string& status, bool finished,
                                const cancellations::AckReport* report) {
    if (feed.feed_id.empty()) {
        return; // Amazon's feed is not known: nothing to show
    }
    std::vector<cancellations::AckMessage> messages;
    for (const auto& key : feed.members) {
        const auto it = m_state.entries.find(key);
        messages.push_back(it == m_state.entries.end() ? cancellations::AckMessage{}
                                                       : it->second.message);
    }
    auto entity =
        feed_entity({m_store.alias, feed.feed_id, std::string(cancellations::k_ack_feed_type),
                     feed.intent_ms, static_cast<int64_t>(messages.size()), status});
    add_ack_orders(entity, messages);
    if (finished) {
        add_ack_answer(entity, messages, report);
    }
    if (auto written = write_feed_entity(m_host, entity); !written) {
        m_host.log(LogLevel::error, m_store.alias, "",
                   "cancellations: feed " + feed.feed_id +
                       " is missing from the host's feed log (" + written.error().message +
                       "); its cancellations are recorded as usual");
    }
}

void CancellationSend::stop(const spapi::ApiError& e) {
    if (!m_stopped) {
        m_stopped = e;
    }
}

JobReport CancellationSend::report(std::vector<std::string> messages) {
    auto out = m_context.start_report(job_names::send_cancellations);
    out.started_ms = m_started_ms;
    const auto& c = m_counts;
    out.counts = {{"planned", c.planned},     {"waiting", c.waiting},
                  {"refused", c.refused},     {"still_refused", c.still_refused},
                  {"sent", c.sent},           {"feeds", c.feeds},
                  {"accepted", c.accepted},   {"accepted_before", c.done_before},
                  {"in_flight", c.in_flight}, {"batching", c.batching},
                  {"unknown", c.unknown},     {"unreadable", c.unreadable}};
    if (m_stopped) {
        out.status = "retry_later";
        out.retry_after_s =
            m_stopped->retry_after_ms > 0 ? (m_stopped->retry_after_ms + 999) / 1000 : 60;
        messages.push_back(m_stopped->describe() +
                           "; every queued cancellation stays queued for the next run");
    } else if (c.refused + c.unknown + c.unreadable > 0) {
        out.status = "partial";
    }
    if (c.batching > 0) {
        messages.push_back(std::to_string(c.batching) +
                           " cancellation(s) wait so that others join their feed "
                           "(cancellations.batch_delay); the feed goes at " +
                           time::format_rfc3339({m_next_batch_ms}) + " or later");
    }
    if (c.waiting > 0) {
        messages.push_back(std::to_string(c.waiting) +
                           " cancellation(s) wait for their order to be imported (" +
                           std::string(job_names::import_orders) + ")");
    }
    if (c.refused + c.unknown > 0) {
        messages.push_back(std::to_string(c.refused + c.unknown) +
                           " cancellation(s) refused or unsure: the ERROR lines of the log say "
                           "why and what to do");
    }
    out.messages = std::move(messages);
    m_host.log(LogLevel::info, m_store.alias, "",
               std::string(job_names::send_cancellations) + " " + out.status + ": " +
                   std::to_string(c.planned) + " queued, " + std::to_string(c.sent) + " sent in " +
                   std::to_string(c.feeds) + " feed(s), " + std::to_string(c.accepted) +
                   " accepted, " + std::to_string(c.refused) + " refused");
    return m_context.finish(std::move(out));
}

} // namespace amzconn::plugin
