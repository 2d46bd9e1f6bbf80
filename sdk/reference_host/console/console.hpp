// The admin console's request handling: static files, sign-in, the session and CSRF checks every
// page relies on, then the page for the path. Served by `amzconn-host serve --http`.
#pragma once

#include "cli_context.hpp"
#include "console/auth.hpp"
#include "console/connect_flow.hpp"
#include "console/http_message.hpp"
#include "console/job_runner.hpp"

#include <string>
#include <vector>

namespace amzconn::refhost::console {

// What a page handler works with: the host and connector `serve` already opened, the signed-in
// session (for its CSRF token) and the request.
struct PageContext {
    SqliteHost& host;
    host::ConnectorHandle& connector;
    CliContext& cli;
    const Session& session;
    const Request& request;
    JobRunner& jobs;
    ConnectFlow& connect;
};

class Console {
  public:
    // `allowed_hosts`: the Host header values accepted (e.g. "127.0.0.1:8080"), so a DNS name
    // rebound to loopback cannot reach the console from another site; empty: any.
    Console(CliContext& cli, SqliteHost& host, host::ConnectorHandle& connector,
            std::string admin_token, std::vector<std::string> allowed_hosts);

    Response handle(const Request& request);
    // True while a job (an admin's or a scheduled one) runs.
    bool job_running() const { return m_jobs.busy(); }
    JobRunner& jobs() { return m_jobs; }

  private:
    Response signed_in_route(const PageContext& page);
    Response login(const Request& request, Session& session);

    CliContext& m_cli;
    SqliteHost& m_host;
    host::ConnectorHandle& m_connector;
    ConsoleAuth m_auth;
    JobRunner m_jobs;
    std::vector<std::string> m_allowed_hosts;
    ConnectFlow m_connect;
};

// Page handlers (pages_*.cpp).
Response stores_page(const PageContext& page);
Response store_toggle(const PageContext& page);
Response connect_start(const PageContext& page);
// Amazon's redirect back, answered without the session (page_connect.cpp says why).
Response connect_callback(SqliteHost& host, ConnectFlow& flow, const Request& request);
Response jobs_page(const PageContext& page);
Response job_run(const PageContext& page);
Response job_status(const PageContext& page);
Response job_progress(const PageContext& page);
Response products_page(const PageContext& page);
Response lead_time_set(const PageContext& page);
Response explain_page(const PageContext& page);
Response log_page(const PageContext& page);
Response feeds_page(const PageContext& page);
Response feed_page(const PageContext& page);
Response charts_page(const PageContext& page);
Response config_page(const PageContext& page);
Response config_check(const PageContext& page);
Response config_install(const PageContext& page);
Response store_retire_page(const PageContext& page);
Response store_retire(const PageContext& page);
Response orders_page(const PageContext& page);        // page_orders.cpp
Response order_detail_page(const PageContext& page);  // page_order_detail.cpp
Response order_ship(const PageContext& page);         // page_order_actions.cpp
Response order_cancel(const PageContext& page);       // page_order_actions.cpp
Response failed_orders_page(const PageContext& page); // page_failed_orders.cpp
Response failed_order_retry(const PageContext& page); // page_failed_orders.cpp
Response login_page(const Session& session, std::string_view message);
// /static/NAME, or nullopt when there is no such file.
std::optional<Response> static_file(std::string_view path);
// The charts page's script (static_charts.cpp).
std::string_view charts_js();

} // namespace amzconn::refhost::console
