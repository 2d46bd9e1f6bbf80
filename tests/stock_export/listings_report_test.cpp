// Amazon's merchant listings report (which listings Amazon fulfils) is slow and its quota small:
// a run that finds it not ready answers retry_later, and the next run follows the same report.
#include "fixture.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

namespace json = boost::json;
using amzconn::stock_tests::Fixture;

namespace {

json::object run(Fixture& f, const std::string& job) {
    auto report = f.connector->run_job(job, "uk1", "{}");
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
    return json::parse(*report).as_object();
}

} // namespace

TEST_CASE("stock_export: a listings report not ready yet is followed by the next run and never "
          "requested twice") {
    // Amazon's clock almost stopped: the report stays in progress until the test moves it on.
    Fixture f(true, "", "", "0.001");
    const auto first = run(f, "export_stock");
    CHECK(first.at("status").as_string() == "retry_later");
    CHECK(std::string(first.at("messages").at(0).as_string()).find("requests no other") !=
          std::string::npos);
    CHECK(f.sandbox.calls("createReport") == 1);
    CHECK(f.sandbox.calls("createFeed") == 0);
    const auto polls = f.sandbox.calls("getReport");
    CHECK(polls >= 1);

    const auto second = run(f, "export_stock");
    CHECK(second.at("status").as_string() == "retry_later");
    CHECK(f.sandbox.calls("createReport") == 1); // the same report, followed
    CHECK(f.sandbox.calls("getReport") > polls);

    f.sandbox.advance(60);
    const auto third = run(f, "export_stock");
    CHECK(third.at("status").as_string() == "ok");
    CHECK(third.at("counts").at("sent").as_int64() > 0);
    CHECK(f.sandbox.calls("createReport") == 1);

    // The channels are cached now: the next export asks for no report at all.
    const auto fourth = run(f, "export_stock");
    CHECK(fourth.at("status").as_string() == "ok");
    CHECK(f.sandbox.calls("createReport") == 1);
}

TEST_CASE("stock_export: listings cached without their ASINs (by an older build) are read from "
          "Amazon again, so a store matching by ASIN finds its products") {
    Fixture f;
    // An older build's cache, fresh: seller-sku, marketplace and channel only.
    const std::string old_cache =
        R"({"fetched_at_ms":)" + std::to_string(f.host.now_ms()) +
        R"(,"listings":[["MUG","A1F83G8C2ARO7P","DEFAULT"],["COASTER","A1F83G8C2ARO7P","DEFAULT"]]})";
    REQUIRE(
        f.host.state_put("store:uk1", "stock/listings", old_cache, amzconn::k_version_any).ok());
    const auto report = f.job("export_stock"); // follows the report until it is ready
    CHECK(report.at("status").as_string() == "ok");
    CHECK(f.sandbox.calls("createReport") == 1);
    CHECK(report.at("counts").at("listings").as_int64() == 4); // Amazon's four, not the cache's two
    const auto cached = f.host.state_get("store:uk1", "stock/listings");
    REQUIRE(cached.ok());
    const auto rows = json::parse(cached->value).at("listings").as_array();
    REQUIRE(rows.size() == 4);
    CHECK(rows.at(0).as_array().size() == 4);
    CHECK(rows.at(0).as_array().at(3).as_string().starts_with("B0")); // the sandbox's ASIN
    // Cached with ASINs now: the next export asks for no report.
    f.job("export_stock");
    CHECK(f.sandbox.calls("createReport") == 1);
}
