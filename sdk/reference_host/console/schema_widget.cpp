#include "console/schema_widget.hpp"

#include <algorithm>
#include <charconv>

namespace amzconn::refhost::console::schema_form_detail {

namespace json = boost::json;

namespace {

std::string type_of(const json::object& node) {
    const auto* type = node.if_contains("type");
    return type != nullptr && type->is_string() ? std::string(type->as_string()) : "";
}

} // namespace

const json::object* items_of(const json::object& node) {
    const auto* items = node.if_contains("items");
    return items != nullptr ? items->if_object() : nullptr;
}

Widget widget_of(const json::object& node) {
    const std::string type = type_of(node);
    if (node.contains("enum")) {
        return Widget::choice;
    }
    if (type == "object") {
        return node.contains("properties") ? Widget::object : Widget::yaml;
    }
    if (type == "boolean") {
        return Widget::check;
    }
    if (type == "integer" || type == "number") {
        return Widget::number;
    }
    if (type == "array") {
        const auto* item = items_of(node);
        if (item != nullptr && item->contains("properties")) {
            return Widget::items;
        }
        return item != nullptr && type_of(*item) == "string" && !item->contains("enum")
                   ? Widget::lines
                   : Widget::yaml;
    }
    return type == "string" ? Widget::text : Widget::yaml;
}

std::string child_path(std::string_view parent, std::string_view key) {
    return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

std::string item_path(std::string_view path, size_t index) {
    return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string count_field(std::string_view path) {
    return std::string(path) + "#items";
}

size_t item_count(const Fields& values, std::string_view path) {
    const auto text = field(values, count_field(path)).value_or("");
    size_t count = 1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (ec != std::errc() || end != text.data() + text.size()) {
        count = 1;
    }
    return std::clamp<size_t>(count, 1, k_max_items);
}

} // namespace amzconn::refhost::console::schema_form_detail
