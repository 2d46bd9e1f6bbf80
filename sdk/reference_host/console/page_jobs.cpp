// Manage data: run any job of the plugin's manifest for a store, with its arguments (order ids or
// a date range for import_missing_orders, KEY=VALUE for the rest), and show its report, as
// `amzconn-host run JOB --store ALIAS --arg KEY=VALUE` does. The job runs while the request waits.
#include "console/html.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

struct JobEntry {
    std::string name;
    std::string description;
    std::string arguments;
};

// The manifest's implemented jobs.
std::vector<JobEntry> manifest_job_list(CliContext& cli) {
    std::vector<JobEntry> jobs;
    auto library = cli.library();
    auto manifest = library ? (*library)->manifest() : Result<std::string>(library.error());
    boost::system::error_code ec;
    const json::value parsed = manifest ? json::parse(*manifest, ec) : json::value();
    const auto* object = ec ? nullptr : parsed.if_object();
    const auto* list = object ? object->if_contains("jobs") : nullptr;
    if (list == nullptr || !list->is_array()) {
        return jobs;
    }
    for (const auto& item : list->as_array()) {
        const auto* job = item.if_object();
        if (job != nullptr && field_text(*job, "implemented") != "false") {
            jobs.push_back({field_text(*job, "name"), field_text(*job, "description"),
                            field_text(*job, "arguments")});
        }
    }
    return jobs;
}

std::string value_of(const PageContext& page, std::string_view name) {
    return html_escape(field(page.request.form, name).value_or(""));
}

std::string job_options(const std::vector<JobEntry>& jobs, std::string_view selected) {
    std::string html;
    for (const auto& job : jobs) {
        html += "<option value=\"" + html_escape(job.name) + "\"" +
                (job.name == selected ? " selected" : "") + ">" + html_escape(job.name) + ": " +
                html_escape(job.description) +
                (job.arguments.empty() ? "" : " (arguments: " + html_escape(job.arguments) + ")") +
                "</option>";
    }
    return html;
}

std::string missing_orders_fields(const PageContext& page) {
    return R"(<fieldset id="missing-orders-fields" class="border rounded p-3 mb-3">)"
           R"(<legend class="h6">Missing orders (import_missing_orders): ids, or a date range</legend>)"
           R"(<div class="mb-3"><label for="order_ids" class="form-label">Amazon order ids</label>)"
           R"(<textarea class="form-control" id="order_ids" name="order_ids" rows="2" )"
           R"(aria-describedby="order-ids-help">)" +
           value_of(page, "order_ids") +
           R"(</textarea><div id="order-ids-help" class="form-text">Separated by commas, spaces )"
           R"(or lines.</div></div><div class="row"><div class="col-md-6 mb-3"><label for="from" )"
           R"(class="form-label">Created from (date)</label><input type="date" )"
           R"(class="form-control" id="from" name="from" value=")" +
           value_of(page, "from") +
           R"("></div><div class="col-md-6 mb-3"><label for="to" class="form-label">Created to )"
           R"((date, optional)</label><input type="date" class="form-control" id="to" name="to" )"
           R"(value=")" +
           value_of(page, "to") + R"("></div></div></fieldset>)";
}

std::string job_form(const PageContext& page, const std::vector<json::object>& stores,
                     const std::vector<JobEntry>& jobs) {
    return R"(<form method="post" action="/jobs/run" data-busy="Running...">)" +
           csrf_field(page.session.csrf) +
           R"(<div class="row"><div class="col-md-4 mb-3"><label for="store" )"
           R"(class="form-label">Store</label><select class="form-select" id="store" name="store">)" +
           store_options(stores, field(page.request.form, "store").value_or("")) +
           R"(</select></div><div class="col-md-8 mb-3"><label for="job" class="form-label">Job)"
           R"(</label><select class="form-select" id="job" name="job">)" +
           job_options(jobs, field(page.request.form, "job").value_or("import_orders")) +
           "</select></div></div>" + missing_orders_fields(page) +
           R"(<div class="mb-3"><label for="args" class="form-label">Other arguments</label>)"
           R"(<textarea class="form-control" id="args" name="args" rows="2" )"
           R"(aria-describedby="args-help">)" +
           value_of(page, "args") +
           R"(</textarea><div id="args-help" class="form-text">One KEY=VALUE per line, as )"
           R"(<code>amzconn-host run --arg</code> takes them (e.g. sku=SKU-1).</div></div>)"
           R"(<button type="submit" class="btn btn-primary" id="run">Run job</button> )"
           R"(<span id="busy-status" role="status" class="ms-2"></span></form>)";
}

// The job's arguments from the form; the order fields only for import_missing_orders.
Result<json::object> job_args(const Fields& form, std::string_view job) {
    json::object args;
    if (job == "import_missing_orders") {
        for (const char* name : {"order_ids", "from", "to"}) {
            if (auto value = field(form, name); value && !value->empty()) {
                args[name] = *value;
            }
        }
    }
    std::string_view lines = field(form, "args").value_or("");
    while (!lines.empty()) {
        const auto end = lines.find('\n');
        std::string line(lines.substr(0, end));
        lines = end == std::string_view::npos ? std::string_view() : lines.substr(end + 1);
        std::erase(line, '\r');
        if (line.find_first_not_of(" \t") == std::string::npos) {
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos || eq == 0) {
            return Error{Status::bad_input, "argument '" + line + "' must look like KEY=VALUE"};
        }
        args[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return args;
}

Response jobs_with(const PageContext& page, std::string result_html, int status) {
    auto stores = list_stores(page.connector);
    if (!stores) {
        return message_page(page, "Manage data", "jobs", 500, stores.error().message);
    }
    Response response = html_page(page, "Manage data", "jobs",
                                  job_form(page, *stores, manifest_job_list(page.cli)) +
                                      "<div class=\"mt-4\">" + result_html + "</div>");
    response.status = status;
    return response;
}

} // namespace

Response jobs_page(const PageContext& page) {
    return jobs_with(page, "", 200);
}

Response job_run(const PageContext& page) {
    const std::string store(field(page.request.form, "store").value_or(""));
    const std::string job(field(page.request.form, "job").value_or(""));
    auto args = job_args(page.request.form, job);
    if (!args) {
        return jobs_with(page, alert("danger", args.error().message), 400);
    }
    if (!page.jobs.start(job, store, json::serialize(*args))) {
        return redirect("/jobs/status"); // one job at a time: the running one's status
    }
    return redirect("/jobs/status");
}

Response job_status(const PageContext& page) {
    const JobSnapshot state = page.jobs.snapshot();
    if (!state.running && !state.finished) {
        return redirect("/jobs");
    }
    std::string body = R"(<p id="job-state">)" + html_escape(state.job) + " for store " +
                       html_escape(state.store) +
                       (state.scheduled ? " (scheduled by serve; the pages that call the plugin "
                                          "wait for it)"
                                        : "") +
                       (state.running ? ": running." : ": done.") + "</p>";
    body += R"(<p>Progress: <span id="progress" role="status" aria-live="polite")" +
            std::string(state.running ? R"( data-poll="/jobs/progress")" : "") + ">" +
            html_escape(state.progress.empty() ? "(none reported yet)" : state.progress) +
            "</span></p>";
    if (state.running) {
        body += R"(<p><a href="/jobs/status">Refresh</a> (the page refreshes itself with )"
                R"(JavaScript on).</p>)";
    } else if (!state.error.empty()) {
        body += R"(<div id="job-error">)" + alert("danger", state.error) + "</div>";
    } else {
        body += report_html(state.report_json);
    }
    body += R"(<p><a href="/jobs">Run a job</a></p>)";
    return html_page(page, "Manage data", "jobs", body);
}

Response job_progress(const PageContext& page) {
    const JobSnapshot state = page.jobs.snapshot();
    Response response;
    response.content_type = "application/json";
    response.body = json::serialize(json::object{{"running", state.running},
                                                 {"job", state.job},
                                                 {"store", state.store},
                                                 {"progress", state.progress}});
    return response;
}

} // namespace amzconn::refhost::console
