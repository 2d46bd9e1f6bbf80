// Connect to Amazon: the store tile's button (GET /stores/connect?store=ALIAS) sends the admin to
// Amazon's consent page; Amazon sends the browser back to /stores/connect/callback, which saves the
// refresh token in the secret store (connect_flow.hpp) and says so, never showing it.
#include "console/connect_flow.hpp"
#include "console/html.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"

namespace amzconn::refhost::console {

namespace {

Response connect_result(int status, std::string_view kind, std::string_view text) {
    Response response;
    response.status = status;
    // No session here (see connect_callback): no navigation, only the way back to the tiles.
    response.body = layout("Connect to Amazon", "", "",
                           alert(kind, text) + R"(<p><a href="/stores" id="back-to-stores">)"
                                               R"(Back to the stores</a></p>)");
    response.headers.emplace_back("Set-Cookie", expired_connect_cookie());
    return response;
}

} // namespace

// A link, not a form: the CSP's form-action 'self' would stop a form's redirect to Amazon. A GET
// changes nothing but a pending state, and the SameSite=Strict session lets only the console's
// own pages reach it signed in.
std::string connect_link(const std::string& alias) {
    return R"(<a class="btn btn-sm btn-outline-primary" href="/stores/connect)" +
           html_escape(query_string({{"store", alias}})) + R"(" id="connect-)" +
           html_escape(alias) + "\">Connect " + html_escape(alias) + " to Amazon</a>";
}

Response connect_start(const PageContext& page) {
    if (page.jobs.busy()) { // the connector makes one call at a time (console.cpp)
        return redirect("/jobs/status");
    }
    const std::string alias(field(page.request.query, "store").value_or(""));
    auto stores = list_stores(page.connector);
    if (!stores) {
        return message_page(page, "Stores", "stores", 500, stores.error().message);
    }
    for (const auto& store : *stores) {
        if (field_text(store, "alias") != alias) {
            continue;
        }
        auto target = connect_target(store);
        if (!target) {
            return message_page(page, "Stores", "stores", 400, target.error().message);
        }
        auto begun = page.connect.begin(*target, page.request.host_header, page.host.now_ms());
        if (!begun) {
            return message_page(page, "Stores", "stores", 400, begun.error().message);
        }
        Response response = redirect(begun->consent_url);
        response.headers.emplace_back("Set-Cookie", begun->cookie);
        return response;
    }
    return message_page(page, "Stores", "stores", 404, "There is no store " + alias + ".");
}

// Reached without the session: the SameSite=Strict session cookie does not come with Amazon's
// cross-site redirect. The single-use state and the connect cookie of the browser that began the
// connect stand in for it; a page (not a redirect) ends it, so the link back is same-site again.
Response connect_callback(SqliteHost& host, ConnectFlow& flow, const Request& request) {
    if (request.method != "GET") {
        return plain(405, "method not allowed");
    }
    const auto state = field(request.query, "state").value_or("");
    const auto key = cookie_value(request.cookie_header, k_connect_cookie);
    auto pending = flow.take(state, key.value_or(""), host.now_ms());
    if (!pending) {
        host.log(LogLevel::error, "", "",
                 "console: refused a Connect to Amazon answer with an unknown or used state");
        return connect_result(400, "danger", pending.error().message);
    }
    const auto& target = pending->target;
    const std::string seller(field(request.query, "selling_partner_id").value_or(""));
    const auto code = field(request.query, "spapi_oauth_code");
    if (!code || code->empty()) {
        return connect_result(400, "danger",
                              "Amazon sent no authorization code for store " + target.alias +
                                  " (was the consent declined?): start again with Connect to "
                                  "Amazon");
    }
    if (seller != target.seller_id) {
        return connect_result(400, "danger",
                              "Amazon says seller " + seller + " authorized, but store " +
                                  target.alias + " is seller " + target.seller_id +
                                  " in the config: sign in to Seller Central as that seller and "
                                  "connect again");
    }
    if (auto redeemed = redeem_code(host, *pending, *code); !redeemed) {
        host.log(LogLevel::error, target.alias, "",
                 "console: connecting store " + target.alias +
                     " failed: " + redeemed.error().message);
        return connect_result(502, "danger", redeemed.error().message);
    }
    return connect_result(200, "success",
                          "Store " + target.alias + " is connected to Amazon (seller " +
                              target.seller_id +
                              "): its refresh token is saved in the host's "
                              "secret store as " +
                              target.secret_name + ".");
}

} // namespace amzconn::refhost::console
