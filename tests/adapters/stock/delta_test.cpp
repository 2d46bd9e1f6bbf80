// Delta: only changes are sent, always absolute; stale never overwrites newer; ambiguous sends
// and crashes (plan CP8-CP10) end with the latest value on Amazon.
#include "stock/delta.hpp"
#include "stock/sent_state_json.hpp"
#include "stock_fixtures.hpp"

#include <boost/json/serialize.hpp>
#include <deque>
#include <doctest/doctest.h>
#include <random>

using namespace amzconn::stock;
using stock_test::now;

namespace {

ListingValues values(int64_t quantity, int lead = 2, const char* price = "19.99") {
    ListingValues v;
    v.channel_code = "DEFAULT";
    v.quantity = quantity;
    v.lead_time_days = lead;
    v.price = PriceValue{"EUR", price};
    return v;
}

Computation at(int64_t ms, ListingValues v, uint64_t generation = 0) {
    return Computation{std::move(v), ms, generation};
}

// Plans, sends and gets `outcome` back; returns the state to persist.
SentState round_trip(const std::optional<SentState>& state, const Computation& c, int64_t ms,
                     SendOutcome outcome = SendOutcome::accepted) {
    DeltaDecision d = plan_delta(state, c, now(ms));
    REQUIRE(d.action == DeltaAction::send);
    REQUIRE(d.next);
    auto answered = record_outcome(*d.next, d.send_id, outcome, ms + 1);
    REQUIRE(answered);
    return *answered;
}

} // namespace

TEST_CASE("stock: the first computation of a listing sends every value") {
    DeltaDecision d = plan_delta(std::nullopt, at(1000, values(5)), now(1000));
    CHECK(d.action == DeltaAction::send);
    CHECK(d.send_availability);
    CHECK(d.send_price);
    CHECK(d.to_send == values(5));
    REQUIRE(d.next);
    CHECK(d.next->version == 1);
    CHECK(d.next->pending == values(5));
}

TEST_CASE("stock: only changes are sent") {
    SentState s = round_trip(std::nullopt, at(1000, values(5)), 1000);
    CHECK(s.confirmed == values(5));

    DeltaDecision same = plan_delta(s, at(2000, values(5)), now(2000));
    CHECK(same.action == DeltaAction::unchanged);
    REQUIRE(same.next);
    CHECK(same.next->computed_at_ms == 2000); // recorded so that older ones are dropped later

    DeltaDecision quantity = plan_delta(*same.next, at(3000, values(4)), now(3000));
    CHECK(quantity.action == DeltaAction::send);
    CHECK(quantity.send_availability);
    CHECK_FALSE(quantity.send_price);
    CHECK(*quantity.to_send.quantity == 4); // absolute, never −1

    DeltaDecision price = plan_delta(*same.next, at(3000, values(5, 2, "18.50")), now(3000));
    CHECK(price.action == DeltaAction::send);
    CHECK_FALSE(price.send_availability);
    CHECK(price.send_price);

    DeltaDecision lead = plan_delta(*same.next, at(3000, values(5, 4)), now(3000));
    CHECK(lead.send_availability);
}

TEST_CASE("stock: full=true sends values Amazon acknowledged again, yet still drops a stale "
          "computation and waits for a send in flight") {
    SentState s = round_trip(std::nullopt, at(1000, values(5)), 1000);
    DeltaOptions full = now(2000);
    full.resend_unchanged = true;
    DeltaDecision again = plan_delta(s, at(2000, values(5)), full);
    CHECK(again.action == DeltaAction::send);
    CHECK(again.send_availability);
    CHECK(again.send_price);
    CHECK(again.to_send == values(5));
    CHECK(again.reason.find("full=true") != std::string_view::npos);
    REQUIRE(again.next);
    CHECK(again.next->pending == values(5));
    // Without it, the same computation sends nothing.
    CHECK(plan_delta(s, at(2000, values(5)), now(2000)).action == DeltaAction::unchanged);
    // A price not computed this time is not sent: only what was computed goes again.
    ListingValues no_price = values(5);
    no_price.price.reset();
    DeltaDecision stock_only = plan_delta(s, at(2000, no_price), full);
    CHECK(stock_only.send_availability);
    CHECK_FALSE(stock_only.send_price);
    // The ordering rules stay: older computations are dropped, in-flight sends waited for.
    full.now_ms = 3000;
    CHECK(plan_delta(s, at(500, values(5)), full).action == DeltaAction::drop_stale);
    CHECK(plan_delta(*again.next, at(2500, values(5)), full).action == DeltaAction::wait_in_flight);
}

TEST_CASE("stock: a computation that started before a newer one was recorded is dropped") {
    SentState s = round_trip(std::nullopt, at(5000, values(2)), 5000);
    DeltaDecision older = plan_delta(s, at(4000, values(9)), now(6000));
    CHECK(older.action == DeltaAction::drop_stale);
    CHECK_FALSE(older.next.has_value());
    // Same start time: the generation decides.
    SentState g = round_trip(std::nullopt, at(5000, values(2), 7), 5000);
    CHECK(plan_delta(g, at(5000, values(9), 6), now(6000)).action == DeltaAction::drop_stale);
    CHECK(plan_delta(g, at(5000, values(9), 8), now(6000)).action == DeltaAction::send);
}

TEST_CASE("stock: an unchanged computation still makes older ones stale") {
    SentState s = round_trip(std::nullopt, at(1000, values(5)), 1000);
    DeltaDecision newer_same = plan_delta(s, at(3000, values(5)), now(3000));
    REQUIRE(newer_same.next);
    // Stock was 7 at t=2000, 5 again at t=3000: the t=2000 result must not be sent after it.
    CHECK(plan_delta(*newer_same.next, at(2000, values(7)), now(3500)).action ==
          DeltaAction::drop_stale);
}

TEST_CASE("stock: after an ambiguous send the next run re-sends the latest absolute value only") {
    DeltaDecision first = plan_delta(std::nullopt, at(1000, values(5)), now(1000));
    REQUIRE(first.next);
    auto lost = record_outcome(*first.next, first.send_id, SendOutcome::ambiguous, 1100);
    REQUIRE(lost);
    CHECK(lost->pending_ambiguous);

    DeltaDecision next = plan_delta(*lost, at(2000, values(3)), now(2000));
    CHECK(next.action == DeltaAction::send);
    CHECK(next.send_availability);
    CHECK(next.send_price);
    CHECK(*next.to_send.quantity == 3); // the latest value, never the stale 5
    REQUIRE(next.next);

    // The lost answer to the first send turns up late: it must not confirm 5.
    CHECK_FALSE(record_outcome(*next.next, first.send_id, SendOutcome::accepted, 2100));
    auto done = record_outcome(*next.next, next.send_id, SendOutcome::accepted, 2200);
    REQUIRE(done);
    CHECK(*done->confirmed.quantity == 3);
}

TEST_CASE("stock: an ambiguous send is re-sent even when the value did not change") {
    DeltaDecision first = plan_delta(std::nullopt, at(1000, values(5)), now(1000));
    auto lost = record_outcome(*first.next, first.send_id, SendOutcome::ambiguous, 1100);
    DeltaDecision again = plan_delta(*lost, at(2000, values(5)), now(2000));
    CHECK(again.action == DeltaAction::send);
    CHECK(*again.to_send.quantity == 5);
}

TEST_CASE("stock: a kill between recording and sending is re-sent after the in-flight timeout") {
    // CP8/CP10: the pending state was persisted, then the process died before an answer was
    // recorded. Until the timeout a new computation waits; after it, the latest value is sent.
    DeltaDecision planned = plan_delta(std::nullopt, at(1000, values(5)), now(1000));
    REQUIRE(planned.next);
    const SentState persisted = *planned.next;

    DeltaDecision early = plan_delta(persisted, at(2000, values(5)), now(2000));
    CHECK(early.action == DeltaAction::wait_in_flight);
    REQUIRE(early.next);
    CHECK(early.next->deferred.has_value());
    CHECK_FALSE(deferred_computation(*early.next).has_value()); // still waiting

    DeltaDecision late = plan_delta(*early.next, at(200'000, values(5)), now(200'000));
    CHECK(late.action == DeltaAction::send); // same absolute value again: idempotent
    CHECK(*late.to_send.quantity == 5);
}

TEST_CASE("stock: a deferred computation is released when the in-flight send is answered") {
    DeltaDecision planned = plan_delta(std::nullopt, at(1000, values(5)), now(1000));
    DeltaDecision waiting = plan_delta(*planned.next, at(1500, values(2)), now(1500));
    REQUIRE(waiting.action == DeltaAction::wait_in_flight);
    auto answered = record_outcome(*waiting.next, planned.send_id, SendOutcome::accepted, 1600);
    REQUIRE(answered);
    auto deferred = deferred_computation(*answered);
    REQUIRE(deferred);
    DeltaDecision follow = plan_delta(*answered, *deferred, now(1600));
    CHECK(follow.action == DeltaAction::send);
    CHECK(*follow.to_send.quantity == 2);
}

TEST_CASE("stock: a rejected send keeps the last acknowledged values and Amazon's message") {
    SentState s = round_trip(std::nullopt, at(1000, values(5)), 1000);
    DeltaDecision d = plan_delta(s, at(2000, values(4)), now(2000));
    auto rejected = record_outcome(*d.next, d.send_id, SendOutcome::rejected, 2100, "bad value");
    REQUIRE(rejected);
    CHECK(*rejected->confirmed.quantity == 5);
    CHECK(rejected->last_error == "bad value");
    CHECK(plan_delta(*rejected, at(3000, values(4)), now(3000)).action == DeltaAction::send);
}

TEST_CASE("stock: every persisted state has the next version for compare-and-set") {
    DeltaDecision a = plan_delta(std::nullopt, at(1000, values(5)), now(1000));
    CHECK(a.next->version == 1);
    auto b = record_outcome(*a.next, a.send_id, SendOutcome::accepted, 1001);
    CHECK(b->version == 2);
    DeltaDecision c = plan_delta(*b, at(2000, values(5)), now(2000));
    CHECK(c.next->version == 3);
}

TEST_CASE("stock: a listing that stops being managed clears nothing on Amazon") {
    SentState s = round_trip(std::nullopt, at(1000, values(5)), 1000);
    ListingValues fba; // FBA now: no channel, no price
    DeltaDecision d = plan_delta(s, at(2000, fba), now(2000));
    CHECK(d.action == DeltaAction::unchanged);
}

TEST_CASE("stock: the sent state survives a JSON round trip") {
    DeltaDecision planned = plan_delta(std::nullopt, at(1000, values(5)), now(1000));
    DeltaDecision waiting = plan_delta(*planned.next, at(1500, values(2)), now(1500));
    SentState s = *waiting.next;
    s.last_error = "x";
    const std::string text = boost::json::serialize(to_json(s));
    auto back = parse_sent_state(text);
    REQUIRE(back.ok());
    CHECK(back->version == s.version);
    CHECK(back->pending == s.pending);
    CHECK(back->pending_send_id == s.pending_send_id);
    REQUIRE(back->deferred);
    CHECK(back->deferred->values == values(2));
    CHECK(back->last_error == "x");
    CHECK(boost::json::serialize(to_json(*back)) == text);
}

TEST_CASE("stock: a damaged sent state is an error, not a reset") {
    CHECK_FALSE(parse_sent_state("{").ok());
    auto missing = parse_sent_state(R"({"computed_at_ms":1,"generation":0})");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("version") != std::string::npos);
    CHECK_FALSE(
        parse_sent_state(
            R"({"version":1,"computed_at_ms":1,"generation":0,"confirmed":{"quantity":"x","channel":"DEFAULT"},"sent_at_ms":1})")
            .ok());
}

TEST_CASE(
    "stock: randomised out-of-order computations and lost answers never leave a stale value") {
    for (unsigned seed = 1; seed <= 200; ++seed) {
        std::mt19937 rng(seed);
        auto chance = [&](int percent) {
            return std::uniform_int_distribution<int>(0, 99)(rng) < percent;
        };
        int64_t clock = 0;
        int64_t truth = 10;
        uint64_t generation = 0;
        std::optional<SentState> state;
        struct Wire {
            uint64_t send_id;
            int64_t quantity;
            int64_t computed_at;
        };
        std::vector<Computation> running;
        std::deque<Wire> wire;
        int64_t amazon = -1;
        int64_t amazon_computed_at = -1;
        auto finish = [&](std::size_t index) {
            Computation c = running[index];
            running.erase(running.begin() + static_cast<std::ptrdiff_t>(index));
            for (;;) {
                DeltaDecision d = plan_delta(state, c, DeltaOptions{clock, 50});
                if (d.next) {
                    state = d.next;
                }
                if (d.action == DeltaAction::send) {
                    wire.push_back(Wire{d.send_id, *d.to_send.quantity, c.computed_at_ms});
                }
                return;
            }
        };
        auto deliver = [&](bool allow_loss) {
            Wire w = wire.front();
            wire.pop_front();
            const bool applied = !allow_loss || !chance(15);
            if (applied) {
                CHECK(w.computed_at >= amazon_computed_at); // never a stale overwrite
                amazon = w.quantity;
                amazon_computed_at = w.computed_at;
            }
            const SendOutcome outcome = (!allow_loss || !chance(25)) && applied
                                            ? SendOutcome::accepted
                                            : SendOutcome::ambiguous;
            if (auto next = record_outcome(*state, w.send_id, outcome, clock)) {
                state = next;
                if (auto deferred = deferred_computation(*state)) {
                    running.push_back(*deferred);
                }
            }
        };
        for (int step = 0; step < 300; ++step) {
            ++clock;
            const int event = std::uniform_int_distribution<int>(0, 3)(rng);
            if (event == 0) {
                truth = std::uniform_int_distribution<int64_t>(0, 20)(rng);
            } else if (event == 1) {
                running.push_back(Computation{ListingValues{"DEFAULT", truth, 2, std::nullopt},
                                              clock, ++generation});
            } else if (event == 2 && !running.empty()) {
                finish(std::uniform_int_distribution<std::size_t>(0, running.size() - 1)(rng));
            } else if (event == 3 && !wire.empty()) {
                deliver(true);
            }
        }
        // Quiesce: everything in flight lands, then one more full run from the current truth.
        while (!running.empty() || !wire.empty()) {
            clock += 100;
            if (!wire.empty()) {
                deliver(false);
            } else {
                finish(0);
            }
        }
        clock += 100;
        running.push_back(
            Computation{ListingValues{"DEFAULT", truth, 2, std::nullopt}, clock, ++generation});
        while (!running.empty() || !wire.empty()) {
            clock += 100;
            if (!wire.empty()) {
                deliver(false);
            } else {
                finish(0);
            }
        }
        CAPTURE(seed);
        CHECK(amazon == truth);
        CHECK_FALSE(state->pending.has_value());
    }
}

TEST_CASE("stock: a price-only change sends the offer alone") {
    SentState s = round_trip(std::nullopt, at(1000, values(5)), 1000);
    DeltaDecision d = plan_delta(s, at(2000, values(5, 2, "21.50")), now(2000));
    REQUIRE(d.action == DeltaAction::send);
    CHECK_FALSE(d.send_availability);
    CHECK(d.send_price);
    CHECK(d.to_send.price == PriceValue{"EUR", "21.50"});
}

TEST_CASE("stock: an FBA listing carries a price and never a quantity") {
    ListingValues fba;
    fba.price = PriceValue{"EUR", "9.99"};
    DeltaDecision d = plan_delta(std::nullopt, at(1000, fba), now(1000));
    REQUIRE(d.action == DeltaAction::send);
    CHECK_FALSE(d.send_availability);
    CHECK(d.send_price);
    CHECK_FALSE(d.to_send.quantity);
    auto answered = record_outcome(*d.next, d.send_id, SendOutcome::accepted, 1001);
    REQUIRE(answered);
    CHECK(plan_delta(*answered, at(2000, fba), now(2000)).action == DeltaAction::unchanged);
}

TEST_CASE("stock: a price not computed this time keeps the acknowledged one") {
    SentState s = round_trip(std::nullopt, at(1000, values(5)), 1000);
    ListingValues no_price = values(6);
    no_price.price.reset(); // prices off, or the tier lacks the product this time
    s = round_trip(s, at(2000, no_price), 2000);
    REQUIRE(s.confirmed.price);
    CHECK(s.confirmed.price->amount == "19.99");
    // The same tier price later is not sent again; a different one is.
    CHECK(plan_delta(s, at(3000, values(6)), now(3000)).action == DeltaAction::unchanged);
    CHECK(plan_delta(s, at(3000, values(6, 2, "18.00")), now(3000)).send_price);
}

TEST_CASE("stock: an unanswered price is sent again once a price is computed") {
    SentState s = round_trip(std::nullopt, at(1000, values(5)), 1000);
    // A new price goes out and gets no answer: it may or may not have landed.
    s = round_trip(s, at(2000, values(5, 2, "25.00")), 2000, SendOutcome::ambiguous);
    ListingValues no_price = values(5);
    no_price.price.reset();
    DeltaDecision d = plan_delta(s, at(3000, no_price), now(3000));
    REQUIRE(d.action == DeltaAction::send); // the availability is re-sent in full
    auto answered = record_outcome(*d.next, d.send_id, SendOutcome::accepted, 3001);
    REQUIRE(answered);
    CHECK_FALSE(answered->confirmed.price); // unknown now
    // Even the old acknowledged price goes out again, since Amazon may show 25.00.
    CHECK(plan_delta(*answered, at(4000, values(5)), now(4000)).send_price);
}

TEST_CASE("stock: a planned send's decision and the state it persists later (decide_delta, "
          "next_state) are plan_delta's") {
    std::mt19937 rng(7);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto random_values = [&] {
        ListingValues v = values(pick(0, 3), pick(1, 2), pick(0, 1) == 0 ? "19.99" : "18.50");
        if (pick(0, 3) == 0) {
            v.price.reset();
        }
        if (pick(0, 5) == 0) {
            v = ListingValues{}; // FBA: nothing about availability
            v.price = PriceValue{"EUR", "19.99"};
        }
        return v;
    };
    for (int round = 0; round < 2000; ++round) {
        std::optional<SentState> previous;
        if (pick(0, 4) != 0) {
            SentState& s = previous.emplace();
            s.has_confirmed = pick(0, 1) == 0;
            s.confirmed = random_values();
            if (pick(0, 1) == 0) {
                s.pending = random_values();
                s.pending_send_id = 4;
                s.pending_since_ms = pick(0, 3) * 100'000;
                s.pending_ambiguous = pick(0, 2) == 0;
                s.pending_transport = pick(0, 1) == 0 ? SendTransport::patch : SendTransport::feed;
                s.pending_feed_id = pick(0, 1) == 0 ? "F1" : "";
            }
            if (pick(0, 3) == 0) {
                s.deferred = at(pick(0, 3) * 1000, random_values());
            }
            s.computed_at_ms = pick(0, 3) * 1000;
            s.generation = static_cast<uint64_t>(pick(0, 2));
            s.version = static_cast<uint64_t>(pick(1, 5));
        }
        const Computation c =
            at(pick(0, 3) * 1000, random_values(), static_cast<uint64_t>(pick(0, 2)));
        const DeltaOptions options = now(pick(1, 4) * 100'000);
        const SentState* prev = previous ? &*previous : nullptr;
        const DeltaDecision d = plan_delta(previous, c, options);
        const DeltaPlan plan = decide_delta(prev, c, options);
        CAPTURE(round);
        CHECK(plan.action == d.action);
        CHECK(plan.send_availability == d.send_availability);
        CHECK(plan.send_price == d.send_price);
        CHECK(plan.send_id == d.send_id);
        CHECK(plan.reason == d.reason);
        if (d.action == DeltaAction::send) {
            CHECK(d.to_send == c.values);
        }
        const auto next = next_state(prev, c, options, plan);
        REQUIRE(next.has_value() == d.next.has_value());
        if (next) {
            CHECK(boost::json::serialize(to_json(*next)) ==
                  boost::json::serialize(to_json(*d.next)));
        }
    }
}
