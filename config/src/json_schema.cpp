// JSON Schema (draft 2020-12) export of the schema table, for host UIs and external validators.
#include "interval_pattern.hpp"
#include "walker.hpp"
#include "yaml_json.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

namespace amzconn::config::detail {

namespace {

std::string anchored(const std::string& pattern) {
    return "^(?:" + pattern + ")$";
}

boost::json::array marketplace_names() {
    boost::json::array out;
    for (const auto& m : amazon::all_marketplaces()) {
        for (std::string_view name : {m.country_code, m.iso_country, m.id}) {
            const boost::json::value v = boost::json::string(name);
            if (std::find(out.begin(), out.end(), v) == out.end()) {
                out.push_back(v);
            }
        }
    }
    return out;
}

boost::json::object schema_of(const Spec& spec);

// {"properties": {a: {"properties": {b: LEAF}, "required": [b]}}, "required": [a]} for the dotted
// path a.b; the "required"s only when `required` (an absent key would not satisfy LEAF).
boost::json::object at_path(std::string_view dotted, const boost::json::object& leaf,
                            bool required) {
    const auto dot = dotted.find('.');
    const std::string head(dotted.substr(0, dot));
    boost::json::object inner =
        dot == std::string_view::npos ? leaf : at_path(dotted.substr(dot + 1), leaf, required);
    boost::json::object out{{"properties", boost::json::object{{head, std::move(inner)}}}};
    if (required) {
        out["required"] = boost::json::array{boost::json::string(head)};
    }
    return out;
}

// Whether the default of the key at `dotted` (absent: none) equals value.
bool default_is(const ObjectSpec& spec, std::string_view dotted, const boost::json::value& value) {
    const Field* field = find_field(spec, dotted);
    return field != nullptr && field->default_node && plain_json(*field->default_node) == value;
}

// One value of the type for editors' completion (string types whose form is not obvious).
boost::json::value example_of(const Spec& spec) {
    switch (spec.type) {
    case Type::secret:
        return "${secret:uk1-refresh-token}";
    case Type::schedule:
    case Type::duration:
        return boost::json::string(format_interval(
            std::chrono::seconds{std::clamp<std::int64_t>(3600, spec.min, spec.max)}));
    case Type::marketplace:
        return "UK";
    case Type::url:
        return "https://sellingpartnerapi-eu.amazon.com";
    case Type::date:
        return "2026-01-01";
    default:
        return nullptr;
    }
}

// A CrossRule as {"if": ..., "then": ...}: the key's default counts when it is absent.
boost::json::object schema_of_rule(const ObjectSpec& spec, const CrossRule& rule) {
    using Need = CrossRule::Need;
    const boost::json::object when = at_path(rule.when_key, {{"const", rule.when_value}},
                                             !default_is(spec, rule.when_key, rule.when_value));
    boost::json::object then;
    switch (rule.need) {
    case Need::present:
        then = at_path(rule.then_key, {}, true);
        break;
    case Need::equals:
        then = at_path(rule.then_key, {{"const", rule.then_value}},
                       !default_is(spec, rule.then_key, rule.then_value));
        break;
    case Need::differs:
        then = at_path(rule.then_key, {{"not", boost::json::object{{"const", rule.then_value}}}},
                       default_is(spec, rule.then_key, rule.then_value));
        break;
    }
    return {{"$comment", rule.at + ": " + rule.message}, {"if", when}, {"then", std::move(then)}};
}

boost::json::object schema_of_object(const ObjectSpec& spec) {
    boost::json::object out{{"type", "object"}, {"additionalProperties", false}};
    if (!spec.doc.empty()) {
        out["description"] = spec.doc;
    }
    boost::json::object properties;
    boost::json::array required;
    for (const auto& f : spec.fields) {
        boost::json::object p = schema_of(f.spec);
        p["description"] = f.doc;
        if (f.default_node && f.spec.type != Type::object) {
            p["default"] = plain_json(*f.default_node);
        }
        if (f.secret) {
            p["x-secret"] = true;
            p["writeOnly"] = true; // the standard word for it: a UI never shows the value back
        }
        if (auto example = example_of(f.spec); !example.is_null()) {
            p["examples"] = boost::json::array{std::move(example)};
        }
        if (!f.ui.empty()) {
            p["x-ui"] = boost::json::object{{"widget", f.ui}};
        }
        if (f.ignored) {
            p["x-ignored"] = true; // accepted, no effect in this build: validate warns
            p["description"] = std::string(k_ignored_note) + " " + f.doc;
        }
        properties[f.key] = std::move(p);
        if (f.required) {
            required.push_back(boost::json::string(f.key));
        }
    }
    out["properties"] = std::move(properties);
    if (!required.empty()) {
        out["required"] = std::move(required);
    }
    if (!spec.rules.empty()) {
        boost::json::array rules;
        for (const auto& rule : spec.rules) {
            rules.push_back(schema_of_rule(spec, rule));
        }
        out["allOf"] = std::move(rules);
    }
    return out;
}

// The keywords, or an interval inside the key's range (the same bounds `validate` checks).
std::string keyword_pattern(const Spec& spec) {
    std::string out = "^(?:";
    for (const auto& k : spec.choices) {
        out += k + "|";
    }
    return out + interval_alternatives(spec.min, spec.max) + ")$";
}

boost::json::object schema_of(const Spec& spec) {
    switch (spec.type) {
    case Type::boolean:
        return {{"type", "boolean"}};
    case Type::integer:
        return {{"type", "integer"}, {"minimum", spec.min}, {"maximum", spec.max}};
    case Type::string: {
        boost::json::object out{{"type", "string"}};
        if (!spec.allow_empty) {
            out["minLength"] = 1;
        }
        if (!spec.pattern.empty()) {
            out["pattern"] = anchored(spec.pattern);
        } else {
            out["not"] = boost::json::object{{"pattern", "^\\$\\{"}};
        }
        return out;
    }
    case Type::enumeration: {
        boost::json::array values;
        for (const auto& c : spec.choices) {
            if (c == "true" || c == "false") {
                values.push_back(c == "true"); // YAML's plain true/false are booleans
            } else {
                values.push_back(boost::json::string(c));
            }
        }
        return {{"enum", std::move(values)}};
    }
    case Type::schedule:
    case Type::duration:
        return {{"type", "string"}, {"pattern", keyword_pattern(spec)}};
    case Type::secret:
        return {
            {"type", "string"},
            {"pattern", "^\\$\\{(?:env:[A-Za-z_][A-Za-z0-9_]*|file:/[^${}]+|secret:[^${}]+)\\}$"}};
    case Type::marketplace:
        return {{"enum", marketplace_names()}};
    case Type::url:
        return {{"type", "string"},
                {"pattern", spec.env_ref
                                ? "^(?:\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}|[a-z0-9]+://\\S+)$"
                                : "^[a-z0-9]+://\\S+$"}};
    case Type::date:
        return {
            {"type", "string"}, {"format", "date"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}};
    case Type::object:
        return schema_of_object(*spec.object);
    case Type::array: {
        boost::json::object out{{"type", "array"}, {"items", schema_of(*spec.item)}};
        if (spec.min_items > 0) {
            out["minItems"] = spec.min_items;
        }
        if (spec.item->type != Type::object) {
            out["uniqueItems"] = true;
        }
        return out;
    }
    case Type::map: {
        boost::json::object out{{"type", "object"},
                                {"additionalProperties", schema_of(*spec.item)}};
        if (spec.key && !spec.key->pattern.empty()) {
            out["propertyNames"] = boost::json::object{{"pattern", anchored(spec.key->pattern)}};
        }
        return out;
    }
    }
    return {};
}

} // namespace

} // namespace amzconn::config::detail

namespace amzconn::config {

namespace {

// Where the .deb installs the file (share/amzconn/schema/ under the prefix; the .tgz and
// `cmake --install` put it there under theirs). Editors: `# yaml-language-server: $schema=...`.
constexpr const char* k_schema_id = "file:///usr/share/amzconn/schema/amzconn-settings.schema.json";

// The smallest valid config (config/examples/minimal.yaml's shape); a test validates it.
boost::json::object minimal_example() {
    return {
        {"stores", boost::json::array{boost::json::object{
                       {"alias", "uk1"},
                       {"marketplaces", boost::json::object{{"primary", "UK"}}},
                       {"seller_id", "A2EXAMPLE1"},
                       {"credentials",
                        boost::json::object{{"lwa_client_id", "${secret:lwa-client-id}"},
                                            {"lwa_client_secret", "${secret:lwa-client-secret}"},
                                            {"refresh_token", "${secret:uk1-refresh-token}"}}}}}}};
}

boost::json::object schema_document() {
    boost::json::object out{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                            {"$id", k_schema_id},
                            {"title", "amzconn integrator config"},
                            {"examples", boost::json::array{minimal_example()}}};
    for (const auto& entry : detail::schema_of_object(detail::root_spec())) {
        out[entry.key()] = entry.value();
    }
    return out;
}

void append_indented(std::string& out, const boost::json::value& value, std::size_t depth) {
    const std::string indent(2 * (depth + 1), ' ');
    if (const auto* object = value.if_object(); object != nullptr && !object->empty()) {
        out += "{";
        const char* separator = "\n";
        for (const auto& [key, member] : *object) {
            out += separator + indent + boost::json::serialize(boost::json::string(key)) + ": ";
            append_indented(out, member, depth + 1);
            separator = ",\n";
        }
        out += "\n" + std::string(2 * depth, ' ') + "}";
        return;
    }
    if (const auto* array = value.if_array(); array != nullptr && !array->empty()) {
        out += "[";
        const char* separator = "\n";
        for (const auto& item : *array) {
            out += separator + indent;
            append_indented(out, item, depth + 1);
            separator = ",\n";
        }
        out += "\n" + std::string(2 * depth, ' ') + "]";
        return;
    }
    out += boost::json::serialize(value);
}

} // namespace

std::string json_schema() {
    return boost::json::serialize(schema_document());
}

std::string json_schema_file() {
    std::string out;
    append_indented(out, schema_document(), 0);
    return out + "\n";
}

} // namespace amzconn::config
