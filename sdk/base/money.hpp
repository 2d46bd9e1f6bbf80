// Exact decimal money: strict parsing of Amazon's decimal strings into scaled integers, currency
// minor units, and largest-remainder allocation. No binary floating point anywhere in here.
#pragma once

#include "amzconn/result.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::money {

// value = units / 10^scale, exactly. scale is 0..18.
struct Decimal {
    int64_t units = 0;
    int32_t scale = 0;

    // Same value (1.50 == 1.5).
    friend bool operator==(const Decimal& a, const Decimal& b);
};

constexpr int32_t k_max_scale = 18;

// Accepts only [-]DIGITS[.DIGITS] (at most 18 digits in all). Rejects "+1", " 1", "1e3",
// "NaN", "Infinity", "1,00", ".5", "5.", "" and values that do not fit. "-0.00" is read as zero.
Result<Decimal> parse_decimal(std::string_view text);

// Canonical text: the scale is kept ("1.50" stays "1.50").
std::string to_string(const Decimal& value);

// The same text written into `out`, which holds k_decimal_text_size bytes; returns its length.
constexpr size_t k_decimal_text_size = 32;
size_t write_text(const Decimal& value, char* out);

// The same value at a larger scale (fails if it would overflow).
Result<Decimal> rescale(const Decimal& value, int32_t scale);

// The smallest scale that holds the value exactly (1.500 -> 1.5).
Decimal normalized(const Decimal& value);

Result<Decimal> add(const Decimal& a, const Decimal& b);
Result<Decimal> subtract(const Decimal& a, const Decimal& b);
int compare(const Decimal& a, const Decimal& b);

// An amount in a currency. `amount` is exact, as Amazon sent it. `finer_than_currency` flags an
// amount with more precision than the currency has minor units (Amazon's own sandbox sends JPY
// "25.99"); nothing is rounded: the caller decides what to do with the flag.
struct Money {
    Decimal amount;
    std::string currency; // ISO 4217, upper case, known to the marketplace table
    bool finer_than_currency = false;

    // The amount in minor units of the currency (cents), or an error when it is finer than that.
    Result<int64_t> minor_units() const;

    // Same amount (1.50 == 1.5), currency and flag.
    bool operator==(const Money&) const = default;
};

// Parses an amount string and a currency code strictly. The currency must be an upper-case ISO
// 4217 code the marketplace table knows.
Result<Money> parse_money(std::string_view amount, std::string_view currency);

// Builds Money from minor units of a currency (e.g. 1999 USD -> 19.99).
Result<Money> from_minor_units(int64_t minor, std::string_view currency);

// Splits `total` into parts proportional to `weights` so that the parts add up to `total` exactly
// and each part is within one unit of its exact share (largest-remainder method; ties go to the
// earlier index). Fails for empty or all-zero or negative weights.
Result<std::vector<int64_t>> allocate(int64_t total, std::span<const int64_t> weights);

// allocate() over two positive weights, without its vectors (a split order line's discount and
// tax, on every such line of every order): the same parts.
std::array<int64_t, 2> allocate_two(int64_t total, int64_t w0, int64_t w1);

} // namespace amzconn::money
