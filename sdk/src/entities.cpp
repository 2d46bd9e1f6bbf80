// The entity shapes as data (one table per kind) and a walker that checks a document against them,
// collecting every problem with its field path. Keep in step with sdk/docs/entities.md.
#include "amzconn/entities.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

namespace amzconn {

namespace {

namespace json = boost::json;

enum class Type {
    text, // any string (may be empty)
    name, // non-empty string
    boolean,
    integer,    // any integer
    count,      // integer >= 0
    positive,   // integer > 0
    money,      // decimal string "12.34"
    decimal,    // decimal string (rates, percentages)
    date_time,  // RFC 3339 UTC "2026-01-31T12:00:00Z"
    currency,   // ISO 4217 "GBP"
    country,    // ISO 3166-1 alpha-2 "GB"
    choice,     // one of Field::choices
    object,     // nested Shape
    array,      // array of nested Shape
    text_array, // array of strings
    text_map,   // object of string -> string
    money_map,  // object of string -> money
    count_map,  // object of string -> count
};

struct Shape;

struct Field {
    std::string_view name;
    Type type = Type::text;
    bool required = false;
    const Shape* shape = nullptr;
    std::vector<std::string_view> choices = {};
    size_t min_items = 0;
};

struct Shape {
    std::vector<Field> fields;
};

Field req(std::string_view name, Type type) {
    return Field{name, type, true};
}
Field opt(std::string_view name, Type type) {
    return Field{name, type, false};
}
Field req_choice(std::string_view name, std::initializer_list<std::string_view> choices) {
    return Field{name, Type::choice, true, nullptr, choices};
}
Field opt_object(std::string_view name, const Shape& shape) {
    return Field{name, Type::object, false, &shape};
}
Field req_array(std::string_view name, const Shape& shape, size_t min_items = 0) {
    return Field{name, Type::array, true, &shape, {}, min_items};
}
Field opt_array(std::string_view name, const Shape& shape) {
    return Field{name, Type::array, false, &shape};
}

// Constructed on first use: nothing runs at static-initialisation time.
const Shape& address_shape() {
    static const Shape shape{{opt("name", Type::text), opt("company", Type::text),
                              opt("line1", Type::text), opt("line2", Type::text),
                              opt("line3", Type::text), opt("city", Type::text),
                              opt("region", Type::text), opt("postal_code", Type::text),
                              req("country_code", Type::country), opt("phone", Type::text)}};
    return shape;
}

const Shape& sku_quantity_shape() {
    static const Shape shape{{req("sku", Type::name), req("quantity", Type::positive)}};
    return shape;
}

const Shape& warehouse_shape() {
    static const Shape shape{
        {req("code", Type::name), req("name", Type::name), req("is_fba", Type::boolean)}};
    return shape;
}

const Shape& product_shape() {
    static const Shape bom_line{{req("component", Type::name), req("quantity", Type::positive)}};
    static const Shape shape{{req("code", Type::name), req("description", Type::text),
                              opt("barcode", Type::text), opt("attributes", Type::text_map),
                              req("is_assembly", Type::boolean), opt_array("bom", bom_line),
                              req_choice("tracking", {"none", "batch", "serial"})}};
    return shape;
}

const Shape& stock_level_shape() {
    static const Shape batch{
        {req("batch", Type::name), req("quantity", Type::count), opt("expiry", Type::date_time)}};
    static const Shape serial{{req("serial", Type::name), opt("received", Type::date_time)}};
    static const Shape shape{{req("product", Type::name), req("warehouse", Type::name),
                              req("on_hand", Type::integer), req("allocated", Type::count),
                              opt_array("batches", batch), opt_array("serials", serial),
                              opt("updated_at", Type::date_time)}};
    return shape;
}

const Shape& price_tier_shape() {
    static const Shape shape{
        {req("name", Type::name), req("currency", Type::currency), req("prices", Type::money_map)}};
    return shape;
}

const Shape& customer_shape() {
    static const Shape shape{{req("code", Type::name), req("name", Type::name),
                              opt("company", Type::text), opt("email", Type::text),
                              opt("phone", Type::text), opt_array("addresses", address_shape())}};
    return shape;
}

const Shape& sales_order_shape() {
    static const Shape assignment{
        {opt("batch", Type::name), opt("serial", Type::name), req("quantity", Type::positive)}};
    static const Shape line{{req("product", Type::name), req("sku", Type::name),
                             opt("description", Type::text), req("quantity", Type::positive),
                             req("unit_price", Type::money), opt("discount", Type::money),
                             opt("tax_rate", Type::decimal), opt("tax_code", Type::text),
                             opt("tax_amount", Type::money), opt_array("assignments", assignment)}};
    static const Shape charge{
        {req_choice("kind", {"shipping", "gift_wrap", "tax", "discount", "other"}),
         opt("description", Type::text), req("amount", Type::money), opt("tax_amount", Type::money),
         opt("tax_rate", Type::decimal), opt("tax_code", Type::text), opt("account", Type::text)}};
    static const Shape totals{{req("subtotal", Type::money), opt("charges", Type::money),
                               req("tax", Type::money), req("total", Type::money)}};
    static const Shape shape{{req("idempotency_key", Type::name), req("store", Type::name),
                              opt("reference", Type::text), req("customer", Type::name),
                              req_choice("status", {"parked", "placed", "backordered", "completed",
                                                    "shipped", "cancelled"}),
                              req("warehouse", Type::name), opt("sales_group", Type::text),
                              opt("folder", Type::text), req("order_date", Type::date_time),
                              req("currency", Type::currency), req_array("lines", line, 1),
                              opt_array("charges", charge), opt_object("ship_to", address_shape()),
                              opt("metadata", Type::text_map), opt_object("totals", totals)}};
    return shape;
}

const Shape& shipment_shape() {
    static const Shape shape{{req("order", Type::name), req("store", Type::name),
                              opt("reference", Type::text), req("shipped_at", Type::date_time),
                              opt("carrier", Type::text), opt("service", Type::text),
                              req("tracking", Type::name), opt("warehouse", Type::text),
                              opt_array("lines", sku_quantity_shape())}};
    return shape;
}

const Shape& cancellation_shape() {
    static const Shape shape{{req("order", Type::name), req("store", Type::name),
                              opt("reference", Type::text), req("cancelled_at", Type::date_time),
                              req("reason", Type::name), opt_array("lines", sku_quantity_shape())}};
    return shape;
}

const Shape& return_shape() {
    static const Shape return_line{{req("sku", Type::name), req("quantity", Type::positive),
                                    opt("reason", Type::text), opt("disposition", Type::text)}};
    static const Shape shape{{req("store", Type::name), req("order", Type::name),
                              opt("reference", Type::text), req("return_id", Type::name),
                              req("returned_at", Type::date_time), opt("status", Type::text),
                              req_array("lines", return_line, 1)}};
    return shape;
}

const Shape& log_entry_shape() {
    static const Shape shape{
        {req("at", Type::date_time), req_choice("level", {"ERROR", "INFO", "DEBUG"}),
         opt("store", Type::text), opt("reference", Type::text), req("message", Type::name)}};
    return shape;
}

const Shape& job_report_shape() {
    static const Shape shape{
        {req("job", Type::name), req("store", Type::text),
         req_choice("status", {"ok", "partial", "failed", "cancelled", "retry_later",
                               "not_implemented", "store_closed", "not_applicable"}),
         opt("started_at", Type::date_time), opt("finished_at", Type::date_time),
         req("counts", Type::count_map), opt("retry_after_s", Type::count),
         opt("messages", Type::text_array)}};
    return shape;
}

const Shape& failed_order_shape() {
    static const Shape shape{{req("store", Type::name), req("amazon_order_id", Type::name),
                              req("reason", Type::name), req("fix", Type::name),
                              req("first_seen", Type::date_time), opt("last_seen", Type::date_time),
                              req("attempts", Type::positive), opt("path", Type::text),
                              opt("request_id", Type::text), opt("resolved_at", Type::date_time)}};
    return shape;
}

const Shape& feed_shape() {
    static const Shape feed_result{{req("processed", Type::count), req("accepted", Type::count),
                                    req("errors", Type::count), req("warnings", Type::count)}};
    static const Shape issue{
        {req("severity", Type::name), opt("code", Type::text), req("message", Type::text)}};
    // A listings feed's message names its sku; an acknowledgement feed's its amazon_order_id.
    static const Shape message_result{
        {opt("sku", Type::name), opt("marketplace_id", Type::text),
         opt("amazon_order_id", Type::name), opt("order_item_ids", Type::text_array),
         req_choice("result", {"accepted", "rejected", "not_processed"}),
         opt_array("issues", issue)}};
    static const Shape shape{
        {req("store", Type::name), req("feed_id", Type::name), req("type", Type::name),
         req("submitted_at", Type::date_time), req("message_count", Type::count),
         req_choice("status", {"IN_QUEUE", "IN_PROGRESS", "DONE", "CANCELLED", "FATAL"}),
         opt("orders", Type::text_array), opt_object("result", feed_result),
         opt_array("results", message_result), opt_array("issues", issue)}};
    return shape;
}

const Shape* shape_of(std::string_view kind) {
    static const std::pair<std::string_view, const Shape*> k_kinds[] = {
        {"warehouse", &warehouse_shape()},
        {"product", &product_shape()},
        {"stock_level", &stock_level_shape()},
        {"price_tier", &price_tier_shape()},
        {"customer", &customer_shape()},
        {"sales_order", &sales_order_shape()},
        {"shipment", &shipment_shape()},
        {"cancellation", &cancellation_shape()},
        {"return", &return_shape()},
        {"log_entry", &log_entry_shape()},
        {"job_report", &job_report_shape()},
        {"failed_order", &failed_order_shape()},
        {"feed", &feed_shape()},
    };
    for (const auto& [name, shape] : k_kinds) {
        if (name == kind) {
            return shape;
        }
    }
    return nullptr;
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "-12.34": optional sign, digits, optional fraction; at most 18 digits so it fits fixed-point
// int64. One pass over the text.
bool is_decimal_text(std::string_view text) {
    size_t i = !text.empty() && text.front() == '-' ? 1 : 0;
    size_t whole = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        ++i;
        ++whole;
    }
    if (whole == 0) {
        return false;
    }
    if (i == text.size()) {
        return whole <= 18;
    }
    if (text[i] != '.') {
        return false;
    }
    const std::string_view fraction = text.substr(i + 1);
    return all_digits(fraction) && whole + fraction.size() <= 18;
}

int two_digits(std::string_view text, size_t at) {
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// YYYY-MM-DDTHH:MM:SS[.fraction]Z
bool is_utc_date_time(std::string_view text) {
    if (text.size() < 20 || text.back() != 'Z') {
        return false;
    }
    constexpr std::string_view k_pattern = "dddd-dd-ddTdd:dd:dd";
    for (size_t i = 0; i < k_pattern.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (k_pattern[i] == 'd' ? !digit : text[i] != k_pattern[i]) {
            return false;
        }
    }
    const std::string_view rest = text.substr(19, text.size() - 20);
    if (!rest.empty() && (rest.front() != '.' || !all_digits(rest.substr(1)))) {
        return false;
    }
    const int month = two_digits(text, 5);
    const int day = two_digits(text, 8);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 && two_digits(text, 11) < 24 &&
           two_digits(text, 14) < 60 && two_digits(text, 17) <= 60;
}

bool is_upper_code(std::string_view text, size_t size) {
    return text.size() == size &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// A field path, turned into text only when a problem is reported: each level points at its
// parent, so a valid document costs no string building.
struct Path {
    const Path* parent = nullptr;
    std::string_view key;        // ".key", or the document's kind at the root
    std::optional<size_t> index; // "[i]" instead of a key

    Path field(std::string_view name) const { return Path{this, name, std::nullopt}; }
    Path item(size_t i) const { return Path{this, {}, i}; }
    std::string text() const {
        std::string out = parent != nullptr ? parent->text() : std::string();
        if (index) { // appended piece by piece: GCC 12 warns (-Wrestrict) on "[" + ... + "]"
            out += '[';
            out += std::to_string(*index);
            out += ']';
        } else {
            out += parent != nullptr ? "." : "";
            out += key;
        }
        return out;
    }
};

class Checker {
  public:
    std::vector<std::string> problems;

    void check_shape(const Shape& shape, const json::value& value, const Path& path) {
        if (!value.is_object()) {
            add(path, "must be a JSON object");
            return;
        }
        check_object(shape, value.as_object(), path);
    }

    void check_object(const Shape& shape, const json::object& object, const Path& path) {
        // One pass over the members finds every field's value (a key per field lookup would scan
        // the members again for each field); problems are still reported fields first, in the
        // shape's order, then unknown members in the document's.
        constexpr size_t k_inline_fields = 32;
        std::array<const json::value*, k_inline_fields> inline_values; // the shape's first n set
        std::vector<const json::value*> many_values;
        const json::value** values = inline_values.data();
        if (shape.fields.size() > k_inline_fields) {
            many_values.assign(shape.fields.size(), nullptr);
            values = many_values.data();
        } else {
            std::fill_n(values, shape.fields.size(), nullptr);
        }
        bool unknown_members = false;
        const size_t n = shape.fields.size();
        size_t next = 0; // members mostly come in the shape's order: look there first
        for (const auto& member : object) {
            const std::string_view key = member.key();
            bool known = false;
            for (size_t k = 0; k < n && !known; ++k) {
                const size_t i = next + k < n ? next + k : next + k - n;
                if (shape.fields[i].name == key) {
                    values[i] = &member.value(); // field names are unique in a shape
                    known = true;
                    next = i + 1;
                }
            }
            unknown_members = unknown_members || !known;
        }
        for (size_t i = 0; i < shape.fields.size(); ++i) {
            const Field& field = shape.fields[i];
            const json::value* member = values[i];
            const Path field_path = path.field(field.name);
            if (member == nullptr) {
                if (field.required) {
                    add(field_path, "is required");
                }
                continue;
            }
            check_field(field, *member, field_path);
        }
        if (!unknown_members) {
            return;
        }
        for (const auto& member : object) {
            const bool known = std::any_of(shape.fields.begin(), shape.fields.end(),
                                           [&](const Field& f) { return f.name == member.key(); });
            if (!known) {
                std::string expected;
                for (const Field& f : shape.fields) {
                    expected += expected.empty() ? "" : ", ";
                    expected += f.name;
                }
                add(path.field(member.key()), "unknown field (expected one of: " + expected + ")");
            }
        }
    }

  private:
    void add(const Path& path, std::string_view rule) {
        problems.push_back(path.text() + ": " + std::string(rule));
    }

    void check_field(const Field& field, const json::value& value, const Path& path) {
        switch (field.type) {
        case Type::object:
            check_shape(*field.shape, value, path);
            return;
        case Type::array: {
            if (!value.is_array()) {
                add(path, "must be a JSON array");
                return;
            }
            const json::array& items = value.as_array();
            if (items.size() < field.min_items) {
                add(path, "must hold at least " + std::to_string(field.min_items) + " item" +
                              (field.min_items == 1 ? "" : "s"));
            }
            for (size_t i = 0; i < items.size(); ++i) {
                check_shape(*field.shape, items[i], path.item(i));
            }
            return;
        }
        case Type::text_array: {
            if (!value.is_array()) {
                add(path, "must be a JSON array of strings");
                return;
            }
            const json::array& items = value.as_array();
            for (size_t i = 0; i < items.size(); ++i) {
                if (!items[i].is_string()) {
                    add(path.item(i), "must be a string");
                }
            }
            return;
        }
        case Type::text_map:
        case Type::money_map:
        case Type::count_map: {
            if (!value.is_object()) {
                add(path, "must be a JSON object");
                return;
            }
            const Type item = field.type == Type::text_map    ? Type::text
                              : field.type == Type::money_map ? Type::money
                                                              : Type::count;
            for (const auto& member : value.as_object()) {
                if (member.key().empty()) {
                    add(path, "keys must not be empty");
                }
                if (!scalar_ok(item, nullptr, member.value())) {
                    check_scalar(Field{field.name, item}, member.value(), path.field(member.key()));
                }
            }
            return;
        }
        default:
            if (!scalar_ok(field.type, &field, value)) {
                check_scalar(field, value, path); // says what is wrong
            }
            return;
        }
    }

    // Whether a scalar passes check_scalar's rule, without a problem text: the common case costs
    // no call into the reporting code.
    static bool scalar_ok(Type type, const Field* field, const json::value& value) {
        switch (type) {
        case Type::text:
            return value.is_string();
        case Type::name:
            return value.is_string() && !value.as_string().empty();
        case Type::boolean:
            return value.is_bool();
        case Type::integer:
            return value.is_int64() || value.is_uint64();
        case Type::count:
            return value.is_uint64() || (value.is_int64() && value.as_int64() >= 0);
        case Type::positive:
            return value.is_uint64() || (value.is_int64() && value.as_int64() > 0);
        case Type::money:
        case Type::decimal:
            return value.is_string() && is_decimal_text(value.as_string());
        case Type::date_time:
            return value.is_string() && is_utc_date_time(value.as_string());
        case Type::currency:
            return value.is_string() && is_upper_code(value.as_string(), 3);
        case Type::country:
            return value.is_string() && is_upper_code(value.as_string(), 2);
        case Type::choice:
            return field != nullptr && value.is_string() &&
                   std::find(field->choices.begin(), field->choices.end(),
                             std::string_view(value.as_string())) != field->choices.end();
        default:
            return false; // check_scalar reports it
        }
    }

    void check_scalar(const Field& field, const json::value& value, const Path& path) {
        switch (field.type) {
        case Type::text:
            if (!value.is_string()) {
                add(path, "must be a string");
            }
            return;
        case Type::name:
            if (!value.is_string() || value.as_string().empty()) {
                add(path, "must be a non-empty string");
            }
            return;
        case Type::boolean:
            if (!value.is_bool()) {
                add(path, "must be true or false");
            }
            return;
        case Type::integer:
            if (!value.is_int64() && !value.is_uint64()) {
                add(path, "must be an integer");
            }
            return;
        case Type::count:
            if (!(value.is_uint64() || (value.is_int64() && value.as_int64() >= 0))) {
                add(path, "must be a non-negative integer");
            }
            return;
        case Type::positive:
            if (!(value.is_uint64() || (value.is_int64() && value.as_int64() > 0))) {
                add(path, "must be a positive integer");
            }
            return;
        case Type::money:
        case Type::decimal:
            if (value.is_number()) {
                add(path, "must be a decimal string like \"12.34\", not a JSON number (money and "
                          "rates are exact)");
            } else if (!value.is_string() || !is_decimal_text(value.as_string())) {
                add(path, "must be a decimal string like \"12.34\"");
            }
            return;
        case Type::date_time:
            if (!value.is_string() || !is_utc_date_time(value.as_string())) {
                add(path, "must be an RFC 3339 UTC date-time like \"2026-01-31T12:00:00Z\"");
            }
            return;
        case Type::currency:
            if (!value.is_string() || !is_upper_code(value.as_string(), 3)) {
                add(path, "must be an ISO 4217 currency code like \"GBP\"");
            }
            return;
        case Type::country:
            if (!value.is_string() || !is_upper_code(value.as_string(), 2)) {
                add(path, "must be an ISO 3166-1 alpha-2 country code like \"GB\"");
            }
            return;
        case Type::choice: {
            if (!value.is_string() ||
                std::find(field.choices.begin(), field.choices.end(),
                          std::string_view(value.as_string())) == field.choices.end()) {
                std::string listed;
                for (const auto c : field.choices) {
                    listed += listed.empty() ? "" : ", ";
                    listed += c;
                }
                add(path, "must be one of: " + listed);
            }
            return;
        }
        default:
            add(path, "has an unsupported type (a bug in the validator)");
            return;
        }
    }
};

// Rules that span fields.
void check_cross_fields(std::string_view kind, const json::object& doc, Checker& checker) {
    const std::string root(kind);
    if (kind == "product") {
        const json::value* assembly = doc.if_contains("is_assembly");
        const json::value* bom = doc.if_contains("bom");
        const bool has_bom = bom != nullptr && bom->is_array() && !bom->as_array().empty();
        if (assembly != nullptr && assembly->is_bool()) {
            if (assembly->as_bool() && !has_bom) {
                checker.problems.push_back(root +
                                           ".bom: an assembly (is_assembly true) needs at least "
                                           "one BOM line");
            } else if (!assembly->as_bool() && has_bom) {
                checker.problems.push_back(root +
                                           ".bom: only an assembly (is_assembly true) has BOM "
                                           "lines");
            }
        }
    }
    if (kind == "sales_order") {
        const json::value* lines = doc.if_contains("lines");
        if (lines == nullptr || !lines->is_array()) {
            return;
        }
        for (size_t i = 0; i < lines->as_array().size(); ++i) {
            const json::value& line = lines->as_array()[i];
            const json::value* assignments =
                line.is_object() ? line.as_object().if_contains("assignments") : nullptr;
            if (assignments == nullptr || !assignments->is_array()) {
                continue;
            }
            for (size_t j = 0; j < assignments->as_array().size(); ++j) {
                const json::value& a = assignments->as_array()[j];
                if (!a.is_object()) {
                    continue;
                }
                const auto path = [&] {
                    return root + ".lines[" + std::to_string(i) + "].assignments[" +
                           std::to_string(j) + "]";
                };
                const bool has_batch = a.as_object().contains("batch");
                const bool has_serial = a.as_object().contains("serial");
                if (has_batch == has_serial) {
                    checker.problems.push_back(path() +
                                               ": must name exactly one of batch or serial");
                }
                const json::value* q = a.as_object().if_contains("quantity");
                if (has_serial && q != nullptr && q->is_int64() && q->as_int64() != 1) {
                    checker.problems.push_back(path() +
                                               ".quantity: a serial number covers exactly 1");
                }
            }
        }
    }
}

} // namespace

const std::vector<std::string_view>& entity_kinds() {
    static const std::vector<std::string_view> kinds = {
        "warehouse",   "product",      "stock_level",  "price_tier", "customer",
        "sales_order", "shipment",     "cancellation", "return",     "log_entry",
        "job_report",  "failed_order", "feed"};
    return kinds;
}

Outcome validate_entity(std::string_view kind, std::string_view text) {
    if (shape_of(kind) == nullptr) {
        return validate_entity_tree(kind, json::value());
    }
    boost::system::error_code ec;
    const json::value doc = json::parse(text, ec);
    if (ec) {
        return Error{Status::bad_input,
                     std::string(kind) + ": not valid JSON (" + ec.message() + ")"};
    }
    return validate_entity_tree(kind, doc);
}

namespace {

Result<const Shape*> shape_for(std::string_view kind) {
    const Shape* shape = shape_of(kind);
    if (shape == nullptr) {
        std::string known;
        for (const auto k : entity_kinds()) {
            known += known.empty() ? "" : ", ";
            known += k;
        }
        return Error{Status::bad_input,
                     "unknown entity kind \"" + std::string(kind) + "\" (known: " + known + ")"};
    }
    return shape;
}

Outcome verdict(const Checker& checker) {
    if (checker.problems.empty()) {
        return {};
    }
    std::string message;
    for (const auto& problem : checker.problems) {
        message += message.empty() ? "" : "\n";
        message += problem;
    }
    return Error{Status::bad_input, std::move(message)};
}

} // namespace

Outcome validate_entity_tree(std::string_view kind, const json::value& doc) {
    TRY_ASSIGN(const Shape* shape, shape_for(kind));
    Checker checker;
    checker.check_shape(*shape, doc, Path{nullptr, kind, std::nullopt});
    if (doc.is_object()) {
        check_cross_fields(kind, doc.as_object(), checker);
    }
    return verdict(checker);
}

Outcome validate_entity_tree(std::string_view kind, const json::object& doc) {
    TRY_ASSIGN(const Shape* shape, shape_for(kind));
    Checker checker;
    checker.check_object(*shape, doc, Path{nullptr, kind, std::nullopt});
    check_cross_fields(kind, doc, checker);
    return verdict(checker);
}

} // namespace amzconn
