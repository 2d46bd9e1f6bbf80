#include "console/schema_form.hpp"

#include "console/html.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <yaml-cpp/yaml.h>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

enum class Widget { object, items, text, number, check, choice, lines, yaml };

std::string type_of(const json::object& node) {
    const auto* type = node.if_contains("type");
    return type != nullptr && type->is_string() ? std::string(type->as_string()) : "";
}

const json::object* items_of(const json::object& node) {
    const auto* items = node.if_contains("items");
    return items != nullptr ? items->if_object() : nullptr;
}

// How a schema node is edited.
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

std::string field_id(std::string_view path) {
    std::string id = "cfg-";
    for (const char c : path) {
        id += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '-';
    }
    return id;
}

std::string child_path(std::string_view parent, std::string_view key) {
    return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

std::string description_of(const json::object& node) {
    const auto* text = node.if_contains("description");
    return text != nullptr && text->is_string() ? std::string(text->as_string()) : "";
}

struct Renderer {
    const Fields& values;
    const FieldErrors& errors;
    std::vector<std::string>& rendered;

    bool has_errors_under(std::string_view path) const {
        for (const auto& [at, _] : errors) {
            if (at == path || at.starts_with(std::string(path) + ".") ||
                at.starts_with(std::string(path) + "[")) {
                return true;
            }
        }
        return false;
    }

    // The error lines of `path` (and the ids they go under).
    std::string error_html(std::string_view path, const std::string& id) {
        const auto it = errors.find(path);
        if (it == errors.end()) {
            return "";
        }
        rendered.emplace_back(path);
        std::string html = R"(<div class="invalid-feedback d-block" id=")" + id + R"(-error">)";
        for (const auto& message : it->second) {
            html += "<div>" + html_escape(std::string(path) + ": " + message) + "</div>";
        }
        return html + "</div>";
    }

    std::string control(const json::object& node, Widget widget, const std::string& path,
                        const std::string& id, const std::string& attributes) {
        const std::string value(field(values, path).value_or(""));
        const std::string common =
            "id=\"" + id + "\" name=\"" + html_escape(path) + "\" " + attributes;
        if (widget == Widget::choice || widget == Widget::check) {
            std::vector<std::string> options;
            if (widget == Widget::check) {
                options = {"true", "false"};
            } else {
                for (const auto& option : node.at("enum").as_array()) {
                    options.push_back(option.is_string() ? std::string(option.as_string())
                                                         : json::serialize(option));
                }
            }
            std::string html = R"(<select class="form-select" )" + common +
                               R"(><option value="">(default)</option>)";
            for (const auto& option : options) {
                html += "<option value=\"" + html_escape(option) + "\"" +
                        std::string(option == value ? " selected" : "") + ">" +
                        html_escape(option) + "</option>";
            }
            return html + "</select>";
        }
        if (widget == Widget::lines || widget == Widget::yaml) {
            return R"(<textarea class="form-control font-monospace" rows="2" )" + common + ">" +
                   html_escape(value) + "</textarea>";
        }
        const auto* ui = node.if_contains("x-ui");
        const bool secret =
            node.contains("x-secret") ||
            (ui != nullptr && json::serialize(*ui).find("password") != std::string::npos);
        const std::string type = widget == Widget::number ? "number" : secret ? "password" : "text";
        return R"(<input class="form-control" type=")" + type + "\" " + common + " value=\"" +
               html_escape(value) + "\"" + (secret ? R"( autocomplete="off")" : "") + ">";
    }

    std::string scalar(const json::object& node, Widget widget, const std::string& path,
                       std::string_view key) {
        const std::string id = field_id(path);
        rendered.push_back(path);
        const std::string errors_html = error_html(path, id);
        const std::string help = description_of(node);
        std::string described = help.empty() ? "" : id + "-help";
        described += errors_html.empty() ? "" : (described.empty() ? "" : " ") + id + "-error";
        const std::string attributes =
            (described.empty() ? "" : "aria-describedby=\"" + described + "\"") +
            (errors_html.empty() ? "" : R"( aria-invalid="true")");
        std::string input = control(node, widget, path, id, attributes);
        if (!errors_html.empty()) {
            input.insert(input.find("class=\"") + 7, "is-invalid ");
        }
        const std::string hint = widget == Widget::lines  ? " (one per line)"
                                 : widget == Widget::yaml ? " (YAML, e.g. {KEY: value} or [a, b])"
                                                          : "";
        return R"(<div class="mb-2"><label class="form-label" for=")" + id + "\">" +
               html_escape(std::string(key)) + hint + " <code class=\"small\">" +
               html_escape(path) + "</code></label>" + input +
               (help.empty() ? ""
                             : R"(<div class="form-text" id=")" + id + R"(-help">)" +
                                   html_escape(help) + "</div>") +
               errors_html + "</div>";
    }

    std::string object(const json::object& node, const std::string& path, int depth) {
        std::string html;
        const auto* properties = node.if_contains("properties");
        if (properties == nullptr || !properties->is_object()) {
            return html;
        }
        for (const auto& [key, child] : properties->as_object()) {
            if (child.is_object()) {
                html += property(child.as_object(), child_path(path, key), key, depth);
            }
        }
        return html;
    }

    std::string property(const json::object& node, const std::string& path, std::string_view key,
                         int depth) {
        const Widget widget = widget_of(node);
        if (widget != Widget::object && widget != Widget::items) {
            return scalar(node, widget, path, key);
        }
        const bool items = widget == Widget::items;
        const std::string inner_path = items ? path + "[0]" : path;
        const std::string inner = items ? object(*items_of(node), inner_path, depth + 1)
                                        : object(node, inner_path, depth + 1);
        const std::string legend = html_escape(items ? std::string(key) + "[0]" : std::string(key));
        const std::string body = error_html(inner_path, field_id(inner_path)) +
                                 R"(<p class="form-text">)" + html_escape(description_of(node)) +
                                 "</p>" + inner;
        if (depth >= 2) { // deeper sections start folded, unless they hold an error
            return std::string("<details class=\"mb-2 border rounded p-2\"") +
                   (has_errors_under(inner_path) ? " open" : "") + "><summary>" + legend +
                   " <code class=\"small\">" + html_escape(inner_path) + "</code></summary>" +
                   body + "</details>";
        }
        return R"(<fieldset class="border rounded p-3 mb-3"><legend class="h5">)" + legend +
               "</legend>" + body + "</fieldset>";
    }
};

} // namespace

std::string schema_form_fields(const json::value& schema, const Fields& values,
                               const FieldErrors& errors, std::vector<std::string>& rendered) {
    const auto* root = schema.if_object();
    if (root == nullptr) {
        return "";
    }
    Renderer renderer{values, errors, rendered};
    return renderer.object(*root, "", 0);
}

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
            TRY_ASSIGN(auto item,
                       object_yaml(*items_of(*child), path_here + "[0]", indent + 4, values));
            if (!item.empty()) { // "    alias: x" -> "  - alias: x"
                item.replace(0, indent + 4, std::string(indent + 2, ' ') + "- ");
                out += pad + std::string(key) + ":\n" + item;
            }
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
