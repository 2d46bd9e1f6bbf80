// Customers per channel: per-order customers matched by Amazon's anonymized e-mail or created,
// the withheld-name fallback, FBA guest customers by template, and the single customer with
// individual or consolidated daily orders.
#include "fixtures.hpp"
#include "orders/consolidation.hpp"
#include "orders/customers.hpp"

using namespace amzconn::orders;

TEST_CASE("orders: a per-order customer is matched by Amazon's anonymized e-mail") {
    auto host = fx::host();
    host.customers_by_email[fx::k_canary_email] = "CUST-42";
    auto r = map_order(fx::parse(fx::base_order()), fx::store(), host);
    auto doc = fx::doc_of(r);
    CHECK(fx::str(doc["customer"]) == "CUST-42");
    CHECK_FALSE(r.import().customer.has_value()); // nothing to create
}

TEST_CASE("orders: an unmatched buyer becomes a new customer with what Amazon provided") {
    auto o = fx::base_order();
    o["buyer"].as_object()["buyerCompanyName"] = "Quux Ltd";
    auto r = map_order(fx::parse(o), fx::store(), fx::host());
    auto doc = fx::doc_of(r);
    REQUIRE(r.import().customer);
    REQUIRE(amzconn::validate_entity_tree("customer", *r.import().customer).ok());
    auto c = *r.import().customer;
    CHECK(fx::str(c["code"]) == fx::str(doc["customer"]));
    CHECK(fx::str(c["name"]) == fx::k_canary_name);
    CHECK(fx::str(c["company"]) == "Quux Ltd");
    CHECK(fx::str(c["email"]) == fx::k_canary_email);
    CHECK(fx::str(c["phone"]) == fx::k_canary_phone);
    auto addr = c["addresses"].as_array()[0].as_object();
    CHECK(fx::str(addr["country_code"]) == "GB");
    CHECK(fx::str(addr["city"]) == fx::k_canary_city);
}

TEST_CASE("orders: a withheld buyer name gives 'Amazon Customer <order id>' and no made-up data") {
    auto o = fx::base_order();
    o.erase("buyer");
    o.erase("recipient");
    auto r = map_order(fx::parse(o), fx::store(), fx::host());
    REQUIRE(r.is_import());
    REQUIRE(r.import().customer);
    auto c = *r.import().customer;
    CHECK(fx::str(c["name"]) == "Amazon Customer 202-0000001-0000001");
    CHECK_FALSE(c.contains("email"));
    CHECK_FALSE(c.contains("company"));
    CHECK_FALSE(c.contains("phone"));
    CHECK_FALSE(c.contains("addresses"));
    CHECK_FALSE(fx::doc_of(r).contains("ship_to"));
}

TEST_CASE("orders: FBA orders go to the guest customer named by the template") {
    auto o = fx::base_order();
    fx::set_status(o, "SHIPPED", "AMAZON");
    o.erase("buyer"); // Amazon shares no FBA buyer e-mail
    const auto store = fx::store("orders:\n  fba: {enabled: true, warehouse: FBA-UK}");
    auto r = map_order(fx::parse(o), store, fx::host());
    auto doc = fx::doc_of(r);
    CHECK(fx::str(doc["customer"]) == "uk1 FBA GBP Amazon Guests");
    REQUIRE(r.import().customer);
    auto c = *r.import().customer;
    CHECK(fx::str(c["name"]) == "uk1 FBA GBP Amazon Guests");
    CHECK_FALSE(c.contains("addresses"));

    const auto custom = fx::store("orders:\n  fba: {enabled: true, warehouse: FBA-UK, guest_name: "
                                  "\"Guests {marketplace} {currency} ({store})\"}");
    CHECK(fx::str(fx::doc_of(map_order(fx::parse(o), custom, fx::host()))["customer"]) ==
          "Guests UK GBP (uk1)");
    CHECK(guest_name("{store}-{store}", "a", "EUR", "DE") == "a-a");
}

TEST_CASE("orders: single_customer puts every order on the configured customer") {
    const auto store = fx::store("orders:\n  fbm: {customer: {strategy: single_customer, code: "
                                 "AMAZON-UK}}");
    auto r = map_order(fx::parse(fx::base_order()), store, fx::host());
    auto doc = fx::doc_of(r);
    CHECK(fx::str(doc["customer"]) == "AMAZON-UK");
    CHECK_FALSE(r.import().customer);
    CHECK_FALSE(r.import().consolidated);
    CHECK(r.import().idempotency_key == "uk1:202-0000001-0000001");
}

TEST_CASE("orders: an order for a single customer the host lacks is parked with what to create") {
    const auto store = fx::store("orders:\n  fbm: {customer: {strategy: single_customer, code: "
                                 "AMAZON-XX}}");
    auto r = map_order(fx::parse(fx::base_order()), store, fx::host());
    REQUIRE(r.is_park());
    CHECK(r.park().reason ==
          "customer 'AMAZON-XX' (the store's single customer) does not exist in the host");
    CHECK(r.park().fix.find("create customer 'AMAZON-XX' in the host") == 0);
    CHECK(r.park().fix.find("retry_failed_orders") != std::string::npos);
    CHECK(r.park().path == "orders.fbm.customer.code");
    bool error_logged = false;
    for (const auto& n : r.notes) {
        error_logged = error_logged || (n.level == NoteLevel::error &&
                                        n.message.find("AMAZON-XX") != std::string::npos);
    }
    CHECK(error_logged);
    // Once the host holds it, the order imports onto it.
    auto host = fx::host();
    host.single_customers.insert("AMAZON-XX");
    CHECK(fx::str(fx::doc_of(map_order(fx::parse(fx::base_order()), store, host))["customer"]) ==
          "AMAZON-XX");
}

TEST_CASE("orders: daily consolidation keys one order per day per currency") {
    const auto store = fx::store("orders:\n  fbm:\n    customer: {strategy: single_customer, "
                                 "code: AMAZON-UK}\n    consolidation: daily");
    auto r = map_order(fx::parse(fx::base_order()), store, fx::host());
    REQUIRE(r.is_import());
    CHECK(r.import().consolidated);
    CHECK(r.import().idempotency_key == "uk1:consolidated:2026-01-15:GBP");
    auto doc = fx::doc_of(r);
    CHECK(fx::str(doc["idempotency_key"]) == "uk1:consolidated:2026-01-15:GBP");
    CHECK(fx::str(doc["metadata"].as_object()["amazon_order_ids"]) == "202-0000001-0000001");
    // Each line names the Amazon order it came from.
    CHECK(fx::str(doc["lines"].as_array()[0].as_object()["description"])
              .rfind("202-0000001-0000001: ", 0) == 0);
    CHECK_FALSE(doc.contains("ship_to"));

    auto next_day = fx::base_order();
    next_day["createdTime"] = "2026-01-16T00:00:00Z";
    CHECK(map_order(fx::parse(next_day), store, fx::host()).import().idempotency_key ==
          "uk1:consolidated:2026-01-16:GBP");
    CHECK(consolidated_key("uk1", Channel::fba, amzconn::time::Timestamp{0}, "EUR") ==
          "uk1:consolidated-fba:1970-01-01:EUR");
}

TEST_CASE("orders: merging into the consolidated order never adds an order id twice") {
    const auto store = fx::store("orders:\n  fbm:\n    customer: {strategy: single_customer, "
                                 "code: AMAZON-UK}\n    consolidation: daily");
    auto host = fx::host();
    host.products["MUG-UK"].tax_rate = amzconn::money::Decimal{20, 0}; // VAT inside UK prices
    auto first = map_order(fx::parse(fx::base_order()), store, host);
    auto second_json = fx::base_order();
    second_json["orderId"] = "202-0000002-0000002";
    fx::first_item(second_json)["product"].as_object()["price"].as_object()["unitPrice"] =
        fx::money("5.01");
    fx::first_item(second_json)["proceeds"]
        .as_object()["breakdowns"]
        .as_array()[0]
        .as_object()["subtotal"] = fx::money("10.02");
    fx::set_total(second_json, "10.02");
    auto second = map_order(fx::parse(second_json), store, host);
    REQUIRE(second.is_import());

    const auto summed = consolidation_summed_keys(store);
    CHECK(summed[0] == "vat_tax");
    auto merged =
        merge_consolidated(first.import().sales_order, second.import().sales_order, summed);
    REQUIRE(merged.ok());
    CHECK(merged->changed);
    REQUIRE(amzconn::validate_entity_tree("sales_order", merged->sales_order).ok());
    auto doc = merged->sales_order;
    CHECK(fx::str(doc["metadata"].as_object()["amazon_order_ids"]) ==
          "202-0000001-0000001,202-0000002-0000002");
    CHECK(doc["lines"].as_array().size() ==
          4); // each order: net 16.65 / 8.35 over 2 units -> 2 lines
    CHECK(fx::str(doc["totals"].as_object()["total"]) == "30.00");
    CHECK(fx::str(doc["metadata"].as_object()["vat_tax"]) == "5.00"); // 3.33 + 1.67

    // The same order again (a repeated page, a retry after a crash): nothing changes.
    auto again = merge_consolidated(merged->sales_order, second.import().sales_order, summed);
    REQUIRE(again.ok());
    CHECK_FALSE(again->changed);
    CHECK(again->sales_order == merged->sales_order);
    // A different day's order cannot be merged into this one.
    auto other_day = second_json;
    other_day["createdTime"] = "2026-01-17T09:00:00Z";
    auto wrong = map_order(fx::parse(other_day), store, host);
    CHECK_FALSE(merge_consolidated(merged->sales_order, wrong.import().sales_order, summed).ok());
}

TEST_CASE("orders: an Amazon cancellation never cancels a whole consolidated order") {
    const auto store = fx::store("orders:\n  fbm:\n    customer: {strategy: single_customer, "
                                 "code: AMAZON-UK}\n    consolidation: daily");
    auto o = fx::base_order();
    fx::set_status(o, "CANCELLED");
    auto host = fx::host();
    host.existing_status = "placed";
    auto r = map_order(fx::parse(o), store, host);
    REQUIRE(r.is_skip());
    CHECK(r.skip().kind == SkipKind::unchanged);
    CHECK(r.skip().reason.find("consolidated") != std::string::npos);
}

TEST_CASE("orders: the customer strategy is chosen per channel") {
    const auto store =
        fx::store("orders:\n  fbm: {customer: {strategy: single_customer, code: AMAZON-FBM}}\n"
                  "  fba: {enabled: true, warehouse: FBA-UK, customer: {strategy: per_order}}");
    CHECK(fx::str(fx::doc_of(map_order(fx::parse(fx::base_order()), store,
                                       fx::host()))["customer"]) == "AMAZON-FBM");
    auto fba = fx::base_order();
    fx::set_status(fba, "SHIPPED", "AMAZON");
    CHECK(fx::str(fx::doc_of(map_order(fx::parse(fba), store, fx::host()))["customer"]) ==
          "uk1 FBA GBP Amazon Guests");
    const auto swapped = fx::store(
        "orders:\n  fbm: {customer: {strategy: per_order}}\n"
        "  fba: {enabled: true, warehouse: FBA-UK, customer: {strategy: single_customer, code: "
        "AMAZON-FBA}}");
    CHECK(fx::str(fx::doc_of(map_order(fx::parse(fba), swapped, fx::host()))["customer"]) ==
          "AMAZON-FBA");
    CHECK(fx::str(fx::doc_of(map_order(fx::parse(fx::base_order()), swapped,
                                       fx::host()))["customer"]) == "uk1-202-0000001-0000001");
}
