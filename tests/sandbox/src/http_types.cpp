#include "http_types.hpp"

#include <boost/json.hpp>

namespace amzconn::sandbox {

std::optional<std::string> Request::param(std::string_view name) const {
    for (const auto& [key, value] : query) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

std::vector<std::string> Request::params(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [key, value] : query) {
        if (key != name) {
            continue;
        }
        std::size_t start = 0;
        while (start <= value.size()) {
            const auto comma = value.find(',', start);
            const auto end = comma == std::string::npos ? value.size() : comma;
            if (end > start) {
                out.emplace_back(value.substr(start, end - start));
            }
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
    }
    return out;
}

std::string Request::header(std::string_view name) const {
    const auto it = headers.find(std::string(name));
    return it == headers.end() ? std::string() : it->second;
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto amp = text.find('&', start);
        if (amp == std::string_view::npos) {
            amp = text.size();
        }
        const auto part = text.substr(start, amp - start);
        if (!part.empty()) {
            const auto eq = part.find('=');
            if (eq == std::string_view::npos) {
                out.emplace_back(url_decode(part, true), std::string());
            } else {
                out.emplace_back(url_decode(part.substr(0, eq), true),
                                 url_decode(part.substr(eq + 1), true));
            }
        }
        start = amp + 1;
    }
    return out;
}

Response error_response(unsigned status, std::string_view code, std::string_view message,
                        std::string_view details) {
    boost::json::object error;
    error["code"] = code;
    error["message"] = message;
    error["details"] = details;
    boost::json::array errors;
    errors.push_back(std::move(error));
    boost::json::object body;
    body["errors"] = std::move(errors);
    Response response;
    response.status = status;
    response.body = boost::json::serialize(body);
    return response;
}

Response invalid_input(std::string_view message, std::string_view details) {
    return error_response(400, "InvalidInput", message, details);
}

} // namespace amzconn::sandbox
