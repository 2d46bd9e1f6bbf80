#include "time.hpp"

#include <cstdio>

namespace amzconn::time {
namespace {

bool is_leap(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int64_t y, unsigned m) {
    constexpr unsigned k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : k_days[m - 1];
}

// Reads exactly n digits at pos.
bool digits(std::string_view s, size_t pos, size_t n, int64_t& out) {
    if (pos + n > s.size()) {
        return false;
    }
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

std::string shown(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 40)) {
        auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    return out;
}

} // namespace

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    // Howard Hinnant's algorithm (public domain).
    y -= m <= 2 ? 1 : 0;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

Result<Timestamp> parse_rfc3339(std::string_view s) {
    auto bad = [&](std::string_view why) {
        return Error{Status::bad_input, "invalid timestamp \"" + shown(s) +
                                            "\": " + std::string(why) +
                                            " (expected RFC 3339, e.g. \"2024-12-24T14:20:00Z\")"};
    };
    int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, month) ||
        s[7] != '-' || !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') ||
        !digits(s, 11, 2, hour) || s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' ||
        !digits(s, 17, 2, second)) {
        return bad("not in the form YYYY-MM-DDThh:mm:ss");
    }
    if (year < 1) {
        return bad("year 0000 does not exist");
    }
    if (month < 1 || month > 12) {
        return bad("month out of range");
    }
    if (day < 1 || day > days_in_month(year, static_cast<unsigned>(month))) {
        return bad("day does not exist in that month");
    }
    if (hour > 23 || minute > 59) {
        return bad("time of day out of range");
    }
    if (second > 59) {
        return bad("leap seconds are not accepted");
    }
    size_t pos = 19;
    int64_t millis = 0;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        size_t start = pos;
        int64_t scale = 100;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            millis += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start || pos - start > 9) {
            return bad("fraction of a second needs 1 to 9 digits");
        }
    }
    if (pos >= s.size()) {
        return bad("no UTC offset (add 'Z' or '+hh:mm')");
    }
    int64_t offset_min = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        int64_t sign = s[pos] == '-' ? -1 : 1;
        int64_t oh = 0, om = 0;
        if (!digits(s, pos + 1, 2, oh)) {
            return bad("offset needs two digits of hours");
        }
        pos += 3;
        if (pos < s.size() && s[pos] == ':') {
            if (!digits(s, pos + 1, 2, om)) {
                return bad("offset minutes need two digits");
            }
            pos += 3;
        } else if (pos + 2 == s.size() && digits(s, pos, 2, om)) {
            pos += 2;
        }
        if (oh > 23 || om > 59) {
            return bad("offset out of range");
        }
        offset_min = sign * (oh * 60 + om);
    } else {
        return bad("no UTC offset (add 'Z' or '+hh:mm')");
    }
    if (pos != s.size()) {
        return bad("unexpected text after the offset");
    }
    int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_min * 60;
    return Timestamp{secs * 1000 + millis};
}

namespace {

// "YYYY-MM-DDTHH:MM:SS[.mmm]Z" written digit by digit: what the snprintf formats below print for
// a year of four digits, at a fraction of the cost (order documents carry several of these).
std::string format_four_digit_year(int64_t y, unsigned m, unsigned d, int64_t sod, int64_t rem_ms) {
    char buf[24];
    auto put = [&buf](size_t at, int64_t value, size_t digits) {
        for (size_t i = digits; i > 0; --i) {
            buf[at + i - 1] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, y, 4);
    buf[4] = '-';
    put(5, m, 2);
    buf[7] = '-';
    put(8, d, 2);
    buf[10] = 'T';
    put(11, sod / 3600, 2);
    buf[13] = ':';
    put(14, sod / 60 % 60, 2);
    buf[16] = ':';
    put(17, sod % 60, 2);
    size_t n = 19;
    if (rem_ms != 0) {
        buf[n] = '.';
        put(n + 1, rem_ms, 3);
        n += 4;
    }
    buf[n++] = 'Z';
    return std::string(buf, n);
}

} // namespace

std::string format_rfc3339(Timestamp ts) {
    int64_t ms = ts.unix_ms;
    int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    int64_t rem_ms = ms - secs * 1000;
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t sod = secs - days * 86400;
    int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    if (y >= 0 && y <= 9999) {
        return format_four_digit_year(y, m, d, sod, rem_ms);
    }
    char buf[40];
    int n = 0;
    if (rem_ms != 0) {
        n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                          static_cast<long long>(y), m, d, static_cast<long long>(sod / 3600),
                          static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60),
                          static_cast<long long>(rem_ms));
    } else {
        n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                          static_cast<long long>(y), m, d, static_cast<long long>(sod / 3600),
                          static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60));
    }
    return std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
}

} // namespace amzconn::time
