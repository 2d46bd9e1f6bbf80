// Strict reading of SP-API JSON: the first problem is kept with its field path
// ("orders[3].orderItems[0].product.price.unitPrice.amount"), types must match exactly (a number
// where the model says string is an error), unknown fields are ignored.
#pragma once

#include "api_error.hpp"
#include "base/money.hpp"
#include "base/time.hpp"

#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::spapi {

// Where a field sits in a body ("orders[3].orderItems[0].product"), spelled out only when a
// problem is reported: a parser keeps one on the stack per nesting level, each naming its parent,
// so reading a valid body builds no path text at all. A path must not outlive its parent.
class FieldPath {
  public:
    FieldPath(std::string_view root) : m_text(root) {}
    FieldPath(const std::string& root) : m_text(root) {}
    FieldPath(const char* root) : m_text(root) {}
    FieldPath(const FieldPath& parent, std::string_view key) : m_parent(&parent), m_text(key) {}
    FieldPath(const FieldPath& parent, size_t index)
        : m_parent(&parent), m_index(index), m_is_index(true) {}

    // The path as text, joined as join_path/index_path join it.
    std::string str() const;

  private:
    void append_to(std::string& out) const;

    const FieldPath* m_parent = nullptr;
    std::string_view m_text;
    size_t m_index = 0;
    bool m_is_index = false;
};

// Parses a response body: rejects empty bodies, trailing garbage, depth > 32, invalid UTF-8;
// reports "incomplete JSON" for a truncated body.
// The tree is allocated from `storage` (default: the heap); a caller that reads the tree and drops
// it can pass a monotonic resource that outlives it.
ApiResult<boost::json::value> parse_json_body(std::string_view body, std::string_view request_id,
                                              boost::json::storage_ptr storage = {});

class JsonReader {
  public:
    explicit JsonReader(std::string request_id) : m_request_id(std::move(request_id)) {}

    bool ok() const { return m_error.empty(); }
    ApiError error() const; // kind data, message names the path

    void fail(const FieldPath& path, std::string_view what);

    // Each accessor returns nullopt/nullptr (and records an error when `required` or when the
    // field is present with the wrong type).
    const boost::json::object* object(const boost::json::value& v, const FieldPath& path);
    const boost::json::object* object(const boost::json::object& o, std::string_view key,
                                      const FieldPath& path, bool required);
    const boost::json::array* array(const boost::json::object& o, std::string_view key,
                                    const FieldPath& path, bool required);
    std::optional<std::string> string(const boost::json::object& o, std::string_view key,
                                      const FieldPath& path, bool required,
                                      size_t max_length = 65536);
    // A string that must be one of `allowed`.
    std::optional<std::string> enumeration(const boost::json::object& o, std::string_view key,
                                           const FieldPath& path, bool required,
                                           std::initializer_list<std::string_view> allowed);
    std::optional<int64_t> integer(const boost::json::object& o, std::string_view key,
                                   const FieldPath& path, bool required, int64_t min, int64_t max);
    std::optional<bool> boolean(const boost::json::object& o, std::string_view key,
                                const FieldPath& path, bool required);
    std::optional<time::Timestamp> timestamp(const boost::json::object& o, std::string_view key,
                                             const FieldPath& path, bool required);
    // Money{amount (decimal string), currencyCode}; `amount_key`/`currency_key` allow v0's
    // Amount/CurrencyCode spelling.
    std::optional<money::Money> money(const boost::json::object& o, std::string_view key,
                                      const FieldPath& path, bool required,
                                      std::string_view amount_key = "amount",
                                      std::string_view currency_key = "currencyCode");
    std::vector<std::string> string_list(const boost::json::object& o, std::string_view key,
                                         const FieldPath& path);

  private:
    std::string m_request_id;
    std::string m_error;
};

std::string join_path(std::string_view base, std::string_view key);
std::string index_path(std::string_view base, size_t index);

} // namespace amzconn::spapi
