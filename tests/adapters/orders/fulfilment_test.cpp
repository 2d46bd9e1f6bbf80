// Host status, warehouse per channel, sales group and folder, and the oldest-first batch/serial
// assignment for FBM that never takes more than the warehouse holds.
#include "fixtures.hpp"
#include "orders/fulfilment.hpp"

using namespace amzconn::orders;
using amzconn::time::Timestamp;

TEST_CASE("orders: new host orders get the configured status") {
    for (const char* status : {"parked", "placed", "backordered", "completed"}) {
        auto r = map_order(fx::parse(fx::base_order()),
                           fx::store(std::string("orders:\n  fbm: {host_status: ") + status + "}"),
                           fx::host());
        CHECK(fx::str(fx::doc_of(r)["status"]) == status);
        CHECK(r.import().host_status == status);
        CHECK_FALSE(r.import().fell_back_to_backordered);
    }
}

TEST_CASE("orders: completed falls back to backordered when stock is short") {
    const auto store = fx::store("orders:\n  fbm: {host_status: completed}");
    auto host = fx::host();
    host.stock[{"MUG", "MAIN"}].available = 1; // the order needs 2
    auto r = map_order(fx::parse(fx::base_order()), store, host);
    CHECK(fx::str(fx::doc_of(r)["status"]) == "backordered");
    CHECK(r.import().fell_back_to_backordered);
    bool logged = false;
    for (const auto& n : r.notes) {
        logged =
            logged || (n.level == NoteLevel::info &&
                       n.message.find("completed falls back to backordered") != std::string::npos &&
                       n.message.find("MUG") != std::string::npos);
    }
    CHECK(logged);

    host.stock[{"MUG", "MAIN"}].available = 2; // exactly enough
    CHECK(fx::str(fx::doc_of(map_order(fx::parse(fx::base_order()), store, host))["status"]) ==
          "completed");
}

TEST_CASE("orders: completed falls back to backordered for FBA orders too, and stays so when "
          "Amazon ships them") {
    const auto store = fx::store("orders:\n  fba: {enabled: true, warehouse: FBA-UK, "
                                 "statuses: [unshipped, shipped], host_status: completed}");
    auto o = fx::base_order();
    fx::set_status(o, "SHIPPED", "AMAZON");
    auto host = fx::host();
    host.stock[{"MUG", "FBA-UK"}].available = 1; // the order needs 2
    auto r = map_order(fx::parse(o), store, host);
    // Imported as backordered, as the log says: not shipped behind the note's back.
    CHECK(r.import().host_status == "backordered");
    CHECK(fx::str(fx::doc_of(r)["status"]) == "backordered");
    CHECK(r.import().fell_back_to_backordered);
    bool logged = false;
    for (const auto& n : r.notes) {
        logged = logged || (n.message.find("completed falls back to backordered: warehouse "
                                           "FBA-UK has 1 of product MUG") != std::string::npos);
    }
    CHECK(logged);

    // A re-read of the same order (Amazon: shipped) leaves the backordered order for the host to
    // complete once it has the stock.
    host.existing_status = "backordered";
    auto again = map_order(fx::parse(o), store, host);
    REQUIRE(again.is_skip());
    CHECK(again.skip().kind == SkipKind::unchanged);
    CHECK(again.skip().reason.find("backordered") != std::string::npos);

    // Unshipped FBA orders follow the same rule.
    fx::set_status(o, "UNSHIPPED");
    host.existing_status.reset();
    CHECK(map_order(fx::parse(o), store, host).import().host_status == "backordered");
    host.stock[{"MUG", "FBA-UK"}].available = 2;
    CHECK(map_order(fx::parse(o), store, host).import().host_status == "completed");
}

TEST_CASE("orders: the stock check adds up lines of the same product") {
    HostView host;
    host.stock[{"P", "W"}].available = 3;
    const std::vector<Demand> demands{{"P", 2}, {"P", 2}};
    auto s = host_status_for(amzconn::orders::HostOrderStatus::completed, demands, "W", host);
    CHECK(s.status == "backordered");
    CHECK(s.fell_back);
    host.stock[{"P", "W"}].available = 4;
    CHECK(host_status_for(amzconn::orders::HostOrderStatus::completed, demands, "W", host).status ==
          "completed");
}

TEST_CASE("orders: each channel uses its warehouse, sales group and folder") {
    const auto store =
        fx::store("orders:\n  fbm: {warehouse: MAIN, sales_group: Amazon, folder: Amazon UK}\n"
                  "  fba: {enabled: true, warehouse: FBA-UK, folder: FBA}");
    auto fbm = fx::doc_of(map_order(fx::parse(fx::base_order()), store, fx::host()));
    CHECK(fx::str(fbm["warehouse"]) == "MAIN");
    CHECK(fx::str(fbm["sales_group"]) == "Amazon");
    CHECK(fx::str(fbm["folder"]) == "Amazon UK");
    auto o = fx::base_order();
    fx::set_status(o, "SHIPPED", "AMAZON");
    auto fba = fx::doc_of(map_order(fx::parse(o), store, fx::host()));
    CHECK(fx::str(fba["warehouse"]) == "FBA-UK");
    CHECK(fx::str(fba["folder"]) == "FBA");
    CHECK_FALSE(fba.contains("sales_group"));
}

TEST_CASE("orders: without a mapped or default warehouse the order is parked") {
    auto host = fx::host();
    host.default_warehouse.reset();
    auto r = map_order(fx::parse(fx::base_order()), fx::store(), host);
    REQUIRE(r.is_park());
    CHECK(r.park().path == "orders.fbm.warehouse");
    CHECK(r.park().fix.find("orders.fbm.warehouse") != std::string::npos);
    host.default_warehouse = "DEFAULT";
    CHECK(fx::str(fx::doc_of(map_order(fx::parse(fx::base_order()), fx::store(),
                                       host))["warehouse"]) == "DEFAULT");
}

TEST_CASE("orders: batches are assigned oldest first and never beyond what is available") {
    HostView host;
    auto& s = host.stock[{"P", "W"}];
    s.batches = {{"B-NEW", 5, Timestamp{3000}},
                 {"B-UNDATED", 9, std::nullopt},
                 {"B-OLD", 1, Timestamp{1000}},
                 {"B-MID", 2, Timestamp{2000}}};
    std::vector<std::string> short_notes;
    auto a = assign_lots(amzconn::orders::AutoAssign::batch, {{"P", 4}, {"P", 20}},
                         {Tracking::batch, Tracking::batch}, "W", host, short_notes);
    REQUIRE(a[0].size() == 3);
    CHECK(*a[0][0].batch == "B-OLD");
    CHECK(a[0][0].quantity == 1);
    CHECK(*a[0][1].batch == "B-MID");
    CHECK(a[0][1].quantity == 2);
    CHECK(*a[0][2].batch == "B-NEW");
    CHECK(a[0][2].quantity == 1);
    // The second line takes what is left: 4 of B-NEW, then the undated lot; 17 units in all.
    int64_t assigned = 0;
    for (const auto& x : a[1]) {
        assigned += x.quantity;
    }
    CHECK(assigned == 13);
    CHECK(*a[1].back().batch == "B-UNDATED");
    REQUIRE(short_notes.size() == 1);
    CHECK(short_notes[0].find("7 of 20") != std::string::npos);
}

TEST_CASE("orders: serials are assigned oldest first, one unit each") {
    HostView host;
    host.stock[{"S", "W"}].serials = {
        {"SN-3", Timestamp{30}}, {"SN-1", Timestamp{10}}, {"SN-2", Timestamp{20}}};
    std::vector<std::string> short_notes;
    auto a = assign_lots(amzconn::orders::AutoAssign::both, {{"S", 2}}, {Tracking::serial}, "W",
                         host, short_notes);
    REQUIRE(a[0].size() == 2);
    CHECK(*a[0][0].serial == "SN-1");
    CHECK(*a[0][1].serial == "SN-2");
    CHECK(a[0][0].quantity == 1);
    CHECK(short_notes.empty());
    // batch mode leaves serial-tracked products alone; serial mode leaves batches alone.
    auto none = assign_lots(amzconn::orders::AutoAssign::batch, {{"S", 2}}, {Tracking::serial}, "W",
                            host, short_notes);
    CHECK(none[0].empty());
}

TEST_CASE("orders: FBM orders carry batch assignments when auto_assign is on, FBA never") {
    auto host = fx::host();
    host.products["MUG-UK"].tracking = Tracking::batch;
    host.stock[{"MUG", "MAIN"}].batches = {{"LOT-2", 10, Timestamp{2}}, {"LOT-1", 1, Timestamp{1}}};
    host.stock[{"MUG", "FBA-UK"}] = host.stock[{"MUG", "MAIN"}];
    const auto store = fx::store("orders:\n  fbm: {warehouse: MAIN, auto_assign: batch}\n"
                                 "  fba: {enabled: true, warehouse: FBA-UK}");
    auto r = map_order(fx::parse(fx::base_order()), store, host);
    auto doc = fx::doc_of(r);
    auto assignments = doc["lines"].as_array()[0].as_object()["assignments"].as_array();
    REQUIRE(assignments.size() == 2);
    CHECK(fx::str(assignments[0].as_object()["batch"]) == "LOT-1");
    CHECK(assignments[0].as_object()["quantity"].as_int64() == 1);
    CHECK(fx::str(assignments[1].as_object()["batch"]) == "LOT-2");
    CHECK(amzconn::validate_entity_tree("sales_order", r.import().sales_order).ok());

    auto fba = fx::base_order();
    fx::set_status(fba, "SHIPPED", "AMAZON");
    auto fdoc = fx::doc_of(map_order(fx::parse(fba), store, host));
    CHECK_FALSE(fdoc["lines"].as_array()[0].as_object().contains("assignments"));

    const auto off = fx::store("orders:\n  fbm: {warehouse: MAIN}");
    CHECK_FALSE(fx::doc_of(map_order(fx::parse(fx::base_order()), off, host))["lines"]
                    .as_array()[0]
                    .as_object()
                    .contains("assignments"));
}

TEST_CASE("orders: completed falls back to placed for a tracked product auto_assign does not "
          "cover, and to backordered when its lots fall short") {
    auto host = fx::host(); // 100 MUG in MAIN
    host.products["MUG-UK"].tracking = Tracking::batch;
    host.stock[{"MUG", "MAIN"}].batches = {{"LOT-1", 5, Timestamp{1}}};
    const auto order = fx::parse(fx::base_order()); // 2 MUG-UK
    const auto notes = [](const auto& r) {
        std::string all;
        for (const auto& n : r.notes) {
            all += n.message + "\n";
        }
        return all;
    };

    // Unleashed: such orders complete on import only when the numbers are assigned.
    const auto disabled = fx::store("orders:\n  fbm: {warehouse: MAIN, host_status: completed}");
    auto placed = map_order(order, disabled, host);
    REQUIRE(placed.is_import());
    CHECK(placed.import().host_status == "placed");
    CHECK_FALSE(placed.import().fell_back_to_backordered);
    CHECK(notes(placed).find("orders.fbm.auto_assign does not assign batch numbers") !=
          std::string::npos);
    const auto serial_only =
        fx::store("orders:\n  fbm: {warehouse: MAIN, host_status: completed, auto_assign: serial}");
    CHECK(map_order(order, serial_only, host).import().host_status == "placed");

    const auto batch =
        fx::store("orders:\n  fbm: {warehouse: MAIN, host_status: completed, auto_assign: batch}");
    auto completed = map_order(order, batch, host);
    REQUIRE(completed.is_import());
    CHECK(completed.import().host_status == "completed"); // LOT-1 covers both units

    host.stock[{"MUG", "MAIN"}].batches = {}; // 100 units, none in a lot
    auto short_lots = map_order(order, batch, host);
    REQUIRE(short_lots.is_import());
    CHECK(short_lots.import().host_status == "backordered");
    CHECK(short_lots.import().fell_back_to_backordered);
    CHECK(notes(short_lots).find("has 0 unit(s) of product MUG with a batch number") !=
          std::string::npos);

    // An untracked product, or another configured status, is left as it was.
    host.products["MUG-UK"].tracking = Tracking::none;
    CHECK(map_order(order, disabled, host).import().host_status == "completed");
    host.products["MUG-UK"].tracking = Tracking::batch;
    CHECK(map_order(order, fx::store("orders:\n  fbm: {warehouse: MAIN}"), host)
              .import()
              .host_status == "placed");
}
