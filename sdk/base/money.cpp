#include "money.hpp"

#include "marketplaces.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>

namespace amzconn::money {
namespace {

// GCC extension; exact products of two 64-bit values without overflow.
__extension__ typedef __int128 Wide;

constexpr int64_t k_pow10[] = {1LL,
                               10LL,
                               100LL,
                               1000LL,
                               10000LL,
                               100000LL,
                               1000000LL,
                               10000000LL,
                               100000000LL,
                               1000000000LL,
                               10000000000LL,
                               100000000000LL,
                               1000000000000LL,
                               10000000000000LL,
                               100000000000000LL,
                               1000000000000000LL,
                               10000000000000000LL,
                               100000000000000000LL,
                               1000000000000000000LL};

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text.substr(0, 48)) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            out += '?';
        } else {
            out += c;
        }
    }
    if (text.size() > 48) {
        out += "...";
    }
    out += '"';
    return out;
}

bool mul_overflows(int64_t a, int64_t b, int64_t& out) {
    return __builtin_mul_overflow(a, b, &out);
}

} // namespace

bool operator==(const Decimal& a, const Decimal& b) {
    return compare(a, b) == 0;
}

namespace {

// The accepted form read in two tight loops (whole digits, then fraction digits); nullopt for
// anything else, which parse_decimal then reads again to say what is wrong.
std::optional<Decimal> plain_decimal(std::string_view text) {
    const size_t n = text.size();
    size_t i = n > 0 && text[0] == '-' ? 1 : 0;
    const bool negative = i == 1;
    int64_t units = 0;
    int digits = 0; // significant digits
    const auto take = [&](char c) {
        if (units != 0 || c != '0') {
            ++digits;
        }
        if (digits > 18) { // checked first: a 19th digit could overflow int64
            return false;
        }
        units = units * 10 + (c - '0');
        return true;
    };
    const size_t whole_start = i;
    for (; i < n && text[i] >= '0' && text[i] <= '9'; ++i) {
        if (!take(text[i])) {
            return std::nullopt;
        }
    }
    if (i == whole_start) {
        return std::nullopt;
    }
    int32_t scale = 0;
    if (i < n) {
        if (text[i] != '.') {
            return std::nullopt;
        }
        for (++i; i < n && text[i] >= '0' && text[i] <= '9'; ++i) {
            if (!take(text[i])) {
                return std::nullopt;
            }
            ++scale;
        }
        if (scale == 0 || i != n || scale > k_max_scale) {
            return std::nullopt;
        }
    }
    return Decimal{negative ? -units : units, scale};
}

} // namespace

Result<Decimal> parse_decimal(std::string_view text) {
    if (const auto plain = plain_decimal(text)) {
        return *plain;
    }
    auto bad = [&](std::string_view why) {
        return Error{Status::bad_input, "invalid decimal " + quoted(text) + ": " +
                                            std::string(why) +
                                            " (expected digits with an optional '-' and '.', "
                                            "e.g. \"-12.34\")"};
    };
    if (text.empty()) {
        return bad("empty");
    }
    size_t i = 0;
    bool negative = false;
    if (text[0] == '-') {
        negative = true;
        i = 1;
    }
    int64_t units = 0;
    int32_t scale = 0;
    int digits = 0;
    bool seen_dot = false;
    size_t int_digits = 0;
    size_t frac_digits = 0;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == '.') {
            if (seen_dot) {
                return bad("two decimal points");
            }
            if (int_digits == 0) {
                return bad("no digit before the decimal point");
            }
            seen_dot = true;
            continue;
        }
        if (c < '0' || c > '9') {
            return bad("unexpected character");
        }
        if (seen_dot) {
            ++frac_digits;
            ++scale;
        } else {
            ++int_digits;
        }
        if (units != 0 || c != '0') {
            ++digits;
        }
        if (digits > 18) {
            return bad("more than 18 significant digits");
        }
        units = units * 10 + (c - '0');
    }
    if (int_digits == 0) {
        return bad("no digits");
    }
    if (seen_dot && frac_digits == 0) {
        return bad("no digit after the decimal point");
    }
    if (scale > k_max_scale) {
        return bad("more than 18 decimal places");
    }
    return Decimal{negative ? -units : units, scale};
}

size_t write_text(const Decimal& value, char* out) {
    // The sign, the digits with at least one before the point, then the point before the last
    // `scale` digits (every amount of a host document passes here: no string building).
    const bool negative = value.units < 0;
    const uint64_t magnitude =
        negative ? 0ULL - static_cast<uint64_t>(value.units) : static_cast<uint64_t>(value.units);
    const auto scale = static_cast<size_t>(std::clamp(value.scale, 0, k_max_scale));
    char digits[24];
    const auto n =
        static_cast<size_t>(std::to_chars(digits, digits + sizeof digits, magnitude).ptr - digits);
    size_t len = 0;
    if (negative) {
        out[len++] = '-';
    }
    if (scale == 0) {
        std::memcpy(out + len, digits, n);
        return len + n;
    }
    if (n <= scale) { // "0.", the zeros the digits do not fill, the digits
        out[len++] = '0';
        out[len++] = '.';
        std::memset(out + len, '0', scale - n);
        len += scale - n;
        std::memcpy(out + len, digits, n);
        return len + n;
    }
    std::memcpy(out + len, digits, n - scale);
    len += n - scale;
    out[len++] = '.';
    std::memcpy(out + len, digits + n - scale, scale);
    return len + scale;
}

std::string to_string(const Decimal& value) {
    char out[k_decimal_text_size];
    return std::string(out, write_text(value, out));
}

Result<Decimal> rescale(const Decimal& value, int32_t scale) {
    if (scale < value.scale || scale > k_max_scale) {
        return Error{Status::bad_input, "cannot rescale " + to_string(value) + " to " +
                                            std::to_string(scale) + " decimal places"};
    }
    int64_t out = 0;
    if (mul_overflows(value.units, k_pow10[scale - value.scale], out)) {
        return Error{Status::bad_input, "amount " + to_string(value) + " is too large"};
    }
    return Decimal{out, scale};
}

Decimal normalized(const Decimal& value) {
    Decimal out = value;
    while (out.scale > 0 && out.units % 10 == 0) {
        out.units /= 10;
        --out.scale;
    }
    return out;
}

namespace {
Result<std::pair<Decimal, Decimal>> aligned(const Decimal& a, const Decimal& b) {
    int32_t scale = std::max(a.scale, b.scale);
    TRY_ASSIGN(auto ra, rescale(a, scale));
    TRY_ASSIGN(auto rb, rescale(b, scale));
    return std::pair{ra, rb};
}
} // namespace

Result<Decimal> add(const Decimal& a, const Decimal& b) {
    TRY_ASSIGN(auto ab, aligned(a, b));
    int64_t sum = 0;
    if (__builtin_add_overflow(ab.first.units, ab.second.units, &sum)) {
        return Error{Status::bad_input, "sum of amounts is too large"};
    }
    return Decimal{sum, ab.first.scale};
}

Result<Decimal> subtract(const Decimal& a, const Decimal& b) {
    if (b.units == std::numeric_limits<int64_t>::min()) {
        return Error{Status::bad_input, "amount is too large"};
    }
    return add(a, Decimal{-b.units, b.scale});
}

int compare(const Decimal& a, const Decimal& b) {
    // Compare exactly with 128-bit arithmetic; no overflow possible at scale <= 18.
    int32_t scale = std::max(a.scale, b.scale);
    Wide x = static_cast<Wide>(a.units) * k_pow10[scale - a.scale];
    Wide y = static_cast<Wide>(b.units) * k_pow10[scale - b.scale];
    return x < y ? -1 : (x > y ? 1 : 0);
}

Result<int64_t> Money::minor_units() const {
    auto digits = amazon::currency_minor_units(currency);
    if (!digits) {
        return Error{Status::bad_input, "unknown currency \"" + currency + "\""};
    }
    Decimal n = normalized(amount);
    if (n.scale > *digits) {
        return Error{
            Status::bad_input,
            "amount " + to_string(amount) + " " + currency + " has more decimals than " + currency +
                " allows (" + std::to_string(*digits) +
                "); it cannot be booked without rounding: check the order in Seller Central"};
    }
    TRY_ASSIGN(auto r, rescale(n, *digits));
    return r.units;
}

Result<Money> parse_money(std::string_view amount, std::string_view currency) {
    auto digits = amazon::currency_minor_units(currency);
    bool upper =
        std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (currency.size() != 3 || !upper || !digits) {
        return Error{Status::bad_input, "unknown currency code " + quoted(currency) +
                                            " (expected an upper-case ISO 4217 code Amazon uses, "
                                            "e.g. \"EUR\")"};
    }
    TRY_ASSIGN(auto d, parse_decimal(amount));
    // Normalising only matters when the scale is finer than the currency's (its scale is <=).
    const bool finer = d.scale > *digits && normalized(d).scale > *digits;
    return Money{d, std::string(currency), finer};
}

Result<Money> from_minor_units(int64_t minor, std::string_view currency) {
    auto digits = amazon::currency_minor_units(currency);
    if (!digits) {
        return Error{Status::bad_input, "unknown currency code " + quoted(currency)};
    }
    return Money{Decimal{minor, *digits}, std::string(currency), false};
}

Result<std::vector<int64_t>> allocate(int64_t total, std::span<const int64_t> weights) {
    if (weights.empty()) {
        return Error{Status::bad_input, "cannot allocate over no parts"};
    }
    Wide sum = 0;
    for (int64_t w : weights) {
        if (w < 0) {
            return Error{Status::bad_input, "cannot allocate with a negative weight"};
        }
        sum += w;
    }
    if (sum == 0) {
        return Error{Status::bad_input, "cannot allocate when every weight is zero"};
    }
    bool negative = total < 0;
    Wide t = negative ? -static_cast<Wide>(total) : static_cast<Wide>(total);
    std::vector<int64_t> parts(weights.size());
    std::vector<Wide> remainders(weights.size());
    Wide given = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
        Wide exact = t * weights[i];
        parts[i] = static_cast<int64_t>(exact / sum);
        remainders[i] = exact % sum;
        given += parts[i];
    }
    std::vector<size_t> order(weights.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
    for (size_t k = 0; given < t; ++k, ++given) {
        ++parts[order[k % order.size()]];
    }
    if (negative) {
        for (auto& p : parts) {
            p = -p;
        }
    }
    return parts;
}

// Each part its floor share; two weights leave at most one unit over, which goes to the larger
// remainder, or the first on a tie, as allocate's stable sort gives it.
std::array<int64_t, 2> allocate_two(int64_t total, int64_t w0, int64_t w1) {
    const bool negative = total < 0;
    const Wide t = negative ? -static_cast<Wide>(total) : static_cast<Wide>(total);
    const Wide sum = static_cast<Wide>(w0) + w1;
    const Wide e0 = t * w0;
    const Wide e1 = t * w1;
    std::array<Wide, 2> parts{e0 / sum, e1 / sum};
    if (parts[0] + parts[1] < t) {
        ++parts[e1 % sum > e0 % sum ? 1 : 0];
    }
    const Wide sign = negative ? -1 : 1;
    return {static_cast<int64_t>(sign * parts[0]), static_cast<int64_t>(sign * parts[1])};
}

} // namespace amzconn::money
