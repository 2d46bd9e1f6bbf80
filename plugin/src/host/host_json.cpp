#include "host/host_json.hpp"

namespace amzconn::plugin {
namespace json = boost::json;

Result<json::array> query_entities(HostServices& host, std::string_view kind,
                                   const json::object& filter) {
    TRY_ASSIGN(auto found, host.entity_query(kind, json::serialize(filter)));
    boost::system::error_code ec;
    auto doc = json::parse(found, ec);
    if (ec || !doc.is_array()) {
        return Error{Status::internal, "the host answered a " + std::string(kind) +
                                           " query with something that is not a JSON array"};
    }
    return std::move(doc.as_array());
}

std::string text_field(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

int64_t int_field(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value && value->is_int64() ? value->as_int64() : 0;
}

std::string entity_id(const json::object& doc) {
    const auto* id = doc.if_contains("id");
    if (id != nullptr && id->is_int64()) {
        return std::to_string(id->as_int64());
    }
    return text_field(doc, "id");
}

std::string document_fingerprint(json::object doc) {
    doc.erase("id");
    const std::string text = json::serialize(doc);
    uint64_t hash = 1469598103934665603ULL; // FNV-1a, 64 bits
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return std::to_string(hash);
}

} // namespace amzconn::plugin
