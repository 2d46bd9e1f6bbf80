// export_stock --arg skus=...: only the named SKUs (and those sharing BOM components with them)
// are computed and sent, whatever separators the list was pasted with.
#include "fixture.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

namespace json = boost::json;
using amzconn::stock_tests::Fixture;

TEST_CASE("stock_export: export_stock with skus sends only those listings and the ones sharing "
          "their BOM components") {
    Fixture f;
    const auto report = f.job("export_stock", {{"skus", " MUG;\tMUG\n"}});
    INFO(json::serialize(report));
    CHECK(report.at("status").as_string() == "ok");
    // MUG, GIFT-SET (MUG is one of its components) and COASTER (its share of GIFT-SET's supply
    // moves with MUG's); FBA-MUG shares nothing with them and is not even looked at.
    CHECK(report.at("counts").at("listings").as_int64() == 3);
    CHECK(report.at("counts").at("sent").as_int64() == 3);
    CHECK(report.at("counts").at("fba").as_int64() == 0);

    const auto fba_only = f.job("export_stock", {{"skus", "FBA-MUG"}});
    CHECK(fba_only.at("counts").at("listings").as_int64() == 1);
    CHECK(fba_only.at("counts").at("fba").as_int64() == 1);
    CHECK(fba_only.at("counts").at("sent").as_int64() == 0);
    f.poll_until_done();
    CHECK(f.listing("FBA-MUG").at("quantity").as_int64() == 17); // Amazon's own, untouched
}
