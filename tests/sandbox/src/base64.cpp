#include "base64.hpp"

namespace amzconn::sandbox {

namespace {
constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int value_of(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}
} // namespace

std::string base64_encode(std::string_view data) {
    std::string out;
    std::size_t i = 0;
    while (i + 2 < data.size()) {
        const auto n = (static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16) |
                       (static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8) |
                       static_cast<unsigned>(static_cast<unsigned char>(data[i + 2]));
        out.push_back(k_alphabet[(n >> 18) & 63]);
        out.push_back(k_alphabet[(n >> 12) & 63]);
        out.push_back(k_alphabet[(n >> 6) & 63]);
        out.push_back(k_alphabet[n & 63]);
        i += 3;
    }
    const auto rest = data.size() - i;
    if (rest > 0) {
        unsigned n = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16;
        if (rest == 2) {
            n |= static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8;
        }
        out.push_back(k_alphabet[(n >> 18) & 63]);
        out.push_back(k_alphabet[(n >> 12) & 63]);
        out.push_back(rest == 2 ? k_alphabet[(n >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        unsigned n = 0;
        int pad = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const char c = text[i + j];
            if (c == '=' && i + 4 == text.size() && j >= 2) {
                ++pad;
                n <<= 6;
                continue;
            }
            const int v = value_of(c);
            if (v < 0 || pad > 0) {
                return std::nullopt;
            }
            n = (n << 6) | static_cast<unsigned>(v);
        }
        out.push_back(static_cast<char>((n >> 16) & 255));
        if (pad < 2) {
            out.push_back(static_cast<char>((n >> 8) & 255));
        }
        if (pad < 1) {
            out.push_back(static_cast<char>(n & 255));
        }
    }
    return out;
}

} // namespace amzconn::sandbox
