// Returns: records from the scenario or the control API (each with its Amazon RMA id and license
// plate number, fixed when the return is recorded, so every report shows the same ids) and the two
// returns reports in Amazon's columns, joined with the sandbox's own orders.
#include "marketplace_info.hpp"
#include "sandbox.hpp"

#include <algorithm>
#include <cstdio>

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

// The order item a return refers to (by SKU), if the sandbox has that order.
const json::object* ordered_item(const json::object& doc, const std::string& sku) {
    for (const auto& item : doc.at("orderItems").as_array()) {
        const auto* product = item.as_object().if_contains("product");
        if (product && product->is_object() && text_of(product->as_object(), "sellerSku") == sku) {
            return &item.as_object();
        }
    }
    return nullptr;
}

std::string yes_no(bool v) {
    return v ? "Y" : "N";
}

constexpr const char* k_mfn_columns =
    "Order ID\tOrder date\tReturn request date\tReturn request status\tAmazon RMA ID\t"
    "Merchant RMA ID\tLabel type\tLabel cost\tCurrency code\tReturn carrier\tTracking ID\t"
    "Label to be paid by\tA-to-Z Claim\tIs prime\tASIN\tMerchant SKU\tItem Name\tReturn quantity\t"
    "Return Reason\tIn policy\tReturn type\tResolution\tInvoice number\tReturn delivery date\t"
    "Order Amount\tOrder quantity\tSafeT Action reason\tSafeT claim id\tSafeT claim state\t"
    "SafeT claim creation time\tSafeT claim reimbursement amount\tRefunded Amount\n";

constexpr const char* k_fba_columns =
    "return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\tfulfillment-center-id\t"
    "detailed-disposition\treason\tstatus\tlicense-plate-number\tcustomer-comments\n";

} // namespace

Result<ReturnRecord> return_from_json(const json::value& v, Millis now) {
    if (!v.is_object()) {
        return make_error(Status::bad_input, "a return must be a mapping");
    }
    const auto& o = v.as_object();
    ReturnRecord r;
    r.order_id = text_of(o, "order_id");
    r.sku = text_of(o, "sku");
    if (r.order_id.empty() || r.sku.empty()) {
        return make_error(Status::bad_input, "a return needs \"order_id\" and \"sku\"");
    }
    r.asin = text_of(o, "asin");
    const auto* qty = o.if_contains("quantity");
    r.quantity = qty && qty->is_int64() ? qty->as_int64() : 1;
    if (r.quantity < 1) {
        return make_error(Status::bad_input, "return of " + r.order_id + ": quantity must be ≥ 1");
    }
    r.reason = text_of(o, "reason", "UNWANTED_ITEM");
    r.channel = text_of(o, "channel", "MFN");
    if (r.channel != "MFN" && r.channel != "AFN") {
        return make_error(Status::bad_input, "return of " + r.order_id +
                                                 ": channel must be MFN "
                                                 "or AFN");
    }
    r.marketplace_id = text_of(o, "marketplace_id");
    r.disposition = text_of(o, "disposition", "SELLABLE");
    r.comments = text_of(o, "customer_comments");
    r.status = text_of(o, "status", r.channel == "AFN" ? "Unit returned to inventory" : "Approved");
    r.rma_id = text_of(o, "rma_id");
    r.return_date = now;
    if (const auto date = text_of(o, "return_date"); !date.empty()) {
        const auto t = parse_rfc3339(date);
        if (!t) {
            return make_error(Status::bad_input,
                              "return of " + r.order_id + ": return_date must be RFC 3339");
        }
        r.return_date = *t;
    }
    return r;
}

void Sandbox::add_return(ReturnRecord r) {
    // Ids are fixed here, once: two reports over overlapping windows show the same RMA.
    char buf[32];
    std::snprintf(buf, sizeof buf, "%08zu", m_returns.size() + 1);
    if (r.rma_id.empty()) {
        r.rma_id = std::string("DSBX") + buf + "RMA";
    }
    r.license_plate = std::string("LPNRR") + buf;
    m_returns.push_back(std::move(r));
}

// The marketplace a return counts in: its order's, else its own, else the seller's first.
std::string Sandbox::return_marketplace(const ReturnRecord& r) const {
    if (const auto it = m_order_index.find(r.order_id); it != m_order_index.end()) {
        return m_orders[it->second].marketplace_id;
    }
    if (!r.marketplace_id.empty()) {
        const auto* m = amazon::find_marketplace(r.marketplace_id);
        return m ? std::string(m->id) : r.marketplace_id;
    }
    return m_marketplaces.empty() ? std::string("ATVPDKIKX0DER") : m_marketplaces.front();
}

std::string Sandbox::mfn_return_row(const ReturnRecord& r, Millis now) const {
    const json::object* doc = nullptr;
    bool prime = false;
    Millis ordered_at = 0;
    if (const auto it = m_order_index.find(r.order_id); it != m_order_index.end()) {
        if (const auto* v = m_orders[it->second].current(now)) {
            doc = &v->doc;
            ordered_at = m_orders[it->second].created;
            const auto* programs = doc->if_contains("programs");
            prime = programs && programs->is_array() &&
                    std::find(programs->as_array().begin(), programs->as_array().end(),
                              json::value("PRIME")) != programs->as_array().end();
        }
    }
    const auto* item = doc ? ordered_item(*doc, r.sku) : nullptr;
    const auto product = item ? item->at("product").as_object() : json::object{};
    std::string amount;
    std::string currency;
    if (const auto* price = product.if_contains("price")) {
        const auto& unit = price->at("unitPrice").as_object();
        currency = text_of(unit, "currencyCode");
        amount = text_of(unit, "amount");
    }
    const auto asin = r.asin.empty() ? text_of(product, "asin") : r.asin;
    std::string row = r.order_id + "\t" + (ordered_at ? format_rfc3339(ordered_at) : "") + "\t" +
                      format_rfc3339(r.return_date) + "\t" + r.status + "\t" + r.rma_id +
                      "\t\tAmazonUnPaidLabel\t\t" + currency + "\t\t\tCustomer\tN\t" +
                      yes_no(prime) + "\t" + asin + "\t" + r.sku + "\t" +
                      text_of(product, "title") + "\t" + std::to_string(r.quantity) + "\t" +
                      r.reason + "\tY\tC-Returns\tStandardRefund\t\t\t" + amount + "\t";
    row += item ? text_of(*item, "quantityOrdered") : "";
    row += "\t\t\t\t\t\t\n";
    return row;
}

std::string Sandbox::fba_return_row(const ReturnRecord& r) const {
    std::string title;
    std::string asin = r.asin;
    for (const auto& l : m_listings) {
        if (l.sku == r.sku && l.is_fba()) {
            title = l.title;
            asin = asin.empty() ? l.asin : asin;
        }
    }
    const auto fnsku = fnsku_for(asin);
    return format_rfc3339(r.return_date) + "\t" + r.order_id + "\t" + r.sku + "\t" + asin + "\t" +
           fnsku + "\t" + title + "\t" + std::to_string(r.quantity) + "\tSBX1\t" + r.disposition +
           "\t" + r.reason + "\t" + r.status + "\t" + r.license_plate + "\t" + r.comments + "\n";
}

std::size_t Sandbox::returns_report(const Job& report, Millis now, std::string& tsv) const {
    const bool fba = report.type == "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA";
    tsv = fba ? k_fba_columns : k_mfn_columns;
    std::size_t rows = 0;
    std::vector<const ReturnRecord*> by_date;
    for (const auto& r : m_returns) {
        by_date.push_back(&r);
    }
    std::stable_sort(by_date.begin(), by_date.end(),
                     [](const auto* a, const auto* b) { return a->return_date < b->return_date; });
    for (const auto* record : by_date) {
        const auto& r = *record;
        if ((r.channel == "AFN") != fba || r.return_date < report.data_start ||
            r.return_date > report.data_end) {
            continue;
        }
        const auto market = return_marketplace(r);
        const auto& ids = report.marketplace_ids;
        if (std::find(ids.begin(), ids.end(), json::value(market)) == ids.end()) {
            continue;
        }
        tsv += fba ? fba_return_row(r) : mfn_return_row(r, now);
        ++rows;
    }
    return rows;
}

} // namespace amzconn::sandbox
