// Configuration: a form rendered from the plugin's settings JSON Schema (schema_form.cpp), checked
// with the plugin's validate (as `amzconn-host validate`), each diagnostic shown at its field with
// its key path; a valid form gives the YAML to save and install with `amzconn-host install`.
#include "console/html.hpp"
#include "console/page_parts.hpp"
#include "console/schema_form.hpp"
#include "json_fields.hpp"

#include <boost/json/parse.hpp>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

constexpr std::string_view k_file_name = "console.yaml";

Result<json::value> settings_schema(CliContext& cli) {
    TRY_ASSIGN(auto library, cli.library());
    TRY_ASSIGN(const auto manifest, library->manifest());
    boost::system::error_code ec;
    json::value parsed = json::parse(manifest, ec);
    const auto* object = ec ? nullptr : parsed.if_object();
    const auto* schema = object ? object->if_contains("settings_schema") : nullptr;
    if (schema == nullptr || !schema->is_object()) {
        return Error{Status::internal, "the plugin's manifest has no settings_schema"};
    }
    return *schema;
}

struct Checked {
    FieldErrors errors; // errors and warnings by key path
    size_t error_count = 0;
};

Checked diagnostics_of(const std::string& report_json) {
    Checked checked;
    boost::system::error_code ec;
    const json::value report = json::parse(report_json, ec);
    const auto* object = ec ? nullptr : report.if_object();
    const auto* list = object ? object->if_contains("diagnostics") : nullptr;
    if (list == nullptr || !list->is_array()) {
        return checked;
    }
    for (const auto& item : list->as_array()) {
        if (const auto* d = item.if_object()) {
            const std::string severity = field_text(*d, "severity");
            checked.error_count += severity == "error" ? 1U : 0U;
            checked.errors[field_text(*d, "path")].push_back(severity + ": " +
                                                             field_text(*d, "message"));
        }
    }
    return checked;
}

// The diagnostics no field shows (a path the form has no field for).
std::string unplaced(const Checked& checked, const std::vector<std::string>& rendered) {
    std::string html;
    for (const auto& [path, messages] : checked.errors) {
        if (std::find(rendered.begin(), rendered.end(), path) != rendered.end()) {
            continue;
        }
        for (const auto& message : messages) {
            html +=
                "<li>" + html_escape((path.empty() ? "(config)" : path) + ": " + message) + "</li>";
        }
    }
    return html.empty() ? "" : R"(<ul id="config-unplaced">)" + html + "</ul>";
}

std::string form_html(const PageContext& page, const std::string& fields) {
    return R"(<p>Every field is optional unless validate says otherwise; an empty field takes )"
           R"(the default. Lists take one item per line.</p><form method="post" action="/config" )"
           R"(id="config-form">)" +
           csrf_field(page.session.csrf) + fields +
           R"(<button type="submit" class="btn btn-primary" name="action" value="validate" )"
           R"(id="config-validate">Validate</button> <button type="submit" class="btn )"
           R"(btn-outline-secondary" name="action" value="download">Download YAML</button></form>)";
}

} // namespace

Response config_page(const PageContext& page) {
    auto schema = settings_schema(page.cli);
    if (!schema) {
        return message_page(page, "Configuration", "config", 500, schema.error().message);
    }
    std::vector<std::string> rendered;
    const auto fields = schema_form_fields(*schema, page.request.form, {}, rendered);
    return html_page(page, "Configuration", "config", form_html(page, fields));
}

Response config_check(const PageContext& page) {
    auto schema = settings_schema(page.cli);
    auto library = page.cli.library();
    if (!schema || !library) {
        return message_page(page, "Configuration", "config", 500,
                            (schema ? library.error() : schema.error()).message);
    }
    auto yaml = schema_form_yaml(*schema, page.request.form);
    auto report = yaml ? (*library)->validate_config(k_file_name, *yaml, "")
                       : Result<host::ValidationReport>(yaml.error());
    if (!report) {
        return message_page(page, "Configuration", "config", 400, report.error().message);
    }
    const Checked checked = diagnostics_of(report->json);
    if (report->ok && field(page.request.form, "action") == "download") {
        Response file;
        file.content_type = "application/yaml; charset=utf-8";
        file.headers.emplace_back("Content-Disposition", "attachment; filename=\"amzconn.yaml\"");
        file.body = *yaml;
        return file;
    }
    std::vector<std::string> rendered;
    const auto fields = schema_form_fields(*schema, page.request.form, checked.errors, rendered);
    std::string top =
        report->ok ? alert("success", "Valid. Save this YAML (or download it) and install it with "
                                      "`amzconn-host install FILE`.") +
                         R"(<pre class="border rounded p-2" id="config-yaml">)" +
                         html_escape(*yaml) + "</pre>"
                   : alert("danger", std::to_string(checked.error_count) +
                                         " error(s): each is shown at its field.") +
                         unplaced(checked, rendered);
    Response response = html_page(page, "Configuration", "config", top + form_html(page, fields));
    response.status = report->ok ? 200 : 422;
    return response;
}

} // namespace amzconn::refhost::console
