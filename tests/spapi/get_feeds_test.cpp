// getFeeds over loopback: every page is followed through nextToken (which then travels alone),
// and feeds of other marketplaces, types or older than createdSince are left out client-side.
#include "rig.hpp"
#include "spapi/documents_api.hpp"

#include <doctest/doctest.h>
#include <vector>

using namespace amzconn;
using namespace amzconn::spapi;
using amzconn::test::http_reply;
using amzconn::test::RawRequest;
using amzconn::test::Rig;

namespace {

std::string feed(const std::string& id, const std::string& market, const std::string& created,
                 const std::string& status, const std::string& type = "JSON_LISTINGS_FEED") {
    return R"({"feedId":")" + id + R"(","feedType":")" + type + R"(","marketplaceIds":[")" +
           market + R"("],"createdTime":")" + created + R"(","processingStatus":")" + status +
           R"("})";
}

} // namespace

TEST_CASE("spapi: getFeeds follows nextToken and filters marketplace and createdSince itself") {
    std::vector<std::string> targets;
    Rig rig([&](const RawRequest& req, int) {
        targets.push_back(req.target);
        if (req.target.find("nextToken=T2") != std::string::npos) {
            return http_reply(
                200, R"({"feeds":[)" +
                         feed("F3", "A1F83G8C2ARO7P", "2026-01-01T10:05:00Z", "DONE") + "," +
                         feed("F4", "A1F83G8C2ARO7P", "2026-01-01T08:00:00Z", "IN_QUEUE") + "]}");
        }
        return http_reply(
            200, R"({"feeds":[)" +
                     feed("F1", "A1F83G8C2ARO7P", "2026-01-01T10:01:00Z", "IN_PROGRESS") + "," +
                     feed("F2", "ATVPDKIKX0DER", "2026-01-01T10:02:00Z", "IN_QUEUE") + "," +
                     feed("F5", "A1F83G8C2ARO7P", "2026-01-01T10:03:00Z", "DONE",
                          "POST_ORDER_ACKNOWLEDGEMENT_DATA") +
                     R"(],"nextToken":"T2"})");
    });
    documents::FeedsQuery query;
    query.feed_types = {"JSON_LISTINGS_FEED"};
    query.marketplace_ids = {"A1F83G8C2ARO7P"};
    query.created_since = *time::parse_rfc3339("2026-01-01T10:00:00Z");
    auto feeds = documents::get_feeds(*rig.client, query);
    REQUIRE(feeds.ok());
    REQUIRE(feeds->size() == 2);
    CHECK((*feeds)[0].feed_id == "F1");
    CHECK_FALSE((*feeds)[0].terminal());
    CHECK((*feeds)[1].feed_id == "F3");
    CHECK((*feeds)[1].terminal());

    REQUIRE(targets.size() == 2);
    CHECK(targets[0].rfind("/feeds/2021-06-30/feeds?", 0) == 0);
    CHECK(targets[0].find("feedTypes=JSON_LISTINGS_FEED") != std::string::npos);
    CHECK(targets[0].find("marketplaceIds=A1F83G8C2ARO7P") != std::string::npos);
    CHECK(targets[0].find("createdSince=2026-01-01T10%3A00%3A00Z") != std::string::npos);
    CHECK(targets[0].find("pageSize=100") != std::string::npos);
    CHECK(targets[1] == "/feeds/2021-06-30/feeds?nextToken=T2");
}

TEST_CASE("spapi: getFeeds refuses a query without a feed type before calling Amazon") {
    int calls = 0;
    Rig rig([&](const RawRequest&, int) {
        ++calls;
        return http_reply(200, R"({"feeds":[]})");
    });
    auto feeds = documents::get_feeds(*rig.client, {});
    REQUIRE_FALSE(feeds.ok());
    CHECK(feeds.error().operation == "getFeeds");
    CHECK(calls == 0);
}

TEST_CASE("spapi: a getFeeds entry that does not match the model is a data error") {
    Rig rig(
        [&](const RawRequest&, int) { return http_reply(200, R"({"feeds":[{"feedId":"F1"}]})"); });
    documents::FeedsQuery query;
    query.feed_types = {"JSON_LISTINGS_FEED"};
    auto feeds = documents::get_feeds(*rig.client, query);
    REQUIRE_FALSE(feeds.ok());
    CHECK(feeds.error().kind == ErrorKind::data);
}
