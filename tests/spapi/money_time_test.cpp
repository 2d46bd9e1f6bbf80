// Exact money, RFC 3339 time (reliability plan §2.3 money/dates, §2.8) and URL percent-coding.
#include "base/money.hpp"
#include "base/time.hpp"
#include "base/url.hpp"

#include <array>
#include <doctest/doctest.h>
#include <numeric>

using namespace amzconn;

TEST_CASE("spapi: decimal strings parse exactly and keep their scale") {
    auto d = money::parse_decimal("19.99");
    REQUIRE(d.ok());
    CHECK(d->units == 1999);
    CHECK(d->scale == 2);
    CHECK(money::to_string(*d) == "19.99");
    CHECK(money::to_string(*money::parse_decimal("-0.05")) == "-0.05");
    CHECK(money::to_string(*money::parse_decimal("19940")) == "19940");
    CHECK(*money::parse_decimal("1.50") == *money::parse_decimal("1.5"));
    CHECK(money::parse_decimal("-0.00")->units == 0);
    CHECK(money::parse_decimal("123456789012345678").ok());
}

TEST_CASE("spapi: a decimal's text is its digits with the point before the last scale digits") {
    // Against the plain rule written out with std::string, over signs, zero padding, every scale
    // and the int64 extremes; every text parses back to the same units and scale.
    const auto spelled = [](int64_t units, int32_t scale) {
        const bool negative = units < 0;
        const uint64_t m =
            negative ? 0ULL - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
        std::string digits = std::to_string(m);
        const auto s = static_cast<size_t>(scale);
        if (s > 0) {
            if (digits.size() <= s) {
                digits.insert(0, s + 1 - digits.size(), '0');
            }
            digits.insert(digits.size() - s, 1, '.');
        }
        return negative ? "-" + digits : digits;
    };
    for (const int64_t units :
         {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{5}, int64_t{-5}, int64_t{10}, int64_t{99},
          int64_t{100}, int64_t{-1999}, int64_t{123456789}, int64_t{999999999999999999},
          int64_t{-999999999999999999}, INT64_MAX, INT64_MIN}) {
        for (int32_t scale = 0; scale <= money::k_max_scale; ++scale) {
            CAPTURE(units);
            CAPTURE(scale);
            const std::string text = money::to_string(money::Decimal{units, scale});
            CHECK(text == spelled(units, scale));
            if (units != INT64_MAX && units != INT64_MIN) {
                const auto back = money::parse_decimal(text);
                REQUIRE(back.ok());
                CHECK(back->units == units);
                CHECK(back->scale == scale);
            }
        }
    }
}

TEST_CASE("spapi: malformed amounts are rejected, never guessed") {
    for (const char* bad : {"1e3",
                            "NaN",
                            "Infinity",
                            " 1",
                            "1 ",
                            "1,00",
                            "+1",
                            ".5",
                            "5.",
                            "",
                            "-",
                            "1.2.3",
                            "0x10",
                            "1234567890123456789012345678901234567890",
                            "١٢",
                            "-.5",
                            "--1",
                            "1-",
                            "1234567890123456789",
                            "1.-2",
                            "0.0000000000000000001",
                            "99999999999999999.99"}) {
        CAPTURE(bad);
        CHECK_FALSE(money::parse_decimal(bad).ok());
    }
    // Leading zeros are not significant digits; 18 significant digits fit.
    const auto padded = money::parse_decimal("0000000000000000000000001.50");
    REQUIRE(padded.ok());
    CHECK(padded->units == 150);
    CHECK(padded->scale == 2);
    const auto widest = money::parse_decimal("-99999999999999999.9");
    REQUIRE(widest.ok());
    CHECK(widest->units == -999999999999999999);
    CHECK(widest->scale == 1);
    CHECK(money::parse_decimal("0.000000000000000001")->scale == 18);
}

TEST_CASE("spapi: an amount finer than the currency's minor units is flagged, not rounded") {
    auto jpy = money::parse_money("25.99", "JPY"); // Amazon's own sandbox example
    REQUIRE(jpy.ok());
    CHECK(jpy->finer_than_currency);
    CHECK_FALSE(jpy->minor_units().ok());
    CHECK(money::to_string(jpy->amount) == "25.99");
    auto usd = money::parse_money("19.990", "USD");
    REQUIRE(usd.ok());
    CHECK_FALSE(usd->finer_than_currency);
    CHECK(*usd->minor_units() == 1999);
    auto yen = money::parse_money("19940", "JPY");
    CHECK(*yen->minor_units() == 19940);
    CHECK(money::parse_money("1.005", "USD")->finer_than_currency);
}

TEST_CASE("spapi: unknown or lower-case currency codes are rejected") {
    CHECK_FALSE(money::parse_money("1.00", "usd").ok());
    CHECK_FALSE(money::parse_money("1.00", "XXX").ok());
    CHECK_FALSE(money::parse_money("1.00", "").ok());
    CHECK(money::parse_money("1.00", "EUR").ok());
}

TEST_CASE("spapi: decimal arithmetic is exact and overflow is an error") {
    auto a = *money::parse_decimal("0.1");
    auto b = *money::parse_decimal("0.2");
    CHECK(money::to_string(*money::add(a, b)) == "0.3");
    CHECK(money::compare(*money::add(a, b), *money::parse_decimal("0.30")) == 0);
    CHECK(money::to_string(*money::subtract(a, b)) == "-0.1");
    auto big = *money::parse_decimal("999999999999999999");
    CHECK_FALSE(money::rescale(big, 2).ok());
}

TEST_CASE("spapi: a two-part allocation gives allocate's parts, ties and signs alike") {
    CHECK(money::allocate_two(5, 1, 1) == std::array<int64_t, 2>{3, 2}); // a tie: the first
    CHECK(money::allocate_two(-5, 1, 1) == std::array<int64_t, 2>{-3, -2});
    CHECK(money::allocate_two(7, 1, 3) == std::array<int64_t, 2>{2, 5}); // 1.75 and 5.25
    uint64_t seed = 7;
    for (int round = 0; round < 20000; ++round) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        const int64_t total = round % 5 == 0 ? static_cast<int64_t>(seed) / 4
                                             : static_cast<int64_t>(seed >> 44) - 500000;
        const int64_t w0 = 1 + static_cast<int64_t>((seed >> 3) % (round % 2 ? 7 : 100000));
        const int64_t w1 = 1 + static_cast<int64_t>((seed >> 23) % (round % 3 ? 5 : 100000));
        const auto expected = money::allocate(total, std::vector<int64_t>{w0, w1});
        REQUIRE(expected.ok());
        CAPTURE(total);
        CAPTURE(w0);
        CAPTURE(w1);
        CHECK(money::allocate_two(total, w0, w1) ==
              std::array<int64_t, 2>{(*expected)[0], (*expected)[1]});
    }
}

TEST_CASE("spapi: largest-remainder allocation sums exactly and stays within one unit") {
    auto parts = money::allocate(100, std::vector<int64_t>{1, 1, 1});
    REQUIRE(parts.ok());
    CHECK(*parts == std::vector<int64_t>{34, 33, 33});
    CHECK(*money::allocate(-100, std::vector<int64_t>{1, 1, 1}) ==
          std::vector<int64_t>{-34, -33, -33});
    uint64_t seed = 42;
    for (int round = 0; round < 500; ++round) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t total = static_cast<int64_t>(seed >> 40) - 5000;
        std::vector<int64_t> w;
        for (int i = 0; i < 1 + static_cast<int>(seed % 7); ++i) {
            w.push_back(static_cast<int64_t>((seed >> (i * 5)) % 1000));
        }
        w[0] += 1;
        auto p = money::allocate(total, w);
        REQUIRE(p.ok());
        CHECK(std::accumulate(p->begin(), p->end(), int64_t{0}) == total);
        int64_t sum_w = std::accumulate(w.begin(), w.end(), int64_t{0});
        for (size_t i = 0; i < w.size(); ++i) {
            // |part - exact| < 1  <=>  |part*sum_w - total*w| < sum_w
            int64_t diff = (*p)[i] * sum_w - total * w[i];
            CHECK((diff < 0 ? -diff : diff) < sum_w);
        }
    }
    CHECK_FALSE(money::allocate(10, std::vector<int64_t>{0, 0}).ok());
    CHECK_FALSE(money::allocate(10, std::vector<int64_t>{}).ok());
}

TEST_CASE("spapi: RFC 3339 timestamps parse to UTC including Amazon's variants") {
    auto z = time::parse_rfc3339("2024-12-24T14:20:00Z");
    REQUIRE(z.ok());
    CHECK(time::format_rfc3339(*z) == "2024-12-24T14:20:00Z");
    auto hour_only = time::parse_rfc3339("2016-03-16T14:32:16.50-07");
    REQUIRE(hour_only.ok());
    CHECK(time::format_rfc3339(*hour_only) == "2016-03-16T21:32:16.500Z");
    auto comma = time::parse_rfc3339("2016-03-16T14:32:16,50Z");
    REQUIRE(comma.ok());
    CHECK(comma->unix_ms % 1000 == 500);
    CHECK(time::parse_rfc3339("2024-01-01T00:00:00+05:30")->unix_ms ==
          time::parse_rfc3339("2023-12-31T18:30:00Z")->unix_ms);
    CHECK(time::parse_rfc3339("2024-01-01T00:00:00+0530")->unix_ms ==
          time::parse_rfc3339("2023-12-31T18:30:00Z")->unix_ms);
    CHECK(time::parse_rfc3339("2024-02-29T00:00:00z").ok());
    CHECK(time::format_rfc3339(*time::parse_rfc3339("0001-01-01T00:00:00Z")) ==
          "0001-01-01T00:00:00Z");
    CHECK(time::format_rfc3339(*time::parse_rfc3339("9999-12-31T23:59:59Z")) ==
          "9999-12-31T23:59:59Z");
    CHECK(time::parse_rfc3339("1970-01-01T00:00:00Z")->unix_ms == 0);
}

TEST_CASE("spapi: RFC 3339 text round-trips for instants from year 1 to 9999, with and without "
          "milliseconds") {
    // Every formatted instant parses back to itself, and the text has the fixed shape with
    // exactly the digits the instant has (checked against the fields a reader would parse).
    const int64_t first = time::parse_rfc3339("0001-01-01T00:00:00Z")->unix_ms;
    const int64_t last = time::parse_rfc3339("9999-12-31T23:59:59.999Z")->unix_ms;
    uint64_t state = 17;
    for (int i = 0; i < 20000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t ms =
            first + static_cast<int64_t>((state >> 11) % static_cast<uint64_t>(last - first));
        if (i % 2 == 0) {
            ms -= ms % 1000; // whole seconds: no fraction written
        }
        const std::string text = time::format_rfc3339(time::Timestamp{ms});
        CAPTURE(ms);
        CAPTURE(text);
        CHECK(text.size() == (ms % 1000 == 0 ? 20U : 24U));
        CHECK(text.back() == 'Z');
        auto back = time::parse_rfc3339(text);
        REQUIRE(back.ok());
        CHECK(back->unix_ms == ms);
    }
    CHECK(time::format_rfc3339(time::Timestamp{0}) == "1970-01-01T00:00:00Z");
    CHECK(time::format_rfc3339(time::Timestamp{-1}) == "1969-12-31T23:59:59.999Z");
    CHECK(time::format_rfc3339(time::Timestamp{951782400007}) == "2000-02-29T00:00:00.007Z");
}

TEST_CASE("spapi: impossible or offset-less timestamps are rejected") {
    for (const char* bad :
         {"2024-12-24T14:20:00", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
          "2024-01-01T24:00:00Z", "2024-12-31T23:59:60Z", "2024-01-01T00:00:00+25:00",
          "0000-01-01T00:00:00Z", "2024-01-01 00:00:00Z", "2024-1-01T00:00:00Z",
          "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00Zjunk", "", "02/21/2022"}) {
        CAPTURE(bad);
        CHECK_FALSE(time::parse_rfc3339(bad).ok());
    }
}

TEST_CASE("spapi: url_encode and url_decode round-trip every byte, and '+' is a space only in "
          "forms") {
    std::string every;
    for (int b = 0; b < 256; ++b) {
        every.push_back(static_cast<char>(b));
    }
    const auto encoded = amzconn::url_encode(every);
    CHECK(encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                                    "-_.~%") == std::string::npos);
    CHECK(amzconn::url_decode(encoded, false) == every);
    CHECK(amzconn::url_decode(encoded, true) == every);
    CHECK(amzconn::url_decode("a+b%2Bc", true) == "a b+c");
    CHECK(amzconn::url_decode("a+b", false) == "a+b");
    CHECK(amzconn::url_decode("100%", true) == "100%"); // a bad escape stays as it is
    CHECK(amzconn::url_decode("%G1%4", true) == "%G1%4");
}
