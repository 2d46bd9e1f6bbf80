// The entry point: metadata on every order, idempotency keys, documents that validate as
// entities, and log notes that never carry buyer data.
#include "fixtures.hpp"
#include "orders/metadata.hpp"

#include <algorithm>
#include <vector>

using namespace amzconn::orders;

TEST_CASE("orders: every imported order carries the Amazon metadata") {
    auto o = fx::base_order();
    o["programs"] = fx::bj::array{"PRIME", "AMAZON_BUSINESS"};
    o["orderAliases"] =
        fx::bj::array{fx::bj::object{{"aliasId", "MY-REF-1"}, {"aliasType", "SELLER_ORDER_ID"}}};
    o["buyer"].as_object()["buyerPurchaseOrderNumber"] = "PO-77";
    auto& f = o["fulfillment"].as_object();
    f["shipByWindow"] = fx::bj::object{{"earliestDateTime", "2026-01-15T00:00:00Z"},
                                       {"latestDateTime", "2026-01-16T23:59:59Z"}};
    f["deliverByWindow"] = fx::bj::object{{"earliestDateTime", "2026-01-18T00:00:00Z"},
                                          {"latestDateTime", "2026-01-20T23:59:59Z"}};
    auto doc = fx::doc_of(map_order(fx::parse(o), fx::store(), fx::host()));
    auto m = doc["metadata"].as_object();
    CHECK(fx::str(m["amazon_order_id"]) == "202-0000001-0000001");
    CHECK(fx::str(m["store"]) == "uk1");
    CHECK(fx::str(m["marketplace"]) == "A1F83G8C2ARO7P");
    CHECK(fx::str(m["amazon_fulfillment_channel"]) == "MFN");
    CHECK(fx::str(m["programs"]) == "PRIME,AMAZON_BUSINESS");
    CHECK(fx::str(m["is_prime"]) == "true");
    CHECK(fx::str(m["is_business"]) == "true");
    CHECK(fx::str(m["ship_by_earliest"]) == "2026-01-15T00:00:00Z");
    CHECK(fx::str(m["ship_by_latest"]) == "2026-01-16T23:59:59Z");
    CHECK(fx::str(m["deliver_by_earliest"]) == "2026-01-18T00:00:00Z");
    CHECK(fx::str(m["deliver_by_latest"]) == "2026-01-20T23:59:59Z");
    CHECK(fx::str(m["buyer_purchase_order_number"]) == "PO-77");
    CHECK(fx::str(m["seller_order_id"]) == "MY-REF-1");
    CHECK(fx::str(doc["reference"]) == "202-0000001-0000001");
    CHECK(fx::str(doc["order_date"]) == "2026-01-15T10:04:00Z");

    auto fba = fx::base_order();
    fx::set_status(fba, "SHIPPED", "AMAZON");
    auto fdoc = fx::doc_of(map_order(
        fx::parse(fba), fx::store("orders:\n  fba: {enabled: true, warehouse: FBA}"), fx::host()));
    CHECK(fx::str(fdoc["metadata"].as_object()["amazon_fulfillment_channel"]) == "AFN");
}

TEST_CASE("orders: the order items metadata is the serialiser's JSON text of its items, "
          "escapes and an Amazon Custom item's customisation URL included") {
    // Written without a tree: it must stay the text boost::json::serialize gives.
    auto order = fx::parse(fx::base_order());
    REQUIRE(!order.order_items.empty());
    auto odd = order.order_items.front();
    odd.order_item_id = "q\"b\\s/\x01\n\t\x7f \xc3\xa9";
    odd.product.seller_sku = "SKU \"7\"";
    odd.quantity_ordered = 1000000;
    auto no_sku = order.order_items.front();
    no_sku.product.seller_sku.reset();
    no_sku.quantity_ordered = 0;
    auto custom = order.order_items.front(); // Amazon Custom: the buyer's customisation
    custom.product.customized_url = "https://example.invalid/custom/\"1\"?a=b&c=d";
    order.order_items.push_back(odd);
    order.order_items.push_back(no_sku);
    order.order_items.push_back(custom);
    fx::bj::array expected;
    for (const auto& item : order.order_items) {
        fx::bj::object o{{"id", item.order_item_id},
                         {"sku", item.product.seller_sku.value_or("")},
                         {"quantity", item.quantity_ordered}};
        if (item.product.customized_url) {
            o["customized_url"] = *item.product.customized_url;
        }
        expected.push_back(std::move(o));
    }
    auto meta = order_metadata(order, fx::store());
    CHECK(meta["amazon_order_items"] == fx::bj::serialize(expected));
    order.order_items.clear();
    CHECK(order_metadata(order, fx::store())["amazon_order_items"].empty());
}

TEST_CASE("orders: the idempotency key is the store alias and the Amazon order id") {
    auto r = map_order(fx::parse(fx::base_order()), fx::store(), fx::host());
    REQUIRE(r.is_import());
    CHECK(r.import().idempotency_key == "uk1:202-0000001-0000001");
    CHECK(fx::str(fx::doc_of(r)["idempotency_key"]) == "uk1:202-0000001-0000001");
    // The same order mapped twice gives the same document (pure, no clock).
    auto again = map_order(fx::parse(fx::base_order()), fx::store(), fx::host());
    CHECK(again.import().sales_order == r.import().sales_order);
}

TEST_CASE("orders: an import plan's documents live in its own arena and move with the plan") {
    auto host = fx::host();
    host.products.clear();
    const auto store = fx::store("products: {create_on_import: true}");
    auto r = map_order(fx::parse(fx::base_order()), store, host);
    REQUIRE(r.is_import());
    const std::string sales_order = fx::bj::serialize(r.import().sales_order);
    const std::string customer = fx::bj::serialize(*r.import().customer);
    const std::string product = fx::bj::serialize(r.import().products.at(0));
    const auto* arena = r.import().arena.get();
    // Every document points at the plan's arena, uncounted: nothing to count, nothing to walk.
    for (const auto* doc :
         {&r.import().sales_order, &*r.import().customer, &r.import().products[0]}) {
        CHECK(doc->storage().get() == arena);
        CHECK(doc->storage().is_deallocate_trivial());
        CHECK_FALSE(doc->storage().is_shared());
    }
    // Moved (a new plan, then over another plan's documents), the arena goes along.
    MapResult moved = std::move(r);
    auto other = map_order(fx::parse(fx::base_order()), fx::store(), fx::host());
    REQUIRE(other.is_import());
    other = std::move(moved);
    REQUIRE(other.is_import());
    CHECK(other.import().arena.get() == arena);
    CHECK(other.import().sales_order.storage().get() == arena);
    CHECK(fx::bj::serialize(other.import().sales_order) == sales_order);
    CHECK(fx::bj::serialize(*other.import().customer) == customer);
    CHECK(fx::bj::serialize(other.import().products.at(0)) == product);
    // A copy that outlives the plan is made onto the heap.
    const fx::bj::object kept(other.import().sales_order, fx::bj::storage_ptr());
    other = map_order(fx::parse(fx::base_order()), fx::store(), fx::host());
    CHECK(fx::bj::serialize(kept) == sales_order);
}

TEST_CASE("orders: an import plan carries its documents as trees, each checked once as its "
          "entity") {
    auto host = fx::host();
    host.products.clear();
    auto r = map_order(fx::parse(fx::base_order()), fx::store("products: {create_on_import: true}"),
                       host);
    REQUIRE(r.is_import());
    const auto& plan = r.import();
    CHECK(amzconn::validate_entity_tree("sales_order", plan.sales_order).ok());
    REQUIRE(plan.customer);
    CHECK(amzconn::validate_entity_tree("customer", *plan.customer).ok());
    REQUIRE(plan.products.size() == 1);
    CHECK(amzconn::validate_entity_tree("product", plan.products[0]).ok());
    CHECK(fx::str(plan.products[0].at("code")) == "MUG-UK");

    // A value the host cannot hold parks the order with the document paths, never the values.
    auto o = fx::base_order();
    o["recipient"].as_object()["deliveryAddress"].as_object()["countryCode"] = "GBR";
    auto bad = map_order(fx::parse(o), fx::store(), fx::host());
    REQUIRE(bad.is_park());
    CHECK(bad.park().reason.find("the host order would be invalid: ") == 0);
    CHECK(bad.park().reason.find("sales_order.ship_to.country_code") != std::string::npos);
    CHECK(bad.park().reason.find(fx::k_canary_street) == std::string::npos);
}

TEST_CASE("orders: the sales_order document validates as an entity") {
    auto r = map_order(fx::parse(fx::base_order()), fx::store(), fx::host());
    REQUIRE(r.is_import());
    auto valid = amzconn::validate_entity_tree("sales_order", r.import().sales_order);
    CHECK_MESSAGE(valid.ok(), (valid.ok() ? "" : valid.error().message));
    auto doc = fx::doc_of(r);
    CHECK(fx::str(doc["ship_to"].as_object()["country_code"]) == "GB");
    CHECK(fx::str(doc["currency"]) == "GBP");
}

TEST_CASE("orders: an imported order's one INFO summary names channel, warehouse, customer, "
          "lines and total") {
    auto r = map_order(fx::parse(fx::base_order()), fx::store(), fx::host());
    REQUIRE(r.is_import());
    const auto& summary = r.import().summary;
    CAPTURE(summary);
    CHECK(summary.rfind("MFN, warehouse MAIN, customer ", 0) == 0);
    CHECK(summary.find(" line(s), total ") != std::string::npos);
    CHECK(summary.find(" GBP") != std::string::npos);
    // The engine logs it with "order imported as ...": no second INFO line from the rules.
    for (const auto& n : r.notes) {
        CHECK(n.message.find("import as") == std::string::npos);
    }
}

TEST_CASE("orders: an update carries its reason for the engine's one INFO line") {
    auto o = fx::base_order();
    fx::set_status(o, "CANCELLED", "MERCHANT");
    auto host = fx::host();
    host.existing_status = "placed";
    auto r = map_order(fx::parse(o), fx::store(), host);
    REQUIRE(r.is_update());
    CHECK(r.update().to_status == "cancelled");
    CHECK(r.update().reason == "Amazon cancelled the order");
    CHECK(r.notes.empty());
}

TEST_CASE("orders: an order without items is parked") {
    auto o = fx::base_order();
    o["orderItems"] = fx::bj::array{};
    auto r = map_order(fx::parse(o), fx::store(), fx::host());
    REQUIRE(r.is_park());
    CHECK(r.park().path == "orderItems");
}

namespace {

void check_no_buyer_data(const MapResult& r) {
    std::vector<std::string> texts;
    for (const auto& n : r.notes) {
        texts.push_back(n.message);
    }
    if (r.is_import()) {
        texts.push_back(r.import().summary);
    } else if (r.is_update()) {
        texts.push_back(r.update().reason);
    } else if (r.is_skip()) {
        texts.push_back(r.skip().reason);
    } else if (r.is_wait()) {
        texts.push_back(r.wait().reason);
    } else if (r.is_park()) {
        texts.push_back(r.park().reason);
        texts.push_back(r.park().fix);
        texts.push_back(r.park().path);
    }
    for (const auto& t : texts) {
        for (const char* canary :
             {fx::k_canary_name, fx::k_canary_email, fx::k_canary_phone, fx::k_canary_street,
              fx::k_canary_city, fx::k_canary_postal, "CANARY"}) {
            CHECK_MESSAGE(t.find(canary) == std::string::npos, "buyer data in: " << t);
        }
    }
}

} // namespace

TEST_CASE("orders: no buyer name, e-mail, phone or address reaches a log note") {
    auto host = fx::host();
    host.stock[{"MUG", "MAIN"}].available = 0; // completed -> backordered note
    const std::vector<std::string> configs{
        "",
        "orders:\n  fbm: {host_status: completed}",
        "filters: {countries: [-GB]}",
        "filters: {countries: [US]}",
        "orders:\n  fbm:\n    customer: {strategy: single_customer, code: C1}\n    consolidation: "
        "daily",
        "products: {create_on_import: true}",
    };
    int checked = 0;
    for (const auto& yaml : configs) {
        for (const char* status : {"UNSHIPPED", "PENDING", "CANCELLED", "SHIPPED"}) {
            auto o = fx::base_order();
            fx::set_status(o, status);
            o["buyer"].as_object()["buyerCompanyName"] = "CANARY-COMPANY";
            fx::set_total(o, "20.00"); // a residual note as well
            check_no_buyer_data(map_order(fx::parse(o), fx::store(yaml), host));
            ++checked;
        }
    }
    // Parked orders: unknown SKU, no warehouse.
    auto empty = fx::host();
    check_no_buyer_data(map_order(fx::parse(fx::base_order()), fx::store(), empty));
    empty.products = fx::host().products;
    check_no_buyer_data(map_order(fx::parse(fx::base_order()), fx::store(), empty));
    // Existing orders (updates).
    auto existing = fx::host();
    existing.existing_status = "placed";
    auto cancelled = fx::base_order();
    fx::set_status(cancelled, "CANCELLED");
    check_no_buyer_data(map_order(fx::parse(cancelled), fx::store(), existing));
    CHECK(checked == 24);

    // The canaries are really in the documents (so the check above can fail).
    auto r = map_order(fx::parse(fx::base_order()), fx::store(), fx::host());
    REQUIRE(r.is_import());
    CHECK(fx::bj::serialize(*r.import().customer).find(fx::k_canary_email) != std::string::npos);
    CHECK(fx::bj::serialize(r.import().sales_order).find(fx::k_canary_street) != std::string::npos);
}

TEST_CASE("orders: every control character, wherever it stands in the text, is escaped in logs") {
    // The text is scanned 8 bytes at a time, then byte by byte: each control byte and DEL (NUL
    // never gets past the parser) at several offsets, next to printable and non-ASCII bytes.
    auto host = fx::host();
    auto clean = [](const std::string& text) {
        return std::none_of(text.begin(), text.end(), [](char ch) {
            return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
        });
    };
    std::vector<int> bytes{0x7f};
    for (int c = 1; c < 0x20; ++c) {
        bytes.push_back(c);
    }
    for (const int c : bytes) {
        for (size_t at : {size_t{4}, size_t{8}, size_t{11}, size_t{15}, size_t{17}}) {
            std::string sku = "SKU-\xc3\xa9-ABCDEFGHIJ";
            sku.insert(at, 1, static_cast<char>(c));
            auto o = fx::base_order();
            fx::first_item(o)["product"].as_object()["sellerSku"] = sku;
            auto r = map_order(fx::parse(o), fx::store(), host);
            REQUIRE(r.is_park()); // an unknown SKU: parked, with an ERROR note naming it
            CHECK_MESSAGE(clean(r.park().reason), "byte " << c << " at " << at);
            REQUIRE_FALSE(r.notes.empty());
            for (const auto& n : r.notes) {
                CHECK_MESSAGE(clean(n.message), "byte " << c << " at " << at);
            }
        }
    }
}

TEST_CASE("orders: control characters from Amazon cannot forge a log line") {
    auto o = fx::base_order();
    fx::first_item(o)["product"].as_object()["sellerSku"] = "EVIL\nERROR forged line\r";
    auto host = fx::host();
    auto r = map_order(fx::parse(o), fx::store(), host); // unknown SKU: parked, ERROR note
    REQUIRE(r.is_park());
    CHECK(r.park().reason.find('\n') == std::string::npos);
    CHECK(r.park().reason.find("EVIL\\x0aERROR forged line\\x0d") != std::string::npos);
    REQUIRE_FALSE(r.notes.empty());
    for (const auto& n : r.notes) {
        CHECK(n.message.find('\n') == std::string::npos);
        CHECK(n.message.find('\r') == std::string::npos);
    }
}
