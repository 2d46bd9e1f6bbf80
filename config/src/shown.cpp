#include "shown.hpp"

#include "amzconn/log_text.hpp"

#include <array>
#include <limits>

namespace amzconn::config::detail {

namespace {

constexpr std::size_t k_max_shown = 60;
// Longer runs of these characters are tokens, not config words (SKUs and ids are shorter).
constexpr std::size_t k_token_run = 32;

bool token_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '=' || c == '_' || c == '|' || c == '-';
}

} // namespace

bool looks_like_credential(std::string_view value) {
    static constexpr std::array<std::string_view, 6> k_markers = {
        "Atzr|",      "Atza|",     "amzn1.oa2-cs.", "amzn1.application-oa2-client.",
        "-----BEGIN", "aws_secret"};
    for (std::string_view marker : k_markers) {
        if (value.find(marker) != std::string_view::npos) {
            return true;
        }
    }
    std::size_t run = 0;
    for (char c : value) {
        run = token_char(c) ? run + 1 : 0;
        if (run >= k_token_run) {
            return true;
        }
    }
    return false;
}

std::string escape_controls(std::string_view text) {
    return log_safe(text, std::numeric_limits<std::size_t>::max()); // the one escaping rule
}

std::string shown(std::string_view value) {
    if (looks_like_credential(value)) {
        return "a value that looks like a credential (not shown; if it is one, revoke it)";
    }
    if (value.size() > k_max_shown) {
        std::size_t cut = k_max_shown;
        while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) {
            --cut; // never split a UTF-8 sequence
        }
        return "'" + escape_controls(value.substr(0, cut)) + "...' (" +
               std::to_string(value.size()) + " characters)";
    }
    return "'" + escape_controls(value) + "'";
}

} // namespace amzconn::config::detail
