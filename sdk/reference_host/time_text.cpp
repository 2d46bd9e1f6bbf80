#include "time_text.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace amzconn::refhost {

namespace {

bool read_digits(std::string_view text, size_t& pos, size_t count, int64_t& value) {
    if (pos + count > text.size()) {
        return false;
    }
    value = 0;
    for (size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    pos += count;
    return true;
}

bool expect(std::string_view text, size_t& pos, char wanted) {
    if (pos < text.size() &&
        (text[pos] == wanted || (wanted == 'T' && (text[pos] == 't' || text[pos] == ' ')))) {
        ++pos;
        return true;
    }
    return false;
}

} // namespace

Result<int64_t> parse_duration_ms(std::string_view text) {
    const auto bad = [&] {
        return Error{Status::bad_input, "invalid duration '" + std::string(text) +
                                            "': use a number with a unit, e.g. 90s, 30m, 2h, 7d"};
    };
    if (text.empty()) {
        return bad();
    }
    int64_t total = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        int64_t number = 0;
        const auto* begin = text.data() + pos;
        const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), number);
        if (ec != std::errc{} || end == begin || number < 0) {
            return bad();
        }
        pos += static_cast<size_t>(end - begin);
        const std::string_view rest = text.substr(pos);
        int64_t unit = 0;
        if (rest.starts_with("ms")) {
            unit = 1;
            pos += 2;
        } else if (rest.starts_with("s")) {
            unit = 1000;
            pos += 1;
        } else if (rest.starts_with("m")) {
            unit = 60'000;
            pos += 1;
        } else if (rest.starts_with("h")) {
            unit = 3'600'000;
            pos += 1;
        } else if (rest.starts_with("d")) {
            unit = 86'400'000;
            pos += 1;
        } else {
            return bad();
        }
        if (number > INT64_MAX / unit / 4) {
            return bad();
        }
        total += number * unit;
    }
    return total;
}

Result<int64_t> parse_rfc3339_ms(std::string_view text) {
    const auto bad = [&] {
        return Error{Status::bad_input, "invalid time '" + std::string(text) +
                                            "': use RFC 3339 UTC, e.g. 2026-01-01T00:00:00Z"};
    };
    size_t pos = 0;
    int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') ||
        !read_digits(text, pos, 2, month) || !expect(text, pos, '-') ||
        !read_digits(text, pos, 2, day) || !expect(text, pos, 'T') ||
        !read_digits(text, pos, 2, hour) || !expect(text, pos, ':') ||
        !read_digits(text, pos, 2, minute) || !expect(text, pos, ':') ||
        !read_digits(text, pos, 2, second)) {
        return bad();
    }
    int64_t millis = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int64_t scale = 100;
        bool any = false;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            millis += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
            any = true;
        }
        if (!any) {
            return bad();
        }
    }
    int64_t offset_minutes = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int64_t sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        int64_t off_h = 0, off_m = 0;
        if (!read_digits(text, pos, 2, off_h) || !expect(text, pos, ':') ||
            !read_digits(text, pos, 2, off_m)) {
            return bad();
        }
        offset_minutes = sign * (off_h * 60 + off_m);
    } else {
        return bad();
    }
    if (pos != text.size()) {
        return bad();
    }
    using namespace std::chrono;
    const year_month_day date{std::chrono::year{static_cast<int>(year)},
                              std::chrono::month{static_cast<unsigned>(month)},
                              std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
        return bad();
    }
    const int64_t days = sys_days{date}.time_since_epoch().count();
    return ((days * 24 + hour) * 60 + minute - offset_minutes) * 60'000 + second * 1000 + millis;
}

std::string format_rfc3339(int64_t epoch_ms) {
    using namespace std::chrono;
    const int64_t ms_per_day = 86'400'000;
    int64_t days = epoch_ms / ms_per_day;
    int64_t rest = epoch_ms % ms_per_day;
    if (rest < 0) {
        rest += ms_per_day;
        --days;
    }
    const year_month_day date{sys_days{std::chrono::days{days}}};
    const int64_t hour = rest / 3'600'000;
    const int64_t minute = rest / 60'000 % 60;
    const int64_t second = rest / 1000 % 60;
    const int64_t millis = rest % 1000;
    char buffer[48];
    int written = 0;
    if (millis == 0) {
        written = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ",
                                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                                static_cast<unsigned>(date.day()), static_cast<long long>(hour),
                                static_cast<long long>(minute), static_cast<long long>(second));
    } else {
        written =
            std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                          static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                          static_cast<unsigned>(date.day()), static_cast<long long>(hour),
                          static_cast<long long>(minute), static_cast<long long>(second),
                          static_cast<long long>(millis));
    }
    return std::string(buffer, static_cast<size_t>(written > 0 ? written : 0));
}

} // namespace amzconn::refhost
