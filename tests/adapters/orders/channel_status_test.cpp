// Channel and status rules: FBA and FBM enabled apart, statuses per channel, pending waits,
// updates of imported orders, and statuses that never go backwards.
#include "fixtures.hpp"
#include "orders/channel_status.hpp"

using namespace amzconn::orders;

TEST_CASE("orders: FBM and FBA are enabled separately") {
    auto fba = fx::base_order();
    fx::set_status(fba, "SHIPPED", "AMAZON");
    const auto fbm = fx::base_order();

    const auto only_fbm = fx::store(); // FBA is off by default
    auto r = map_order(fx::parse(fba), only_fbm, fx::host());
    REQUIRE(r.is_skip());
    CHECK(r.skip().kind == SkipKind::filter);
    CHECK(r.skip().filter == "channel");
    CHECK(map_order(fx::parse(fbm), only_fbm, fx::host()).is_import());

    const auto only_fba =
        fx::store("orders:\n  fbm: {enabled: false}\n  fba: {enabled: true, warehouse: FBA-UK}");
    CHECK(map_order(fx::parse(fba), only_fba, fx::host()).is_import());
    auto off = map_order(fx::parse(fbm), only_fba, fx::host());
    REQUIRE(off.is_skip());
    CHECK(off.skip().filter == "channel");
}

TEST_CASE("orders: each channel imports only its configured Amazon statuses") {
    const auto store = fx::store("orders:\n  fbm: {statuses: [unshipped]}\n"
                                 "  fba: {enabled: true, warehouse: FBA-UK, statuses: [shipped]}");
    auto fbm_shipped = fx::base_order();
    fx::set_status(fbm_shipped, "SHIPPED");
    auto r = map_order(fx::parse(fbm_shipped), store, fx::host());
    REQUIRE(r.is_skip());
    CHECK(r.skip().kind == SkipKind::status);

    auto fba_unshipped = fx::base_order();
    fx::set_status(fba_unshipped, "UNSHIPPED", "AMAZON");
    auto r2 = map_order(fx::parse(fba_unshipped), store, fx::host());
    REQUIRE(r2.is_skip());
    CHECK(r2.skip().kind == SkipKind::status);

    auto fba_shipped = fx::base_order();
    fx::set_status(fba_shipped, "SHIPPED", "AMAZON");
    CHECK(map_order(fx::parse(fba_shipped), store, fx::host()).is_import());

    const auto both = fx::store("orders:\n  fbm: {statuses: [unshipped, shipped]}");
    CHECK(map_order(fx::parse(fbm_shipped), both, fx::host()).is_import());
}

TEST_CASE("orders: a partially shipped order counts as unshipped") {
    auto o = fx::base_order();
    fx::set_status(o, "PARTIALLY_SHIPPED");
    CHECK(map_order(fx::parse(o), fx::store(), fx::host()).is_import());
}

TEST_CASE("orders: pending orders wait until they carry prices and are not imported") {
    for (const char* status : {"PENDING", "PENDING_AVAILABILITY"}) {
        auto o = fx::base_order();
        fx::set_status(o, status);
        auto r = map_order(fx::parse(o), fx::store(), fx::host());
        REQUIRE(r.is_wait());
        CHECK(r.wait().reason.find(status) != std::string::npos);
    }
}

TEST_CASE("orders: a cancelled or unfulfillable order is never imported as new") {
    for (const char* status : {"CANCELLED", "UNFULFILLABLE"}) {
        auto o = fx::base_order();
        fx::set_status(o, status);
        auto r = map_order(fx::parse(o), fx::store(), fx::host());
        REQUIRE(r.is_skip());
        CHECK(r.skip().kind == SkipKind::status);
    }
}

TEST_CASE("orders: an Amazon cancellation of an unshipped order cancels the host order") {
    auto o = fx::base_order();
    fx::set_status(o, "CANCELLED");
    for (const char* from : {"parked", "placed", "backordered"}) {
        auto host = fx::host();
        host.existing_status = from;
        auto r = map_order(fx::parse(o), fx::store(), host);
        REQUIRE(r.is_update());
        CHECK(r.update().from_status == from);
        CHECK(r.update().to_status == "cancelled");
        CHECK(r.update().idempotency_key == "uk1:202-0000001-0000001");
    }
}

TEST_CASE("orders: a cancellation never reopens a shipped or completed host order") {
    auto o = fx::base_order();
    fx::set_status(o, "CANCELLED");
    for (const char* from : {"completed", "shipped", "cancelled"}) {
        auto host = fx::host();
        host.existing_status = from;
        auto r = map_order(fx::parse(o), fx::store(), host);
        REQUIRE(r.is_skip());
        CHECK(r.skip().kind == SkipKind::unchanged);
    }
}

TEST_CASE("orders: a shipped FBA order marks the host order shipped") {
    auto o = fx::base_order();
    fx::set_status(o, "SHIPPED", "AMAZON");
    auto host = fx::host();
    host.existing_status = "placed";
    const auto store = fx::store("orders:\n  fba: {enabled: true, warehouse: FBA-UK}");
    auto r = map_order(fx::parse(o), store, host);
    REQUIRE(r.is_update());
    CHECK(r.update().to_status == "shipped");

    // A completed host order is final: Amazon's shipment leaves it alone.
    host.existing_status = "completed";
    auto done = map_order(fx::parse(o), store, host);
    REQUIRE(done.is_skip());
    CHECK(done.skip().kind == SkipKind::unchanged);

    host.existing_status = "shipped";
    auto again = map_order(fx::parse(o), store, host);
    REQUIRE(again.is_skip());
    CHECK(again.skip().kind == SkipKind::unchanged);
}

TEST_CASE("orders: an FBM order Amazon shows shipped (its shipments confirmed) marks the host "
          "order shipped") {
    auto o = fx::base_order();
    fx::set_status(o, "SHIPPED");
    auto host = fx::host();
    host.existing_status = "placed";
    auto r = map_order(fx::parse(o), fx::store(), host);
    REQUIRE(r.is_update());
    CHECK(r.update().to_status == "shipped");

    host.existing_status = "completed";
    auto done = map_order(fx::parse(o), fx::store(), host);
    REQUIRE(done.is_skip());
    CHECK(done.skip().kind == SkipKind::unchanged);

    fx::set_status(o, "PARTIALLY_SHIPPED");
    host.existing_status = "placed";
    auto partial = map_order(fx::parse(o), fx::store(), host);
    REQUIRE(partial.is_skip()); // no host status for "partly shipped": it stays placed
}

TEST_CASE("orders: an FBA order Amazon already shipped is imported as shipped") {
    auto o = fx::base_order();
    fx::set_status(o, "SHIPPED", "AMAZON");
    const auto store = fx::store(
        "orders:\n  fba: {enabled: true, warehouse: FBA-UK, statuses: [unshipped, shipped]}");
    auto r = map_order(fx::parse(o), store, fx::host());
    REQUIRE(r.is_import());
    CHECK(r.import().host_status == "shipped");
    CHECK(r.import().sales_order.at("status") == "shipped");

    // Configured completed stays completed (final), as a re-read would leave it.
    const auto completed = fx::store("orders:\n  fba: {enabled: true, warehouse: FBA-UK, "
                                     "statuses: [unshipped, shipped], host_status: completed}");
    auto stocked = fx::host();
    stocked.stock[{"MUG", "FBA-UK"}].available = 100;
    auto final_status = map_order(fx::parse(o), completed, stocked);
    REQUIRE(final_status.is_import());
    CHECK(final_status.import().host_status == "completed");

    // Still unshipped at Amazon: the configured host status applies.
    auto waiting = fx::base_order();
    fx::set_status(waiting, "UNSHIPPED", "AMAZON");
    auto placed = map_order(fx::parse(waiting), store, fx::host());
    REQUIRE(placed.is_import());
    CHECK(placed.import().host_status == "placed");
}

TEST_CASE("orders: an FBM order Amazon already shows shipped is imported as shipped, so the "
          "host does not ship it twice (Order Desk's Download Shipped Orders)") {
    auto o = fx::base_order();
    fx::set_status(o, "SHIPPED");
    const auto store = fx::store("orders:\n  fbm: {statuses: [unshipped, shipped]}");
    auto r = map_order(fx::parse(o), store, fx::host());
    REQUIRE(r.is_import());
    CHECK(r.import().host_status == "shipped");
    CHECK(r.import().sales_order.at("status") == "shipped");

    // Configured completed stays completed, as for FBA.
    const auto completed =
        fx::store("orders:\n  fbm: {statuses: [unshipped, shipped], host_status: completed}");
    auto stocked = fx::host();
    stocked.stock[{"MUG", "MAIN"}].available = 100;
    auto final_status = map_order(fx::parse(o), completed, stocked);
    REQUIRE(final_status.is_import());
    CHECK(final_status.import().host_status == "completed");

    // An unshipped one gets the configured status.
    auto waiting = fx::base_order();
    fx::set_status(waiting, "UNSHIPPED");
    auto placed = map_order(fx::parse(waiting), store, fx::host());
    REQUIRE(placed.is_import());
    CHECK(placed.import().host_status == "placed");
}

TEST_CASE("orders: an unchanged order already in the host is skipped") {
    auto host = fx::host();
    host.existing_status = "placed";
    auto r = map_order(fx::parse(fx::base_order()), fx::store(), host);
    REQUIRE(r.is_skip());
    CHECK(r.skip().kind == SkipKind::unchanged);
    // An FBM order Amazon shows shipped is already shipped in the host: nothing changes.
    auto shipped = fx::base_order();
    fx::set_status(shipped, "SHIPPED");
    host.existing_status = "shipped";
    CHECK(map_order(fx::parse(shipped), fx::store(), host).is_skip());
}

TEST_CASE("orders: host statuses only move forward") {
    CHECK(may_move("parked", "placed"));
    CHECK(may_move("placed", "completed"));
    CHECK(may_move("backordered", "shipped"));
    CHECK(may_move("placed", "cancelled"));
    CHECK_FALSE(may_move("shipped", "placed"));
    CHECK_FALSE(may_move("completed", "backordered"));
    CHECK_FALSE(may_move("placed", "backordered")); // same rank: no churn
    CHECK_FALSE(may_move("cancelled", "shipped"));
    CHECK_FALSE(may_move("shipped", "cancelled"));
    CHECK_FALSE(may_move("mystery", "shipped"));
    CHECK(host_status_rank("parked") < host_status_rank("placed"));
    CHECK(host_status_rank("placed") == host_status_rank("backordered"));
    CHECK(host_status_rank("completed") < host_status_rank("shipped"));
}
