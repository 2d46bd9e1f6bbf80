// Reports 2021-06-30: createReport/getReport(s)/cancelReport/getReportDocument and the report
// contents (merchant listings, MFN and FBA returns, order tracking), gzip TSV documents.
#include "sandbox.hpp"

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

constexpr Millis k_queue_time = 1 * k_second;
constexpr Millis k_process_time = 2 * k_second;

constexpr const char* k_types[] = {"GET_MERCHANT_LISTINGS_ALL_DATA",
                                   "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE",
                                   "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA",
                                   "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
                                   "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL"};

json::object report_json(const Job& r) {
    json::object o;
    o["reportId"] = r.id;
    o["reportType"] = r.type;
    o["marketplaceIds"] = r.marketplace_ids;
    o["createdTime"] = format_rfc3339(r.created);
    o["dataStartTime"] = format_rfc3339(r.data_start);
    o["dataEndTime"] = format_rfc3339(r.data_end);
    o["processingStatus"] = r.status;
    if (r.status != "IN_QUEUE" && r.start > 0) { // a report cancelled in the queue never started
        o["processingStartTime"] = format_rfc3339(r.start);
    }
    if (r.status == "DONE" || r.status == "FATAL" || r.status == "CANCELLED") {
        o["processingEndTime"] = format_rfc3339(r.end);
    }
    if (!r.result_document_id.empty()) {
        o["reportDocumentId"] = r.result_document_id;
    }
    return o;
}

std::string field(const json::value& v, std::initializer_list<std::string_view> path) {
    const json::value* cur = &v;
    for (const auto key : path) {
        if (!cur->is_object() || !cur->as_object().contains(key)) {
            return {};
        }
        cur = &cur->as_object().at(key);
    }
    if (cur->is_string()) {
        return std::string(cur->as_string());
    }
    return cur->is_null() ? std::string() : json::serialize(*cur);
}

bool in_markets(const json::array& markets, const std::string& id) {
    for (const auto& m : markets) {
        if (m.is_string() && m.as_string() == id) {
            return true;
        }
    }
    return false;
}

} // namespace

void Sandbox::process_report(Job& report, Millis now) {
    std::string tsv;
    std::size_t rows = 0;
    if (report.type == "GET_MERCHANT_LISTINGS_ALL_DATA") {
        tsv = "item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\topen-date\t"
              "image-url\titem-is-marketplace\tproduct-id-type\tzshop-shipping-fee\titem-note\t"
              "item-condition\tzshop-category1\tzshop-browse-path\tzshop-storefront-feature\t"
              "asin1\tasin2\tasin3\twill-ship-internationally\texpedited-shipping\t"
              "zshop-boldface\tproduct-id\tbid-for-featured-placement\tadd-delete\t"
              "pending-quantity\tfulfillment-channel\tmerchant-shipping-group\tstatus\n";
        auto open_date = format_rfc3339(m_start_time); // "2026-01-01 00:00:00 UTC", Amazon's form
        open_date = open_date.substr(0, 10) + " " + open_date.substr(11, 8) + " UTC";
        for (const auto& l : m_listings) {
            if (in_markets(report.marketplace_ids, l.marketplace_id)) {
                tsv += merchant_listing_row(l, open_date);
                ++rows;
            }
        }
    } else if (report.type == "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE" ||
               report.type == "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA") {
        rows = returns_report(report, now, tsv);
    } else {
        const bool by_update =
            report.type == "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL";
        tsv = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\t"
              "fulfillment-channel\tsales-channel\tsku\tasin\titem-status\tquantity\tcurrency\t"
              "item-price\n";
        for (const auto& o : m_orders) {
            const auto* v = o.current(now);
            if (v == nullptr || !in_markets(report.marketplace_ids, o.marketplace_id)) {
                continue;
            }
            const Millis key = by_update ? v->effective : o.created;
            if (key < report.data_start || key > report.data_end) {
                continue;
            }
            for (const auto& item : v->doc.at("orderItems").as_array()) {
                tsv += o.id + "\t" + format_rfc3339(o.created) + "\t" +
                       format_rfc3339(v->effective) + "\t" + v->status + "\t" +
                       (o.amazon_fulfilled ? "Amazon" : "Merchant") + "\tAmazon\t" +
                       field(item, {"product", "sellerSku"}) + "\t" +
                       field(item, {"product", "asin"}) + "\t" + v->status + "\t" +
                       field(item, {"quantityOrdered"}) + "\t" +
                       field(item, {"product", "price", "unitPrice", "currencyCode"}) + "\t" +
                       field(item, {"product", "price", "unitPrice", "amount"}) + "\n";
                ++rows;
            }
        }
    }
    if (rows == 0) {
        report.status = "CANCELLED"; // Amazon cancels reports with no data
        return;
    }
    report.result_document_id =
        store_document(std::move(tsv), "text/tab-separated-values; charset=UTF-8", true);
    report.status = "DONE";
    report.applied = true;
}

Response Sandbox::handle_reports(const Request& request, const std::string& op) {
    const Millis now = m_clock.now();
    const auto id = request.path.substr(request.path.rfind('/') + 1);
    if (op == "createReport") {
        boost::system::error_code ec;
        const auto body = json::parse(request.body, ec);
        if (ec || !body.is_object()) {
            return invalid_input("The body must be a CreateReportSpecification JSON object.");
        }
        const auto& o = body.as_object();
        const auto type = field(body, {"reportType"});
        bool known = false;
        for (const auto* t : k_types) {
            known = known || type == t;
        }
        if (!known) {
            return invalid_input("reportType " + type + " is not supported by the sandbox.");
        }
        const auto* markets = o.if_contains("marketplaceIds");
        if (markets == nullptr || !markets->is_array() || markets->as_array().empty() ||
            markets->as_array().size() > 25) {
            return invalid_input("marketplaceIds must list 1 to 25 marketplace ids.");
        }
        Job report;
        report.data_start = now - 30 * k_day;
        report.data_end = now;
        if (const auto s = field(body, {"dataStartTime"}); !s.empty()) {
            const auto t = parse_rfc3339(s);
            if (!t) {
                return invalid_input("dataStartTime must be an ISO 8601 date-time.");
            }
            report.data_start = *t;
        }
        if (const auto e = field(body, {"dataEndTime"}); !e.empty()) {
            const auto t = parse_rfc3339(e);
            if (!t) {
                return invalid_input("dataEndTime must be an ISO 8601 date-time.");
            }
            report.data_end = *t;
        }
        if (report.data_end < report.data_start) {
            return invalid_input("dataEndTime must be after dataStartTime.");
        }
        if (type == "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE" &&
            report.data_end - report.data_start > 60 * k_day) {
            return invalid_input("The date range of " + type + " cannot exceed 60 days.",
                                 "Request consecutive windows of at most 60 days.");
        }
        report.id = next_id("7000");
        report.type = type;
        report.marketplace_ids = markets->as_array();
        report.created = now;
        report.start = now + k_queue_time;
        report.end = now + k_process_time;
        const auto rid = report.id;
        m_reports.push_back(std::move(report));
        Response r;
        r.status = 202;
        r.body = json::serialize(json::object{{"reportId", rid}});
        return r;
    }
    if (op == "getReports") {
        const auto types = request.params("reportTypes");
        if (types.empty() && !request.has("nextToken")) {
            return invalid_input("reportTypes is required unless nextToken is given.");
        }
        json::array reports;
        for (const auto& r : m_reports) {
            if (types.empty() || std::find(types.begin(), types.end(), r.type) != types.end()) {
                reports.push_back(report_json(r));
            }
        }
        Response r;
        r.body = json::serialize(json::object{{"reports", std::move(reports)}});
        return r;
    }
    if (op == "getReportDocument") {
        const auto it = m_documents.find(id);
        if (it == m_documents.end()) {
            return error_response(404, "NotFound", "Report document " + id + " was not found.");
        }
        json::object o{{"reportDocumentId", id}, {"url", document_url(id)}};
        if (it->second.gzip) {
            o["compressionAlgorithm"] = "GZIP";
        }
        Response r;
        r.body = json::serialize(o);
        return r;
    }
    auto it =
        std::find_if(m_reports.begin(), m_reports.end(), [&](const Job& r) { return r.id == id; });
    if (it == m_reports.end()) {
        return error_response(404, "NotFound", "Report " + id + " was not found.");
    }
    if (op == "cancelReport") {
        if (it->status != "IN_QUEUE") {
            return invalid_input("Only reports IN_QUEUE can be cancelled; this one is " +
                                 it->status + ".");
        }
        it->status = "CANCELLED";
        it->start = 0;
        it->end = now;
        Response r;
        r.body.clear();
        r.content_type.clear();
        return r;
    }
    Response r;
    r.body = json::serialize(report_json(*it));
    return r;
}

} // namespace amzconn::sandbox
