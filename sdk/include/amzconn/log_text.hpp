// Makes text safe for one log line: CR, LF and other control bytes escaped (CWE-117), length
// capped. HostApi::log passes every field through it, so no log line a plugin writes can be
// forged or split by text it took from Amazon or the host. Callers still never pass secrets or
// buyer data.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace amzconn {

// Text unchanged when it has no control byte: escaping twice changes nothing.
inline std::string log_safe(std::string_view text, std::size_t max_bytes = 512) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(std::min(text.size(), max_bytes) + 8);
    for (const char c : text) {
        if (out.size() >= max_bytes) {
            out += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7f) {
            out += "\\x";
            out += k_hex[u >> 4U];
            out += k_hex[u & 0xfU];
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace amzconn
