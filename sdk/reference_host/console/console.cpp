#include "console/console.hpp"

#include <algorithm>

namespace amzconn::refhost::console {

Console::Console(CliContext& cli, SqliteHost& host, host::ConnectorHandle& connector,
                 std::string admin_token, std::vector<std::string> allowed_hosts)
    : m_cli(cli), m_host(host), m_connector(connector), m_auth(std::move(admin_token)),
      m_jobs(host, connector), m_allowed_hosts(std::move(allowed_hosts)),
      m_connect(m_allowed_hosts.empty() ? "https" : "http") {}

Response Console::handle(const Request& request) {
    if (!m_allowed_hosts.empty() && std::find(m_allowed_hosts.begin(), m_allowed_hosts.end(),
                                              request.host_header) == m_allowed_hosts.end()) {
        return plain(421, "unknown Host: open the console at the address serve printed");
    }
    if (request.path.starts_with("/static/")) {
        if (auto file = static_file(request.path); file && request.method == "GET") {
            return *file;
        }
        return plain(404, "no such file");
    }
    if (request.path == k_connect_callback) { // Amazon's redirect: no session cookie comes with it
        return connect_callback(m_host, m_connect, request);
    }
    // A real-clock host would do; the host's own clock keeps sessions in step with a virtual one.
    const int64_t now = m_host.now_ms();
    Session& session =
        m_auth.session_for(cookie_value(request.cookie_header, k_session_cookie), now);
    Response response;
    if (request.method == "POST" && !ConsoleAuth::csrf_ok(session, field(request.form, "csrf"))) {
        response = plain(403, "refused: the form's CSRF token is missing or stale; reload the page "
                              "and send it again");
    } else if (request.path == "/login") {
        response = login(request, session);
    } else if (!session.signed_in) {
        response = redirect("/login");
    } else if (request.path == "/logout" && request.method == "POST") {
        m_auth.sign_out(session.id);
        return redirect("/login");
    } else {
        response =
            signed_in_route({m_host, m_connector, m_cli, session, request, m_jobs, m_connect});
    }
    if (std::none_of(response.headers.begin(), response.headers.end(),
                     [](const auto& header) { return header.first == "Set-Cookie"; })) {
        response.headers.emplace_back("Set-Cookie", session_cookie(session));
    }
    return response;
}

Response Console::login(const Request& request, Session& session) {
    if (request.method != "POST") {
        return session.signed_in ? redirect("/stores") : login_page(session, "");
    }
    const auto token = field(request.form, "token");
    auto signed_in = m_auth.sign_in(session.id, token.value_or(""), m_host.now_ms());
    if (!signed_in) {
        m_host.log(LogLevel::error, "", "", "console: a sign-in with a wrong admin token");
        Response page = login_page(session, "That is not the admin token.");
        page.status = 401;
        return page;
    }
    m_host.log(LogLevel::info, "", "", "console: an admin signed in");
    Response response = redirect("/stores");
    response.headers.emplace_back("Set-Cookie", session_cookie(*signed_in));
    return response;
}

Response Console::signed_in_route(const PageContext& page) {
    const auto& path = page.request.path;
    const bool post = page.request.method == "POST";
    if (path == "/" && !post) {
        return redirect("/stores");
    }
    // The connector runs one call at a time here: while a console job runs, the pages that
    // call it wait, showing the job's status instead.
    static const std::vector<std::string_view> k_connector_pages{
        "/stores",           "/stores/toggle",     "/jobs",
        "/jobs/run",         "/products",          "/products/lead-time",
        "/products/explain", "/products/settings", "/config/install",
        "/stores/retire",    "/orders/ship",       "/orders/cancel",
        "/orders/retry"};
    if (page.jobs.busy() && std::find(k_connector_pages.begin(), k_connector_pages.end(), path) !=
                                k_connector_pages.end()) {
        return redirect("/jobs/status");
    }
    using PageFn = Response (*)(const PageContext&);
    static const std::vector<std::tuple<std::string_view, bool, PageFn>> k_routes{
        {"/stores", false, &stores_page},
        {"/stores/toggle", true, &store_toggle},
        {"/stores/connect", false, &connect_start},
        {"/jobs", false, &jobs_page},
        {"/jobs/run", true, &job_run},
        {"/jobs/status", false, &job_status},
        {"/jobs/progress", false, &job_progress},
        {"/products", false, &products_page},
        {"/products/lead-time", true, &lead_time_set},
        {"/products/settings", true, &lead_time_set},
        {"/products/explain", false, &explain_page},
        {"/log", false, &log_page},
        {"/feeds", false, &feeds_page},
        {"/feeds/show", false, &feed_page},
        {"/charts", false, &charts_page},
        {"/config", false, &config_page},
        {"/config", true, &config_check},
        {"/config/install", true, &config_install},
        {"/stores/retire", false, &store_retire_page},
        {"/stores/retire", true, &store_retire},
        {"/orders", false, &orders_page},
        {"/orders/detail", false, &order_detail_page},
        {"/orders/ship", true, &order_ship},
        {"/orders/cancel", true, &order_cancel},
        {"/orders/failed", false, &failed_orders_page},
        {"/orders/retry", true, &failed_order_retry}};
    bool known = false;
    for (const auto& [route, wants_post, fn] : k_routes) {
        if (route == path && wants_post == post) {
            return fn(page);
        }
        known = known || route == path;
    }
    return known ? plain(405, "method not allowed") : plain(404, "no such page");
}

} // namespace amzconn::refhost::console
