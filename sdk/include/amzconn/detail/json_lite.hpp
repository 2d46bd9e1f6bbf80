// A tiny JSON writer/reader for the few fixed-shape documents the SDK wrappers exchange
// (state values, state lists, upsert results). Keeps the header-only SDK free of dependencies;
// payload documents (entities, reports) are left to Boost.JSON in the plugin and the host.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::detail {

// Appends `text` as a JSON string literal (quotes included) to `out`.
inline void append_json_string(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out.push_back(k_hex[byte >> 4U]);
                out.push_back(k_hex[byte & 0x0FU]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

inline std::string json_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

// An object member. A plain struct, not std::pair: clang with libstdc++ cannot instantiate
// std::pair<std::string, JsonValue> while JsonValue is still incomplete.
struct JsonMember;

// A parsed JSON value. Numbers keep their text; only integers are ever read back here.
struct JsonValue {
    enum class Kind { null_value, boolean, number, string, array, object };
    Kind kind = Kind::null_value;
    bool boolean = false;
    std::string text; // string contents, or the number's literal
    std::vector<JsonValue> items;
    std::vector<JsonMember> members;

    const JsonValue* find(std::string_view name) const;
    std::optional<int64_t> as_int() const {
        if (kind != Kind::number) {
            return std::nullopt;
        }
        int64_t value = 0;
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (ec != std::errc{} || ptr != end) {
            return std::nullopt;
        }
        return value;
    }
};

struct JsonMember {
    std::string key;
    JsonValue value;
};

inline const JsonValue* JsonValue::find(std::string_view name) const {
    for (const auto& [key, value] : members) {
        if (key == name) {
            return &value;
        }
    }
    return nullptr;
}

class JsonReader {
  public:
    explicit JsonReader(std::string_view text) : m_text(text) {}

    // The whole text as one value, or nullopt when it is not well-formed JSON.
    std::optional<JsonValue> parse_document() {
        JsonValue value;
        if (!parse_value(value, 0)) {
            return std::nullopt;
        }
        skip_space();
        if (m_pos != m_text.size()) {
            return std::nullopt;
        }
        return value;
    }

  private:
    static constexpr int k_max_depth = 64;

    void skip_space() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' ||
                                         m_text[m_pos] == '\r' || m_text[m_pos] == '\t')) {
            ++m_pos;
        }
    }
    bool consume(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word) {
            return false;
        }
        m_pos += word.size();
        return true;
    }

    bool parse_value(JsonValue& out, int depth) {
        if (depth > k_max_depth) {
            return false;
        }
        skip_space();
        if (m_pos >= m_text.size()) {
            return false;
        }
        const char c = m_text[m_pos];
        if (c == '{') {
            return parse_object(out, depth);
        }
        if (c == '[') {
            return parse_array(out, depth);
        }
        if (c == '"') {
            out.kind = JsonValue::Kind::string;
            return parse_string(out.text);
        }
        if (consume("true")) {
            out.kind = JsonValue::Kind::boolean;
            out.boolean = true;
            return true;
        }
        if (consume("false")) {
            out.kind = JsonValue::Kind::boolean;
            return true;
        }
        if (consume("null")) {
            out.kind = JsonValue::Kind::null_value;
            return true;
        }
        return parse_number(out);
    }

    bool parse_number(JsonValue& out) {
        const size_t start = m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == '-') {
            ++m_pos;
        }
        size_t digits = 0;
        while (m_pos < m_text.size() &&
               ((m_text[m_pos] >= '0' && m_text[m_pos] <= '9') || m_text[m_pos] == '.' ||
                m_text[m_pos] == 'e' || m_text[m_pos] == 'E' || m_text[m_pos] == '+' ||
                m_text[m_pos] == '-')) {
            ++m_pos;
            ++digits;
        }
        if (digits == 0) {
            return false;
        }
        out.kind = JsonValue::Kind::number;
        out.text = std::string(m_text.substr(start, m_pos - start));
        return true;
    }

    static void append_utf8(std::string& out, uint32_t cp) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
            out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
            out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
            out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
        } else {
            out.push_back(static_cast<char>(0xF0U | (cp >> 18U)));
            out.push_back(static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU)));
            out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
            out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
        }
    }

    bool parse_hex4(uint32_t& out) {
        if (m_pos + 4 > m_text.size()) {
            return false;
        }
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_pos++];
            uint32_t digit = 0;
            if (h >= '0' && h <= '9') {
                digit = static_cast<uint32_t>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                digit = static_cast<uint32_t>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                digit = static_cast<uint32_t>(h - 'A' + 10);
            } else {
                return false;
            }
            out = (out << 4U) | digit;
        }
        return true;
    }

    bool parse_string(std::string& out) {
        ++m_pos; // opening quote
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '"') {
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return false;
            }
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (m_pos >= m_text.size()) {
                return false;
            }
            const char e = m_text[m_pos++];
            switch (e) {
            case '"':
                out.push_back('"');
                break;
            case '\\':
                out.push_back('\\');
                break;
            case '/':
                out.push_back('/');
                break;
            case 'b':
                out.push_back('\b');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'u': {
                uint32_t cp = 0;
                if (!parse_hex4(cp)) {
                    return false;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t low = 0;
                    if (!consume("\\u") || !parse_hex4(low) || low < 0xDC00 || low > 0xDFFF) {
                        return false;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10U) + (low - 0xDC00);
                }
                append_utf8(out, cp);
                break;
            }
            default:
                return false;
            }
        }
        return false;
    }

    bool parse_array(JsonValue& out, int depth) {
        ++m_pos;
        out.kind = JsonValue::Kind::array;
        skip_space();
        if (consume("]")) {
            return true;
        }
        while (true) {
            JsonValue item;
            if (!parse_value(item, depth + 1)) {
                return false;
            }
            out.items.push_back(std::move(item));
            skip_space();
            if (consume("]")) {
                return true;
            }
            if (!consume(",")) {
                return false;
            }
        }
    }

    bool parse_object(JsonValue& out, int depth) {
        ++m_pos;
        out.kind = JsonValue::Kind::object;
        skip_space();
        if (consume("}")) {
            return true;
        }
        while (true) {
            skip_space();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
                return false;
            }
            std::string key;
            if (!parse_string(key)) {
                return false;
            }
            skip_space();
            if (!consume(":")) {
                return false;
            }
            JsonValue value;
            if (!parse_value(value, depth + 1)) {
                return false;
            }
            out.members.push_back(JsonMember{std::move(key), std::move(value)});
            skip_space();
            if (consume("}")) {
                return true;
            }
            if (!consume(",")) {
                return false;
            }
        }
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

inline std::optional<JsonValue> parse_json(std::string_view text) {
    return JsonReader(text).parse_document();
}

} // namespace amzconn::detail
