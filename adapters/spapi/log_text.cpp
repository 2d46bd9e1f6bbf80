#include "log_text.hpp"

namespace amzconn::spapi {

std::string log_safe(std::string_view text, size_t max_bytes) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(std::min(text.size(), max_bytes) + 8);
    for (char c : text) {
        if (out.size() >= max_bytes) {
            out += "...";
            break;
        }
        auto u = static_cast<unsigned char>(c);
        if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7f) {
            out += "\\x";
            out += k_hex[u >> 4];
            out += k_hex[u & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace amzconn::spapi
