// The searchOrders page as data for the streaming parser (order_stream.cpp): for each object
// kind, the fields the strict tree parser (order_parser.cpp) reads, with the same types, limits
// and required flags, and how each value lands in the typed order. A field not listed is skipped.
#pragma once

#include "base/money.hpp"

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

namespace amzconn::spapi::orders::stream {

enum class FieldType {
    text,      // a string: NUL-free, at most max_length bytes, non-empty when required
    timestamp, // a string (at most 64 bytes) that is an RFC 3339 time
    integer,   // an int64 in [min, max]
    number,    // any JSON number, kept as its text (set_text gets boost::json::serialize's form)
    money,     // {amount, currencyCode}, both required, read by money::parse_money
    object,    // an object of kind `child`; `open` gives its target
    objects,   // an array of objects of kind `child`; `open` gives each element's target
    texts,     // an array of NUL-free strings; set_text appends one
};

struct KindSpec;

struct FieldSpec {
    std::string_view key;
    FieldType type = FieldType::text;
    bool required = false;
    uint32_t max_length = 65536;
    int64_t min = 0;
    int64_t max = 0;
    const KindSpec* child = nullptr;
    // Each returns false when the value is refused (an unknown enumeration value, a bad time).
    bool (*set_text)(void* target, std::string_view text) = nullptr;
    bool (*set_integer)(void* target, int64_t value) = nullptr;
    void (*set_money)(void* target, money::Money&& value) = nullptr;
    void* (*open)(void* target) = nullptr;
};

// Whether n bytes at a and b are equal, compared inline: a key is a few bytes, and the library
// call costs more than the compare (loads through memcpy: no alignment assumed).
inline bool same_bytes(const char* a, const char* b, size_t n) {
    if (n < 8) {
        for (size_t i = 0; i < n; ++i) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
    uint64_t x = 0;
    uint64_t y = 0;
    for (size_t i = 0; i + 8 < n; i += 8) {
        std::memcpy(&x, a + i, 8);
        std::memcpy(&y, b + i, 8);
        if (x != y) {
            return false;
        }
    }
    std::memcpy(&x, a + n - 8, 8); // the last 8 bytes (overlapping the step before)
    std::memcpy(&y, b + n - 8, 8);
    return x == y;
}

struct KindSpec {
    std::span<const FieldSpec> fields; // at most 64
    uint64_t required = 0;             // bit i: fields[i] is required

    // The index of `key` in fields, or -1. The search starts at `from` (the field after the last
    // one found: Amazon sends the fields of an object in one order, mostly the table's).
    int find(std::string_view key, size_t from = 0) const {
        const size_t n = fields.size();
        for (size_t k = 0; k < n; ++k) {
            const size_t i = from + k < n ? from + k : from + k - n;
            const std::string_view f = fields[i].key;
            if (f.size() == key.size() && f.front() == key.front() &&
                same_bytes(f.data(), key.data(), f.size())) {
                return static_cast<int>(i);
            }
        }
        return -1;
    }
};

constexpr uint64_t required_bits(std::span<const FieldSpec> fields) {
    uint64_t bits = 0;
    for (size_t i = 0; i < fields.size(); ++i) {
        bits |= fields[i].required ? (uint64_t{1} << i) : 0;
    }
    return bits;
}

// The page: {orders, pagination.nextToken, lastUpdatedBefore, createdBefore}; its target is a
// SearchOrdersPage.
extern const KindSpec k_page_kind;
// The money object's own kind; its target is a MoneyText.
extern const KindSpec k_money_kind;

// A money object's two strings until it closes (they may arrive in either order).
struct MoneyText {
    std::string amount;
    std::string currency;
};

} // namespace amzconn::spapi::orders::stream
