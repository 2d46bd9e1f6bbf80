// Issue 7 §7 at scale, end to end: 60,000 SKUs in the host and on the sandbox go out as three
// JSON_LISTINGS_FEEDs of at most 25,000 messages, paced at 5 feeds per 5 minutes per region on
// the host's virtual clock, and every listing ends on the host's available.
#include "base/time.hpp"
#include "fixture.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <doctest/doctest.h>
#include <map>
#include <string>
#include <thread>

namespace json = boost::json;
using namespace amzconn::stock_tests;

namespace {

constexpr int k_skus = 60'000;

std::string sku_name(int i) {
    auto digits = std::to_string(i);
    return "X" + std::string(5 - digits.size(), '0') + digits;
}

// Lets the sandbox apply the feeds that are due: its next request waits for that (minutes in a
// Debug build: it looks each message's listing up by a linear search over all 60,000).
json::object settle(Fixture& f) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    return json::parse(http("GET", f.sandbox->base_url() + "/_sandbox/state", "", 1800))
        .as_object();
}

int64_t available_of(int i) {
    return 1 + (i * 7) % 97;
}

} // namespace

TEST_CASE("stockexp: 60,000 SKUs go to the sandbox as 3 feeds, paced 5 per 5 minutes, and every "
          "listing ends on the host's available") {
    // The 60,000 listings are part of the sandbox's scenario (its control API adds listings
    // one linear search at a time: quadratic at this size).
    std::string listings;
    for (int i = 0; i < k_skus; ++i) {
        listings += "  - {sku: " + sku_name(i) + ", marketplace_id: " + k_uk +
                    ", channel: DEFAULT, quantity: 0}\n";
    }
    auto tick = std::chrono::steady_clock::now();
    auto lap = [&](const std::string& what) {
        const auto now = std::chrono::steady_clock::now();
        MESSAGE(
            "TIMING " << what << " "
                      << std::chrono::duration_cast<std::chrono::milliseconds>(now - tick).count()
                      << " ms");
        tick = now;
    };
    // The sandbox clock at real speed: a feed is applied 2 s after createFeed, so the plugin's
    // bursts of calls never wait behind the sandbox applying one.
    Fixture f(true, listings, "", "1");
    lap("sandbox");
    // GIFT-SET without its BOM: every listing shows exactly its own product's stock.
    f.product("GIFT-SET");
    // Bulk master data without the SDK's per-document validation (tested elsewhere).
    f.host.set_validate_entities(false);
    for (int i = 0; i < k_skus; ++i) {
        f.product(sku_name(i));
        f.level(sku_name(i), "MAIN", available_of(i) + 2, 2);
    }
    f.host.set_validate_entities(true);
    lap("seed");

    // Four feeds of this seller in EU were submitted a second ago: one slot is left. Amazon's
    // listings report may take more than one run to be ready; nothing is sent before it is.
    int64_t t0 = 0;
    json::object report;
    for (int attempt = 0; attempt < 50; ++attempt) {
        t0 = f.host.now_ms();
        json::array recent;
        for (int i = 0; i < 4; ++i) {
            recent.push_back(t0 - 1000);
        }
        REQUIRE(f.host
                    .state_put("amzconn", "feed_pacing:EU:A2SANDBOXSELLER",
                               json::serialize(json::object{{"submitted_at_ms", recent}}),
                               amzconn::k_version_any)
                    .ok());
        // One run at a time (not f.job, which re-runs on its own): each run that waits for the
        // report moves the host clock on, and the four recent feeds must stay recent.
        auto ran = f.connector->run_job("export_stock", "uk1", "{}");
        REQUIRE_MESSAGE(ran.ok(), (ran.ok() ? "" : ran.error().message));
        report = json::parse(*ran).as_object();
        if (report.at("counts").as_object().contains("feeds")) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    lap("export");
    INFO(json::serialize(report));
    REQUIRE(report.at("counts").as_object().contains("feeds"));
    CHECK(report.at("status").as_string() == "retry_later");
    CHECK(report.at("counts").at("feeds").as_int64() == 1);
    CHECK(report.at("counts").at("sent").as_int64() == 25'000);
    const auto queued = report.at("counts").at("queued").as_int64();
    CHECK(queued == k_skus + 3 - 25'000); // MUG, COASTER and GIFT-SET too
    CHECK(report.at("retry_after_s").as_int64() >= 290);
    CHECK(f.calls("createFeed") == 1);

    settle(f);
    lap("sandbox applies the first feed");

    // Until five minutes after the earlier four, the window stays full: nothing more goes.
    f.host.set_now_ms(std::max(f.host.now_ms(), t0 + 290'000));
    const auto early = f.job("poll_feeds");
    CHECK(early.at("counts").at("queued_sent").as_int64() == 0);
    CHECK(f.calls("createFeed") == 1);

    // Then their slots are free: the other two feeds go.
    f.host.set_now_ms(std::max(f.host.now_ms(), t0 + 300'000));
    const auto later = f.job("poll_feeds");
    CHECK(later.at("counts").at("queued_sent").as_int64() == queued);
    CHECK(f.calls("createFeed") == 3);
    lap("poll later");
    settle(f);
    lap("sandbox applies the other two feeds");
    f.poll_until_done();
    lap("poll until done");

    // The host's feed log: three feeds, at most 25,000 messages each, all DONE; no 5-minute
    // window holds more than 5 submissions counting the earlier four.
    auto feeds = f.host.entity_query("feed", "{}");
    REQUIRE(feeds.ok());
    const auto list = json::parse(*feeds);
    const auto& items = list.is_array() ? list.as_array() : list.at("items").as_array();
    REQUIRE(items.size() == 3);
    std::vector<int64_t> submitted;
    int64_t messages = 0;
    for (const auto& feed : items) {
        CHECK(feed.at("status").as_string() == "DONE");
        CHECK(feed.at("message_count").as_int64() <= 25'000);
        CHECK(feed.at("result").at("accepted").as_int64() == feed.at("message_count").as_int64());
        messages += feed.at("message_count").as_int64();
        auto at = amzconn::time::parse_rfc3339(feed.at("submitted_at").as_string());
        REQUIRE(at.ok());
        submitted.push_back(at->unix_ms);
    }
    CHECK(messages == k_skus + 3);
    std::sort(submitted.begin(), submitted.end());
    // The first went at once, the other two once the earlier four left the 5-minute window.
    CHECK(submitted[0] < t0 + 299'000);
    CHECK(submitted[1] >= t0 + 299'000);
    CHECK(submitted[2] >= t0 + 299'000);
    lap("checks");
    const auto state = settle(f);
    int64_t checked = 0;
    for (const auto& l : state.at("listings").as_array()) {
        const auto& o = l.as_object();
        const std::string sku(o.at("sku").as_string());
        if (sku.size() != 6 || sku[0] != 'X') {
            continue;
        }
        const int i = std::stoi(sku.substr(1));
        if (o.at("quantity").as_int64() != available_of(i)) {
            FAIL_CHECK(sku << " shows " << o.at("quantity").as_int64() << ", the host has "
                           << available_of(i));
        }
        ++checked;
    }
    CHECK(checked == k_skus);
    CHECK(f.listing("FBA-MUG").at("quantity").as_int64() == 17);
}
