#include "entity_filter.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <charconv>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

Result<int64_t> as_id(const json::value& value, std::string_view field) {
    if (value.is_int64() && value.as_int64() >= 0) {
        return value.as_int64();
    }
    if (value.is_uint64()) {
        return static_cast<int64_t>(value.as_uint64() & 0x7fffffffffffffffULL);
    }
    if (value.is_string()) {
        const auto& text = value.as_string();
        int64_t number = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec == std::errc{} && end == text.data() + text.size() && number >= 0) {
            return number;
        }
    }
    return Error{Status::bad_input, "entity filter: \"" + std::string(field) +
                                        "\" must be a non-negative integer or an id string"};
}

} // namespace

Result<EntityFilter> parse_entity_filter(std::string_view filter_json) {
    EntityFilter filter;
    if (filter_json.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return filter;
    }
    // The tree lives for this call only: parsed on the stack, the wanted values copied out.
    unsigned char buffer[2048];
    json::monotonic_resource arena(buffer, sizeof buffer);
    boost::system::error_code ec;
    json::value parsed = json::parse(filter_json, ec, &arena);
    if (ec) {
        return Error{Status::bad_input, "entity filter is not valid JSON: " + ec.message()};
    }
    if (!parsed.is_object()) {
        return Error{Status::bad_input,
                     "entity filter must be a JSON object of field equalities, e.g. "
                     "{\"code\":\"W1\",\"limit\":10}"};
    }
    for (const auto& [key, value] : parsed.as_object()) {
        if (key == "limit") {
            TRY_ASSIGN(filter.limit, as_id(value, "limit"));
        } else if (key == "after") {
            TRY_ASSIGN(filter.after, as_id(value, "after"));
        } else {
            filter.equalities.emplace_back(std::string(key),
                                           json::value(value, json::storage_ptr()));
        }
    }
    return filter;
}

const json::value* find_path(const json::value& doc, std::string_view path) {
    const json::value* current = &doc;
    while (true) {
        const auto* object = current->if_object();
        if (object == nullptr) {
            return nullptr;
        }
        if (const auto* whole = object->if_contains(path)) {
            return whole;
        }
        const auto dot = path.find('.');
        if (dot == std::string_view::npos) {
            return nullptr;
        }
        const auto* next = object->if_contains(path.substr(0, dot));
        if (next == nullptr) {
            return nullptr;
        }
        current = next;
        path = path.substr(dot + 1);
    }
}

bool matches(const EntityFilter& filter, const json::value& doc) {
    for (const auto& [path, wanted] : filter.equalities) {
        const auto* found = find_path(doc, path);
        if (found == nullptr || *found != wanted) {
            return false;
        }
    }
    return true;
}

} // namespace amzconn::refhost
