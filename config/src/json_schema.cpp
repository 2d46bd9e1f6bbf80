// JSON Schema (draft 2020-12) export of the schema table, for host UIs and external validators.
#include "walker.hpp"
#include "yaml_json.hpp"

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
    return out;
}

std::string keyword_pattern(const Spec& spec) {
    std::string out = "^(?:";
    for (const auto& k : spec.choices) {
        out += k + "|";
    }
    return out + "[1-9][0-9]{0,8}[smhd])$";
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

std::string json_schema() {
    boost::json::object out{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                            {"$id", "https://amzconn.invalid/schemas/config-v1.json"},
                            {"title", "amzconn integrator config"}};
    for (const auto& entry : detail::schema_of_object(detail::root_spec())) {
        out[entry.key()] = entry.value();
    }
    return boost::json::serialize(out);
}

} // namespace amzconn::config
