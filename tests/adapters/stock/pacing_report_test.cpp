// Feed pacing (5 per 5 minutes per region) and processing-report mapping.
#include "stock/feed_pacing.hpp"
#include "stock/processing_report.hpp"
#include "stock_fixtures.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

using namespace amzconn::stock;
using stock_test::k_minute;

namespace {

// Every window [t, t + 5 min) holds at most 5 submissions.
void check_window(std::vector<int64_t> times) {
    std::sort(times.begin(), times.end());
    for (std::size_t i = 0; i < times.size(); ++i) {
        std::size_t in_window = 0;
        for (std::size_t j = i; j < times.size() && times[j] < times[i] + 5 * k_minute; ++j) {
            ++in_window;
        }
        CHECK(in_window <= 5);
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("stock: the pacing planner submits at most 5 feeds per 5 minutes") {
    const std::vector<int64_t> none;
    PacingPlan fresh = plan_feed_submissions(none, 3, 0);
    CHECK(fresh.submit_now == 3);
    CHECK(fresh.next_slot_at_ms == 0);

    const std::vector<int64_t> four = {-4 * k_minute, -3 * k_minute, -2 * k_minute, -k_minute};
    PacingPlan busy = plan_feed_submissions(four, 3, 0);
    CHECK(busy.submit_now == 1);
    CHECK(busy.next_slot_at_ms == k_minute); // the one from −4 min expires at +1 min

    const std::vector<int64_t> old = {-10 * k_minute, -6 * k_minute};
    CHECK(plan_feed_submissions(old, 9, 0).submit_now == 5);
}

TEST_CASE("stock: 60,000 SKUs in 3 feeds are paced within 5 per 5 minutes") {
    // Four feeds went out in the last minutes; the three new ones must wait for slots.
    const std::vector<int64_t> recent = {-4 * k_minute, -3 * k_minute, -30'000, -10'000};
    const std::vector<int64_t> plan = schedule_feed_submissions(recent, 3, 0);
    REQUIRE(plan.size() == 3);
    CHECK(plan[0] == 0);
    CHECK(plan[1] == k_minute);
    CHECK(plan[2] == 2 * k_minute);
    std::vector<int64_t> all = recent;
    all.insert(all.end(), plan.begin(), plan.end());
    check_window(all);
}

TEST_CASE("stock: a long queue of feeds is paced without ever bursting past the limit") {
    const std::vector<int64_t> none;
    const std::vector<int64_t> plan = schedule_feed_submissions(none, 23, 1000);
    REQUIRE(plan.size() == 23);
    CHECK(std::is_sorted(plan.begin(), plan.end()));
    check_window(plan);
    CHECK(plan[4] == 1000);
    CHECK(plan[5] == 1000 + 5 * k_minute);
}

TEST_CASE("stock: the processing-report example maps issues back to SKUs and marketplaces") {
    const std::string text = read_file(std::string(AMZCONN_SCHEMA_DIR) +
                                       "/listings-feed-processing-report-schema-v2.example.json");
    std::vector<FeedMessageRef> sent;
    const char* skus[] = {"My-SKU-A", "My-SKU-E", "My-SKU-D", "My-SKU-B", "My-SKU-C"};
    for (int i = 0; i < 5; ++i) {
        sent.push_back(FeedMessageRef{i + 1, skus[i], "ATVPDKIKX0DER"});
    }
    auto report = parse_processing_report(text, sent);
    REQUIRE(report.ok());
    CHECK(report->feed_id == "1234567890");
    CHECK(report->counts.errors == 3);
    CHECK(report->counts.messages_processed == 4);
    CHECK(report->counts.messages_accepted == 2);
    CHECK(report->counts.messages_invalid == 2);
    REQUIRE(report->issues.size() == 3);
    CHECK(report->issues[0].sku == "My-SKU-B");
    CHECK(report->issues[0].marketplace_id == "ATVPDKIKX0DER");
    CHECK(report->issues[0].code == "90220");
    CHECK(report->issues[0].severity == "ERROR");
    CHECK(report->issues[2].attribute_name == "purchasable_offer.our_price");
    REQUIRE(report->outcomes.size() == 5);
    CHECK(report->outcomes[0].accepted);
    CHECK_FALSE(report->outcomes[3].accepted);
    CHECK(report->outcomes[3].error.find("batteries_required") != std::string::npos);
    CHECK(report->outcomes[3].error.find("supplier_declared_dg_hz_regulation") !=
          std::string::npos);
    CHECK_FALSE(report->outcomes[4].accepted);
}

TEST_CASE("stock: a feed-level error with nothing accepted rejects every message") {
    const std::string text = R"({"header":{"sellerId":"S","version":"2.0","feedId":"9"},
        "issues":[{"code":"4000003","severity":"ERROR","message":"The feed is not valid JSON."}],
        "summary":{"errors":1,"warnings":0,"messagesProcessed":0,"messagesAccepted":0,"messagesInvalid":0}})";
    std::vector<FeedMessageRef> sent = {{1, "A", "M"}, {2, "B", "M"}};
    auto report = parse_processing_report(text, sent);
    REQUIRE(report.ok());
    CHECK_FALSE(report->outcomes[0].accepted);
    CHECK_FALSE(report->outcomes[1].accepted);
    CHECK_FALSE(report->issues[0].message_id.has_value());
}

TEST_CASE("stock: a warning does not reject a message") {
    const std::string text = R"({"header":{"sellerId":"S","version":"2.0","feedId":"9"},
        "issues":[{"messageId":1,"severity":"WARNING","message":"soon"}],
        "summary":{"errors":0,"warnings":1,"messagesProcessed":1,"messagesAccepted":1,"messagesInvalid":0}})";
    std::vector<FeedMessageRef> sent = {{1, "A", "M"}};
    auto report = parse_processing_report(text, sent);
    REQUIRE(report.ok());
    CHECK(report->outcomes[0].accepted);
    CHECK(report->issues[0].sku == "A");
}

TEST_CASE("stock: a malformed processing report is an error that says what is missing") {
    std::vector<FeedMessageRef> sent;
    CHECK_FALSE(parse_processing_report("not json", sent).ok());
    auto no_summary = parse_processing_report(R"({"header":{},"issues":[]})", sent);
    REQUIRE_FALSE(no_summary.ok());
    CHECK(no_summary.error().message.find("summary") != std::string::npos);
}
