// The configuration's review step and Save and install: after a valid validate, the plugin's plan
// says per store what will happen (statuses imported, warehouses counted, what goes to Amazon, the
// scheduled jobs); Save and install then installs exactly the reviewed YAML the way
// `amzconn-host install` does (config_install.cpp: validate, secrets present, the plugin's install
// checks). A refused install shows why and stores nothing.
#include "config_install.hpp"
#include "console/config_form.hpp"
#include "console/html.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <sstream>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

std::string store_plan_html(const json::object& store, const std::vector<std::string>& installed) {
    const std::string alias = field_text(store, "alias");
    const bool retired = field_text(store, "retired") == "true";
    const bool is_new = std::find(installed.begin(), installed.end(), alias) == installed.end();
    std::string html =
        R"(<h3 class="h6 mt-3">Store )" + html_escape(alias) + R"( <span class="badge text-bg-)" +
        (retired  ? "secondary\">retired"
         : is_new ? "primary\">new"
                  : "light\">installed") +
        R"(</span></h3><dl class="row small mb-0" id="plan-)" + html_escape(alias) + "\">";
    if (const auto* summary = store.if_contains("summary"); summary && summary->is_array()) {
        for (const auto& line : summary->as_array()) {
            if (const auto* item = line.if_object()) {
                html += R"(<dt class="col-sm-2">)" + html_escape(field_text(*item, "topic")) +
                        R"(</dt><dd class="col-sm-10">)" + html_escape(field_text(*item, "text")) +
                        "</dd>";
            }
        }
    }
    return html + "</dl>";
}

// The warnings of a valid config (validate's diagnostics), one per line.
std::string warnings_html(const json::object& report) {
    std::string html;
    if (const auto* list = report.if_contains("diagnostics"); list && list->is_array()) {
        for (const auto& item : list->as_array()) {
            if (const auto* d = item.if_object()) {
                html += "<li>" +
                        html_escape(field_text(*d, "path") + ": " + field_text(*d, "message")) +
                        "</li>";
            }
        }
    }
    return html.empty()
               ? ""
               : R"(<p class="mt-3 mb-1">Warnings:</p><ul id="config-warnings">)" + html + "</ul>";
}

// The form of a refused install: the posted YAML back in the fields, the reasons above.
Response refused_page(const PageContext& page, const json::value& schema, const std::string& yaml,
                      const std::vector<std::string>& installed, const FieldErrors& errors,
                      const std::string& reasons) {
    auto values = schema_form_values(schema, yaml);
    const std::string top =
        alert("danger", "Not installed: nothing was changed. Fix what is listed and validate "
                        "again.") +
        (reasons.empty() ? ""
                         : R"(<pre class="border rounded p-2" id="install-refused">)" +
                               html_escape(reasons) + "</pre>");
    return config_form_page(page, schema, values ? *values : Fields{}, errors,
                            form_options(installed), top, 422);
}

} // namespace

std::string review_html(const PageContext& page, const std::string& report_json,
                        const std::string& yaml, const std::vector<std::string>& installed) {
    boost::system::error_code ec;
    const json::value report = json::parse(report_json, ec);
    const auto* object = ec ? nullptr : report.if_object();
    std::string stores;
    if (const auto* plan = object ? object->if_contains("plan") : nullptr;
        plan && plan->is_array()) {
        for (const auto& store : plan->as_array()) {
            if (store.is_object()) {
                stores += store_plan_html(store.as_object(), installed);
            }
        }
    }
    return alert("success", "Valid. Review what it will do, then save and install it.") +
           R"(<section class="card mb-4" aria-labelledby="review-title" id="review">)"
           R"(<div class="card-body"><h2 class="h5" id="review-title">Review: what this config )"
           R"(will do</h2>)" +
           (stores.empty() ? "<p>The plugin gave no summary; check the YAML below.</p>" : stores) +
           (object ? warnings_html(*object) : "") +
           R"(<p class="mt-3 mb-1">The YAML that will be saved:</p>)"
           R"(<pre class="border rounded p-2" id="config-yaml">)" +
           html_escape(yaml) +
           R"(</pre><form method="post" action="/config/install" class="d-inline">)" +
           csrf_field(page.session.csrf) + R"(<input type="hidden" name="yaml" value=")" +
           html_escape(yaml) +
           R"("><button type="submit" class="btn btn-success" id="config-install">Save and )"
           R"(install</button></form> <a href="#config-form" class="btn btn-link">Back to the )"
           R"(form</a></div></section>)";
}

Response config_install(const PageContext& page) {
    auto schema = settings_schema(page.cli);
    auto installed = installed_store_aliases(page);
    if (!schema || !installed) {
        return message_page(page, "Configuration", "config", 500,
                            (schema ? installed.error() : schema.error()).message);
    }
    std::string yaml(field(page.request.form, "yaml").value_or(""));
    std::erase(yaml, '\r'); // a form posts its line breaks as CR LF
    auto values = schema_form_values(*schema, yaml);
    const FieldErrors changed = alias_changes(*installed, values ? *values : Fields{});
    if (!changed.empty()) {
        return refused_page(page, *schema, yaml, *installed, changed, "");
    }
    std::ostringstream out;
    std::ostringstream notes;
    auto outcome = install_config(page.cli, std::string(k_config_file_name), yaml, out, notes);
    if (!outcome) {
        return refused_page(page, *schema, yaml, *installed, {}, outcome.error().message);
    }
    if (!outcome->installed) {
        return refused_page(page, *schema, yaml, *installed, {}, out.str());
    }
    page.host.log(LogLevel::info, "", "", "console: a config was installed from the console");
    return redirect("/stores" +
                    query_string({{"installed", installed_aliases(outcome->report_json)}}));
}

} // namespace amzconn::refhost::console
