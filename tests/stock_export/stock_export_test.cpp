// The stock export engine end to end: the real plugin over the in-memory host against the real
// sandbox, whose listings are Amazon's side of the truth.
#include "fixture.hpp"
#include "stock/feed_pacing.hpp"
#include "stock/listings_feed.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

namespace json = boost::json;
using namespace amzconn::stock_tests;

TEST_CASE(
    "stock_export: after export and poll every FBM listing shows the host's available and FBA "
    "listings are untouched") {
    Fixture f;
    const auto report = f.job("export_stock");
    CHECK(report.at("status").as_string() == "ok");
    CHECK(report.at("counts").at("feeds").as_int64() == 1);
    CHECK(report.at("counts").at("fba").as_int64() == 1);
    const auto polled = f.poll_until_done();
    CHECK(polled.at("counts").at("feeds_done").as_int64() == 1);
    CHECK(polled.at("counts").at("rejected").as_int64() == 0);

    // MUG: 7 free, COASTER: 6; the gift set (1 mug + 2 coasters, none on hand) shows what can
    // be assembled from them (include_assembly, Unleashed's rule): min(7 / 1, 6 / 2).
    CHECK(f.listing("MUG").at("quantity").as_int64() == 7);
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 6);
    CHECK(f.listing("GIFT-SET").at("quantity").as_int64() == 3);
    CHECK(f.listing("FBA-MUG").at("quantity").as_int64() == 17);
    CHECK(f.listing("FBA-MUG").at("channel").as_string() == "AMAZON_EU");

    // The feed log entity and an INFO line with Amazon's feed id.
    CHECK(f.host.entity_count("feed") == 1);
    CHECK(f.logged(amzconn::LogLevel::info, "JSON_LISTINGS_FEED"));
}

TEST_CASE("stock_export: a second export with unchanged stock sends nothing") {
    Fixture f;
    f.job("export_stock");
    f.poll_until_done();
    const auto before = f.sandbox.total_calls();
    const auto second = f.job("export_stock");
    CHECK(second.at("counts").at("sent").as_int64() == 0);
    CHECK(second.at("counts").at("feeds").as_int64() == 0);
    CHECK(second.at("counts").at("unchanged").as_int64() == 3);
    CHECK(f.sandbox.total_calls() == before); // the listings cache is fresh: not even a report
}

TEST_CASE("stock_export: a changed stock level is sent as an absolute value on the next export") {
    Fixture f;
    f.job("export_stock");
    f.poll_until_done();
    f.level("COASTER", "MAIN", 0, 0);
    f.level("MUG", "MAIN", 25, 5);
    const auto report = f.job("export_stock");
    CHECK(report.at("counts").at("sent").as_int64() >= 2);
    f.poll_until_done();
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 0);
    CHECK(f.listing("GIFT-SET").at("quantity").as_int64() == 0);
    CHECK(f.listing("MUG").at("quantity").as_int64() == 20);
}

TEST_CASE(
    "stock_export: a stock_changed event reaches the sandbox at once through patchListingsItem") {
    Fixture f;
    f.job("export_stock");
    f.poll_until_done();
    f.level("COASTER", "MAIN", 40, 0);
    f.level("MUG", "MAIN", 0, 0);
    auto answer = f.connector->handle_event(R"({"kind":"stock_changed","skus":["COASTER"]})");
    REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.error().message));
    const auto doc = json::parse(*answer).as_object();
    const auto& store = doc.at("reports").at(0).as_object();
    CHECK(store.at("counts").at("patches").as_int64() >= 1);
    // No poll: the patches are applied when Amazon accepts them. MUG is BOM-connected to the
    // coaster through the gift set, so it is recomputed too.
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 40);
    CHECK(f.listing("MUG").at("quantity").as_int64() == 0);
    CHECK(f.listing("GIFT-SET").at("quantity").as_int64() == 0);
    CHECK(f.listing("FBA-MUG").at("quantity").as_int64() == 17);
}

TEST_CASE("stock_export: a SKU Amazon refuses in a feed becomes an ERROR log line with Amazon's "
          "message") {
    Fixture f;
    f.job("export_stock"); // learns MUG as merchant-fulfilled
    f.poll_until_done();
    // Amazon moved MUG to FBA after the channel was learnt: the next quantity is refused.
    amzconn::testing::http(
        "POST", f.sandbox.url() + "/_sandbox/listings",
        R"({"listings":[{"sku":"MUG","marketplace_id":"A1F83G8C2ARO7P","channel":"AMAZON_EU","quantity":3}]})");
    f.level("MUG", "MAIN", 30, 0);
    f.job("export_stock");
    const auto polled = f.poll_until_done();
    CHECK(polled.at("counts").at("rejected").as_int64() >= 1);
    bool found = false;
    for (const auto& line : f.host.log_lines()) {
        if (line.level == amzconn::LogLevel::error && line.reference == "MUG" &&
            line.message.find("8026") != std::string::npos) {
            found = true;
        }
    }
    CHECK(found);
    CHECK(f.listing("MUG").at("quantity").as_int64() == 3);
}

TEST_CASE("stock_export: explain_stock accounts for every unit and shows the value last sent") {
    Fixture f;
    f.job("export_stock");
    f.poll_until_done();
    const auto report = f.job("explain_stock", {{"sku", "MUG"}});
    const std::string text(report.at("explanation").as_string());
    CHECK(text.find("MAIN") != std::string::npos);
    CHECK(text.find("BACK") != std::string::npos); // listed, not counted
    const auto& terms = report.at("terms").as_object();
    REQUIRE(terms.contains("quantity"));
    CHECK(report.at("accounted").as_int64() == terms.at("quantity").as_int64());
    CHECK(terms.at("quantity").as_int64() == f.listing("MUG").at("quantity").as_int64());
    CHECK(text.find(k_uk) != std::string::npos);
}

TEST_CASE("stock_export: stock disabled makes no Amazon call") {
    Fixture f(false);
    const auto before = f.sandbox.total_calls();
    const auto report = f.job("export_stock");
    CHECK(report.at("status").as_string() == "ok");
    CHECK(f.sandbox.total_calls() == before);
    CHECK(f.listing("MUG").at("quantity").as_int64() == 0);
}

TEST_CASE("stock_export: 60,000 updates split into 3 feeds submitted within 5 per 5 minutes") {
    std::vector<amzconn::stock::ListingUpdate> updates;
    for (int i = 0; i < 60'000; ++i) {
        amzconn::stock::ListingUpdate u;
        u.sku = "SKU-" + std::to_string(i);
        u.marketplace_id = k_uk;
        u.send_availability = true;
        u.values.channel_code = "DEFAULT";
        u.values.quantity = i % 50;
        u.values.lead_time_days = 2;
        updates.push_back(std::move(u));
    }
    auto feeds = amzconn::stock::build_listings_feeds({"A2SANDBOXSELLER"}, updates);
    REQUIRE(feeds.ok());
    REQUIRE(feeds->size() == 3);
    size_t total = 0;
    for (const auto& feed : *feeds) {
        CHECK(feed.messages.size() <= 25'000);
        CHECK(feed.document.size() <= 10U * 1024U * 1024U);
        total += feed.messages.size();
    }
    CHECK(total == 60'000);
    // With 4 feeds already sent this window, one goes now and the other two wait 5 minutes.
    const std::vector<int64_t> earlier{0, 1000, 2000, 3000};
    const auto plan = amzconn::stock::plan_feed_submissions(earlier, 3, 10'000);
    CHECK(plan.submit_now == 1);
    const auto times = amzconn::stock::schedule_feed_submissions(earlier, 3, 10'000);
    REQUIRE(times.size() == 3);
    CHECK(times[1] >= 300'000);
    CHECK(times[2] >= 301'000);
}

TEST_CASE(
    "stock_export: feeds beyond the region's 5 per 5 minutes wait in host state and go later") {
    Fixture f;
    // Five feeds of this seller in EU were just submitted (by other runs or stores).
    json::array recent;
    for (int i = 0; i < 5; ++i) {
        recent.push_back(f.host.now_ms() - 1000);
    }
    REQUIRE(f.host
                .state_put("amzconn", "feed_pacing:EU:A2SANDBOXSELLER",
                           json::serialize(json::object{{"submitted_at_ms", recent}}),
                           amzconn::k_version_absent)
                .ok());
    const auto report = f.job("export_stock");
    CHECK(report.at("status").as_string() == "retry_later");
    CHECK(report.at("counts").at("feeds").as_int64() == 0);
    CHECK(report.at("counts").at("queued").as_int64() == 3);
    CHECK(report.at("retry_after_s").as_int64() > 0);
    CHECK(f.sandbox.state().at("feeds").as_array().empty());

    f.host.advance_ms(5 * 60 * 1000);
    auto first = f.job("poll_feeds"); // a slot is open: the queued listings go
    CHECK(first.at("counts").at("queued_sent").as_int64() == 3);
    f.poll_until_done();
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 6);
    CHECK(f.listing("GIFT-SET").at("quantity").as_int64() == 3);
    CHECK(f.listing("MUG").at("quantity").as_int64() == 7);
}

TEST_CASE("stock_export: a new plugin instance resumes polling the feeds the last one submitted") {
    Fixture f;
    const auto report = f.job("export_stock");
    REQUIRE(report.at("counts").at("feeds").as_int64() == 1);
    // The first instance goes away before polling; a new one over the same host state polls.
    f.reload();
    const auto polled = f.poll_until_done();
    CHECK(polled.at("counts").at("feeds_done").as_int64() == 1);
    CHECK(polled.at("counts").at("accepted").as_int64() == 3);
    const auto feed = f.host.entity(
        "feed",
        "uk1:" +
            std::string(f.sandbox.state().at("feeds").as_array().at(0).at("feedId").as_string()));
    REQUIRE(feed.has_value());
    const auto doc = json::parse(*feed).as_object();
    CHECK(doc.at("status").as_string() == "DONE");
    CHECK(doc.at("result").at("accepted").as_int64() == 3);
    // The sent state now holds what Amazon acknowledged: nothing is pending any more.
    auto sent = f.host.state_list("store:uk1", "stock/sent/");
    REQUIRE(sent.ok());
    CHECK(sent->size() == 3);
    for (const auto& entry : *sent) {
        CHECK(entry.value.find("\"pending\"") == std::string::npos);
    }
}
