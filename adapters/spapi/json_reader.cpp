#include "json_reader.hpp"

#include "log_text.hpp"

namespace amzconn::spapi {

namespace bj = boost::json;

std::string join_path(std::string_view base, std::string_view key) {
    if (base.empty()) {
        return std::string(key);
    }
    return std::string(base) + "." + std::string(key);
}

std::string index_path(std::string_view base, size_t index) {
    return std::string(base) + "[" + std::to_string(index) + "]";
}

void FieldPath::append_to(std::string& out) const {
    if (m_parent == nullptr) {
        out += m_text;
        return;
    }
    m_parent->append_to(out);
    if (m_is_index) {
        out += '[';
        out += std::to_string(m_index);
        out += ']';
        return;
    }
    if (!out.empty()) {
        out += '.';
    }
    out += m_text;
}

std::string FieldPath::str() const {
    std::string out;
    append_to(out);
    return out;
}

ApiResult<bj::value> parse_json_body(std::string_view body, std::string_view request_id,
                                     bj::storage_ptr storage) {
    ApiError err;
    err.kind = ErrorKind::data;
    err.request_id = std::string(request_id);
    if (body.empty()) {
        err.message = "empty response body where JSON was expected; retry later";
        return err;
    }
    bj::parse_options opts;
    opts.max_depth = 32;
    bj::stream_parser p({}, opts);
    p.reset(std::move(storage));
    boost::system::error_code ec;
    p.write(body.data(), body.size(), ec);
    if (!ec) {
        p.finish(ec);
    }
    if (ec) {
        bool incomplete = ec == bj::error::incomplete;
        err.message = incomplete ? "incomplete JSON (the body was cut short); retry later"
                                 : "response is not valid JSON (" + ec.message() + ")";
        return err;
    }
    return p.release();
}

ApiError JsonReader::error() const {
    ApiError e;
    e.kind = ErrorKind::data;
    e.request_id = m_request_id;
    e.code = "SchemaMismatch";
    e.message = m_error + "; the response does not match Amazon's model";
    return e;
}

void JsonReader::fail(const FieldPath& path, std::string_view what) {
    if (m_error.empty()) {
        const std::string text = path.str();
        m_error =
            "field " + (text.empty() ? std::string("(body)") : text) + ": " + std::string(what);
    }
}

const bj::object* JsonReader::object(const bj::value& v, const FieldPath& path) {
    if (!v.is_object()) {
        fail(path, "expected an object");
        return nullptr;
    }
    return &v.as_object();
}

namespace {
const bj::value* field(const bj::object& o, std::string_view key) {
    const bj::value* v = o.if_contains(key);
    return (v != nullptr && v->is_null()) ? nullptr : v;
}
} // namespace

const bj::object* JsonReader::object(const bj::object& o, std::string_view key,
                                     const FieldPath& path, bool required) {
    const bj::value* v = field(o, key);
    auto p = [&] { return FieldPath(path, key); };
    if (v == nullptr) {
        if (required) {
            fail(p(), "required object is missing");
        }
        return nullptr;
    }
    if (!v->is_object()) {
        fail(p(), "expected an object");
        return nullptr;
    }
    return &v->as_object();
}

const bj::array* JsonReader::array(const bj::object& o, std::string_view key, const FieldPath& path,
                                   bool required) {
    const bj::value* v = field(o, key);
    auto p = [&] { return FieldPath(path, key); };
    if (v == nullptr) {
        if (required) {
            fail(p(), "required array is missing");
        }
        return nullptr;
    }
    if (!v->is_array()) {
        fail(p(), "expected an array");
        return nullptr;
    }
    return &v->as_array();
}

std::optional<std::string> JsonReader::string(const bj::object& o, std::string_view key,
                                              const FieldPath& path, bool required,
                                              size_t max_length) {
    const bj::value* v = field(o, key);
    auto p = [&] { return FieldPath(path, key); };
    if (v == nullptr) {
        if (required) {
            fail(p(), "required string is missing");
        }
        return std::nullopt;
    }
    if (!v->is_string()) {
        fail(p(), "expected a string");
        return std::nullopt;
    }
    std::string_view s = v->as_string();
    if (s.find('\0') != std::string_view::npos) {
        fail(p(), "contains a NUL character");
        return std::nullopt;
    }
    if (s.size() > max_length) {
        fail(p(), "longer than " + std::to_string(max_length) + " bytes");
        return std::nullopt;
    }
    if (required && s.empty()) {
        fail(p(), "required string is empty");
        return std::nullopt;
    }
    return std::string(s);
}

std::optional<std::string>
JsonReader::enumeration(const bj::object& o, std::string_view key, const FieldPath& path,
                        bool required, std::initializer_list<std::string_view> allowed) {
    auto s = string(o, key, path, required, 128);
    if (!s) {
        return s;
    }
    for (auto a : allowed) {
        if (*s == a) {
            return s;
        }
    }
    fail(FieldPath(path, key), "unknown value \"" + log_safe(*s, 64) + "\"");
    return std::nullopt;
}

std::optional<int64_t> JsonReader::integer(const bj::object& o, std::string_view key,
                                           const FieldPath& path, bool required, int64_t min,
                                           int64_t max) {
    const bj::value* v = field(o, key);
    auto p = [&] { return FieldPath(path, key); };
    if (v == nullptr) {
        if (required) {
            fail(p(), "required integer is missing");
        }
        return std::nullopt;
    }
    int64_t n = 0;
    if (v->is_int64()) {
        n = v->as_int64();
    } else if (v->is_uint64()) {
        fail(p(), "integer out of range");
        return std::nullopt;
    } else {
        // Doubles (1.5, 1e400, 2^64) and strings ("5") are not integers.
        fail(p(), "expected an integer");
        return std::nullopt;
    }
    if (n < min || n > max) {
        fail(p(), "integer " + std::to_string(n) + " out of range [" + std::to_string(min) + ", " +
                      std::to_string(max) + "]");
        return std::nullopt;
    }
    return n;
}

std::optional<bool> JsonReader::boolean(const bj::object& o, std::string_view key,
                                        const FieldPath& path, bool required) {
    const bj::value* v = field(o, key);
    auto p = [&] { return FieldPath(path, key); };
    if (v == nullptr) {
        if (required) {
            fail(p(), "required boolean is missing");
        }
        return std::nullopt;
    }
    if (!v->is_bool()) {
        fail(p(), "expected true or false");
        return std::nullopt;
    }
    return v->as_bool();
}

std::optional<time::Timestamp> JsonReader::timestamp(const bj::object& o, std::string_view key,
                                                     const FieldPath& path, bool required) {
    auto s = string(o, key, path, required, 64);
    if (!s) {
        return std::nullopt;
    }
    auto t = time::parse_rfc3339(*s);
    if (!t) {
        fail(FieldPath(path, key), t.error().message);
        return std::nullopt;
    }
    return *t;
}

std::optional<money::Money> JsonReader::money(const bj::object& o, std::string_view key,
                                              const FieldPath& path, bool required,
                                              std::string_view amount_key,
                                              std::string_view currency_key) {
    const bj::object* m = object(o, key, path, required);
    if (m == nullptr) {
        return std::nullopt;
    }
    const FieldPath p(path, key);
    auto amount = string(*m, amount_key, p, true, 64);
    auto currency = string(*m, currency_key, p, true, 8);
    if (!amount || !currency) {
        return std::nullopt;
    }
    auto parsed = money::parse_money(*amount, *currency);
    if (!parsed) {
        fail(p, parsed.error().message);
        return std::nullopt;
    }
    return std::move(parsed.value());
}

std::vector<std::string> JsonReader::string_list(const bj::object& o, std::string_view key,
                                                 const FieldPath& path) {
    std::vector<std::string> out;
    const bj::array* a = array(o, key, path, false);
    if (a == nullptr) {
        return out;
    }
    auto p = [&] { return FieldPath(path, key); };
    for (size_t i = 0; i < a->size(); ++i) {
        const auto& v = (*a)[i];
        if (!v.is_string() || v.as_string().find('\0') != bj::string::npos) {
            fail(FieldPath(p(), i), "expected a string");
            return out;
        }
        out.emplace_back(v.as_string());
    }
    return out;
}

} // namespace amzconn::spapi
