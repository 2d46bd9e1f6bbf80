#include "seed_data.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <fstream>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

struct Section {
    std::string_view name;
    std::string_view kind;
};

constexpr std::array<Section, 5> k_sections = {{
    {"warehouses", "warehouse"},
    {"products", "product"},
    {"stock_levels", "stock_level"},
    {"price_tiers", "price_tier"},
    {"customers", "customer"},
}};

json::value scalar_to_json(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() != "?") { // quoted or explicitly tagged: keep the text as written
        return json::string(text);
    }
    if (text == "true" || text == "True" || text == "TRUE") {
        return true;
    }
    if (text == "false" || text == "False" || text == "FALSE") {
        return false;
    }
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
        return nullptr;
    }
    int64_t number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc{} && end == text.data() + text.size()) {
        return number;
    }
    return json::string(text);
}

json::value yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        json::object object;
        for (const auto& item : node) {
            object[item.first.Scalar()] = yaml_to_json(item.second);
        }
        return object;
    }
    case YAML::NodeType::Sequence: {
        json::array array;
        for (const auto& item : node) {
            array.push_back(yaml_to_json(item));
        }
        return array;
    }
    case YAML::NodeType::Scalar:
        return scalar_to_json(node);
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return nullptr;
    }
    return nullptr;
}

std::string string_field(const json::object& doc, std::string_view field) {
    const auto* value = doc.if_contains(field);
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

// The natural key of a document, or empty when its fields are missing.
std::string natural_key(std::string_view kind, const json::object& doc) {
    if (kind == "stock_level") {
        const auto product = string_field(doc, "product");
        const auto warehouse = string_field(doc, "warehouse");
        return product.empty() || warehouse.empty() ? std::string() : product + "@" + warehouse;
    }
    if (kind == "price_tier") {
        return string_field(doc, "name");
    }
    return string_field(doc, "code");
}

std::string_view key_description(std::string_view kind) {
    if (kind == "stock_level") {
        return "string fields \"product\" and \"warehouse\"";
    }
    if (kind == "price_tier") {
        return "a string field \"name\"";
    }
    return "a string field \"code\"";
}

// The file's top-level document, and for YAML where each list item came from ("file:line:col").
struct ParsedSeed {
    json::value root;
    std::vector<std::vector<std::string>> marks;
};

Result<ParsedSeed> parse_json_seed(const std::string& name, const std::string& text) {
    boost::system::error_code ec;
    ParsedSeed parsed{json::parse(text, ec),
                      std::vector<std::vector<std::string>>(k_sections.size())};
    if (ec) {
        return Error{Status::bad_input, name + ": not valid JSON: " + ec.message()};
    }
    return parsed;
}

Result<ParsedSeed> parse_yaml_seed(const std::string& name, const std::string& text) {
    ParsedSeed parsed{json::value(), std::vector<std::vector<std::string>>(k_sections.size())};
    try {
        const YAML::Node yaml = YAML::Load(text);
        parsed.root = yaml_to_json(yaml);
        for (size_t s = 0; yaml.IsMap() && s < k_sections.size(); ++s) {
            const YAML::Node list = yaml[std::string(k_sections[s].name)];
            if (!list || !list.IsSequence()) {
                continue;
            }
            for (const auto& item : list) {
                const auto mark = item.Mark();
                parsed.marks[s].push_back(name + ":" + std::to_string(mark.line + 1) + ":" +
                                          std::to_string(mark.column + 1));
            }
        }
    } catch (const YAML::Exception& e) {
        return Error{Status::bad_input, name + ":" + std::to_string(e.mark.line + 1) + ":" +
                                            std::to_string(e.mark.column + 1) +
                                            ": not valid YAML: " + e.msg};
    }
    return parsed;
}

void check_top_level_keys(const std::string& name, const json::object& root, SeedData& data) {
    for (const auto& [section, value] : root) {
        const bool known = std::any_of(k_sections.begin(), k_sections.end(),
                                       [&](const auto& s) { return s.name == section; });
        if (!known) {
            data.problems.push_back(name + ": unknown top-level key \"" + std::string(section) +
                                    "\": use warehouses, products, stock_levels, price_tiers, "
                                    "customers");
        }
    }
}

// The documents of one section, each keyed by its natural key, or a problem naming its place.
void read_section(const std::string& name, size_t s, const ParsedSeed& parsed, SeedData& data) {
    const auto& section = k_sections[s];
    const auto* list = parsed.root.as_object().if_contains(section.name);
    if (list == nullptr || list->is_null()) {
        return;
    }
    if (!list->is_array()) {
        data.problems.push_back(name + ": " + std::string(section.name) +
                                " must be a list of documents");
        return;
    }
    size_t index = 0;
    for (const auto& item : list->as_array()) {
        const std::string place = index < parsed.marks[s].size() ? parsed.marks[s][index] : name;
        const std::string where =
            place + ": " + std::string(section.name) + "[" + std::to_string(index) + "]";
        ++index;
        if (!item.is_object()) {
            data.problems.push_back(where + ": must be a mapping (an entity document)");
            continue;
        }
        const std::string key = natural_key(section.kind, item.as_object());
        if (key.empty()) {
            data.problems.push_back(where + ": needs " +
                                    std::string(key_description(section.kind)));
            continue;
        }
        data.items.push_back(
            SeedItem{std::string(section.kind), key, json::serialize(item), where});
    }
}

} // namespace

Result<SeedData> read_seed_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return Error{Status::bad_input, "cannot read " + file.string() + ": check the path"};
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string name = file.string();
    TRY_ASSIGN(const auto parsed, file.extension() == ".json"
                                      ? parse_json_seed(name, buffer.str())
                                      : parse_yaml_seed(name, buffer.str()));
    if (!parsed.root.is_object()) {
        return Error{Status::bad_input,
                     name + ": the top level must be a mapping with warehouses, products, "
                            "stock_levels, price_tiers and/or customers"};
    }
    SeedData data;
    check_top_level_keys(name, parsed.root.as_object(), data);
    for (size_t s = 0; s < k_sections.size(); ++s) {
        read_section(name, s, parsed, data);
    }
    return data;
}

} // namespace amzconn::refhost
