// split_supply: how one product's units are divided among the SKUs that draw on it.
#include "stock/share_split.hpp"

#include <doctest/doctest.h>
#include <numeric>
#include <random>

using namespace amzconn::stock;

TEST_CASE("stock: shares are whole multiples of each need and never add up past the supply") {
    std::mt19937 rng(7);
    for (int round = 0; round < 2000; ++round) {
        const int64_t supply = std::uniform_int_distribution<int64_t>(-5, 200)(rng);
        std::vector<ShareClaim> claims;
        const int n = std::uniform_int_distribution<int>(0, 5)(rng);
        for (int i = 0; i < n; ++i) {
            ShareClaim c;
            c.weight = std::uniform_int_distribution<int64_t>(1, 7)(rng);
            if (std::uniform_int_distribution<int>(0, 1)(rng) == 1) {
                c.cap = std::uniform_int_distribution<int64_t>(0, 60)(rng);
            }
            claims.push_back(c);
        }
        const std::vector<int64_t> shares = split_supply(supply, claims);
        REQUIRE(shares.size() == claims.size());
        int64_t total = 0;
        for (std::size_t i = 0; i < claims.size(); ++i) {
            CHECK(shares[i] % claims[i].weight == 0);
            CHECK(shares[i] <= claims[i].cap);
            CHECK(shares[i] >= 0);
            total += shares[i];
        }
        CHECK(total <= std::max<int64_t>(supply, 0));
        // Nothing left that any claim could still take.
        const int64_t left = std::max<int64_t>(supply, 0) - total;
        for (std::size_t i = 0; i < claims.size(); ++i) {
            CHECK_FALSE(
                (left >= claims[i].weight && claims[i].cap - shares[i] >= claims[i].weight));
        }
    }
}

TEST_CASE("stock: equal needs share a supply evenly, the earlier claim taking the odd unit") {
    const std::vector<ShareClaim> claims = {{1, k_no_cap}, {1, k_no_cap}};
    CHECK(split_supply(11, claims) == std::vector<int64_t>{6, 5});
}

TEST_CASE("stock: a capped claim leaves its unused units to the others") {
    const std::vector<ShareClaim> claims = {{1, k_no_cap}, {2, 4}};
    CHECK(split_supply(20, claims) == std::vector<int64_t>{16, 4});
}

TEST_CASE("stock: huge supplies are split in bulk rounds without overflow") {
    const std::vector<ShareClaim> claims = {{1, k_no_cap}, {3, k_no_cap}};
    const int64_t supply = 4'000'000'000'000'000'001;
    const std::vector<int64_t> shares = split_supply(supply, claims);
    CHECK(shares[0] == 1'000'000'000'000'000'001);
    CHECK(shares[1] == 3'000'000'000'000'000'000);
}
