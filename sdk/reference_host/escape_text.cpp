#include "escape_text.hpp"

namespace amzconn::refhost {

namespace {

constexpr std::string_view k_hex = "0123456789abcdef";

void append_hex(std::string& out, std::string_view prefix, unsigned char byte) {
    out += prefix;
    out += k_hex[byte >> 4];
    out += k_hex[byte & 0x0f];
}

// Length of the valid UTF-8 sequence starting at text[i] (2 to 4), or 0 when it is not one.
size_t utf8_length(std::string_view text, size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead >= 0xf0 && lead <= 0xf4  ? 4
                          : lead >= 0xe0                ? 3
                          : lead >= 0xc2 && lead < 0xe0 ? 2
                                                        : 0;
    if (length == 0 || i + length > text.size()) {
        return 0;
    }
    for (size_t k = 1; k < length; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) {
            return 0;
        }
    }
    const auto second = static_cast<unsigned char>(text[i + 1]);
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second >= 0xa0) ||
        (lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second >= 0x90)) {
        return 0;
    }
    return length;
}

} // namespace

std::string escape_controls(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte < 0x7f) {
            // A run of printable ASCII (nearly every field) goes in at once.
            size_t end = i + 1;
            while (end < text.size() && static_cast<unsigned char>(text[end]) - 0x20U < 0x5fU) {
                ++end;
            }
            out.append(text.data() + i, end - i);
            i = end;
        } else if (byte == '\n' || byte == '\r' || byte == '\t') {
            out += byte == '\n' ? "\\n" : byte == '\r' ? "\\r" : "\\t";
            ++i;
        } else if (byte < 0x80) {
            append_hex(out, "\\x", byte); // other C0 controls (ESC is \x1b) and DEL
            ++i;
        } else if (const size_t length = utf8_length(text, i); length == 0) {
            append_hex(out, "\\x", byte);
            ++i;
        } else if (byte == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0) {
            append_hex(out, "\\u00", static_cast<unsigned char>(text[i + 1])); // C1 controls
            i += 2;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

} // namespace amzconn::refhost
