#include "console/schema_form.hpp"

#include "console/html.hpp"
#include "console/schema_widget.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>

namespace amzconn::refhost::console {

namespace json = boost::json;
using namespace schema_form_detail;

namespace {

std::string field_id(std::string_view path) {
    std::string id = "cfg-";
    for (const char c : path) {
        id += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '-';
    }
    return id;
}

std::string description_of(const json::object& node) {
    const auto* text = node.if_contains("description");
    return text != nullptr && text->is_string() ? std::string(text->as_string()) : "";
}

struct Renderer {
    const Fields& values;
    const FieldErrors& errors;
    const FormOptions& options;
    std::vector<std::string>& rendered;
    bool focused = false;

    // readonly (an installed store's alias) and autofocus (the first field of an added item).
    std::string state_attributes(const std::string& path) {
        std::string html = options.readonly.contains(path) ? " readonly" : "";
        if (!focused && !options.focus_under.empty() && path.starts_with(options.focus_under)) {
            focused = true;
            html += " autofocus";
        }
        return html;
    }

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
            std::vector<std::string> choices;
            if (widget == Widget::check) {
                choices = {"true", "false"};
            } else {
                for (const auto& option : node.at("enum").as_array()) {
                    choices.push_back(option.is_string() ? std::string(option.as_string())
                                                         : json::serialize(option));
                }
            }
            std::string html = R"(<select class="form-select" )" + common +
                               R"(><option value="">(default)</option>)";
            for (const auto& option : choices) {
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
            (errors_html.empty() ? "" : R"( aria-invalid="true")") + state_attributes(path);
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

    // A fieldset, or, below the top two levels, a folded <details> (open when it holds an error).
    std::string section(const json::object& node, const std::string& path, std::string_view legend,
                        const std::string& inner, int depth) {
        const std::string body = error_html(path, field_id(path)) + R"(<p class="form-text">)" +
                                 html_escape(description_of(node)) + "</p>" + inner;
        if (depth >= 2) {
            return std::string("<details class=\"mb-2 border rounded p-2\"") +
                   (has_errors_under(path) ? " open" : "") + "><summary>" + html_escape(legend) +
                   " <code class=\"small\">" + html_escape(path) + "</code></summary>" + body +
                   "</details>";
        }
        return R"(<fieldset class="border rounded p-3 mb-3"><legend class="h5">)" +
               html_escape(legend) + "</legend>" + body + "</fieldset>";
    }

    std::string property(const json::object& node, const std::string& path, std::string_view key,
                         int depth) {
        const Widget widget = widget_of(node);
        if (widget == Widget::object) {
            return section(node, path, key, object(node, path, depth + 1), depth);
        }
        if (widget != Widget::items) {
            return scalar(node, widget, path, key);
        }
        const size_t count = item_count(values, path);
        std::string html = R"(<input type="hidden" name=")" + html_escape(count_field(path)) +
                           R"(" value=")" + std::to_string(count) + "\">";
        for (size_t i = 0; i < count; ++i) {
            const std::string at = item_path(path, i);
            const std::string alias(field(values, at + ".alias").value_or(""));
            const std::string legend = item_path(key, i) + (alias.empty() ? "" : ": " + alias);
            html +=
                section(*items_of(node), at, legend, object(*items_of(node), at, depth + 1), depth);
        }
        return html + add_button(path, key);
    }

    // "Add a store" for stores, "Add another replace item" for replace: posts action add:PATH.
    static std::string add_button(const std::string& path, std::string_view key) {
        const std::string label = key.ends_with('s')
                                      ? "Add a " + std::string(key.substr(0, key.size() - 1))
                                      : "Add another " + std::string(key) + " item";
        return R"(<p><button type="submit" class="btn btn-outline-primary btn-sm" )"
               R"(name="action" value="add:)" +
               html_escape(path) + R"(" id=")" + field_id(path) + R"(-add">)" + html_escape(label) +
               "</button></p>";
    }
};

} // namespace

std::string schema_form_fields(const json::value& schema, const Fields& values,
                               const FieldErrors& errors, const FormOptions& options,
                               std::vector<std::string>& rendered) {
    const auto* root = schema.if_object();
    if (root == nullptr) {
        return "";
    }
    Renderer renderer{values, errors, options, rendered};
    return renderer.object(*root, "", 0);
}

std::string schema_form_add_item(Fields& values, std::string_view path) {
    const size_t count = item_count(values, path);
    if (count < k_max_items) {
        values[count_field(path)] = std::to_string(count + 1);
    }
    return item_path(path, std::min(count, k_max_items - 1));
}

} // namespace amzconn::refhost::console
