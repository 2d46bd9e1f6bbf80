#include "console/http_message.hpp"

#include "base/url.hpp"

#include <cctype>

namespace amzconn::refhost::console {

namespace {

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

Fields parse_form(std::string_view text) {
    Fields fields;
    while (!text.empty()) {
        const auto amp = text.find('&');
        const auto pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        const auto eq = pair.find('=');
        fields.emplace(amzconn::url_decode(pair.substr(0, eq), true),
                       eq == std::string_view::npos
                           ? std::string()
                           : amzconn::url_decode(pair.substr(eq + 1), true));
    }
    return fields;
}

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        const auto pair = trim_spaces(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            return std::string(pair.substr(eq + 1));
        }
    }
    return std::nullopt;
}

std::optional<std::string_view> field(const Fields& fields, std::string_view name) {
    const auto it = fields.find(name);
    if (it == fields.end()) {
        return std::nullopt;
    }
    return std::string_view(it->second);
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out;
    for (const auto& [key, value] : pairs) {
        out +=
            (out.empty() ? "?" : "&") + amzconn::url_encode(key) + "=" + amzconn::url_encode(value);
    }
    return out;
}

Response redirect(std::string location) {
    Response response;
    response.status = 303;
    response.headers.emplace_back("Location", std::move(location));
    return response;
}

Response plain(int status, std::string text) {
    Response response;
    response.status = status;
    response.content_type = "text/plain; charset=utf-8";
    response.body = std::move(text) + "\n";
    return response;
}

} // namespace amzconn::refhost::console
