#include "json_print.hpp"

#include "escape_text.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

void print(const json::value& value, std::string& out, size_t indent) {
    const std::string pad(indent + 2, ' ');
    const std::string close_pad(indent, ' ');
    if (const auto* object = value.if_object(); object != nullptr && !object->empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& [key, item] : *object) {
            if (!first) {
                out += ",\n";
            }
            first = false;
            out += pad;
            out += json::serialize(json::string_view(key));
            out += ": ";
            print(item, out, indent + 2);
        }
        out += "\n" + close_pad + "}";
    } else if (const auto* array = value.if_array(); array != nullptr && !array->empty()) {
        out += "[\n";
        bool first = true;
        for (const auto& item : *array) {
            if (!first) {
                out += ",\n";
            }
            first = false;
            out += pad;
            print(item, out, indent + 2);
        }
        out += "\n" + close_pad + "]";
    } else {
        out += json::serialize(value);
    }
}

} // namespace

std::string pretty_json(const json::value& value) {
    std::string out;
    print(value, out, 0);
    return out;
}

std::string pretty_json_text(std::string_view text) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(text, ec);
    return ec ? std::string(text) : pretty_json(parsed);
}

void append_field(std::string& out, std::string_view name, const json::value& value,
                  std::string_view indent) {
    constexpr size_t k_inline_limit = 100;
    std::string text = value.is_string() ? std::string(value.as_string()) : json::serialize(value);
    out += std::string(indent) + escape_controls(name) + ":";
    if (text.find('\n') == std::string::npos && text.size() <= k_inline_limit) {
        out += " " + escape_controls(text) + "\n";
        return;
    }
    if (!value.is_string()) {
        text = pretty_json(value);
    }
    while (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    out += "\n";
    size_t start = 0;
    while (start <= text.size()) {
        const size_t end = std::min(text.find('\n', start), text.size());
        out += std::string(indent) + "  " + escape_controls(text.substr(start, end - start)) + "\n";
        start = end + 1;
    }
}

std::string fields_text(std::string_view text) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(text, ec);
    if (ec || !parsed.is_object()) {
        return pretty_json_text(text) + "\n";
    }
    std::string out;
    for (const auto& [key, value] : parsed.as_object()) {
        append_field(out, key, value, "");
    }
    return out;
}

} // namespace amzconn::refhost
