// The returns rules: Amazon's two returns reports -> return records -> host `return` documents,
// their stable ids and keys, and the 60-day report windows.
#include "amzconn/entities.hpp"
#include "returns/parked_return.hpp"
#include "returns/return_doc.hpp"
#include "returns/returns_report.hpp"
#include "returns/windows.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace amzconn;
using namespace amzconn::returns;

namespace {

const std::string k_mfn_header =
    "Order ID\tOrder date\tReturn request date\tReturn request status\tAmazon RMA ID\t"
    "Merchant RMA ID\tLabel type\tLabel cost\tCurrency code\tReturn carrier\tTracking ID\t"
    "Label to be paid by\tA-to-Z Claim\tIs prime\tASIN\tMerchant SKU\tItem Name\tReturn quantity\t"
    "Return Reason\tIn policy\tReturn type\tResolution\tInvoice number\tReturn delivery date\t"
    "Order Amount\tOrder quantity\tSafeT Action reason\tSafeT claim id\tSafeT claim state\t"
    "SafeT claim creation time\tSafeT claim reimbursement amount\tRefunded Amount\n";

std::string mfn_row(const std::string& order, const std::string& rma, const std::string& sku,
                    const std::string& qty, const std::string& date = "2026-01-25T08:00:00Z",
                    const std::string& status = "Approved") {
    return order + "\t2026-01-20T10:00:00Z\t" + date + "\t" + status + "\t" + rma +
           "\t\tAmazonUnPaidLabel\t\tGBP\t\t\tCustomer\tN\tN\tB000000001\t" + sku + "\tBlue Mug\t" +
           qty + "\tDEFECTIVE\tY\tC-Returns\tStandardRefund\t\t\t9.99\t1\t\t\t\t\t\t\n";
}

const std::string k_fba_header =
    "return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\tfulfillment-center-id\t"
    "detailed-disposition\treason\tstatus\tlicense-plate-number\tcustomer-comments\n";

std::string fba_row(const std::string& order, const std::string& sku, const std::string& lpn,
                    const std::string& qty = "1", const std::string& disposition = "SELLABLE") {
    return "2026-01-26T09:30:00+00:00\t" + order + "\t" + sku +
           "\tB000000002\tX000000002\tKettle\t" + qty + "\tLTN1\t" + disposition +
           "\tUNWANTED_ITEM\tUnit returned to inventory\t" + lpn + "\tToo big\n";
}

} // namespace

TEST_CASE("returns: the merchant returns report is read by Amazon's column names") {
    const auto parsed = parse_returns_report(
        k_mfn_header + mfn_row("026-1111111-1111111", "DSBX1RMA", "MUG-BLUE", "2"), Channel::mfn);
    REQUIRE(parsed);
    REQUIRE(parsed->rows.size() == 1);
    CHECK(parsed->problems.empty());
    const auto& row = parsed->rows[0];
    CHECK(row.amazon_order_id == "026-1111111-1111111");
    CHECK(row.rma_id == "DSBX1RMA");
    CHECK(row.seller_sku == "MUG-BLUE");
    CHECK(row.asin == "B000000001");
    CHECK(row.quantity == 2);
    CHECK(row.reason == "DEFECTIVE");
    CHECK(row.status == "Approved");
    CHECK(row.disposition.empty());
    CHECK(time::format_rfc3339(row.returned_at) == "2026-01-25T08:00:00Z");
    CHECK(row.line == 2);
}

TEST_CASE("returns: the FBA customer returns report is read by Amazon's column names") {
    const auto parsed = parse_returns_report(
        k_fba_header + fba_row("026-2222222-2222222", "KETTLE", "LPN1", "1", "CUSTOMER_DAMAGED"),
        Channel::fba);
    REQUIRE(parsed);
    REQUIRE(parsed->rows.size() == 1);
    const auto& row = parsed->rows[0];
    CHECK(row.license_plate == "LPN1");
    CHECK(row.disposition == "CUSTOMER_DAMAGED");
    CHECK(row.status == "Unit returned to inventory");
    CHECK(row.reason == "UNWANTED_ITEM");
    CHECK(time::format_rfc3339(row.returned_at) == "2026-01-26T09:30:00Z");
}

TEST_CASE("returns: a bad row is reported with its line and the other rows are still read") {
    std::string text = k_mfn_header;
    text += mfn_row("026-1111111-1111111", "RMA1", "MUG-BLUE", "1");
    text += mfn_row("026-1111111-1111112", "RMA2", "MUG-BLUE", "zero");       // line 3
    text += mfn_row("026-1111111-1111113", "", "MUG-BLUE", "1");              // line 4
    text += mfn_row("026-1111111-1111114", "RMA4", "MUG-BLUE", "1", "later"); // line 5
    text += "026-1111111-1111115\tonly\tthree\n";                             // line 6
    text += mfn_row("026-1111111-1111116", "RMA6", "MUG-RED", "3");
    const auto parsed = parse_returns_report(text, Channel::mfn);
    REQUIRE(parsed);
    REQUIRE(parsed->rows.size() == 2);
    CHECK(parsed->rows[1].rma_id == "RMA6");
    REQUIRE(parsed->problems.size() == 4);
    CHECK(parsed->problems[0].line == 3);
    CHECK(parsed->problems[0].message.find("line 3: column Return quantity") != std::string::npos);
    CHECK(parsed->problems[1].message.find("Amazon RMA ID is empty") != std::string::npos);
    CHECK(parsed->problems[2].message.find("Return request date is not a date") !=
          std::string::npos);
    CHECK(parsed->problems[3].message.find("line 6: has 3 fields") != std::string::npos);
}

TEST_CASE("returns: a report without the needed columns fails naming them") {
    const auto parsed = parse_returns_report(k_fba_header, Channel::mfn);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().message.find("Order ID") != std::string::npos);
    CHECK(parsed.error().message.find("Amazon RMA ID") != std::string::npos);
}

TEST_CASE("returns: an empty report document is no returns") {
    const auto parsed = parse_returns_report("", Channel::fba);
    REQUIRE(parsed);
    CHECK(parsed->rows.empty());
    CHECK(parsed->problems.empty());
}

TEST_CASE("returns: report dates are read in Amazon's forms") {
    CHECK(time::format_rfc3339(*parse_report_date("2026-01-25 08:00:00 UTC")) ==
          "2026-01-25T08:00:00Z");
    CHECK(time::format_rfc3339(*parse_report_date("2026-01-25")) == "2026-01-25T00:00:00Z");
    CHECK(time::format_rfc3339(*parse_report_date("2026-01-25T09:00:00+01:00")) ==
          "2026-01-25T08:00:00Z");
    CHECK_FALSE(parse_report_date("25/01/2026"));
}

TEST_CASE("returns: the rows of one RMA are one return with a line per SKU") {
    std::string text = k_mfn_header;
    text += mfn_row("026-1111111-1111111", "RMA1", "MUG-BLUE", "1");
    text += mfn_row("026-1111111-1111111", "RMA1", "MUG-RED", "2");
    text += mfn_row("026-1111111-1111111", "RMA1", "MUG-BLUE", "1");
    text += mfn_row("026-1111111-1111119", "RMA9", "MUG-RED", "1");
    const auto parsed = parse_returns_report(text, Channel::mfn);
    REQUIRE(parsed);
    const auto grouped = group_returns(Channel::mfn, parsed->rows);
    REQUIRE(grouped.size() == 2);
    CHECK(grouped[0].return_id == "RMA1");
    REQUIRE(grouped[0].lines.size() == 2);
    CHECK(grouped[0].lines[0].quantity == 2);
    CHECK(grouped[0].lines[1].quantity == 2);
    CHECK(grouped[1].return_id == "RMA9");
}

TEST_CASE("returns: an FBA return's id is order + SKU + return date + licence plate") {
    std::string text = k_fba_header;
    text += fba_row("026-2222222-2222222", "KETTLE", "LPN1");
    text += fba_row("026-2222222-2222222", "KETTLE", "LPN2");
    const auto parsed = parse_returns_report(text, Channel::fba);
    REQUIRE(parsed);
    const auto grouped = group_returns(Channel::fba, parsed->rows);
    REQUIRE(grouped.size() == 2);
    CHECK(grouped[0].return_id == "026-2222222-2222222/KETTLE/2026-01-26T09:30:00Z/LPN1");
    CHECK(grouped[1].return_id == "026-2222222-2222222/KETTLE/2026-01-26T09:30:00Z/LPN2");
    CHECK(return_key("uk1", grouped[0].return_id) ==
          "uk1:026-2222222-2222222/KETTLE/2026-01-26T09:30:00Z/LPN1");
}

TEST_CASE("returns: the same return in two reports has the same id and the same document") {
    const auto a = parse_returns_report(
        k_mfn_header + mfn_row("026-1111111-1111111", "RMA1", "MUG-BLUE", "1"), Channel::mfn);
    const auto b =
        parse_returns_report(k_mfn_header + mfn_row("026-1111111-1111119", "RMA9", "MUG-RED", "1") +
                                 mfn_row("026-1111111-1111111", "RMA1", "MUG-BLUE", "1"),
                             Channel::mfn);
    REQUIRE(a);
    REQUIRE(b);
    const auto ga = group_returns(Channel::mfn, a->rows);
    const auto gb = group_returns(Channel::mfn, b->rows);
    const orders::ProductSettings products;
    const auto da = return_document(ga[0], "uk1", "uk1:026-1111111-1111111", {}, products);
    const auto db = return_document(gb[1], "uk1", "uk1:026-1111111-1111111", {}, products);
    REQUIRE(da);
    REQUIRE(db);
    CHECK(*da == *db);
}

TEST_CASE("returns: the document links the imported order and passes the entity check") {
    const auto parsed = parse_returns_report(
        k_fba_header + fba_row("026-2222222-2222222", "KETTLE", "LPN1", "2", "DAMAGED"),
        Channel::fba);
    REQUIRE(parsed);
    const auto r = group_returns(Channel::fba, parsed->rows).at(0);
    const orders::ProductSettings products;
    const auto doc = return_document(r, "uk1", "uk1:026-2222222-2222222", {}, products);
    REQUIRE(doc);
    CHECK(validate_entity_tree("return", *doc).ok());
    CHECK(doc->at("order") == "uk1:026-2222222-2222222");
    CHECK(doc->at("reference") == "026-2222222-2222222");
    CHECK(doc->at("status") == "Unit returned to inventory");
    const auto& line = doc->at("lines").as_array().at(0).as_object();
    CHECK(line.at("sku") == "KETTLE");
    CHECK(line.at("quantity") == 2);
    CHECK(line.at("reason") == "UNWANTED_ITEM");
    CHECK(line.at("disposition") == "DAMAGED");
}

TEST_CASE("returns: a line's SKU goes through the store's crop and identity as orders do") {
    ReturnLine line{"AMZ-MUG-BLUE-FBA", "B000000001", 1, "", ""};
    orders::ProductSettings products;
    products.sku_crop.prefix = "AMZ-";
    products.sku_crop.suffix = "-FBA";
    CHECK(*line_key(line, products) == "MUG-BLUE");
    products.identification = orders::Identification::asin;
    CHECK(*line_key(line, products) == "B000000001");
    line.asin.clear();
    CHECK_FALSE(line_key(line, products));
}

TEST_CASE("returns: a line names the product the imported order's line carries") {
    HostReturn r;
    r.return_id = "RMA1";
    r.amazon_order_id = "026-1111111-1111111";
    r.returned_at = time::Timestamp{1769328000000};
    r.lines = {{"AMZ-MUG-BLUE", "B000000001", 1, "DEFECTIVE", ""},
               {"AMZ-MUG-RED", "B000000003", 1, "DEFECTIVE", ""}};
    orders::ProductSettings products;
    products.sku_crop.prefix = "AMZ-";
    const auto doc =
        return_document(r, "uk1", "uk1:026-1111111-1111111", {{"AMZ-MUG-BLUE", "P-100"}}, products);
    REQUIRE(doc);
    CHECK(doc->at("lines").as_array()[0].at("sku") == "P-100");
    CHECK(doc->at("lines").as_array()[1].at("sku") == "MUG-RED");
    CHECK_FALSE(doc->contains("status"));
}

TEST_CASE("returns: a range longer than 60 days is split into consecutive windows") {
    const int64_t day = 24LL * 3600 * 1000;
    const time::Timestamp from{1767225600000};
    const auto windows = split_windows(from, {from.unix_ms + 130 * day});
    REQUIRE(windows.size() == 3);
    CHECK(windows[0].from == from);
    CHECK(windows[0].to.unix_ms - windows[0].from.unix_ms == 60 * day);
    CHECK(windows[1].from == windows[0].to);
    CHECK(windows[2].to.unix_ms == from.unix_ms + 130 * day);
    CHECK(windows[2].to.unix_ms - windows[2].from.unix_ms == 10 * day);
    CHECK(split_windows(from, from).empty());
    CHECK(split_windows(from, {from.unix_ms + 60 * day}).size() == 1);
}

TEST_CASE("returns: a parked return comes back from host state as it was parked") {
    HostReturn r;
    r.channel = Channel::fba;
    r.amazon_order_id = "026-2222222-2222222";
    r.return_id = "026-2222222-2222222/KETTLE/2026-01-26T09:30:00Z/LPN1";
    r.returned_at = time::Timestamp{1769419800000};
    r.status = "Unit returned to inventory";
    r.lines = {{"KETTLE", "B000000002", 2, "UNWANTED_ITEM", "SELLABLE"}};
    const auto back = parked_from_json(parked_to_json({r, "the host has no order"}));
    REQUIRE(back);
    CHECK(back->reason == "the host has no order");
    CHECK(back->ret.channel == Channel::fba);
    CHECK(back->ret.return_id == r.return_id);
    CHECK(back->ret.returned_at == r.returned_at);
    REQUIRE(back->ret.lines.size() == 1);
    CHECK(back->ret.lines[0].quantity == 2);
    CHECK(back->ret.lines[0].disposition == "SELLABLE");
    CHECK_FALSE(parked_from_json(boost::json::object{{"return_id", "x"}}));
}
