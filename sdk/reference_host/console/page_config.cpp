// Configuration: a form rendered from the plugin's settings JSON Schema (schema_form.cpp), loaded
// with the config this host installed; stores can be added (an installed store's alias is fixed).
// Validate checks it with the plugin's validate (as `amzconn-host validate`), each diagnostic at
// its field with its key path; a valid form leads to the review step (page_config_install.cpp).
#include "console/config_form.hpp"
#include "console/html.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

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
std::string unplaced(const FieldErrors& errors, const std::vector<std::string>& rendered) {
    std::string html;
    for (const auto& [path, messages] : errors) {
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
    // The first submit button is the one Enter in a field presses: Validate, not an add button.
    return R"(<p>Every field is optional unless validate says otherwise; an empty field takes )"
           R"(the default. Lists take one item per line. An installed store's alias is fixed.</p>)"
           R"(<form method="post" action="/config" id="config-form">)" +
           csrf_field(page.session.csrf) +
           R"(<button type="submit" name="action" value="validate" class="visually-hidden" )"
           R"(tabindex="-1" aria-hidden="true">Validate</button>)" +
           fields +
           R"(<button type="submit" class="btn btn-primary" name="action" value="validate" )"
           R"(id="config-validate">Validate</button> <button type="submit" class="btn )"
           R"(btn-outline-secondary" name="action" value="download">Download YAML</button></form>)";
}

Response validated(const PageContext& page, const json::value& schema,
                   const std::vector<std::string>& installed) {
    const Fields& values = page.request.form;
    auto library = page.cli.library();
    auto yaml = schema_form_yaml(schema, values);
    auto report = !library ? Result<host::ValidationReport>(library.error())
                  : yaml   ? (*library)->validate_config(k_config_file_name, *yaml, "")
                           : Result<host::ValidationReport>(yaml.error());
    if (!report) {
        return message_page(page, "Configuration", "config", 400, report.error().message);
    }
    Checked checked = diagnostics_of(report->json);
    for (auto& [path, messages] : alias_changes(installed, values)) {
        checked.error_count += messages.size();
        auto& at = checked.errors[path];
        at.insert(at.end(), messages.begin(), messages.end());
    }
    const bool ok = report->ok && checked.error_count == 0;
    if (ok && field(values, "action") == "download") {
        Response file;
        file.content_type = "application/yaml; charset=utf-8";
        file.headers.emplace_back("Content-Disposition", "attachment; filename=\"amzconn.yaml\"");
        file.body = *yaml;
        return file;
    }
    std::string top = ok ? review_html(page, report->json, *yaml, installed)
                         : alert("danger", std::to_string(checked.error_count) +
                                               " error(s): each is shown at its field.");
    std::vector<std::string> rendered;
    const auto fields =
        schema_form_fields(schema, values, checked.errors, form_options(installed), rendered);
    Response response =
        html_page(page, "Configuration", "config",
                  top + (ok ? "" : unplaced(checked.errors, rendered)) + form_html(page, fields));
    response.status = ok ? 200 : 422;
    return response;
}

} // namespace

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

Result<std::vector<std::string>> installed_store_aliases(const PageContext& page) {
    TRY_ASSIGN(const auto stores, list_stores(page.connector));
    std::vector<std::string> aliases;
    for (const auto& store : stores) {
        aliases.push_back(field_text(store, "alias"));
    }
    return aliases;
}

FormOptions form_options(const std::vector<std::string>& installed) {
    FormOptions options;
    for (size_t i = 0; i < installed.size(); ++i) {
        options.readonly.insert("stores[" + std::to_string(i) + "].alias");
    }
    return options;
}

FieldErrors alias_changes(const std::vector<std::string>& installed, const Fields& values) {
    FieldErrors errors;
    for (size_t i = 0; i < installed.size(); ++i) {
        const std::string path = "stores[" + std::to_string(i) + "].alias";
        const auto alias = field(values, path).value_or("");
        if (alias != installed[i]) {
            errors[path].push_back("error: store '" + installed[i] +
                                   "' is installed and its alias is fixed: keep '" + installed[i] +
                                   "'. To stop the store, retire it (Stores page) "
                                   "and add a new one");
        }
    }
    return errors;
}

Response config_form_page(const PageContext& page, const json::value& schema, const Fields& values,
                          const FieldErrors& errors, const FormOptions& options,
                          const std::string& top, int status) {
    std::vector<std::string> rendered;
    const auto fields = schema_form_fields(schema, values, errors, options, rendered);
    Response response = html_page(page, "Configuration", "config",
                                  top + unplaced(errors, rendered) + form_html(page, fields));
    response.status = status;
    return response;
}

Response config_page(const PageContext& page) {
    auto schema = settings_schema(page.cli);
    auto installed = installed_store_aliases(page);
    auto copy = page.host.installed_config();
    if (!schema || !installed || !copy) {
        return message_page(page, "Configuration", "config", 500,
                            (!schema      ? schema.error()
                             : !installed ? installed.error()
                                          : copy.error())
                                .message);
    }
    Fields values;
    std::string top;
    if (*copy) {
        auto loaded = schema_form_values(*schema, **copy);
        if (!loaded) {
            return message_page(page, "Configuration", "config", 500, loaded.error().message);
        }
        values = std::move(*loaded);
        top = alert("info", "The form shows the config this host installed.");
    } else if (!installed->empty()) {
        top = alert("warning", "This host keeps no copy of the installed config (an older "
                               "amzconn-host installed it): install it once more with "
                               "`amzconn-host install CONFIG.yaml` to edit it here.");
    }
    FormOptions options = form_options(*installed);
    if (field(page.request.query, "add") == "stores") { // the Stores page's "Add a store"
        options.focus_under = schema_form_add_item(values, "stores") + ".";
    }
    return config_form_page(page, *schema, values, {}, options, top, 200);
}

Response config_check(const PageContext& page) {
    auto schema = settings_schema(page.cli);
    auto installed = installed_store_aliases(page);
    if (!schema || !installed) {
        return message_page(page, "Configuration", "config", 500,
                            (schema ? installed.error() : schema.error()).message);
    }
    const std::string action(field(page.request.form, "action").value_or("validate"));
    if (action.starts_with("add:")) { // one more item in an array, e.g. Add a store
        Fields values = page.request.form;
        FormOptions options = form_options(*installed);
        options.focus_under = schema_form_add_item(values, action.substr(4)) + ".";
        return config_form_page(page, *schema, values, {}, options, "", 200);
    }
    return validated(page, *schema, *installed);
}

} // namespace amzconn::refhost::console
