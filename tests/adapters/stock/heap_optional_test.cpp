// The rarely engaged parts of a last-sent state live on the heap (HeapOptional), with
// std::optional's meaning.
#include "stock/delta.hpp"
#include "stock/heap_optional.hpp"

#include <doctest/doctest.h>
#include <optional>
#include <string>

using amzconn::stock::Computation;
using amzconn::stock::HeapOptional;
using amzconn::stock::SentState;

TEST_CASE("stock: a heap optional is engaged, copied deeply, assigned and compared as "
          "std::optional") {
    HeapOptional<std::string> empty;
    CHECK_FALSE(empty.has_value());
    CHECK_FALSE(static_cast<bool>(empty));
    CHECK(std::optional<std::string>(empty) == std::nullopt);

    HeapOptional<std::string> a = std::string("DEFAULT");
    REQUIRE(a.has_value());
    CHECK(*a == "DEFAULT");
    CHECK(a->size() == 7);

    HeapOptional<std::string> copy = a; // its own value, not a shared one
    *copy = "AMAZON_EU";
    CHECK(*a == "DEFAULT");
    CHECK_FALSE(copy == a);

    HeapOptional<std::string> assigned;
    assigned = a;
    CHECK(assigned == a);
    assigned = empty; // an empty copy disengages
    CHECK_FALSE(assigned.has_value());
    CHECK(assigned == empty);
    CHECK_FALSE(assigned == a);

    assigned = std::string("B0MUG00001"); // engages with the value
    CHECK(*assigned == "B0MUG00001");
    assigned = std::string("B0TEA00001"); // replaces it
    CHECK(*assigned == "B0TEA00001");
    CHECK(std::optional<std::string>(assigned) == std::optional<std::string>("B0TEA00001"));

    HeapOptional<std::string> moved = std::move(assigned);
    CHECK(*moved == "B0TEA00001");
    moved.reset();
    CHECK_FALSE(moved.has_value());
    CHECK(moved == empty);
}

TEST_CASE("stock: a last-sent state keeps its pending and deferred values in a pointer each, so "
          "a pass reads and copies half the bytes per listing") {
    CHECK(sizeof(HeapOptional<Computation>) == sizeof(void*));
    CHECK(sizeof(SentState) <= 320); // 544 with both inline
    SentState state;
    state.pending = amzconn::stock::ListingValues{"DEFAULT", 4, 2, {}};
    state.deferred = Computation{{"DEFAULT", 5, 2, {}}, 2000, 9};
    SentState copy = state;
    copy.pending->quantity = 6;
    copy.deferred.reset();
    CHECK(state.pending->quantity == 4);
    REQUIRE(state.deferred.has_value());
    CHECK(state.deferred->values.quantity == 5);
}
