// stock.warehouses against the host's warehouses: a code that matches nothing stops the export.
#include "stock/warehouse_check.hpp"

#include <doctest/doctest.h>
#include <vector>

using amzconn::stock::check_warehouses;
using amzconn::stock::HostWarehouse;

TEST_CASE("stock: an unknown warehouse code is named with the codes that exist") {
    const std::vector<HostWarehouse> host{{"WH1", false}, {"AMZ", true}};
    const std::vector<std::string> configured{"MAIN", "WH1"};
    auto problem = check_warehouses(configured, host);
    REQUIRE(problem.has_value());
    CHECK(problem->find("does not have: MAIN;") != std::string::npos);
    CHECK(problem->find("the host's warehouses are AMZ (FBA), WH1") != std::string::npos);
    CHECK(problem->find("Nothing was sent") != std::string::npos);
}

TEST_CASE("stock: a host with no warehouses at all stops the export") {
    const std::vector<HostWarehouse> none;
    const std::vector<std::string> configured{"MAIN"};
    auto named = check_warehouses(configured, none);
    REQUIRE(named.has_value());
    CHECK(named->find("the host has no warehouses") != std::string::npos);
    auto every = check_warehouses({}, none);
    REQUIRE(every.has_value());
    CHECK(every->find("no merchant (FBM) warehouse") != std::string::npos);
}

TEST_CASE("stock: an FBA warehouse in stock.warehouses is refused") {
    const std::vector<HostWarehouse> host{{"MAIN", false}, {"AMZ", true}};
    const std::vector<std::string> configured{"AMZ"};
    auto problem = check_warehouses(configured, host);
    REQUIRE(problem.has_value());
    CHECK(problem->find("FBA warehouse(s) AMZ") != std::string::npos);
}

TEST_CASE("stock: known merchant warehouses pass the check") {
    const std::vector<HostWarehouse> host{{"MAIN", false}, {"AMZ", true}};
    const std::vector<std::string> configured{"MAIN"};
    CHECK_FALSE(check_warehouses(configured, host).has_value());
    CHECK_FALSE(check_warehouses({}, host).has_value());
}
