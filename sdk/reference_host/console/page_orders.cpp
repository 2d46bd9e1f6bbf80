// Orders: the host's sales orders from Amazon, newest first, 25 a page, filtered by store, host
// status, fulfilment (FBA/FBM), marketplace, order date range and a search on the Amazon order id
// or the host's key and number. Read from the host alone (no connector call); no buyer data.
#include "console/html.hpp"
#include "console/order_data.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"

#include <algorithm>
#include <iterator>
#include <set>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

constexpr size_t k_orders_per_page = 25;

struct OrderFilter {
    std::string store, status, channel, marketplace, from, to, search;
    size_t page = 1;
};

OrderFilter order_filter_of(const Fields& query) {
    const auto value = [&](std::string_view name) {
        return std::string(field(query, name).value_or(""));
    };
    OrderFilter filter{value("store"), value("status"), value("channel"), value("marketplace"),
                       value("from"),  value("to"),     value("search")};
    const auto page = value("page");
    if (!page.empty() && page.size() < 7 &&
        page.find_first_not_of("0123456789") == std::string::npos) {
        filter.page = std::max<size_t>(1, std::stoul(page));
    }
    return filter;
}

bool order_kept(const OrderFilter& f, const json::object& order) {
    const auto date = field_text(order, "order_date");
    const auto contains = [&](const std::string& text) {
        return text.find(f.search) != std::string::npos;
    };
    return (f.store.empty() || field_text(order, "store") == f.store) &&
           (f.status.empty() || field_text(order, "status") == f.status) &&
           (f.channel.empty() || fulfilment_of(order) == f.channel) &&
           (f.marketplace.empty() || order_meta(order, "marketplace") == f.marketplace) &&
           (f.from.empty() || date.substr(0, 10) >= f.from) &&
           (f.to.empty() || date.substr(0, 10) <= f.to) &&
           (f.search.empty() || contains(amazon_order_id(order)) ||
            contains(field_text(order, "idempotency_key")) || field_text(order, "id") == f.search);
}

std::vector<std::pair<std::string, std::string>> filter_pairs(const OrderFilter& f) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& [name, value] :
         {std::pair{"store", &f.store}, std::pair{"status", &f.status},
          std::pair{"channel", &f.channel}, std::pair{"marketplace", &f.marketplace},
          std::pair{"from", &f.from}, std::pair{"to", &f.to}, std::pair{"search", &f.search}}) {
        if (!value->empty()) {
            pairs.emplace_back(name, *value);
        }
    }
    return pairs;
}

// A labelled <select>: "" (Any) first, then `options`.
std::string filter_select(std::string_view id, std::string_view label,
                          const std::set<std::string>& options, std::string_view selected) {
    std::string html = R"(<div class="col-md-2"><label for=")" + std::string(id) +
                       R"(" class="form-label">)" + std::string(label) +
                       R"(</label><select class="form-select" id=")" + std::string(id) +
                       R"(" name=")" + std::string(id) + R"("><option value="">Any</option>)";
    for (const auto& option : options) {
        html += "<option value=\"" + html_escape(option) + "\"" +
                (option == selected ? " selected" : "") + ">" + html_escape(option) + "</option>";
    }
    return html + "</select></div>";
}

std::string filter_input(std::string_view id, std::string_view label, std::string_view type,
                         std::string_view value, std::string_view width) {
    return R"(<div class=")" + std::string(width) + R"("><label for=")" + std::string(id) +
           R"(" class="form-label">)" + std::string(label) + R"(</label><input type=")" +
           std::string(type) + R"(" class="form-control" id=")" + std::string(id) + R"(" name=")" +
           std::string(id) + R"(" value=")" + html_escape(value) + R"("></div>)";
}

std::string order_filter_form(const OrderFilter& f, const std::vector<json::object>& orders) {
    std::set<std::string> stores, marketplaces;
    for (const auto& order : orders) {
        stores.insert(field_text(order, "store"));
        if (auto marketplace = order_meta(order, "marketplace"); !marketplace.empty()) {
            marketplaces.insert(marketplace);
        }
    }
    const std::set<std::string> statuses{"parked",    "placed",  "backordered",
                                         "completed", "shipped", "cancelled"};
    return R"(<form method="get" action="/orders" class="row g-2 mb-3" id="order-filters">)" +
           filter_select("store", "Store", stores, f.store) +
           filter_select("status", "Host status", statuses, f.status) +
           filter_select("channel", "Fulfilment", {"FBA", "FBM"}, f.channel) +
           filter_select("marketplace", "Marketplace", marketplaces, f.marketplace) +
           filter_input("from", "Ordered from", "date", f.from, "col-md-2") +
           filter_input("to", "Ordered to", "date", f.to, "col-md-2") +
           filter_input("search", "Amazon order id or host reference", "search", f.search,
                        "col-md-5") +
           R"(<div class="col-md-2 align-self-end"><button type="submit" class="btn )"
           R"(btn-secondary" id="filter">Filter</button></div></form>)";
}

std::string order_list_row(const json::object& order) {
    const auto key = field_text(order, "idempotency_key");
    const auto td = [](const std::string& text) {
        return "<td>" + html_escape(text.empty() ? "-" : text) + "</td>";
    };
    const auto* totals = order.if_contains("totals");
    const std::string total =
        totals != nullptr && totals->is_object()
            ? field_text(totals->as_object(), "total") + " " + field_text(order, "currency")
            : "";
    return R"(<tr data-order=")" + html_escape(key) + R"("><td><a href="/orders/detail)" +
           html_escape(query_string({{"id", key}})) + "\">" + html_escape(amazon_order_id(order)) +
           "</a></td>" + td(field_text(order, "order_date")) + td(field_text(order, "store")) +
           td(order_meta(order, "marketplace")) + td(fulfilment_of(order)) +
           R"(<td class="order-status">)" + html_escape(field_text(order, "status")) + "</td>" +
           td(order_meta(order, "amazon_status")) + td(field_text(order, "id")) + td(total) +
           "</tr>";
}

std::string order_pager(const OrderFilter& f, size_t pages) {
    if (pages <= 1) {
        return "";
    }
    std::string html = R"(<nav aria-label="Order pages"><ul class="pagination">)";
    for (size_t page = 1; page <= pages; ++page) {
        auto pairs = filter_pairs(f);
        pairs.emplace_back("page", std::to_string(page));
        const bool current = page == f.page;
        html += std::string(R"(<li class="page-item)") + (current ? " active" : "") +
                R"("><a class="page-link" href="/orders)" + html_escape(query_string(pairs)) +
                "\"" + (current ? R"( aria-current="page")" : "") + ">" + std::to_string(page) +
                "</a></li>";
    }
    return html + "</ul></nav>";
}

std::string order_table(const OrderFilter& f, std::vector<json::object> shown) {
    std::stable_sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) {
        return field_text(a, "order_date") > field_text(b, "order_date");
    });
    const size_t pages = (shown.size() + k_orders_per_page - 1) / k_orders_per_page;
    const size_t first = std::min(shown.size(), (f.page - 1) * k_orders_per_page);
    const size_t last = std::min(shown.size(), first + k_orders_per_page);
    std::string rows;
    for (size_t i = first; i < last; ++i) {
        rows += order_list_row(shown[i]);
    }
    return R"(<table class="table table-sm align-middle" id="orders"><caption id="order-count">)" +
           std::to_string(shown.size()) + " order(s)" +
           (pages > 1 ? ", page " + std::to_string(f.page) + " of " + std::to_string(pages) : "") +
           R"(</caption><thead><tr><th scope="col">Amazon order</th><th scope="col">Ordered</th>)"
           R"(<th scope="col">Store</th><th scope="col">Marketplace</th><th scope="col">)"
           R"(Fulfilment</th><th scope="col">Host status</th><th scope="col">Amazon status</th>)"
           R"(<th scope="col">Host number</th><th scope="col">Total</th></tr></thead><tbody>)" +
           rows + "</tbody></table>" + order_pager(f, pages);
}

} // namespace

Response orders_page(const PageContext& page) {
    auto orders = host_entities(page.host, "sales_order");
    if (!orders) {
        return message_page(page, "Orders", "orders", 500, orders.error().message);
    }
    const OrderFilter filter = order_filter_of(page.request.query);
    std::vector<json::object> shown;
    std::copy_if(orders->begin(), orders->end(), std::back_inserter(shown),
                 [&](const json::object& order) { return order_kept(filter, order); });
    std::string body = R"(<p><a href="/orders/failed">Failed-order queue</a></p>)";
    body += order_filter_form(filter, *orders) + order_table(filter, std::move(shown));
    return html_page(page, "Orders", "orders", body);
}

} // namespace amzconn::refhost::console
