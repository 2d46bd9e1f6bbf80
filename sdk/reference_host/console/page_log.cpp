// Connection log: the entries of the last 7 days (what `amzconn-host log` reads), newest first,
// filtered by level (ERROR, INFO, DEBUG, ALL), store and reference.
#include "console/html.hpp"
#include "console/page_parts.hpp"
#include "time_text.hpp"

namespace amzconn::refhost::console {

namespace {

constexpr int64_t k_log_days_ms = 7LL * 24 * 3600 * 1000;
constexpr size_t k_max_shown = 1000;

std::string_view level_text(LogLevel level) {
    return level == LogLevel::error ? "ERROR" : level == LogLevel::info ? "INFO" : "DEBUG";
}

LogLevel level_of(std::string_view text) {
    return text == "ERROR" ? LogLevel::error : text == "INFO" ? LogLevel::info : LogLevel::debug;
}

std::string level_select(std::string_view selected) {
    std::string html = R"(<select class="form-select" id="level" name="level">)";
    for (const char* level : {"ALL", "ERROR", "INFO", "DEBUG"}) {
        html += std::string("<option value=\"") + level + "\"" +
                (selected == level ? " selected" : "") + ">" + level + "</option>";
    }
    return html + "</select>";
}

std::string filter_form(const Request& request) {
    const auto value = [&](std::string_view name) {
        return html_escape(field(request.query, name).value_or(""));
    };
    return R"(<form method="get" action="/log" class="row g-2 mb-3"><div class="col-md-2">)"
           R"(<label for="level" class="form-label">Level</label>)" +
           level_select(field(request.query, "level").value_or("ALL")) +
           R"(</div><div class="col-md-3"><label for="store" class="form-label">Store</label>)"
           R"(<input class="form-control" id="store" name="store" value=")" +
           value("store") +
           R"("></div><div class="col-md-4"><label for="reference" class="form-label">Reference )"
           R"((an order id, a SKU, ...)</label><input class="form-control" id="reference" )"
           R"(name="reference" value=")" +
           value("reference") +
           R"("></div><div class="col-md-3 align-self-end"><button type="submit" )"
           R"(class="btn btn-secondary">Filter</button></div></form>)";
}

std::string record_row(const LogRecord& record) {
    const std::string_view level = level_text(record.level);
    const std::string badge = record.level == LogLevel::error  ? "danger"
                              : record.level == LogLevel::info ? "info"
                                                               : "light";
    return "<tr><td>" + html_escape(format_rfc3339(record.ts_ms)) +
           R"(</td><td><span class="badge text-bg-)" + badge + "\">" + std::string(level) +
           "</span></td><td>" + html_escape(record.store) + "</td><td>" +
           html_escape(record.reference) + R"(</td><td class="log-message">)" +
           html_escape(record.message) + "</td></tr>";
}

} // namespace

Response log_page(const PageContext& page) {
    LogQuery query;
    const auto& params = page.request.query;
    query.max_level = level_of(field(params, "level").value_or("ALL"));
    if (auto store = field(params, "store"); store && !store->empty()) {
        query.store = std::string(*store);
    }
    if (auto reference = field(params, "reference"); reference && !reference->empty()) {
        query.reference = std::string(*reference);
    }
    query.since_ms = page.host.now_ms() - k_log_days_ms;
    auto records = page.host.read_log(query);
    if (!records) {
        return message_page(page, "Connection log", "log", 500, records.error().message);
    }
    const size_t shown = std::min(records->size(), k_max_shown);
    std::string rows;
    for (auto it = records->rbegin(); it != records->rbegin() + static_cast<long>(shown); ++it) {
        rows += record_row(*it);
    }
    std::string body = filter_form(page.request);
    body += R"(<table class="table table-sm" id="log"><caption>)" +
            std::to_string(records->size()) + " entr" + (records->size() == 1 ? "y" : "ies") +
            " in the last 7 days" +
            (shown < records->size() ? ", the newest " + std::to_string(shown) + " shown" : "") +
            R"(</caption><thead><tr><th scope="col">Time</th><th scope="col">Level</th>)"
            R"(<th scope="col">Store</th><th scope="col">Reference</th><th scope="col">Message)"
            R"(</th></tr></thead><tbody>)" +
            rows + "</tbody></table>";
    return html_page(page, "Connection log", "log", body);
}

} // namespace amzconn::refhost::console
