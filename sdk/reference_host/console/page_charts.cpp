// Charts: orders imported per day (sales orders by the time the host first stored them), stock
// pushes per hour (listings in the plugin's listings feeds by submission time, and its
// patchListingsItem calls) and SP-API calls per operation against the usage plan the plugin paces
// them to (host state `api_usage`, plugin/src/engine/api_usage.hpp). Each chart is drawn by
// /static/charts.js from the table beside it, which is its text alternative: both show the same
// numbers.
#include "console/html.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"
#include "time_text.hpp"

#include <boost/json/parse.hpp>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

constexpr int64_t k_chart_hour_ms = 3600LL * 1000;
constexpr int64_t k_chart_day_ms = 24 * k_chart_hour_ms;
constexpr int k_push_hours = 48;
constexpr int k_usage_hours = 24;
constexpr int64_t k_push_feeds = 20000;

// One chart's numbers: a row per label, a column per series (`charted` ones are drawn).
struct ChartTable {
    std::string id; // the table's id; its canvas is id + "-chart"
    std::string caption;
    std::string label_header;
    std::vector<std::string> labels;
    struct Column {
        std::string header;
        bool charted = true;
        std::vector<std::string> values;
    };
    std::vector<Column> columns;
    std::string summary; // the canvas's aria-label
    std::string options; // extra data- attributes for charts.js
    bool folded = false; // the table in a <details> (a long one)
};

ChartTable new_chart(std::string id, std::string caption, std::string label_header) {
    ChartTable chart;
    chart.id = std::move(id);
    chart.caption = std::move(caption);
    chart.label_header = std::move(label_header);
    return chart;
}

std::string chart_html(const ChartTable& chart) {
    std::string head = R"(<tr><th scope="col">)" + html_escape(chart.label_header) + "</th>";
    for (const auto& column : chart.columns) {
        head += std::string(R"(<th scope="col")") + (column.charted ? " data-series" : "") + ">" +
                html_escape(column.header) + "</th>";
    }
    std::string rows;
    for (size_t i = 0; i < chart.labels.size(); ++i) {
        rows += R"(<tr><th scope="row">)" + html_escape(chart.labels[i]) + "</th>";
        for (const auto& column : chart.columns) {
            rows += "<td>" + html_escape(column.values[i]) + "</td>";
        }
        rows += "</tr>";
    }
    const std::string table = R"(<table class="table table-sm" id=")" + chart.id +
                              R"(" data-chart=")" + chart.id + R"(-chart" )" + chart.options +
                              "><caption>" + html_escape(chart.caption) + "</caption><thead>" +
                              head + "</tr></thead><tbody>" + rows + "</tbody></table>";
    return R"(<div class="mb-2"><canvas id=")" + chart.id + R"(-chart" role="img" aria-label=")" +
           html_escape(chart.summary) + R"("></canvas></div>)" +
           (chart.folded ? "<details><summary>The numbers</summary>" + table + "</details>"
                         : table);
}

std::string day_label(int64_t ms) {
    return format_rfc3339(ms).substr(0, 10);
}

std::string hour_label(int64_t ms) {
    const auto text = format_rfc3339(ms);
    return text.substr(0, 10) + " " + text.substr(11, 5);
}

std::string number_text(double value) {
    std::ostringstream out;
    out << std::setprecision(4) << value;
    return out.str();
}

int64_t int_at(const json::object& object, std::string_view name) {
    const auto* value = object.if_contains(name);
    return value != nullptr && value->is_int64() ? value->as_int64() : 0;
}

// The plugin's hourly SP-API call records (plugin/src/engine/api_usage.hpp), from `since_ms`.
Result<std::vector<json::object>> usage_records(SqliteHost& host, int64_t since_ms) {
    TRY_ASSIGN(const auto entries, host.state_list("api_usage", ""));
    std::vector<json::object> out;
    for (const auto& entry : entries) {
        boost::system::error_code ec;
        auto value = json::parse(entry.value, ec);
        if (!ec && value.is_object() && int_at(value.as_object(), "hour_ms") >= since_ms) {
            out.push_back(std::move(value.as_object()));
        }
    }
    return out;
}

Result<ChartTable> orders_chart(SqliteHost& host, int64_t now, int days) {
    const int64_t first = now - now % k_chart_day_ms - (days - 1) * k_chart_day_ms;
    TRY_ASSIGN(const auto times, host.entity_created_times("sales_order", first));
    std::vector<int64_t> counts(static_cast<size_t>(days), 0);
    for (const auto t : times) {
        const auto day = static_cast<size_t>((t - first) / k_chart_day_ms);
        counts[std::min(day, counts.size() - 1)] += 1;
    }
    ChartTable chart = new_chart(
        "orders", "Orders imported per day, the last " + std::to_string(days) + " days (UTC)",
        "Day (UTC)");
    chart.columns.push_back({"Orders imported", true, {}});
    for (int i = 0; i < days; ++i) {
        chart.labels.push_back(day_label(first + i * k_chart_day_ms));
        chart.columns[0].values.push_back(std::to_string(counts[static_cast<size_t>(i)]));
    }
    chart.summary = "Bar chart: " + std::to_string(times.size()) +
                    " order(s) imported in the last " + std::to_string(days) +
                    " days; the table below has the number per day.";
    chart.options = R"(data-chart-type="bar")";
    chart.folded = true;
    return chart;
}

Result<ChartTable> pushes_chart(SqliteHost& host, int64_t now,
                                const std::vector<json::object>& usage) {
    const int64_t first = now - now % k_chart_hour_ms - (k_push_hours - 1) * k_chart_hour_ms;
    std::vector<int64_t> listings(k_push_hours, 0), feeds(k_push_hours, 0),
        patches(k_push_hours, 0);
    const auto bucket = [&](int64_t t) -> int64_t {
        return t < first ? -1 : std::min<int64_t>((t - first) / k_chart_hour_ms, k_push_hours - 1);
    };
    // Newest first, without their per-message results; the region's feed slots allow far fewer
    // than k_push_feeds feeds in 48 hours.
    TRY_ASSIGN(const auto docs, host.newest_entities("feed", "", k_push_feeds, "results"));
    for (const auto& doc : docs) {
        boost::system::error_code ec;
        const auto value = json::parse(doc, ec);
        if (ec || !value.is_object()) {
            continue;
        }
        const auto& feed = value.as_object();
        auto at = parse_rfc3339_ms(field_text(feed, "submitted_at"));
        if (field_text(feed, "type") != "JSON_LISTINGS_FEED" || !at || bucket(*at) < 0) {
            continue;
        }
        listings[static_cast<size_t>(bucket(*at))] += int_at(feed, "message_count");
        feeds[static_cast<size_t>(bucket(*at))] += 1;
    }
    for (const auto& record : usage) {
        const auto* calls = record.if_contains("calls");
        if (bucket(int_at(record, "hour_ms")) >= 0 && calls != nullptr && calls->is_object()) {
            patches[static_cast<size_t>(bucket(int_at(record, "hour_ms")))] +=
                int_at(calls->as_object(), "patchListingsItem");
        }
    }
    ChartTable chart =
        new_chart("pushes", "Stock pushes per hour, the last 48 hours (UTC)", "Hour (UTC)");
    chart.columns = {{"Listings sent in feeds", true, {}},
                     {"Listings patched (patchListingsItem calls)", true, {}},
                     {"Feeds", false, {}}};
    int64_t total = 0;
    for (size_t i = 0; i < listings.size(); ++i) {
        chart.labels.push_back(hour_label(first + static_cast<int64_t>(i) * k_chart_hour_ms));
        chart.columns[0].values.push_back(std::to_string(listings[i]));
        chart.columns[1].values.push_back(std::to_string(patches[i]));
        chart.columns[2].values.push_back(std::to_string(feeds[i]));
        total += listings[i] + patches[i];
    }
    chart.summary = "Stacked bar chart: " + std::to_string(total) +
                    " listing update(s) sent to Amazon in the last 48 hours; the table below has "
                    "the numbers per hour.";
    chart.options = R"(data-chart-type="bar" data-stacked="true")";
    chart.folded = true;
    return chart;
}

// Calls per store and operation in the window, with the plan each record names.
ChartTable usage_chart(const std::vector<json::object>& usage) {
    struct Use {
        int64_t calls = 0;
        std::optional<std::pair<double, double>> plan; // rate per second, burst
    };
    std::map<std::pair<std::string, std::string>, Use> uses;
    for (const auto& record : usage) {
        const auto* calls = record.if_contains("calls");
        const auto* plans = record.if_contains("plans");
        for (const auto& [operation, n] :
             calls != nullptr && calls->is_object() ? calls->as_object() : json::object{}) {
            auto& use = uses[{field_text(record, "store"), std::string(operation)}];
            use.calls += n.is_int64() ? n.as_int64() : 0;
            const auto* plan = plans != nullptr && plans->is_object()
                                   ? plans->as_object().if_contains(operation)
                                   : nullptr;
            if (plan != nullptr && plan->is_object() && plan->as_object().contains("rate_per_s") &&
                plan->as_object().contains("burst")) {
                use.plan = std::pair(plan->as_object().at("rate_per_s").to_number<double>(),
                                     plan->as_object().at("burst").to_number<double>());
            }
        }
    }
    ChartTable chart = new_chart("usage",
                                 "SP-API calls per operation in the last 24 clock hours, against "
                                 "the usage plan",
                                 "Store: operation");
    chart.columns = {{"Calls", false, {}},
                     {"Rate per second", false, {}},
                     {"Burst", false, {}},
                     {"Allowed in 24 h", false, {}},
                     {"Used of the plan (%)", true, {}}};
    int64_t total = 0;
    for (const auto& [key, use] : uses) {
        const double allowed =
            use.plan ? use.plan->second + use.plan->first * k_usage_hours * 3600.0 : 0;
        chart.labels.push_back(key.first + ": " + key.second);
        chart.columns[0].values.push_back(std::to_string(use.calls));
        chart.columns[1].values.push_back(use.plan ? number_text(use.plan->first) : "-");
        chart.columns[2].values.push_back(use.plan ? number_text(use.plan->second) : "-");
        chart.columns[3].values.push_back(use.plan ? std::to_string(static_cast<int64_t>(allowed))
                                                   : "-");
        std::ostringstream used;
        used << std::fixed << std::setprecision(1)
             << (static_cast<double>(use.calls) * 100.0 / allowed);
        chart.columns[4].values.push_back(use.plan && allowed > 0 ? used.str() : "-");
        total += use.calls;
    }
    chart.summary = "Horizontal bar chart: " + std::to_string(total) + " SP-API call(s) in " +
                    std::to_string(uses.size()) +
                    " store operation(s), each as the share of its usage plan used; the table "
                    "below has the calls, the plan and the share.";
    chart.options = R"(data-chart-type="bar" data-axis="y")";
    return chart;
}

std::string days_form(int days) {
    std::string options;
    for (const int n : {14, 30}) {
        options += "<option value=\"" + std::to_string(n) + "\"" + (n == days ? " selected" : "") +
                   ">" + std::to_string(n) + " days</option>";
    }
    return R"(<form method="get" action="/charts" class="row g-2 mb-2"><div class="col-md-3">)"
           R"(<label for="days" class="form-label">Orders over the last</label><select )"
           R"(class="form-select" id="days" name="days">)" +
           options +
           R"(</select></div><div class="col-md-3 align-self-end"><button type="submit" )"
           R"(class="btn btn-secondary" id="show-days">Show</button></div></form>)";
}

std::string section(std::string_view id, std::string_view title, const std::string& body) {
    return R"(<section class="mb-5" aria-labelledby=")" + std::string(id) +
           R"(-title"><h2 class="h5" id=")" + std::string(id) + R"(-title">)" + html_escape(title) +
           "</h2>" + body + "</section>";
}

} // namespace

Response charts_page(const PageContext& page) {
    const int days = field(page.request.query, "days").value_or("14") == "30" ? 30 : 14;
    const int64_t now = page.host.now_ms();
    const int64_t hour = now - now % k_chart_hour_ms;
    auto orders = orders_chart(page.host, now, days);
    auto usage = usage_records(page.host, hour - (k_push_hours - 1) * k_chart_hour_ms);
    if (!orders || !usage) {
        return message_page(page, "Charts", "charts", 500,
                            (!orders ? orders.error() : usage.error()).message);
    }
    auto pushes = pushes_chart(page.host, now, *usage);
    if (!pushes) {
        return message_page(page, "Charts", "charts", 500, pushes.error().message);
    }
    std::vector<json::object> last_day;
    for (const auto& record : *usage) {
        if (int_at(record, "hour_ms") >= hour - (k_usage_hours - 1) * k_chart_hour_ms) {
            last_day.push_back(record);
        }
    }
    const std::string plan_note =
        "<p>Amazon applies each operation's usage plan (requests per second, burst) per selling "
        "partner and region: stores of one seller share it. Allowed in 24 h is the burst plus 24 "
        "hours at the rate; retries count as calls.</p>";
    return html_page(
        page, "Charts", "charts",
        section("orders", "Orders imported per day", days_form(days) + chart_html(*orders)) +
            section("pushes", "Stock pushes per hour", chart_html(*pushes)) +
            section("usage", "SP-API calls against the usage plans",
                    plan_note + chart_html(usage_chart(last_day))) +
            R"(<script src="/static/chart.min.js" defer></script>)"
            R"(<script src="/static/charts.js" defer></script>)");
}

} // namespace amzconn::refhost::console
