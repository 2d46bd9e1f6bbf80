// JSON_LISTINGS_FEED documents: shapes, schema validation, splitting and the message map.
#include "stock/listings_feed.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <random>

using namespace amzconn::stock;
namespace json = boost::json;

namespace {

ListingUpdate stock_and_price(std::string sku, int64_t quantity, std::string amount = "19.99",
                              std::string marketplace = "A1PA6795UKMFR9") {
    ListingUpdate u;
    u.sku = std::move(sku);
    u.marketplace_id = std::move(marketplace);
    u.send_availability = true;
    u.send_price = true;
    u.values.channel_code = "DEFAULT";
    u.values.quantity = quantity;
    u.values.lead_time_days = 2;
    u.values.price = PriceValue{"EUR", std::move(amount)};
    return u;
}

FeedHeader header() {
    return FeedHeader{"A2SELLER", "en_US"};
}

std::filesystem::path temp_dir(const std::string& name) {
    std::random_device rd;
    auto dir = std::filesystem::temp_directory_path() /
               ("amzconn-stock-" + name + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    return dir;
}

int validate(const std::filesystem::path& dir, const std::vector<std::string>& documents) {
    std::string command = std::string(AMZCONN_SYSTEM_PYTHON) + " " + AMZCONN_STOCK_VALIDATOR +
                          " '" + AMZCONN_SCHEMA_DIR + "'";
    for (std::size_t i = 0; i < documents.size(); ++i) {
        const auto path = dir / ("feed-" + std::to_string(i) + ".json");
        std::ofstream(path) << documents[i];
        command += " '" + path.string() + "'";
    }
    const int status = std::system(command.c_str());
    return status;
}

} // namespace

TEST_CASE("stock: a feed message patches availability and offer in the documented shape") {
    auto feeds = build_listings_feeds(header(), std::vector{stock_and_price("SKU-1", 7)});
    REQUIRE(feeds.ok());
    REQUIRE(feeds->size() == 1);
    const json::value doc = json::parse((*feeds)[0].document);
    CHECK(doc.at("header").at("sellerId") == "A2SELLER");
    CHECK(doc.at("header").at("version") == "2.0");
    CHECK(doc.at("header").at("issueLocale") == "en_US");
    const json::value& m = doc.at("messages").at(0);
    CHECK(m.at("messageId").as_int64() == 1);
    CHECK(m.at("sku") == "SKU-1");
    CHECK(m.at("operationType") == "PATCH");
    CHECK(m.at("productType") == "PRODUCT");
    const json::value& fa = m.at("patches").at(0);
    CHECK(fa.at("op") == "replace");
    CHECK(fa.at("path") == "/attributes/fulfillment_availability");
    CHECK(fa.at("value").at(0).at("fulfillment_channel_code") == "DEFAULT");
    CHECK(fa.at("value").at(0).at("quantity").as_int64() == 7);
    CHECK(fa.at("value").at(0).at("lead_time_to_ship_max_days").as_int64() == 2);
    const json::value& po = m.at("patches").at(1);
    CHECK(po.at("path") == "/attributes/purchasable_offer");
    CHECK(po.at("value").at(0).at("marketplace_id") == "A1PA6795UKMFR9");
    CHECK(po.at("value").at(0).at("currency") == "EUR");
    CHECK(po.at("value")
              .at(0)
              .at("our_price")
              .at(0)
              .at("schedule")
              .at(0)
              .at("value_with_tax")
              .is_number());
    // The price text goes out exactly as validated, never through a double.
    CHECK((*feeds)[0].document.find(R"("value_with_tax":19.99})") != std::string::npos);
}

TEST_CASE("stock: an FBA switch carries the Amazon channel and no quantity") {
    ListingUpdate u;
    u.sku = "SKU-2";
    u.marketplace_id = "A1PA6795UKMFR9";
    u.send_availability = true;
    u.values.channel_code = "AMAZON_EU";
    u.values.quantity = 5; // must not be sent for an FBA channel
    auto feeds = build_listings_feeds(header(), std::vector{u});
    REQUIRE(feeds.ok());
    const json::value doc = json::parse((*feeds)[0].document);
    const json::object& value =
        doc.at("messages").at(0).at("patches").at(0).at("value").at(0).as_object();
    CHECK(value.at("fulfillment_channel_code") == "AMAZON_EU");
    CHECK_FALSE(value.contains("quantity"));
    CHECK(doc.at("messages").at(0).at("patches").as_array().size() == 1);
}

TEST_CASE("stock: generated feed documents validate against the feed and message schemas") {
    std::vector<ListingUpdate> updates = {stock_and_price("SKU-1", 7),
                                          stock_and_price("odd \"sku\"\\ \xc3\xa9\t", 0, "1"),
                                          stock_and_price("JP-1", 3, "1999", "A1VC38T7YXB528")};
    updates[2].values.price->currency = "JPY";
    ListingUpdate price_only = stock_and_price("SKU-P", 1, "5.50");
    price_only.send_availability = false;
    ListingUpdate afn;
    afn.sku = "SKU-AFN";
    afn.marketplace_id = "ATVPDKIKX0DER";
    afn.send_availability = true;
    afn.values.channel_code = "AMAZON_NA";
    updates.push_back(price_only);
    updates.push_back(afn);
    FeedLimits limits;
    limits.max_messages = 2; // several documents
    auto feeds = build_listings_feeds(header(), updates, limits);
    REQUIRE(feeds.ok());
    REQUIRE(feeds->size() == 3);
    std::vector<std::string> documents;
    for (const ListingsFeed& f : *feeds) {
        documents.push_back(f.document);
    }
    const auto dir = temp_dir("valid");
    CHECK(validate(dir, documents) == 0);

    // The validator is able to fail: a message id of 0 and a missing productType are rejected.
    std::string broken = documents[0];
    broken.replace(broken.find("\"messageId\":1"), 13, "\"messageId\":0");
    broken.replace(broken.find("\"productType\""), 13, "\"productKind\"");
    CHECK(validate(temp_dir("broken"), {broken}) != 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("stock: 60,000 SKUs make 3 feeds of at most 25,000 messages") {
    std::vector<ListingUpdate> updates;
    updates.reserve(60'000);
    for (int i = 0; i < 60'000; ++i) {
        ListingUpdate u = stock_and_price("SKU-" + std::to_string(i), i % 50);
        u.send_price = false; // a stock push
        updates.push_back(std::move(u));
    }
    auto feeds = build_listings_feeds(header(), updates);
    REQUIRE(feeds.ok());
    REQUIRE(feeds->size() == 3);
    CHECK((*feeds)[0].messages.size() == 25'000);
    CHECK((*feeds)[1].messages.size() == 25'000);
    CHECK((*feeds)[2].messages.size() == 10'000);
    CHECK((*feeds)[1].messages.front().message_id == 1);
    CHECK((*feeds)[1].messages.back().message_id == 25'000);
    CHECK((*feeds)[1].messages.front().sku == "SKU-25000");
    for (const ListingsFeed& f : *feeds) {
        CHECK(f.document.size() <= 10U * 1024U * 1024U);
        const json::value doc = json::parse(f.document);
        CHECK(doc.at("messages").as_array().size() == f.messages.size());
    }
}

TEST_CASE("stock: 60,000 SKUs with prices stay under 10 MiB per feed") {
    std::vector<ListingUpdate> updates;
    updates.reserve(60'000);
    for (int i = 0; i < 60'000; ++i) {
        updates.push_back(stock_and_price("SKU-" + std::to_string(i), i % 50));
    }
    auto feeds = build_listings_feeds(header(), updates);
    REQUIRE(feeds.ok());
    CHECK(feeds->size() == 3); // about 430 bytes a message: the byte limit splits first
    std::size_t total = 0;
    for (const ListingsFeed& f : *feeds) {
        CHECK(f.document.size() <= 10U * 1024U * 1024U);
        CHECK(f.messages.size() <= 25'000);
        total += f.messages.size();
    }
    CHECK(total == 60'000);
}

TEST_CASE("stock: feeds split before the byte limit and keep every message") {
    std::vector<ListingUpdate> updates;
    for (int i = 0; i < 100; ++i) {
        updates.push_back(stock_and_price("SKU-" + std::to_string(i), i));
    }
    FeedLimits limits;
    limits.max_bytes = 4096;
    auto feeds = build_listings_feeds(header(), updates, limits);
    REQUIRE(feeds.ok());
    CHECK(feeds->size() > 1);
    std::size_t total = 0;
    for (const ListingsFeed& f : *feeds) {
        CHECK(f.document.size() <= 4096);
        const json::value doc = json::parse(f.document);
        CHECK(doc.at("messages").as_array().size() == f.messages.size());
        total += f.messages.size();
    }
    CHECK(total == 100);
    limits.max_bytes = 100;
    CHECK_FALSE(build_listings_feeds(header(), updates, limits).ok());
}

TEST_CASE("stock: an invalid update fails the whole feed build") {
    std::vector<ListingUpdate> updates = {stock_and_price("OK", 1), stock_and_price("BAD", -1)};
    auto negative = build_listings_feeds(header(), updates);
    REQUIRE_FALSE(negative.ok());
    CHECK(negative.error().message.find("BAD") != std::string::npos);
    for (const char* amount : {"1e3", "-1.00", "01.5", "1,50", ""}) {
        CAPTURE(amount);
        CHECK_FALSE(
            build_listings_feeds(header(), std::vector{stock_and_price("P", 1, amount)}).ok());
    }
    CHECK_FALSE(
        build_listings_feeds(FeedHeader{"", "en_US"}, std::vector{stock_and_price("P", 1)}).ok());
}

TEST_CASE("stock: the feed message map survives host state as JSON") {
    auto feeds = build_listings_feeds(
        header(),
        std::vector{stock_and_price("A", 1), stock_and_price("B", 2, "3.00", "A13V1IB3VIYZZH")});
    REQUIRE(feeds.ok());
    const auto& refs = (*feeds)[0].messages;
    auto back = message_refs_from_json(json::parse(json::serialize(to_json(refs))));
    REQUIRE(back.ok());
    REQUIRE(back->size() == 2);
    CHECK((*back)[1].message_id == 2);
    CHECK((*back)[1].sku == "B");
    CHECK((*back)[1].marketplace_id == "A13V1IB3VIYZZH");
    CHECK_FALSE(message_refs_from_json(json::parse(R"([[1,"A"]])")).ok());
}
