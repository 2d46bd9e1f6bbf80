// Products: the plugin's list_products rows (what `amzconn-host products` prints) as a table, the
// lead time edited in place through set_product_settings (as `product set --lead-time`), and
// explain_stock's breakdown of one SKU.
#include "console/html.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

std::string cell(const json::object& row, std::string_view name) {
    const std::string text = field_text(row, name);
    return "<td>" + html_escape(text.empty() ? "-" : text) + "</td>";
}

// Amazon's last accepted values, or its error.
std::string last_sent_text(const json::object& row) {
    const auto* sent = row.if_contains("last_sent");
    if (sent == nullptr || !sent->is_object()) {
        return "nothing sent yet";
    }
    const auto& s = sent->as_object();
    if (!s.contains("quantity")) {
        return "pending";
    }
    return "qty " + field_text(s, "quantity") + ", " + field_text(s, "lead_time_days") +
           " day(s): " + field_text(s, "amazon_answer") +
           (field_text(s, "pending") == "true" ? " (newer pending)" : "");
}

std::string lead_time_cell(const PageContext& page, const std::string& store,
                           const json::object& row, size_t index) {
    const auto sku = field_text(row, "sku");
    if (field_text(row, "product").empty()) {
        return "<td>-</td>"; // no host product to hold the setting
    }
    const std::string id = "lead-" + std::to_string(index);
    return R"(<td><form method="post" action="/products/lead-time" class="d-flex gap-1">)" +
           csrf_field(page.session.csrf) + R"(<input type="hidden" name="store" value=")" +
           html_escape(store) + R"("><input type="hidden" name="sku" value=")" + html_escape(sku) +
           R"("><input type="hidden" name="search" value=")" +
           html_escape(field(page.request.query, "search").value_or("")) + R"("><label for=")" +
           id + R"(" class="visually-hidden">Lead time of )" + html_escape(sku) +
           R"( in days</label><input type="number" min="0" max="30" required )"
           R"(class="form-control form-control-sm lead-time" id=")" +
           id + R"(" name="lead_time" data-sku=")" + html_escape(sku) + R"(" value=")" +
           html_escape(field_text(row, "lead_time_days")) +
           R"("><button type="submit" class="btn btn-sm btn-outline-primary">Save<span )"
           R"(class="visually-hidden"> lead time of )" +
           html_escape(sku) + "</span></button></form></td>";
}

// The sync state and the button that turns it around (set_product_settings' sync).
std::string sync_cell(const PageContext& page, const std::string& store, const json::object& row) {
    const auto sku = field_text(row, "sku");
    const auto sync = field_text(row, "sync");
    if (field_text(row, "product").empty() || (sync != "on" && sync != "off")) {
        return "<td>" + html_escape(sync.empty() ? "-" : sync) + "</td>";
    }
    const bool on = sync == "on";
    return R"(<td><form method="post" action="/products/settings">)" +
           csrf_field(page.session.csrf) + R"(<input type="hidden" name="store" value=")" +
           html_escape(store) + R"("><input type="hidden" name="sku" value=")" + html_escape(sku) +
           R"("><input type="hidden" name="search" value=")" +
           html_escape(field(page.request.query, "search").value_or("")) +
           R"("><input type="hidden" name="sync" value=")" + (on ? "off" : "on") +
           R"("><span class="me-1" data-sync=")" + html_escape(sku) + R"(">)" + sync +
           R"(</span><button type="submit" class="btn btn-sm btn-outline-secondary" )"
           R"(data-sync-toggle=")" +
           html_escape(sku) + R"(">)" + (on ? "Turn off" : "Turn on") +
           R"(<span class="visually-hidden"> sync of )" + html_escape(sku) +
           "</span></button></form></td>";
}

std::string product_row(const PageContext& page, const std::string& store, const json::object& row,
                        size_t index) {
    const auto sku = field_text(row, "sku");
    return "<tr>" + cell(row, "sku") + cell(row, "marketplace") + cell(row, "asin") +
           cell(row, "title") + cell(row, "channel") + cell(row, "product") +
           sync_cell(page, store, row) + lead_time_cell(page, store, row, index) + "<td>" +
           html_escape(last_sent_text(row)) + R"(</td><td><a href="/products/explain)" +
           html_escape(query_string({{"store", store}, {"sku", sku}})) +
           R"(">Explain stock<span )"
           R"(class="visually-hidden"> of )" +
           html_escape(sku) + "</span></a></td></tr>";
}

std::string search_form(const std::vector<json::object>& stores, const std::string& store,
                        std::string_view search) {
    return R"(<form method="get" action="/products" class="row g-2 mb-3"><div class="col-md-4">)"
           R"(<label for="store" class="form-label">Store</label><select class="form-select" )"
           R"(id="store" name="store">)" +
           store_options(stores, store) +
           R"(</select></div><div class="col-md-5"><label for="search" class="form-label">)"
           R"(Search SKU, ASIN, title or product</label><input class="form-control" id="search" )"
           R"(name="search" value=")" +
           html_escape(search) +
           R"("></div><div class="col-md-3 align-self-end"><button type="submit" )"
           R"(class="btn btn-secondary">Show</button></div></form>)";
}

// The list_products report's rows as a table, or why there is none.
std::string product_table(const PageContext& page, const std::string& store,
                          std::string_view search) {
    json::object args;
    if (!search.empty()) {
        args["search"] = search;
    }
    auto answer = page.connector.run_job("list_products", store, json::serialize(args));
    if (!answer) {
        return alert("danger", answer.error().message);
    }
    boost::system::error_code ec;
    const json::value report = json::parse(*answer, ec);
    const auto* object = ec ? nullptr : report.if_object();
    const auto* rows = object ? object->if_contains("products") : nullptr;
    if (rows == nullptr || !rows->is_array()) {
        return alert("warning", "No product list now (Amazon's listings report may not be ready: "
                                "reload in a minute).") +
               report_html(*answer);
    }
    std::string html =
        R"(<table class="table table-sm align-middle" id="products"><caption>)" +
        std::to_string(rows->as_array().size()) +
        R"( listing(s)</caption><thead><tr><th scope="col">SKU</th><th scope="col">)"
        R"(Marketplace</th><th scope="col">ASIN</th><th scope="col">Title</th><th )"
        R"(scope="col">Channel</th><th scope="col">Host product</th><th )"
        R"(scope="col">Sync</th><th scope="col">Lead time (days)</th><th )"
        R"(scope="col">Last sent to Amazon</th><th scope="col">Stock</th></tr></thead><tbody>)";
    size_t index = 0;
    for (const auto& row : rows->as_array()) {
        if (row.is_object()) {
            html += product_row(page, store, row.as_object(), index++);
        }
    }
    return html + "</tbody></table>";
}

} // namespace

Response products_page(const PageContext& page) {
    auto stores = list_stores(page.connector);
    if (!stores) {
        return message_page(page, "Products", "products", 500, stores.error().message);
    }
    std::string store(field(page.request.query, "store").value_or(""));
    if (store.empty() && !stores->empty()) {
        store = field_text(stores->front(), "alias");
    }
    const auto search = field(page.request.query, "search").value_or("");
    std::string body;
    if (auto saved = field(page.request.query, "saved")) {
        body += alert("success", std::string(*saved));
    }
    body += search_form(*stores, store, search);
    if (!store.empty()) {
        body += product_table(page, store, search);
    }
    return html_page(page, "Products", "products", body);
}

// Both the lead time and the sync switch: set_product_settings with what the form carries.
// The lead time or the sync switch of one SKU: set_product_settings with what the form carries
// (as `product set SKU --lead-time D` or `--sync on|off`).
Response lead_time_set(const PageContext& page) {
    const auto& form = page.request.form;
    const std::string store(field(form, "store").value_or(""));
    const std::string sku(field(form, "sku").value_or(""));
    json::object args{{"skus", sku}};
    for (const char* name : {"lead_time", "sync"}) {
        if (auto value = field(form, name)) {
            args[name] = *value;
        }
    }
    const std::string what = args.contains("sync") ? "Sync" : "Lead time";
    auto answer = page.connector.run_job("set_product_settings", store, json::serialize(args));
    if (!answer) {
        return message_page(page, "Products", "products", 400, sku + ": " + answer.error().message);
    }
    boost::system::error_code ec;
    const json::value report = json::parse(*answer, ec);
    if (ec || !report.is_object() || field_text(report.as_object(), "status") != "ok") {
        Response response = html_page(page, "Products", "products",
                                      alert("danger", what + " of " + sku + " was not saved.") +
                                          report_html(*answer));
        response.status = 400;
        return response;
    }
    return redirect("/products" +
                    query_string({{"store", store},
                                  {"search", std::string(field(form, "search").value_or(""))},
                                  {"saved", what + " of " + sku +
                                                " saved: the next export_stock "
                                                "sends it to Amazon."}}));
}

Response explain_page(const PageContext& page) {
    const std::string store(field(page.request.query, "store").value_or(""));
    const std::string sku(field(page.request.query, "sku").value_or(""));
    auto answer =
        page.connector.run_job("explain_stock", store, json::serialize(json::object{{"sku", sku}}));
    const std::string back = R"(<p><a href="/products)" +
                             html_escape(query_string({{"store", store}})) +
                             R"(">Back to the products</a></p>)";
    if (!answer) {
        return message_page(page, "Stock of " + sku, "products", 400, answer.error().message);
    }
    return html_page(page, "Stock of " + sku, "products", report_html(*answer) + back);
}

} // namespace amzconn::refhost::console
