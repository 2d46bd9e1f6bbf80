#include "stock/delta.hpp"

#include <tuple>

namespace amzconn::stock {
namespace {

const SentState& or_never_sent(const SentState* previous) {
    static const SentState k_never_sent;
    return previous != nullptr ? *previous : k_never_sent;
}

bool availability_differs(const ListingValues& a, const ListingValues& b) {
    return a.channel_code != b.channel_code || a.quantity != b.quantity ||
           a.lead_time_days != b.lead_time_days;
}

} // namespace

bool pending_in_flight(const SentState& state, const DeltaOptions& options) {
    if (!state.pending || state.pending_ambiguous) {
        return false;
    }
    const int64_t age = options.now_ms - state.pending_since_ms;
    return state.pending_transport == SendTransport::feed ? age < options.feed_timeout_ms
                                                          : age < options.in_flight_timeout_ms;
}

DeltaDecision plan_delta(const std::optional<SentState>& previous, const Computation& computation,
                         const DeltaOptions& options) {
    return plan_delta(previous ? &*previous : nullptr, computation, options);
}

DeltaDecision plan_delta(const SentState* previous, const Computation& computation,
                         const DeltaOptions& options) {
    const DeltaPlan plan = decide_delta(previous, computation, options);
    DeltaDecision d;
    d.action = plan.action;
    d.send_availability = plan.send_availability;
    d.send_price = plan.send_price;
    d.send_id = plan.send_id;
    d.reason = plan.reason;
    if (plan.action == DeltaAction::send) {
        d.to_send = computation.values;
    }
    d.next = next_state(previous, computation, options, plan);
    return d;
}

DeltaPlan decide_delta(const SentState* previous, const Computation& computation,
                       const DeltaOptions& options) {
    const SentState& prev = or_never_sent(previous);
    DeltaPlan d;
    if (std::tie(computation.computed_at_ms, computation.generation) <
        std::tie(prev.computed_at_ms, prev.generation)) {
        d.action = DeltaAction::drop_stale;
        d.reason = "a newer computation is already recorded";
        return d;
    }
    const ListingValues& v = computation.values;
    if (pending_in_flight(prev, options)) {
        // A second send could overtake the first one at Amazon; wait for its answer.
        d.action = DeltaAction::wait_in_flight;
        d.reason = "a send for this listing is still in flight";
        return d;
    }
    if (prev.pending) {
        // The last send was never answered: it may have landed or not. Send the latest absolute
        // values in full so that Amazon ends on them either way.
        d.send_availability = !v.channel_code.empty();
        d.send_price = v.price.has_value();
        d.reason = "the previous send was not answered; re-sending the latest values";
    } else if (!prev.has_confirmed) {
        d.send_availability = !v.channel_code.empty();
        d.send_price = v.price.has_value();
        d.reason = "nothing was sent for this listing yet";
    } else {
        d.send_availability = !v.channel_code.empty() && availability_differs(v, prev.confirmed);
        d.send_price = v.price.has_value() && v.price != prev.confirmed.price;
        d.reason = "changed since the last acknowledged send";
        if (!d.send_availability && !d.send_price && options.resend_unchanged) {
            d.send_availability = !v.channel_code.empty();
            d.send_price = v.price.has_value();
            d.reason = "sent again in full (full=true), though Amazon acknowledged these values";
        }
    }
    if (!d.send_availability && !d.send_price) {
        d.action = DeltaAction::unchanged;
        d.reason = "same as the last acknowledged values";
        return d;
    }
    d.action = DeltaAction::send;
    d.send_id = prev.version + 1;
    return d;
}

std::optional<SentState> next_state(const SentState* previous, const Computation& computation,
                                    const DeltaOptions& options, const DeltaPlan& plan) {
    const SentState& prev = or_never_sent(previous);
    std::optional<SentState> out;
    if (plan.action == DeltaAction::drop_stale) {
        return out;
    }
    // Built where it is returned: a state is large and 100,000 listings are planned per pass.
    SentState& next = out.emplace(prev);
    next.version = prev.version + 1;
    next.computed_at_ms = computation.computed_at_ms;
    next.generation = computation.generation;
    next.deferred.reset();
    const ListingValues& v = computation.values;
    switch (plan.action) {
    case DeltaAction::drop_stale:
        break;
    case DeltaAction::wait_in_flight:
        next.deferred = computation;
        break;
    case DeltaAction::unchanged:
        if (prev.pending) {
            next.pending.reset(); // nothing to manage any more (e.g. listing became FBA)
            next.pending_feed_id.clear();
            if (prev.pending->price != prev.confirmed.price) {
                // The unanswered price may have landed: the next computed price goes out again.
                next.confirmed.price.reset();
            }
        }
        break;
    case DeltaAction::send:
        next.pending = v;
        if (!v.price && prev.has_confirmed &&
            (!prev.pending || prev.pending->price == prev.confirmed.price)) {
            // Not computed this time (prices off, or the tier lacks it): Amazon keeps the price
            // it acknowledged, so the acknowledgement of this send must not forget it.
            next.pending->price = prev.confirmed.price;
        }
        next.pending_send_id = plan.send_id;
        next.pending_since_ms = options.now_ms;
        next.pending_ambiguous = false;
        next.pending_transport = SendTransport::patch; // the sender says when it is a feed
        next.pending_feed_id.clear();
        break;
    }
    return out;
}

std::optional<SentState> record_outcome(const SentState& current, uint64_t send_id,
                                        SendOutcome outcome, int64_t now_ms,
                                        const std::string& message) {
    if (!current.pending || current.pending_send_id != send_id) {
        return std::nullopt; // an answer to an older send: the newer one decides
    }
    SentState next = current;
    next.version = current.version + 1;
    switch (outcome) {
    case SendOutcome::accepted:
        next.has_confirmed = true;
        next.confirmed = *current.pending;
        next.sent_at_ms = now_ms;
        next.pending.reset();
        next.pending_ambiguous = false;
        next.pending_feed_id.clear();
        next.last_error.clear();
        break;
    case SendOutcome::rejected:
        next.pending.reset();
        next.pending_ambiguous = false;
        next.pending_feed_id.clear();
        next.last_error = message;
        break;
    case SendOutcome::ambiguous:
        // For a feed this means it is resolved: no feed that could still apply it is pending.
        next.pending_ambiguous = true;
        break;
    }
    return next;
}

FeedResolution resolve_unknown_feed(int64_t pending_since_ms, const std::vector<SeenFeed>& feeds,
                                    const FeedResolveOptions& options) {
    if (options.now_ms - pending_since_ms < options.grace_ms) {
        return FeedResolution::wait;
    }
    for (const auto& f : feeds) {
        if (!f.terminal && f.created_ms >= pending_since_ms - options.slack_ms) {
            return FeedResolution::wait; // it may be ours, and Amazon may still apply it
        }
    }
    return FeedResolution::ambiguous;
}

bool feed_unresolved(const SentState& state) {
    return state.pending && !state.pending_ambiguous &&
           state.pending_transport == SendTransport::feed && state.pending_feed_id.empty();
}

std::optional<Computation> deferred_computation(const SentState& state) {
    if (state.pending && !state.pending_ambiguous) {
        return std::nullopt;
    }
    return state.deferred;
}

} // namespace amzconn::stock
