// The two returns reports: Amazon's columns, rows joined with the sandbox's own orders, RMA ids
// that stay the same across reports, the 60-day window and CANCELLED when there is no data.
#include "test_support.hpp"

using namespace amzconn::testing;
namespace json = boost::json;

namespace {

constexpr const char* k_returns_scenario = R"(seller_id: A2SANDBOXSELLER
marketplaces: [US, UK]
listings:
  - {sku: FBA-1, asin: B0FBA00001, marketplace_id: US, channel: AMAZON_NA, quantity: 4, title: Blue Kettle}
orders:
  - orderId: 111-0000001-0000001
    createdTime: "2025-12-01T10:00:00Z"
    lastUpdatedTime: "2025-12-03T10:00:00Z"
    programs: [PRIME]
    salesChannel: {channelName: AMAZON, marketplaceId: ATVPDKIKX0DER}
    fulfillment: {fulfillmentStatus: SHIPPED, fulfilledBy: MERCHANT}
    orderItems:
      - orderItemId: "11"
        quantityOrdered: 2
        product: {sellerSku: MFN-1, asin: B0MFN00001, title: Red Teapot, price: {unitPrice: {amount: "24.50", currencyCode: USD}}}
        fulfillment: {quantityFulfilled: 2, quantityUnfulfilled: 0}
  - orderId: 202-0000002-0000002
    createdTime: "2025-12-01T10:00:00Z"
    lastUpdatedTime: "2025-12-03T10:00:00Z"
    salesChannel: {channelName: AMAZON, marketplaceId: A1F83G8C2ARO7P}
    fulfillment: {fulfillmentStatus: SHIPPED, fulfilledBy: MERCHANT}
    orderItems:
      - {orderItemId: "21", quantityOrdered: 1, product: {sellerSku: MFN-UK}, fulfillment: {quantityFulfilled: 1, quantityUnfulfilled: 0}}
returns:
  - {order_id: 111-0000001-0000001, sku: MFN-1, quantity: 1, reason: DEFECTIVE, channel: MFN, return_date: "2025-12-10T10:00:00Z"}
  - {order_id: 202-0000002-0000002, sku: MFN-UK, quantity: 1, reason: UNWANTED_ITEM, channel: MFN, return_date: "2025-12-11T10:00:00Z"}
  - {order_id: 111-0000003-0000003, sku: FBA-1, quantity: 2, reason: UNWANTED_ITEM, channel: AFN, return_date: "2025-12-12T10:00:00Z", disposition: CUSTOMER_DAMAGED}
  - {order_id: 111-0000001-0000001, sku: MFN-1, quantity: 1, reason: NOT_AS_DESCRIBED, channel: MFN, return_date: "2025-12-20T10:00:00Z"}
)";

struct Report {
    json::value meta;
    std::string tsv;
};

Report run_report(HttpClient& http, const std::string& type, const std::string& window,
                  const std::string& market = "ATVPDKIKX0DER") {
    const auto r = http.post_json("/reports/2021-06-30/reports", R"({"reportType":")" + type +
                                                                     R"(","marketplaceIds":[")" +
                                                                     market + "\"]" + window + "}");
    REQUIRE_MESSAGE(r.status == 202, r.body);
    finish_jobs(http);
    Report out;
    out.meta =
        http.get("/reports/2021-06-30/reports/" + std::string(r.json().at("reportId").as_string()))
            .json();
    if (out.meta.as_object().contains("reportDocumentId")) {
        const auto doc = http.get("/reports/2021-06-30/documents/" +
                                  std::string(out.meta.at("reportDocumentId").as_string()))
                             .json();
        out.tsv = gunzip(http.request("GET", std::string(doc.at("url").as_string())).body);
    }
    return out;
}

std::vector<std::vector<std::string>> rows_of(const std::string& tsv) {
    std::vector<std::vector<std::string>> rows;
    std::size_t start = 0;
    while (start < tsv.size()) {
        const auto end = tsv.find('\n', start);
        const auto line = tsv.substr(start, end - start);
        std::vector<std::string> cells;
        std::size_t c = 0;
        while (true) {
            const auto tab = line.find('\t', c);
            cells.push_back(line.substr(c, tab == std::string::npos ? std::string::npos : tab - c));
            if (tab == std::string::npos) {
                break;
            }
            c = tab + 1;
        }
        rows.push_back(std::move(cells));
        start = end == std::string::npos ? tsv.size() : end + 1;
    }
    return rows;
}

// The cell of `column` (by header name) in data row `row`.
std::string cell(const std::vector<std::vector<std::string>>& rows, std::size_t row,
                 const std::string& column) {
    const auto& header = rows.at(0);
    const auto at = std::find(header.begin(), header.end(), column);
    REQUIRE_MESSAGE(at != header.end(), column);
    return rows.at(row + 1).at(static_cast<std::size_t>(at - header.begin()));
}

constexpr const char* k_mfn = "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE";
constexpr const char* k_fba = "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA";

} // namespace

TEST_CASE("sandbox: the MFN returns report has Amazon's columns and joins the sandbox's orders") {
    auto sandbox =
        start_sandbox(virtual_args({"--scenario", write_temp("r1.yaml", k_returns_scenario)}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto report = run_report(http, k_mfn, R"(,"dataStartTime":"2025-12-01T00:00:00Z")");
    REQUIRE(report.meta.at("processingStatus").as_string() == "DONE");
    const auto rows = rows_of(report.tsv);
    CHECK(rows.at(0).size() == 32);
    CHECK(rows.at(0).front() == "Order ID");
    CHECK(rows.at(0).back() == "Refunded Amount");
    REQUIRE(rows.size() == 3); // header + the two US returns; the UK order's return is not here
    CHECK(cell(rows, 0, "Order ID") == "111-0000001-0000001");
    CHECK(cell(rows, 0, "Order date") == "2025-12-01T10:00:00Z");
    CHECK(cell(rows, 0, "Return request date") == "2025-12-10T10:00:00Z");
    CHECK(cell(rows, 0, "Item Name") == "Red Teapot");
    CHECK(cell(rows, 0, "ASIN") == "B0MFN00001");
    CHECK(cell(rows, 0, "Merchant SKU") == "MFN-1");
    CHECK(cell(rows, 0, "Return quantity") == "1");
    CHECK(cell(rows, 0, "Return Reason") == "DEFECTIVE");
    CHECK(cell(rows, 0, "Order Amount") == "24.50");
    CHECK(cell(rows, 0, "Currency code") == "USD");
    CHECK(cell(rows, 0, "Order quantity") == "2");
    CHECK(cell(rows, 0, "Is prime") == "Y");
    CHECK(!cell(rows, 0, "Amazon RMA ID").empty());
    CHECK(cell(rows, 0, "Amazon RMA ID") != cell(rows, 1, "Amazon RMA ID"));
    const auto uk =
        run_report(http, k_mfn, R"(,"dataStartTime":"2025-12-01T00:00:00Z")", "A1F83G8C2ARO7P");
    CHECK(rows_of(uk.tsv).size() == 2);
    CHECK(cell(rows_of(uk.tsv), 0, "Order ID") == "202-0000002-0000002");
}

TEST_CASE("sandbox: RMA ids and license plates stay the same across reports of overlapping "
          "windows") {
    auto sandbox =
        start_sandbox(virtual_args({"--scenario", write_temp("r2.yaml", k_returns_scenario)}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto wide =
        rows_of(run_report(http, k_mfn, R"(,"dataStartTime":"2025-12-01T00:00:00Z")").tsv);
    const auto late = rows_of(run_report(http, k_mfn,
                                         R"(,"dataStartTime":"2025-12-15T00:00:00Z",)"
                                         R"("dataEndTime":"2025-12-31T00:00:00Z")")
                                  .tsv);
    REQUIRE(wide.size() == 3);
    REQUIRE(late.size() == 2);
    CHECK(cell(late, 0, "Amazon RMA ID") == cell(wide, 1, "Amazon RMA ID"));
    const auto fba1 =
        rows_of(run_report(http, k_fba, R"(,"dataStartTime":"2025-12-01T00:00:00Z")").tsv);
    // A return recorded later through the control API keeps the earlier ids as they were.
    http.control("returns", R"({"returns":[{"order_id":"111-0000004-0000004","sku":"FBA-1",
        "channel":"AFN","return_date":"2025-12-05T00:00:00Z"}]})");
    const auto fba2 =
        rows_of(run_report(http, k_fba, R"(,"dataStartTime":"2025-12-01T00:00:00Z")").tsv);
    REQUIRE(fba1.size() == 2);
    REQUIRE(fba2.size() == 3);
    CHECK(cell(fba2, 1, "license-plate-number") == cell(fba1, 0, "license-plate-number"));
    CHECK(cell(fba2, 0, "license-plate-number") != cell(fba1, 0, "license-plate-number"));
    const auto again =
        rows_of(run_report(http, k_mfn, R"(,"dataStartTime":"2025-12-01T00:00:00Z")").tsv);
    CHECK(again == wide);
}

TEST_CASE("sandbox: a changed return shows its new status under the same ids in later reports") {
    auto sandbox =
        start_sandbox(virtual_args({"--scenario", write_temp("r6.yaml", k_returns_scenario)}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto window = R"(,"dataStartTime":"2025-12-01T00:00:00Z")";
    const auto before = rows_of(run_report(http, k_mfn, window).tsv);
    CHECK(cell(before, 0, "Return request status") == "Approved");
    const auto fba_before = rows_of(run_report(http, k_fba, window).tsv);
    CHECK(cell(fba_before, 0, "status") == "Unit returned to inventory");
    const auto rma = cell(before, 0, "Amazon RMA ID");
    const auto lpn = cell(fba_before, 0, "license-plate-number");
    http.control("return_update", R"({"rma_id":")" + rma + R"(","status":"Closed"})");
    http.control("return_update", R"({"license_plate_number":")" + lpn +
                                      R"(","status":"Reimbursed","disposition":"DEFECTIVE"})");
    CHECK(http.request("POST", "/_sandbox/return_update", R"({"rma_id":"NOPE"})",
                       {"Content-Type: application/json"})
              .status == 404);
    const auto after = rows_of(run_report(http, k_mfn, window).tsv);
    CHECK(cell(after, 0, "Amazon RMA ID") == rma);
    CHECK(cell(after, 0, "Return request status") == "Closed");
    CHECK(cell(after, 1, "Return request status") == "Approved");
    const auto fba_after = rows_of(run_report(http, k_fba, window).tsv);
    CHECK(cell(fba_after, 0, "license-plate-number") == lpn);
    CHECK(cell(fba_after, 0, "status") == "Reimbursed");
    CHECK(cell(fba_after, 0, "detailed-disposition") == "DEFECTIVE");
}

TEST_CASE("sandbox: the FBA customer returns report has Amazon's columns") {
    auto sandbox =
        start_sandbox(virtual_args({"--scenario", write_temp("r3.yaml", k_returns_scenario)}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto rows =
        rows_of(run_report(http, k_fba, R"(,"dataStartTime":"2025-12-01T00:00:00Z")").tsv);
    REQUIRE(rows.size() == 2);
    CHECK(rows.at(0) == std::vector<std::string>{
                            "return-date", "order-id", "sku", "asin", "fnsku", "product-name",
                            "quantity", "fulfillment-center-id", "detailed-disposition", "reason",
                            "status", "license-plate-number", "customer-comments"});
    CHECK(cell(rows, 0, "order-id") == "111-0000003-0000003");
    CHECK(cell(rows, 0, "asin") == "B0FBA00001");
    CHECK(cell(rows, 0, "product-name") == "Blue Kettle");
    CHECK(cell(rows, 0, "quantity") == "2");
    CHECK(cell(rows, 0, "detailed-disposition") == "CUSTOMER_DAMAGED");
}

TEST_CASE("sandbox: a returns report with no data ends CANCELLED without a document") {
    auto sandbox =
        start_sandbox(virtual_args({"--scenario", write_temp("r4.yaml", k_returns_scenario)}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    for (const auto* type : {k_mfn, k_fba}) {
        const auto report = run_report(http, type,
                                       R"(,"dataStartTime":"2025-11-01T00:00:00Z",)"
                                       R"("dataEndTime":"2025-11-30T00:00:00Z")");
        CHECK(report.meta.at("processingStatus").as_string() == "CANCELLED");
        CHECK(!report.meta.as_object().contains("reportDocumentId"));
        CHECK(report.meta.as_object().contains("processingEndTime"));
    }
}

TEST_CASE("sandbox: the MFN returns report refuses a window longer than 60 days") {
    auto sandbox =
        start_sandbox(virtual_args({"--scenario", write_temp("r5.yaml", k_returns_scenario)}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    auto r = http.post_json(
        "/reports/2021-06-30/reports",
        std::string(R"({"reportType":")") + k_mfn +
            R"(","marketplaceIds":["ATVPDKIKX0DER"],"dataStartTime":"2025-10-01T00:00:00Z","dataEndTime":"2025-12-01T00:00:00Z"})");
    CHECK(r.status == 400);
    CHECK(r.json().at("errors").at(0).at("code").as_string() == "InvalidInput");
    r = http.post_json(
        "/reports/2021-06-30/reports",
        std::string(R"({"reportType":")") + k_mfn +
            R"(","marketplaceIds":["ATVPDKIKX0DER"],"dataStartTime":"2025-10-02T00:00:00Z","dataEndTime":"2025-12-01T00:00:00Z"})");
    CHECK(r.status == 202);
    CHECK(http.post_json("/_sandbox/returns", "{}").status == 400);
}
