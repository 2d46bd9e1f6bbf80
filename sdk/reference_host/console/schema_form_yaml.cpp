// The posted configuration form as the YAML an integrator would write (see schema_form.hpp).
#include "console/schema_form.hpp"
#include "console/schema_widget.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <yaml-cpp/yaml.h>

namespace amzconn::refhost::console {

namespace json = boost::json;
using namespace schema_form_detail;

namespace {

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return "";
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::string yaml_quoted(std::string_view text) {
    return json::serialize(json::string(text));
}

bool is_integer(std::string_view text) {
    const auto digits = text.starts_with('-') ? text.substr(1) : text;
    return !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

// One scalar field's YAML value, or "" when the field is empty.
Result<std::string> scalar_yaml(Widget widget, const std::string& path, std::string_view raw) {
    const std::string value = trimmed(raw);
    if (value.empty()) {
        return std::string();
    }
    switch (widget) {
    case Widget::number:
        return is_integer(value) ? value : yaml_quoted(value); // validate names the wrong type
    case Widget::check:
        return value == "true" || value == "false" ? value : yaml_quoted(value);
    case Widget::lines: {
        std::string list;
        size_t start = 0;
        while (start <= value.size()) {
            const auto end = std::min(value.find('\n', start), value.size());
            if (const auto line = trimmed(std::string_view(value).substr(start, end - start));
                !line.empty()) {
                list += (list.empty() ? "" : ", ") + yaml_quoted(line);
            }
            start = end + 1;
        }
        return "[" + list + "]";
    }
    case Widget::yaml:
        try {
            YAML::Emitter flow;
            flow << YAML::Flow << YAML::Load(value);
            return std::string(flow.c_str());
        } catch (const YAML::Exception& e) {
            return Error{Status::bad_input, path + ": not YAML: " + e.what()};
        }
    default:
        return yaml_quoted(value);
    }
}

Result<std::string> object_yaml(const json::object& node, const std::string& path, size_t indent,
                                const Fields& values);

// The items of an array of objects as "- " entries at `indent`; an empty item is "- {}", so each
// item keeps its index (and validate's paths their field).
Result<std::string> items_yaml(const json::object& node, const std::string& path, size_t indent,
                               const Fields& values) {
    std::string out;
    bool any = false;
    const size_t count = item_count(values, path);
    for (size_t i = 0; i < count; ++i) {
        TRY_ASSIGN(auto item, object_yaml(*items_of(node), item_path(path, i), indent + 2, values));
        any = any || !item.empty();
        if (item.empty()) {
            out += std::string(indent, ' ') + "- {}\n";
        } else { // "    alias: x" -> "  - alias: x"
            item.replace(0, indent + 2, std::string(indent, ' ') + "- ");
            out += item;
        }
    }
    return any ? out : std::string(); // no item filled in: the key is left out
}

// The YAML lines of an object's fields at `indent` spaces ("" when every field is empty).
Result<std::string> object_yaml(const json::object& node, const std::string& path, size_t indent,
                                const Fields& values) {
    const auto* properties = node.if_contains("properties");
    if (properties == nullptr || !properties->is_object()) {
        return std::string();
    }
    const std::string pad(indent, ' ');
    std::string out;
    for (const auto& [key, child_value] : properties->as_object()) {
        const auto* child = child_value.if_object();
        if (child == nullptr) {
            continue;
        }
        const std::string path_here = child_path(path, key);
        const Widget widget = widget_of(*child);
        if (widget == Widget::object) {
            TRY_ASSIGN(const auto inner, object_yaml(*child, path_here, indent + 2, values));
            out += inner.empty() ? "" : pad + std::string(key) + ":\n" + inner;
        } else if (widget == Widget::items) {
            TRY_ASSIGN(const auto items, items_yaml(*child, path_here, indent + 2, values));
            out += items.empty() ? "" : pad + std::string(key) + ":\n" + items;
        } else {
            TRY_ASSIGN(const auto value,
                       scalar_yaml(widget, path_here, field(values, path_here).value_or("")));
            out += value.empty() ? "" : pad + std::string(key) + ": " + value + "\n";
        }
    }
    return out;
}

} // namespace

Result<std::string> schema_form_yaml(const json::value& schema, const Fields& values) {
    const auto* root = schema.if_object();
    if (root == nullptr) {
        return Error{Status::internal, "the plugin's settings schema is not a JSON object"};
    }
    return object_yaml(*root, "", 0, values);
}

} // namespace amzconn::refhost::console
