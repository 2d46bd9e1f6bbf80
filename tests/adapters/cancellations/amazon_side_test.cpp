// What Amazon says of an order's cancellations, read for the order import.
#include "cancellations/amazon_side.hpp"

#include <doctest/doctest.h>

using namespace amzconn::cancellations;

TEST_CASE("cancellations: units Amazon cancelled are ordered minus fulfilled minus unfulfilled") {
    AmazonItem blue{"111", "MUG-BLUE", 3, 0, 1, std::nullopt, std::nullopt, "BUYER", "NoInventory"};
    AmazonItem red{"222",        "MUG-RED",    1,           0, 1, std::nullopt,
                   std::nullopt, std::nullopt, std::nullopt};
    const auto side = read_amazon_side({blue, red});
    REQUIRE(side.cancelled.size() == 1);
    CHECK(side.cancelled[0].units == 2);
    CHECK(side.cancelled[0].by == "BUYER");
    CHECK(describe(side.cancelled) == "2 of MUG-BLUE (BUYER, NoInventory)");
    CHECK_FALSE(side.request.has_value());
}

TEST_CASE("cancellations: a buyer's request on open units is read with its reason, and once "
          "executed it is no longer open") {
    AmazonItem asked{"111",        "MUG-BLUE",  2, 0, 2, "BUYER", "Changed my mind",
                     std::nullopt, std::nullopt};
    AmazonItem other{"222",        "MUG-RED",    1,           0, 1, std::nullopt,
                     std::nullopt, std::nullopt, std::nullopt};
    const auto side = read_amazon_side({asked, other});
    REQUIRE(side.request.has_value());
    CHECK(side.request->reason == "Changed my mind");
    REQUIRE(side.request->items.size() == 1);
    CHECK(side.request->items[0].units == 2);
    CHECK_FALSE(side.request->whole_order);
    CHECK(read_amazon_side({asked}).request->whole_order);

    asked.cancelled_by = "MERCHANT";
    asked.unfulfilled = 0;
    const auto done = read_amazon_side({asked, other});
    CHECK_FALSE(done.request.has_value());
    CHECK(done.cancelled.size() == 1);
}

TEST_CASE("cancellations: an order with no cancellation data says nothing") {
    AmazonItem plain{"111",        "MUG-BLUE",   2,           1, 1, std::nullopt,
                     std::nullopt, std::nullopt, std::nullopt};
    CHECK(read_amazon_side({plain}).empty());
}
