// A config's YAML as the configuration form's values (see schema_form.hpp): the same schema walk
// as the rendering, each scalar as its text, a list of strings one per line, a map or other shape
// as YAML flow text, an array of objects item by item with its count.
#include "console/schema_form.hpp"
#include "console/schema_widget.hpp"

#include <yaml-cpp/yaml.h>

namespace amzconn::refhost::console {

namespace json = boost::json;
using namespace schema_form_detail;

namespace {

std::string flow_yaml(const YAML::Node& node) {
    YAML::Emitter flow;
    flow << YAML::Flow << node;
    return flow.c_str();
}

// One field's text: a list of strings one per line, a scalar as written, the rest flow YAML.
std::string value_text(Widget widget, const YAML::Node& node) {
    if (widget == Widget::lines && node.IsSequence()) {
        std::string lines;
        for (const auto& item : node) {
            lines +=
                (lines.empty() ? "" : "\n") + (item.IsScalar() ? item.Scalar() : flow_yaml(item));
        }
        return lines;
    }
    return node.IsScalar() && widget != Widget::yaml ? node.Scalar() : flow_yaml(node);
}

void object_values(const json::object& node, const YAML::Node& yaml, const std::string& path,
                   Fields& out) {
    const auto* properties = node.if_contains("properties");
    if (!yaml.IsMap() || properties == nullptr || !properties->is_object()) {
        return;
    }
    for (const auto& [key, child_value] : properties->as_object()) {
        const auto* child = child_value.if_object();
        const YAML::Node value = yaml[std::string(key)];
        if (child == nullptr || !value.IsDefined() || value.IsNull()) {
            continue;
        }
        const std::string here = child_path(path, key);
        const Widget widget = widget_of(*child);
        if (widget == Widget::object) {
            object_values(*child, value, here, out);
        } else if (widget == Widget::items) {
            if (!value.IsSequence()) {
                continue;
            }
            out[count_field(here)] = std::to_string(std::max<size_t>(value.size(), 1));
            for (size_t i = 0; i < value.size() && i < k_max_items; ++i) {
                object_values(*items_of(*child), value[i], item_path(here, i), out);
            }
        } else {
            out[here] = value_text(widget, value);
        }
    }
}

} // namespace

Result<Fields> schema_form_values(const json::value& schema, const std::string& yaml) {
    const auto* root = schema.if_object();
    if (root == nullptr) {
        return Error{Status::internal, "the plugin's settings schema is not a JSON object"};
    }
    try {
        Fields values;
        object_values(*root, YAML::Load(yaml), "", values);
        return values;
    } catch (const YAML::Exception& e) {
        return Error{Status::bad_input, std::string("the config is not YAML: ") + e.what()};
    }
}

} // namespace amzconn::refhost::console
