// The vocabulary of the config schema: what a key is (type, limits, default, doc, secret flag)
// and how it binds to a member of the typed config. The table itself is in schema.cpp.
#pragma once

#include "../src/yaml_tree.hpp"

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::config::detail {

enum class Type {
    boolean,
    integer,
    string,
    enumeration,
    schedule,    // an interval or a keyword (never, on_change)
    duration,    // an interval
    secret,      // ${env:NAME} | ${file:/path} | ${secret:NAME}
    marketplace, // country code or marketplace id
    url,         // a URL, or ${env:NAME} when env_ref
    date,        // YYYY-MM-DD
    object,
    array,
    map,
};

// Shown in the reference and the JSON Schema beside a key that this build does not act on.
inline constexpr const char* k_ignored_note = "Ignored by this build (no effect yet).";

struct ObjectSpec;
class Walker;

// Returns a message when the value breaks a rule the type alone cannot express.
using StringCheck = std::function<std::optional<std::string>(std::string_view)>;

struct Spec {
    Type type = Type::string;
    std::int64_t min = 0; // integers: value; schedules/durations: seconds
    std::int64_t max = std::numeric_limits<std::int64_t>::max();
    std::vector<std::string> choices{}; // enumeration names in enum order; schedule keywords
    std::string pattern{};              // strings: ECMAScript regex for the whole value
    std::shared_ptr<const std::regex> compiled{}; // `pattern`, compiled once
    std::string pattern_hint{};                   // what the pattern asks for, in words
    StringCheck check{};
    const ObjectSpec* object = nullptr;
    std::shared_ptr<const Spec> item{}; // array items, map values
    std::shared_ptr<const Spec> key{};  // map keys (strings)
    std::size_t min_items = 0;
    bool env_ref = false;
    bool allow_empty = false; // strings: "" is a meaningful value (e.g. no prefix)
};

struct Field {
    std::string key;
    std::string doc;
    bool required = false;
    bool secret = false;
    std::string ui;       // "x-ui" hint for host forms
    bool ignored = false; // accepted, but this build does not act on it yet (validate warns)
    std::optional<std::string> default_yaml;
    std::shared_ptr<const YNode> default_node;
    Spec spec;
    std::function<void(void*, const YNode&, Walker&, const std::string&)> read;
    std::function<boost::json::value(const void*)> write;
};

// A rule between keys of one object, as data: `validate` checks it on the config with its
// defaults filled in, and the JSON Schema states it as if/then, so both refuse the same configs.
// Keys are dotted paths inside the object ("customer.strategy").
struct CrossRule {
    enum class Need { present, equals, differs };
    std::string when_key;
    boost::json::value when_value; // the rule applies when when_key has this value
    std::string then_key;
    Need need = Need::present; // then_key must be set, equal then_value, or differ from it
    boost::json::value then_value{};
    std::string at; // the key the diagnostic points at (the one to change)
    std::string message;
};

struct ObjectSpec {
    std::string name;
    std::string doc;
    std::vector<Field> fields;
    // Keys that belong elsewhere: key -> what to write instead.
    std::vector<std::pair<std::string, std::string>> misplaced;
    std::vector<CrossRule> rules{};
};

// The field of `spec` at a dotted path ("customer.strategy"), or nullptr.
const Field* find_field(const ObjectSpec& spec, std::string_view dotted);

// The root of the schema (instance + stores).
const ObjectSpec& root_spec();

} // namespace amzconn::config::detail
