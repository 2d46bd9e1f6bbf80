// Schema-driven reading of scalars, lists and objects, with one diagnostic per problem.
#include "walker.hpp"

#include <algorithm>
#include <boost/json/string.hpp>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <regex>

namespace amzconn::config::detail {

void Walker::error(Mark mark, const std::string& path, std::string message) {
    m_diagnostics.push_back(make_diagnostic(m_file, mark, path, std::move(message)));
}

void Walker::warning(Mark mark, const std::string& path, std::string message) {
    m_diagnostics.push_back(
        make_diagnostic(m_file, mark, path, std::move(message), Severity::warning));
}

bool Walker::failed(std::string_view path) const {
    return std::any_of(m_diagnostics.begin(), m_diagnostics.end(), [&](const Diagnostic& d) {
        return d.severity == Severity::error && d.path.starts_with(path) &&
               (d.path.size() == path.size() || d.path[path.size()] == '.' ||
                d.path[path.size()] == '[');
    });
}

Mark Walker::mark_of(std::string path) const {
    while (true) {
        if (auto it = m_marks.find(path); it != m_marks.end()) {
            return it->second;
        }
        const auto cut = path.find_last_of(".[");
        if (cut == std::string::npos) {
            break;
        }
        path.resize(cut);
    }
    if (auto it = m_marks.find(""); it != m_marks.end()) {
        return it->second;
    }
    return Mark{1, 1};
}

std::string join_path(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

namespace {

const char* kind_name(const YNode& node) {
    switch (node.kind) {
    case YNode::Kind::null:
        return "nothing";
    case YNode::Kind::scalar:
        return "a single value";
    case YNode::Kind::sequence:
        return "a list";
    case YNode::Kind::mapping:
        return "a mapping";
    }
    return "?";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& options) {
    std::optional<std::string> best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& option : options) {
        const std::size_t d = edit_distance(word, option);
        if (d < best_distance) {
            best_distance = d;
            best = option;
        }
    }
    return best;
}

std::string list_words(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        out += (out.empty() ? "" : ", ") + w;
    }
    return out;
}

} // namespace

bool Walker::expect_kind(const YNode& node, YNode::Kind kind, const std::string& path) {
    if (node.kind == kind) {
        return true;
    }
    if (node.reported) {
        return false;
    }
    const char* want = kind == YNode::Kind::mapping    ? "a mapping (key: value lines)"
                       : kind == YNode::Kind::sequence ? "a list"
                                                       : "a single value";
    error(node.mark, path, std::string("expected ") + want + ", got " + kind_name(node));
    return false;
}

bool Walker::expect_scalar(const YNode& node, const std::string& path) {
    return expect_kind(node, YNode::Kind::scalar, path);
}

void Walker::walk_object(const YNode& node, const ObjectSpec& spec, void* target,
                         const std::string& path) {
    remember(path, node.mark);
    if (!expect_kind(node, YNode::Kind::mapping, path)) {
        return;
    }
    std::vector<std::string> keys;
    for (const auto& f : spec.fields) {
        keys.push_back(f.key);
    }
    std::vector<const YNode*> found(spec.fields.size(), nullptr);
    std::vector<const YNode*> found_keys(spec.fields.size(), nullptr);
    for (const auto& [key, value] : node.entries) {
        if (key.kind != YNode::Kind::scalar || (key.plain && key.value == "<<")) {
            continue; // reported while parsing
        }
        const auto it = std::find(keys.begin(), keys.end(), key.value);
        const std::string key_path = join_path(path, key.value);
        if (it == keys.end()) {
            const auto misplaced = std::find_if(
                spec.misplaced.begin(), spec.misplaced.end(),
                [&name = key.value](const auto& entry) { return entry.first == name; });
            if (misplaced != spec.misplaced.end()) {
                error(key.mark, key_path, misplaced->second);
            } else if (auto near = nearest(key.value, keys)) {
                error(key.mark, key_path,
                      "unknown key '" + key.value + "'; did you mean '" + *near + "'?");
            } else {
                error(key.mark, key_path,
                      "unknown key '" + key.value + "'; valid keys here: " + list_words(keys));
            }
            continue;
        }
        const auto index = static_cast<std::size_t>(it - keys.begin());
        if (found[index] == nullptr) {
            found[index] = &value; // a duplicate was reported while parsing; the first one counts
            found_keys[index] = &key;
        }
    }
    for (std::size_t i = 0; i < spec.fields.size(); ++i) {
        const Field& f = spec.fields[i];
        const std::string key_path = join_path(path, f.key);
        const YNode* value = found[i];
        if (value != nullptr && value->kind == YNode::Kind::null) {
            if (!value->reported) {
                // An empty value's own mark is the next token, often on the next line.
                error(found_keys[i]->mark, key_path,
                      "'" + f.key +
                          "' has no value; write a value or remove the key to use the default");
            }
            continue;
        }
        if (value != nullptr) {
            remember(key_path, value->mark);
            f.read(target, *value, *this, key_path);
            continue;
        }
        if (f.required) {
            error(node.mark, key_path, "missing required key '" + f.key + "'");
            continue;
        }
        if (f.default_node) {
            YNode defaulted = *f.default_node;
            defaulted.mark = node.mark;
            f.read(target, defaulted, *this, key_path);
        }
    }
}

bool convert(const YNode& n, const Spec&, Walker& w, const std::string& path, bool& out) {
    if (!w.expect_scalar(n, path)) {
        return false;
    }
    if (n.plain && (n.value == "true" || n.value == "false")) {
        out = n.value == "true";
        return true;
    }
    w.error(n.mark, path,
            "'" + n.value + "' is not a boolean; write true or false (without quotes)");
    return false;
}

bool convert(const YNode& n, const Spec& s, Walker& w, const std::string& path, std::int64_t& out) {
    if (!w.expect_scalar(n, path)) {
        return false;
    }
    const std::string& v = n.value;
    if (!n.plain) {
        w.error(n.mark, path, "expected a number, got a quoted text; remove the quotes");
        return false;
    }
    const std::size_t digits_from = v.starts_with('-') ? 1 : 0;
    const std::string_view digits = std::string_view(v).substr(digits_from);
    if (digits.size() > 1 && digits[0] == '0' &&
        (digits[1] == 'x' || digits[1] == 'X' || digits[1] == 'o' || digits[1] == 'b')) {
        w.error(n.mark, path, "'" + v + "' is not a decimal number; write it in decimal digits");
        return false;
    }
    const bool all_digits =
        !digits.empty() &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!all_digits) {
        w.error(n.mark, path, "'" + v + "' is not a whole number");
        return false;
    }
    if (digits.size() > 1 && digits[0] == '0') {
        w.error(n.mark, path,
                "'" + v +
                    "' has a leading zero (YAML reads it as octal); write the number without it");
        return false;
    }
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (ec != std::errc{} || ptr != v.data() + v.size()) {
        w.error(n.mark, path, "'" + v + "' is too large");
        return false;
    }
    if (value < s.min || value > s.max) {
        w.error(n.mark, path,
                "must be between " + std::to_string(s.min) + " and " + std::to_string(s.max) +
                    ", got " + v);
        return false;
    }
    out = value;
    return true;
}

namespace {

bool valid_date(std::string_view v) {
    static const std::regex shape("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    if (!std::regex_match(v.begin(), v.end(), shape)) {
        return false;
    }
    const int year = std::atoi(std::string(v.substr(0, 4)).c_str());
    const auto month = static_cast<unsigned>(std::atoi(std::string(v.substr(5, 2)).c_str()));
    const auto day = static_cast<unsigned>(std::atoi(std::string(v.substr(8, 2)).c_str()));
    return std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                       std::chrono::day{day}}
        .ok();
}

// Checks a URL after any ${env:} expansion; the value is not repeated in messages (a proxy URL
// may carry credentials).
std::optional<std::string> check_url(const Spec& s, std::string_view value) {
    if (s.check) {
        return s.check(value);
    }
    return std::nullopt;
}

} // namespace

bool convert(const YNode& n, const Spec& s, Walker& w, const std::string& path, std::string& out) {
    if (!w.expect_scalar(n, path)) {
        return false;
    }
    const std::string& v = n.value;
    if (v.empty() && s.allow_empty) {
        out = v;
        return true;
    }
    if (v.empty()) {
        w.error(n.mark, path, "must not be empty; remove the key to use the default");
        return false;
    }
    if (s.type == Type::date && !valid_date(v)) {
        w.error(n.mark, path, "'" + v + "' is not a date; write YYYY-MM-DD, e.g. 2026-01-31");
        return false;
    }
    if (s.type == Type::url) {
        if (auto ref = parse_secret_ref(v)) {
            if (!s.env_ref || ref->kind != SecretRef::Kind::env) {
                w.error(n.mark, path, "only an ${env:NAME} reference or a URL is allowed here");
                return false;
            }
            const auto& env_defined = w.ctx().env_defined;
            const bool defined =
                env_defined ? env_defined(ref->name) : std::getenv(ref->name.c_str()) != nullptr;
            if (!defined) {
                w.error(n.mark, path,
                        "environment variable '" + ref->name +
                            "' is not defined; set it before starting the host");
                return false;
            }
            const auto& env_value = w.ctx().env_value;
            std::optional<std::string> expanded;
            if (env_value) {
                expanded = env_value(ref->name);
            } else if (const char* raw = std::getenv(ref->name.c_str())) {
                expanded = std::string(raw);
            }
            if (expanded) {
                if (auto problem = check_url(s, *expanded)) {
                    w.error(n.mark, path, "the value of ${env:" + ref->name + "}: " + *problem);
                    return false;
                }
            }
            out = v;
            return true;
        }
        if (auto problem = check_url(s, v)) {
            w.error(n.mark, path, *problem);
            return false;
        }
        out = v;
        return true;
    }
    static const std::regex yaml_number("-?(0|[1-9][0-9]*)");
    if (n.plain && (v == "true" || v == "false" || std::regex_match(v, yaml_number))) {
        w.error(n.mark, path,
                "unquoted, '" + v + "' is a " +
                    (v[0] == 't' || v[0] == 'f' ? "boolean" : "number") + " in YAML; write \"" + v +
                    "\" in quotes to mean text");
        return false;
    }
    if (v.starts_with("${")) {
        w.error(n.mark, path, "references (${...}) are only allowed for credentials");
        return false;
    }
    if (s.compiled) {
        if (!std::regex_match(v, *s.compiled)) {
            w.error(n.mark, path, "'" + v + "' is not valid: " + s.pattern_hint);
            return false;
        }
    }
    if (s.check) {
        if (auto problem = s.check(v)) {
            w.error(n.mark, path, *problem);
            return false;
        }
    }
    out = v;
    return true;
}

bool convert(const YNode& n, const Spec&, Walker& w, const std::string& path, SecretRef& out) {
    if (!w.expect_scalar(n, path)) {
        return false;
    }
    // The value may be a real secret pasted by mistake: it never appears in a message.
    if (!n.value.starts_with("${")) {
        w.error(n.mark, path,
                "a literal secret is not allowed; write a reference: ${env:NAME}, "
                "${file:/absolute/path} or ${secret:NAME} (and revoke the pasted secret)");
        return false;
    }
    auto ref = parse_secret_ref(n.value);
    if (!ref) {
        w.error(n.mark, path,
                "not a valid reference; write ${env:NAME}, ${file:/absolute/path} or "
                "${secret:NAME}");
        return false;
    }
    if (ref->kind == SecretRef::Kind::file && !ref->name.starts_with('/')) {
        w.error(n.mark, path, "a ${file:...} reference needs an absolute path");
        return false;
    }
    if (ref->kind == SecretRef::Kind::env) {
        const auto& env_defined = w.ctx().env_defined;
        const bool defined =
            env_defined ? env_defined(ref->name) : std::getenv(ref->name.c_str()) != nullptr;
        if (!defined) {
            w.error(n.mark, path,
                    "environment variable '" + ref->name +
                        "' is not defined; set it before starting the host, or use "
                        "${secret:NAME}");
            return false;
        }
    }
    out = *ref;
    return true;
}

namespace {

bool read_interval(const YNode& n, const Spec& s, Walker& w, const std::string& path,
                   std::chrono::seconds& out) {
    const auto value = parse_interval(n.value);
    std::string keywords;
    for (const auto& k : s.choices) {
        keywords += k + ", ";
    }
    if (!value) {
        w.error(n.mark, path,
                "'" + n.value + "' is not " + (keywords.empty() ? "" : keywords + "or ") +
                    "an interval like 90s, 30m, 1h or 1d");
        return false;
    }
    if (value->count() < s.min || value->count() > s.max) {
        w.error(n.mark, path,
                "'" + n.value + "' is outside the allowed range " +
                    format_interval(std::chrono::seconds{s.min}) + " to " +
                    format_interval(std::chrono::seconds{s.max}));
        return false;
    }
    out = *value;
    return true;
}

} // namespace

bool convert(const YNode& n, const Spec& s, Walker& w, const std::string& path, Schedule& out) {
    if (!w.expect_scalar(n, path)) {
        return false;
    }
    if (n.value == "never" &&
        std::find(s.choices.begin(), s.choices.end(), "never") != s.choices.end()) {
        out = Schedule{Schedule::Kind::never, std::chrono::seconds{0}};
        return true;
    }
    if (n.value == "on_change" &&
        std::find(s.choices.begin(), s.choices.end(), "on_change") != s.choices.end()) {
        out = Schedule{Schedule::Kind::on_change, std::chrono::seconds{0}};
        return true;
    }
    std::chrono::seconds every{0};
    if (!read_interval(n, s, w, path, every)) {
        return false;
    }
    out = Schedule{Schedule::Kind::every, every};
    return true;
}

bool convert(const YNode& n, const Spec& s, Walker& w, const std::string& path,
             std::chrono::seconds& out) {
    if (!w.expect_scalar(n, path)) {
        return false;
    }
    return read_interval(n, s, w, path, out);
}

bool convert(const YNode& n, const Spec&, Walker& w, const std::string& path,
             const amazon::Marketplace*& out) {
    if (!w.expect_scalar(n, path)) {
        return false;
    }
    const amazon::Marketplace* found = amazon::find_marketplace(n.value);
    if (found == nullptr) {
        w.error(n.mark, path,
                "unknown marketplace '" + n.value +
                    "'; write a country code such as UK, DE or US, or a marketplace id");
        return false;
    }
    if (n.value != found->country_code && n.value != found->iso_country && n.value != found->id) {
        w.error(n.mark, path,
                "write the marketplace as '" + std::string(found->country_code) +
                    "' (capitals) or its id " + std::string(found->id));
        return false;
    }
    out = found;
    return true;
}

bool convert_choice(const YNode& n, const Spec& s, Walker& w, const std::string& path,
                    std::size_t& out) {
    if (!w.expect_scalar(n, path)) {
        return false;
    }
    const auto it = std::find(s.choices.begin(), s.choices.end(), n.value);
    if (it != s.choices.end() && (n.plain || (n.value != "true" && n.value != "false"))) {
        out = static_cast<std::size_t>(it - s.choices.begin());
        return true;
    }
    std::string message = "'" + n.value + "' is not one of: " + list_words(s.choices);
    if (it != s.choices.end()) {
        message += " (write true and false without quotes)";
    } else if (auto near = nearest(n.value, s.choices)) {
        message += "; did you mean '" + *near + "'?";
    }
    w.error(n.mark, path, message);
    return false;
}

std::string format_interval(std::chrono::seconds value) {
    const auto s = value.count();
    if (s > 86400 && s % 86400 == 0) {
        return std::to_string(s / 86400) + "d";
    }
    if (s != 0 && s % 3600 == 0) {
        return std::to_string(s / 3600) + "h";
    }
    if (s != 0 && s % 60 == 0) {
        return std::to_string(s / 60) + "m";
    }
    return std::to_string(s) + "s";
}

boost::json::value emit(const bool& v, const Spec&) {
    return v;
}
boost::json::value emit(const std::int64_t& v, const Spec&) {
    return v;
}
boost::json::value emit(const std::string& v, const Spec&) {
    return boost::json::string(v);
}
boost::json::value emit(const SecretRef& v, const Spec&) {
    return boost::json::string(to_string(v));
}
boost::json::value emit(const Schedule& v, const Spec&) {
    switch (v.kind) {
    case Schedule::Kind::never:
        return "never";
    case Schedule::Kind::on_change:
        return "on_change";
    case Schedule::Kind::every:
        break;
    }
    return boost::json::string(format_interval(v.every));
}
boost::json::value emit(const std::chrono::seconds& v, const Spec&) {
    return boost::json::string(format_interval(v));
}
boost::json::value emit(const amazon::Marketplace* const& v, const Spec&) {
    return v == nullptr ? boost::json::value(nullptr)
                        : boost::json::value(boost::json::string(v->country_code));
}

boost::json::value emit_object(const void* target, const ObjectSpec& spec) {
    boost::json::object out;
    for (const auto& f : spec.fields) {
        auto value = f.write(target);
        if (!value.is_null()) {
            out[f.key] = std::move(value);
        }
    }
    return out;
}

std::shared_ptr<const YNode> parse_default(const std::string& yaml) {
    std::vector<Diagnostic> ignored;
    auto node = parse_yaml("(schema default)", yaml, ignored);
    return std::make_shared<const YNode>(node ? std::move(*node) : YNode{});
}

} // namespace amzconn::config::detail

namespace amzconn::config {

std::optional<std::chrono::seconds> parse_interval(std::string_view text) {
    if (text.size() < 2) {
        return std::nullopt;
    }
    const char unit = text.back();
    const std::string_view digits = text.substr(0, text.size() - 1);
    if (digits[0] < '1' || digits[0] > '9' || digits.size() > 9) {
        return std::nullopt;
    }
    std::int64_t count = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (ec != std::errc{} || ptr != digits.data() + digits.size()) {
        return std::nullopt;
    }
    switch (unit) {
    case 's':
        return std::chrono::seconds{count};
    case 'm':
        return std::chrono::seconds{count * 60};
    case 'h':
        return std::chrono::seconds{count * 3600};
    case 'd':
        return std::chrono::seconds{count * 86400};
    default:
        return std::nullopt;
    }
}

std::optional<SecretRef> parse_secret_ref(std::string_view text) {
    if (!text.starts_with("${") || !text.ends_with("}")) {
        return std::nullopt;
    }
    const std::string_view inner = text.substr(2, text.size() - 3);
    const auto colon = inner.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view kind = inner.substr(0, colon);
    const std::string_view name = inner.substr(colon + 1);
    if (name.empty() || name.find_first_of("${}") != std::string_view::npos) {
        return std::nullopt;
    }
    SecretRef ref;
    if (kind == "env") {
        static const std::regex env_name("[A-Za-z_][A-Za-z0-9_]*");
        if (!std::regex_match(name.begin(), name.end(), env_name)) {
            return std::nullopt;
        }
        ref.kind = SecretRef::Kind::env;
    } else if (kind == "file") {
        ref.kind = SecretRef::Kind::file;
    } else if (kind == "secret") {
        ref.kind = SecretRef::Kind::secret;
    } else {
        return std::nullopt;
    }
    ref.name = std::string(name);
    return ref;
}

std::string to_string(const SecretRef& ref) {
    switch (ref.kind) {
    case SecretRef::Kind::env:
        return "${env:" + ref.name + "}";
    case SecretRef::Kind::file:
        return "${file:" + ref.name + "}";
    case SecretRef::Kind::secret:
        return "${secret:" + ref.name + "}";
    }
    return "";
}

} // namespace amzconn::config
