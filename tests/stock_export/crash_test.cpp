// Crash points CP8-CP10 of the stock push (reliability plan §2.5, issue 7 §7): the real
// amzconn-host process is killed with SIGKILL at a crash point (or Amazon never answers), the
// host's stock moves, the push is re-run, and then every merchant listing on the sandbox shows
// the host's CURRENT available, no stale value was sent after the newer one, and the FBA listing
// never got a quantity.
#include "stock_rig.hpp"

#include <chrono>
#include <csignal>
#include <ctime>
#include <doctest/doctest.h>
#include <thread>

namespace json = boost::json;
using amzconn::stock_tests::StockRig;

namespace {

// New host stock for every merchant SKU, different from the rig's start for each seed.
void move_stock(StockRig& rig, int seed) {
    std::map<std::string, std::pair<int64_t, int64_t>> levels;
    for (size_t i = 0; i < StockRig::k_fbm.size(); ++i) {
        const auto n = static_cast<int64_t>((static_cast<size_t>(seed) * 11 + i * 5) % 30);
        levels[StockRig::k_fbm[i]] = {n + 50, n % 3};
    }
    rig.set_levels(levels);
}

// The push that starts every case: Amazon agrees with the host, the channels are learnt.
void baseline(StockRig& rig) {
    // A job waits about a minute (host clock) for the listings report; on the virtual clock that
    // may pass before the sandbox finished it, and the next run follows the same report.
    auto report = StockRig::report(rig.run("export_stock"));
    for (int i = 0; i < 50 && report.at("status").as_string() == "retry_later" &&
                    report.at("counts").as_object().empty();
         ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        report = StockRig::report(rig.run("export_stock"));
    }
    INFO(json::serialize(report));
    REQUIRE(report.at("counts").at("feeds").as_int64() == 1);
    rig.poll_until_done();
    rig.check_agree();
}

void expect_killed(const amzconn::testing::ProcessResult& run) {
    INFO("stdout: " << run.out);
    INFO("stderr: " << run.err);
    CHECK(run.signal == SIGKILL);
}

// After the re-run: nothing is left to send, and a further push makes no Amazon call at all.
void check_settled(StockRig& rig) {
    rig.check_agree();
    const auto patches = rig.sandbox_calls("patchListingsItem");
    const auto feeds = rig.sandbox_calls("createFeed");
    const auto again = StockRig::report(rig.event(StockRig::k_fbm));
    CHECK(again.at("reports").at(0).at("counts").at("sent").as_int64() == 0);
    const auto full = StockRig::report(rig.run("export_stock"));
    CHECK(full.at("counts").at("sent").as_int64() == 0);
    CHECK(rig.sandbox_calls("patchListingsItem") == patches);
    CHECK(rig.sandbox_calls("createFeed") == feeds);
    rig.check_agree();
}

// Amazon's clock at half speed (a feed takes 6 real seconds, a patch is applied at once): the
// baseline runs on the host's real clock (it waits for the listings report), then the host goes
// back to a virtual clock a little ahead of the real one.
void slow_amazon_baseline(StockRig& rig) {
    rig.host.ok({"clock", "real"});
    baseline(rig);
    const auto ahead = std::time(nullptr) + 60;
    std::tm tm{};
    ::gmtime_r(&ahead, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    rig.host.ok({"clock", "set", text});
}

std::string feed_status(StockRig& rig, size_t index) {
    const auto state = rig.sandbox.state();
    return std::string(state.at("feeds").at(index).at("status").as_string());
}

} // namespace

TEST_CASE("stock_export: cp8 kill before patchListingsItem, stock moves, the re-run sends only the "
          "current value") {
    for (int seed = 1; seed <= 4; ++seed) {
        CAPTURE(seed);
        StockRig rig(seed);
        baseline(rig);
        move_stock(rig, seed); // the values the killed run computes
        const int hit = 1 + seed % 4;
        CAPTURE(hit);
        expect_killed(rig.event(StockRig::k_fbm, "cp8_before_send=" + std::to_string(hit)));
        CHECK(rig.sandbox_calls("patchListingsItem") == hit - 1);
        move_stock(rig, seed + 100); // newer stock before the restart
        rig.advance_host("3m");      // the dead run's pending send is past its in-flight window
        const auto before = rig.sandbox_calls("patchListingsItem");
        const auto rerun = StockRig::report(rig.event(StockRig::k_fbm));
        INFO(json::serialize(rerun));
        // One absolute value per SKU: the killed run's value is never sent on its own.
        CHECK(rig.sandbox_calls("patchListingsItem") - before <= 4);
        check_settled(rig);
    }
}

TEST_CASE("stock_export: cp8 kill before createFeed, stock moves, the re-run feed carries the "
          "current values") {
    for (int seed = 11; seed <= 14; ++seed) {
        CAPTURE(seed);
        StockRig rig(seed);
        baseline(rig);
        move_stock(rig, seed);
        const auto feeds = rig.sandbox_calls("createFeed");
        expect_killed(rig.run("export_stock", "cp8_before_send=1"));
        CHECK(rig.sandbox_calls("createFeed") == feeds);
        if (seed % 2 == 0) {
            move_stock(rig, seed + 100);
        }
        rig.advance_host("6m"); // past the in-flight window and the feed-pacing window
        const auto rerun = StockRig::report(rig.run("export_stock"));
        INFO(json::serialize(rerun));
        CHECK(rig.sandbox_calls("createFeed") == feeds + 1);
        rig.poll_until_done();
        check_settled(rig);
    }
}

TEST_CASE("stock_export: cp9 patchListingsItem applied but unanswered, stock moves, the re-run "
          "sends only the current value") {
    // Seeds 21-24: every try of the SKUs from `after` on is unanswered (ambiguous); 25-26: one
    // unanswered try, which the client re-sends with the same absolute value.
    for (int seed = 21; seed <= 26; ++seed) {
        CAPTURE(seed);
        StockRig rig(seed);
        baseline(rig);
        move_stock(rig, seed);
        const int after = seed % 4;
        const int unanswered = seed <= 24 ? 100 : 1;
        rig.sandbox.post(
            "/_sandbox/faults",
            json::object{{"faults", json::array{json::object{{"operation", "patchListingsItem"},
                                                             {"kind", "no_response"},
                                                             {"after", after},
                                                             {"count", unanswered}}}}});
        const auto first = StockRig::report(rig.event(StockRig::k_fbm));
        // Every SKU from the fault on got no answer (retries included): ambiguous, not lost.
        CHECK(first.at("reports").at(0).at("counts").at("failed").as_int64() ==
              (unanswered > 1 ? 4 - after : 0));
        rig.sandbox.post("/_sandbox/faults", json::object{{"faults", json::array{}}});
        move_stock(rig, seed + 100);
        if (seed % 2 == 0) {
            rig.advance_host("3m");
        }
        const auto before = rig.sandbox_calls("patchListingsItem");
        const auto rerun = StockRig::report(rig.event(StockRig::k_fbm));
        INFO(json::serialize(rerun));
        CHECK(rig.sandbox_calls("patchListingsItem") - before <= 4);
        check_settled(rig);
    }
}

TEST_CASE(
    "stock_export: cp9 createFeed applied but unanswered, stock moves, the re-run feed wins") {
    for (int seed = 31; seed <= 34; ++seed) {
        CAPTURE(seed);
        StockRig rig(seed);
        baseline(rig);
        move_stock(rig, seed);
        rig.sandbox.post(
            "/_sandbox/faults",
            json::object{{"faults", json::array{json::object{{"operation", "createFeed"},
                                                             {"kind", "no_response"},
                                                             {"count", 1}}}}});
        const auto feeds = rig.sandbox_calls("createFeed");
        const auto first = StockRig::report(rig.run("export_stock"));
        CHECK(first.at("status").as_string() == "partial"); // the feed's fate is unknown
        CHECK(rig.sandbox_calls("createFeed") == feeds + 1);
        rig.sandbox.post("/_sandbox/faults", json::object{{"faults", json::array{}}});
        if (seed % 2 == 0) {
            // Amazon finishes the unanswered feed before the re-run.
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        move_stock(rig, seed + 100);
        rig.advance_host("6m");
        const auto rerun = StockRig::report(rig.run("export_stock"));
        INFO(json::serialize(rerun));
        rig.poll_until_done();
        check_settled(rig);
    }
}

TEST_CASE("stock_export: cp10 kill after Amazon accepted a patch, before recording it, re-sends "
          "the current value") {
    for (int seed = 41; seed <= 44; ++seed) {
        CAPTURE(seed);
        StockRig rig(seed);
        baseline(rig);
        move_stock(rig, seed);
        const int hit = 1 + seed % 4;
        CAPTURE(hit);
        expect_killed(rig.event(StockRig::k_fbm, "cp10_before_record=" + std::to_string(hit)));
        CHECK(rig.sandbox_calls("patchListingsItem") == hit);
        if (seed % 2 == 1) {
            move_stock(rig, seed + 100);
        }
        rig.advance_host("3m");
        const auto before = rig.sandbox_calls("patchListingsItem");
        const auto rerun = StockRig::report(rig.event(StockRig::k_fbm));
        INFO(json::serialize(rerun));
        CHECK(rig.sandbox_calls("patchListingsItem") - before <= 4);
        check_settled(rig);
    }
}

TEST_CASE(
    "stock_export: cp10 kill after a feed's processing report, before recording it, ends with "
    "the current values") {
    for (int seed = 51; seed <= 54; ++seed) {
        CAPTURE(seed);
        StockRig rig(seed);
        baseline(rig);
        move_stock(rig, seed);
        const auto sent = StockRig::report(rig.run("export_stock"));
        REQUIRE(sent.at("counts").at("feeds").as_int64() == 1);
        // Let the sandbox finish the feed, then die before recording its report.
        bool killed = false;
        for (int i = 0; i < 50 && !killed; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(60));
            const auto polled = rig.run("poll_feeds", "cp10_before_record=1");
            killed = polled.signal == SIGKILL;
        }
        REQUIRE(killed);
        if (seed % 2 == 0) {
            move_stock(rig, seed + 100);
        }
        rig.poll_until_done(); // records the dead run's answer
        rig.advance_host("6m");
        StockRig::report(rig.run("export_stock"));
        rig.poll_until_done();
        check_settled(rig);
    }
}

// An unanswered createFeed leaves its listings pending with no feed id; they wait (no patch, no
// new feed) until getFeeds shows every recent feed finished, so a late feed never lands after a
// newer value.
TEST_CASE(
    "stock_export: cp9 an unanswered createFeed that Amazon applies late never overwrites the "
    "newer value a patch sent") {
    for (int seed = 71; seed <= 72; ++seed) {
        CAPTURE(seed);
        // Amazon's clock at half speed: a feed (and the listings report) takes 4 real seconds,
        // a patch is applied at once. The host waits for the report on its real clock.
        StockRig rig(seed, "0.5");
        slow_amazon_baseline(rig);

        move_stock(rig, seed);
        rig.sandbox.post(
            "/_sandbox/faults",
            json::object{{"faults", json::array{json::object{{"operation", "createFeed"},
                                                             {"kind", "no_response"},
                                                             {"count", 1}}}}});
        const auto first = StockRig::report(rig.run("export_stock"));
        CHECK(first.at("status").as_string() == "partial");
        rig.sandbox.post("/_sandbox/faults", json::object{{"faults", json::array{}}});
        // The host's stock moves at once and the change is pushed by patchListingsItem while
        // Amazon still holds the unanswered feed with the older values.
        move_stock(rig, seed + 100);
        StockRig::report(rig.event(StockRig::k_fbm));
        {
            const auto state = rig.sandbox.state();
            REQUIRE(state.at("feeds").as_array().size() == 2);
            INFO("the unanswered feed finished before the patches: the race did not happen");
            REQUIRE(state.at("feeds").at(1).at("status").as_string() != "DONE");
        }
        // Amazon finishes the feed it never confirmed; then every trigger runs again.
        for (int i = 0; i < 100; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const auto state = rig.sandbox.state();
            if (state.at("feeds").at(1).at("status").as_string() == "DONE") {
                break;
            }
        }
        rig.advance_host("6m");
        StockRig::report(rig.event(StockRig::k_fbm));
        StockRig::report(rig.run("export_stock"));
        rig.poll_until_done();
        rig.check_agree();
    }
}

TEST_CASE(
    "stock_export: a feed Amazon processes after 2 minutes is not overtaken by a newer patch") {
    for (int seed = 81; seed <= 82; ++seed) {
        CAPTURE(seed);
        StockRig rig(seed, "0.5");
        slow_amazon_baseline(rig);
        move_stock(rig, seed);
        const auto sent = StockRig::report(rig.run("export_stock"));
        REQUIRE(sent.at("counts").at("feeds").as_int64() == 1);
        // More than the patch in-flight window passes on the host while Amazon holds the feed.
        rig.advance_host("3m");
        move_stock(rig, seed + 100);
        const auto patches = rig.sandbox_calls("patchListingsItem");
        const auto event = StockRig::report(rig.event(StockRig::k_fbm));
        INFO(json::serialize(event));
        const auto& counts = event.at("reports").at(0).at("counts");
        CHECK(counts.at("sent").as_int64() == 0);
        CHECK(counts.at("waiting").as_int64() == static_cast<int64_t>(StockRig::k_fbm.size()));
        CHECK(rig.sandbox_calls("patchListingsItem") == patches);
        {
            INFO("the feed finished before the event: the race did not happen");
            REQUIRE(feed_status(rig, 1) != "DONE");
        }
        // The feed finishes; poll_feeds records it and sends the values that waited.
        const auto polled = rig.poll_until_done();
        INFO(json::serialize(polled));
        CHECK(feed_status(rig, 1) == "DONE");
        CHECK(rig.sandbox_calls("patchListingsItem") - patches <=
              static_cast<int64_t>(StockRig::k_fbm.size()));
        rig.check_agree(); // Amazon shows the host's current available, not the feed's older one
        check_settled(rig);
    }
}
