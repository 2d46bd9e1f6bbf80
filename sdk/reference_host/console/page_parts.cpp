#include "console/page_parts.hpp"

#include "console/html.hpp"
#include "json_fields.hpp"
#include "report_summary.hpp"

#include <boost/json/parse.hpp>

namespace amzconn::refhost::console {

namespace json = boost::json;

Result<std::vector<json::object>> json_objects(std::string_view answer, std::string_view what) {
    boost::system::error_code ec;
    const json::value list = json::parse(answer, ec);
    if (ec || !list.is_array()) {
        return Error{Status::internal, std::string(what) + " is not a JSON array"};
    }
    std::vector<json::object> objects;
    for (const auto& item : list.as_array()) {
        if (item.is_object()) {
            objects.push_back(item.as_object());
        }
    }
    return objects;
}

Result<std::vector<json::object>> list_stores(host::ConnectorHandle& connector) {
    TRY_ASSIGN(const auto answer, connector.list_stores());
    return json_objects(answer, "the plugin's store list");
}

std::string store_options(const std::vector<json::object>& stores, std::string_view selected) {
    std::string html;
    for (const auto& store : stores) {
        const auto alias = field_text(store, "alias");
        html += "<option value=\"" + html_escape(alias) + "\"" +
                (alias == selected ? " selected" : "") + ">" + html_escape(alias) + " - " +
                html_escape(field_text(store, "display_name")) + "</option>";
    }
    return html;
}

std::string report_html(const std::string& report_json) {
    boost::system::error_code ec;
    const json::value report = json::parse(report_json, ec);
    const auto* object = ec ? nullptr : report.if_object();
    const std::string status = object != nullptr ? field_text(*object, "status") : "";
    const std::string badge = status == "ok"        ? "success"
                              : status == "partial" ? "warning"
                                                    : "secondary";
    return R"(<section aria-labelledby="report-title" class="card mb-4"><div class="card-body">)"
           R"(<h2 class="h5" id="report-title">Job report <span class="badge text-bg-)" +
           badge + R"(" id="report-status">)" + html_escape(status.empty() ? "?" : status) +
           R"(</span></h2><pre class="report mb-0" id="report">)" +
           html_escape(summarize_report(report_json)) + "</pre></div></section>";
}

Response html_page(const PageContext& page, std::string_view title, std::string_view active,
                   std::string body) {
    Response response;
    response.body = layout(title, active, page.session.csrf, body);
    return response;
}

Response message_page(const PageContext& page, std::string_view title, std::string_view active,
                      int status, std::string_view message) {
    Response response = html_page(page, title, active, alert("danger", message));
    response.status = status;
    return response;
}

} // namespace amzconn::refhost::console
