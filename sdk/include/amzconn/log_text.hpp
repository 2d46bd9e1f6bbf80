// Makes text safe for one log line: CR, LF and other control bytes escaped (CWE-117), bytes that
// are not UTF-8 escaped too, length capped. HostApi::log passes every field through it, so no log
// line a plugin writes can be forged or split by text it took from Amazon or the host. Callers
// still never pass secrets or buyer data.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace amzconn {

namespace detail {

// Length (2..4) of the well-formed UTF-8 sequence at text[i] (no overlong form, surrogate or
// code point past U+10FFFF), or 0 when the bytes there are not one.
inline std::size_t utf8_sequence(std::string_view text, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        lo = b0 == 0xE0 ? 0xA0 : 0x80;
        hi = b0 == 0xED ? 0x9F : 0xBF;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        lo = b0 == 0xF0 ? 0x90 : 0x80;
        hi = b0 == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + n > text.size()) {
        return 0;
    }
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    if (b1 < lo || b1 > hi) {
        return 0;
    }
    for (std::size_t k = 2; k < n; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) {
            return 0;
        }
    }
    return n;
}

// How many bytes from text[i] on, at most `limit`, are printable ASCII (0x20 to 0x7e).
inline std::size_t printable_run(std::string_view text, std::size_t i, std::size_t limit) {
    const std::size_t end = i + std::min(limit, text.size() - i);
    std::size_t k = i;
    while (k < end && static_cast<unsigned char>(text[k]) - 0x20U < 0x5fU) {
        ++k;
    }
    return k - i;
}

inline void append_hex_escape(std::string& out, unsigned char u) {
    static constexpr char k_hex[] = "0123456789abcdef";
    out += "\\x";
    out += k_hex[u >> 4U];
    out += k_hex[u & 0xfU];
}

} // namespace detail

// Control bytes and bytes that are not well-formed UTF-8 become \xNN (CR, LF and tab \r, \n,
// \t), so the text is one line of valid UTF-8 (a JSON or XML writer takes it as it is); the cap
// never splits a character. Text unchanged when it needs none of this: escaping twice changes
// nothing.
inline std::string log_safe(std::string_view text, std::size_t max_bytes = 512) {
    std::string out;
    out.reserve(std::min(text.size(), max_bytes) + 8);
    for (std::size_t i = 0; i < text.size();) {
        if (out.size() >= max_bytes) {
            out += "...";
            break;
        }
        // A run of printable ASCII (nearly every field) goes in at once, up to the cap.
        const std::size_t plain = detail::printable_run(text, i, max_bytes - out.size());
        if (plain > 0) {
            out.append(text.data() + i, plain);
            i += plain;
            continue;
        }
        const auto u = static_cast<unsigned char>(text[i]);
        if (u >= 0x80) {
            const std::size_t n = detail::utf8_sequence(text, i);
            if (n == 0) {
                detail::append_hex_escape(out, u);
                ++i;
            } else {
                out.append(text.substr(i, n));
                i += n;
            }
            continue;
        }
        if (u == '\r') {
            out += "\\r";
        } else if (u == '\n') {
            out += "\\n";
        } else if (u == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7f) {
            detail::append_hex_escape(out, u);
        } else {
            out += static_cast<char>(u);
        }
        ++i;
    }
    return out;
}

} // namespace amzconn
