// Crash points of send_cancellations (CP14a the feed record saved before createFeed, CP14b the
// feed created before its id is recorded, CP14c right after): the job is killed with SIGKILL
// there, re-run without failpoints until settled, and every cancellation is then applied exactly
// once at Amazon, in exactly one acknowledgement feed, which the host's feed log shows once with
// every order accepted.
#include "cancellation_rig.hpp"

#include <algorithm>
#include <csignal>
#include <doctest/doctest.h>

namespace amzconn::integration {

namespace {

void kill_then_recover(int seed, const char* point) {
    CAPTURE(point);
    DemoRig rig(120, seed);
    rig.import_until_ok();
    const auto planned = plan_cancels(rig, rig.alias, 8);
    REQUIRE(planned.size() == 8);
    for (const auto& p : planned) {
        REQUIRE(record_cancel(rig, p).exit_code == 0);
    }
    advance(rig, 6);
    const auto died = rig.host.cmd({"run", "--json", "send_cancellations", "--store", rig.alias},
                                   {{"AMZCONN_FAILPOINTS", std::string(point) + "=1"}});
    INFO(died.err);
    CHECK(died.signal == SIGKILL);
    advance(rig, 3); // the dead run's lease expires
    send_until_settled(rig, rig.alias);
    const auto problems = check_cancels(rig, planned);
    INFO(joined(problems));
    CHECK(problems.empty());
    const auto state = rig.sandbox.state();
    CHECK(ack_feeds(state) == 1);
    // The feed log, written beside the feed record, has the one feed with each order's answer.
    std::vector<std::string> logged;
    const auto dump = rig.host.dump();
    for (const auto& feed : dump.at("feeds").as_array()) {
        if (str(feed.at("type")) != "POST_ORDER_ACKNOWLEDGEMENT_DATA") {
            continue;
        }
        CHECK(str(feed.at("status")) == "DONE");
        for (const auto& amazon : state.at("feeds").as_array()) {
            logged.push_back(str(amazon.at("feedId")) == str(feed.at("feed_id")) ? "known"
                                                                                 : "other");
        }
        for (const auto& r : feed.at("results").as_array()) {
            CHECK(str(r.at("result")) == "accepted");
        }
        CHECK(feed.at("results").as_array().size() == planned.size());
    }
    CHECK(std::count(logged.begin(), logged.end(), "known") == 1);
}

} // namespace

TEST_CASE("integration: cancellations: CP14a kill after the feed record is saved, before "
          "createFeed, sends the batch once") {
    kill_then_recover(121, "cp14a_cancel_intent_saved");
}

TEST_CASE("integration: cancellations: CP14b kill after createFeed answered, before its id is "
          "recorded, finds the feed with getFeeds and sends nothing again") {
    kill_then_recover(122, "cp14b_cancel_feed_created");
}

TEST_CASE("integration: cancellations: CP14c kill right after the feed id is recorded follows "
          "the feed to its report") {
    kill_then_recover(123, "cp14c_cancel_feed_recorded");
}

} // namespace amzconn::integration
