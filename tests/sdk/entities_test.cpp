// Entity validation: the examples in sdk/docs/entities.md pass, and each rule fails by name.
#include "amzconn/entities.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace json = boost::json;
using amzconn::Status;
using amzconn::validate_entity;

namespace {

// Every ```json block after each "## `kind`" heading of entities.md, up to the next heading.
std::map<std::string, std::vector<std::string>> documented_examples() {
    std::ifstream in(AMZCONN_TEST_ENTITIES_DOC);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::map<std::string, std::vector<std::string>> examples;
    size_t pos = 0;
    while ((pos = text.find("\n## `", pos)) != std::string::npos) {
        const size_t name_start = pos + 5;
        const size_t name_end = text.find('`', name_start);
        const std::string kind = text.substr(name_start, name_end - name_start);
        const size_t next_heading = text.find("\n## ", name_end);
        pos = name_end;
        for (size_t block = text.find("```json\n", name_end);
             block != std::string::npos &&
             (next_heading == std::string::npos || block < next_heading);
             block = text.find("```json\n", block + 8)) {
            const size_t body = block + 8;
            examples[kind].push_back(text.substr(body, text.find("```", body) - body));
        }
    }
    return examples;
}

const std::vector<std::string>& all_examples(const std::string& kind) {
    static const auto examples = documented_examples();
    const auto it = examples.find(kind);
    REQUIRE_MESSAGE(it != examples.end(), "entities.md has no example for " << kind);
    return it->second;
}

// The first example of `kind`.
std::string example(const std::string& kind) {
    return all_examples(kind).front();
}

std::string without(const std::string& doc, std::string_view field) {
    json::value v = json::parse(doc);
    v.as_object().erase(field);
    return json::serialize(v);
}

std::string with(const std::string& doc, std::string_view pointer, json::value replacement) {
    json::value v = json::parse(doc);
    const size_t slash = pointer.rfind('/');
    json::value& parent = slash == 0 ? v : v.at_pointer(pointer.substr(0, slash));
    const std::string last(pointer.substr(slash + 1));
    if (parent.is_array()) {
        parent.as_array().at(std::stoul(last)) = std::move(replacement);
    } else {
        parent.as_object()[last] = std::move(replacement);
    }
    return json::serialize(v);
}

std::string error_of(std::string_view kind, const std::string& doc) {
    const auto r = validate_entity(kind, doc);
    if (r.ok()) {
        return "(valid)";
    }
    CHECK(r.status() == Status::bad_input);
    return r.error().message;
}

} // namespace

TEST_CASE("sdk: every entity kind has a documented example that validates") {
    for (const auto kind : amzconn::entity_kinds()) {
        for (const auto& doc : all_examples(std::string(kind))) {
            INFO("kind: " << kind << "\n" << doc);
            const auto r = validate_entity(kind, doc);
            CHECK_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        }
    }
    // The feed log's second example: an order acknowledgement feed, per Amazon order.
    REQUIRE(all_examples("feed").size() == 2);
    CHECK(all_examples("feed")[1].find("\"amazon_order_id\"") != std::string::npos);
}

TEST_CASE("sdk: each required entity field missing fails with its path") {
    const std::map<std::string, std::vector<std::string>> required = {
        {"warehouse", {"code", "name", "is_fba"}},
        {"product", {"code", "description", "is_assembly", "tracking"}},
        {"stock_level", {"product", "warehouse", "on_hand", "allocated"}},
        {"price_tier", {"name", "currency", "prices"}},
        {"customer", {"code", "name"}},
        {"sales_order",
         {"idempotency_key", "store", "customer", "status", "warehouse", "order_date", "currency",
          "lines"}},
        {"shipment", {"order", "store", "shipped_at", "tracking"}},
        {"cancellation", {"order", "store", "cancelled_at", "reason"}},
        {"return", {"store", "order", "return_id", "returned_at", "lines"}},
        {"log_entry", {"at", "level", "message"}},
        {"job_report", {"job", "store", "status", "counts"}},
        {"failed_order", {"store", "amazon_order_id", "reason", "fix", "first_seen", "attempts"}},
        {"feed", {"store", "feed_id", "type", "submitted_at", "message_count", "status"}},
    };
    CHECK(required.size() == amzconn::entity_kinds().size());
    for (const auto& [kind, fields] : required) {
        for (const auto& field : fields) {
            CHECK(error_of(kind, without(example(kind), field)) ==
                  kind + "." + field + ": is required");
        }
    }
}

TEST_CASE("sdk: optional entity fields may be left out") {
    const std::string order = example("sales_order");
    std::string doc = order;
    for (const auto* field :
         {"reference", "sales_group", "folder", "charges", "ship_to", "metadata", "totals"}) {
        doc = without(doc, field);
    }
    CHECK(error_of("sales_order", doc) == "(valid)");
}

TEST_CASE("sdk: money given as a JSON number is refused") {
    CHECK(error_of("sales_order", with(example("sales_order"), "/lines/0/unit_price", 9.99)) ==
          "sales_order.lines[0].unit_price: must be a decimal string like \"12.34\", not a JSON "
          "number (money and rates are exact)");
    CHECK(error_of("price_tier", with(example("price_tier"), "/prices/MUG-BLUE", 10)) ==
          "price_tier.prices.MUG-BLUE: must be a decimal string like \"12.34\", not a JSON number "
          "(money and rates are exact)");
    CHECK(error_of("sales_order", with(example("sales_order"), "/charges/0/amount", "3,99")) ==
          "sales_order.charges[0].amount: must be a decimal string like \"12.34\"");
}

TEST_CASE("sdk: each value of a map field is checked, its key in the path") {
    CHECK(error_of("sales_order", with(example("sales_order"), "/metadata",
                                       json::object{{"ok", "x"}, {"k", 5}})) ==
          "sales_order.metadata.k: must be a string");
    CHECK(error_of("job_report", with(example("job_report"), "/counts/orders_seen", -1)) ==
          "job_report.counts.orders_seen: must be a non-negative integer");
    CHECK(error_of("sales_order", with(example("sales_order"), "/metadata",
                                       json::object{{"a", "1"}, {"b", "2"}})) == "(valid)");
}

TEST_CASE("sdk: a decimal string is an optional sign, digits and a fraction, 18 digits at most") {
    const std::string bad =
        "sales_order.lines[0].unit_price: must be a decimal string like \"12.34\"";
    for (const char* text : {"", "-", "1.", ".5", "-.5", "1.2.3", "1e3", "+1", " 1", "1,5", "12a",
                             "1234567890123456789", "123456789.0123456789", "1.-2"}) {
        CAPTURE(text);
        CHECK(error_of("sales_order", with(example("sales_order"), "/lines/0/unit_price", text)) ==
              bad);
    }
    for (const char* text : {"0", "-0.5", "12.34", "123456789012345678", "123456789.123456789"}) {
        CAPTURE(text);
        CHECK(error_of("sales_order", with(example("sales_order"), "/lines/0/unit_price", text)) ==
              "(valid)");
    }
}

TEST_CASE("sdk: a negative or zero line quantity is refused") {
    CHECK(error_of("sales_order", with(example("sales_order"), "/lines/0/quantity", -1)) ==
          "sales_order.lines[0].quantity: must be a positive integer");
    CHECK(error_of("sales_order", with(example("sales_order"), "/lines/0/quantity", 0)) ==
          "sales_order.lines[0].quantity: must be a positive integer");
    CHECK(error_of("sales_order", with(example("sales_order"), "/lines/0/quantity", 1.5)) ==
          "sales_order.lines[0].quantity: must be a positive integer");
    CHECK(error_of("stock_level", with(example("stock_level"), "/allocated", -2)) ==
          "stock_level.allocated: must be a non-negative integer");
}

TEST_CASE("sdk: the path names the array index of the bad line") {
    json::value doc = json::parse(example("sales_order"));
    json::array& lines = doc.as_object()["lines"].as_array();
    lines.push_back(lines[0]);
    lines.push_back(lines[0]);
    lines[2].as_object()["quantity"] = -3;
    CHECK(error_of("sales_order", json::serialize(doc)) ==
          "sales_order.lines[2].quantity: must be a positive integer");
}

TEST_CASE("sdk: a document checked as a tree gets the same verdict and paths as its text") {
    for (const auto& kind : amzconn::entity_kinds()) {
        CAPTURE(kind);
        const json::value doc = json::parse(example(std::string(kind)));
        CHECK(amzconn::validate_entity_tree(kind, doc).ok());
    }
    json::value doc = json::parse(example("sales_order"));
    json::array& lines = doc.as_object()["lines"].as_array();
    lines.push_back(lines[0]);
    lines[1].as_object()["quantity"] = 0;
    lines[1].as_object()["colour"] = "red";
    doc.as_object()["status"] = "lost";
    const auto tree = amzconn::validate_entity_tree("sales_order", doc);
    REQUIRE_FALSE(tree.ok());
    CHECK(tree.status() == Status::bad_input);
    CHECK(tree.error().message == error_of("sales_order", json::serialize(doc)));
    CHECK(tree.error().message.find("sales_order.lines[1].quantity: must be a positive integer") !=
          std::string::npos);
    CHECK(tree.error().message.find("sales_order.lines[1].colour: unknown field") !=
          std::string::npos);
    CHECK(tree.error().message.find("sales_order.status: must be one of: parked, placed") !=
          std::string::npos);
    CHECK(amzconn::validate_entity_tree("nonsense", doc).status() == Status::bad_input);
}

TEST_CASE("sdk: an order without lines is refused") {
    CHECK(error_of("sales_order", with(example("sales_order"), "/lines", json::array{})) ==
          "sales_order.lines: must hold at least 1 item");
}

TEST_CASE("sdk: dates must be RFC 3339 UTC") {
    CHECK(error_of("sales_order",
                   with(example("sales_order"), "/order_date", "2026-01-15T10:04:00+01:00")) ==
          "sales_order.order_date: must be an RFC 3339 UTC date-time like "
          "\"2026-01-31T12:00:00Z\"");
    CHECK(
        error_of("sales_order", with(example("sales_order"), "/order_date", "2026-13-01T00:00:00Z"))
            .starts_with("sales_order.order_date: must be an RFC 3339"));
    CHECK(error_of("sales_order", with(example("sales_order"), "/order_date",
                                       "2026-01-15T10:04:00.125Z")) == "(valid)");
}

TEST_CASE("sdk: enumerated entity fields list their choices") {
    CHECK(error_of("sales_order", with(example("sales_order"), "/status", "open")) ==
          "sales_order.status: must be one of: parked, placed, backordered, completed, shipped, "
          "cancelled");
    CHECK(error_of("product", with(example("product"), "/tracking", "lot")) ==
          "product.tracking: must be one of: none, batch, serial");
    CHECK(error_of("feed", with(example("feed"), "/results/1/result", "failed")) ==
          "feed.results[1].result: must be one of: accepted, rejected, not_processed");
}

TEST_CASE("sdk: unknown entity fields are refused with the expected names") {
    CHECK(error_of("warehouse", with(example("warehouse"), "/fba", true)) ==
          "warehouse.fba: unknown field (expected one of: code, name, is_fba)");
}

TEST_CASE("sdk: an assembly needs BOM lines and only an assembly has them") {
    CHECK(error_of("product", with(example("product"), "/bom", json::array{})) ==
          "product.bom: an assembly (is_assembly true) needs at least one BOM line");
    CHECK(error_of("product", with(example("product"), "/is_assembly", false)) ==
          "product.bom: only an assembly (is_assembly true) has BOM lines");
}

TEST_CASE("sdk: a batch-serial assignment names exactly one of them") {
    CHECK(error_of("sales_order",
                   with(example("sales_order"), "/lines/0/assignments/0/serial", "SN1")) ==
          "sales_order.lines[0].assignments[0]: must name exactly one of batch or serial\n"
          "sales_order.lines[0].assignments[0].quantity: a serial number covers exactly 1");
}

TEST_CASE("sdk: every problem in a document is reported, one per line") {
    std::string doc = with(example("warehouse"), "/is_fba", "yes");
    doc = without(doc, "code");
    CHECK(error_of("warehouse", doc) ==
          "warehouse.code: is required\nwarehouse.is_fba: must be true or false");
}

TEST_CASE("sdk: an unknown kind or text that is not JSON is refused") {
    const auto unknown = validate_entity("invoice", "{}");
    REQUIRE_FALSE(unknown.ok());
    CHECK(
        unknown.error().message.starts_with("unknown entity kind \"invoice\" (known: warehouse, "));
    const auto broken = validate_entity("warehouse", "{\"code\":");
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message.starts_with("warehouse: not valid JSON ("));
    CHECK(error_of("warehouse", "[]") == "warehouse: must be a JSON object");
}
