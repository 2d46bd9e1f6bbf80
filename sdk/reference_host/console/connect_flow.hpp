// Connect to Amazon: Amazon's website authorization workflow for one store. The console sends the
// admin to the consent page with a random single-use state bound to the session; the callback
// checks that state, exchanges spapi_oauth_code at Login with Amazon and saves the refresh token in
// the host's secret store under the name the store's config refers to. The token is never shown
// and never logged.
#pragma once

#include "sqlite_host.hpp"

#include <boost/json/object.hpp>
#include <map>
#include <string>

namespace amzconn::refhost::console {

// One store as the plugin's list_stores describes it ("connect": references, never values).
struct ConnectTarget {
    std::string alias;
    std::string seller_id;
    std::string marketplace; // the primary one: its Seller Central shows the consent page
    std::string endpoint;    // a loopback endpoint (the sandbox) serves the consent page itself
    std::string lwa_token_url;
    std::string application_id;
    bool application_draft = false;
    std::string client_id_ref; // ${env:..}, ${file:..} or ${secret:..}
    std::string client_secret_ref;
    std::string secret_name; // of credentials.refresh_token = ${secret:NAME}
    // How the instance reaches Amazon (instance.proxy as written, a URL or ${env:NAME};
    // instance.tls.ca_file; instance.timeouts.connect_s), for the code exchange.
    std::string proxy;
    std::string ca_file;
    int64_t connect_timeout_s = 0;
};

// The store's target, or an error saying what to change in its config first.
Result<ConnectTarget> connect_target(const boost::json::object& store);

// Where the consent page is: https://<Seller Central>/apps/authorize/consent?application_id=..
// &state=..&redirect_uri=..(&version=beta for a draft app), or the sandbox's for a loopback
// endpoint.
Result<std::string> consent_url(const ConnectTarget& target, std::string_view state,
                                std::string_view redirect_uri);

struct PendingConnect {
    ConnectTarget target;
    std::string browser_key; // the value of the connect cookie of the browser that began it
    std::string redirect_uri;
    int64_t expires_ms = 0;
};

struct BegunConnect {
    std::string consent_url; // where to send the admin
    std::string cookie;      // the Set-Cookie value binding the state to this browser
};

// Amazon's redirect back is a cross-site navigation, which carries no SameSite=Strict session
// cookie: the state is bound to this SameSite=Lax cookie instead, scoped to the callback's path.
constexpr std::string_view k_connect_cookie = "amzconn_connect";
constexpr std::string_view k_connect_callback = "/stores/connect/callback";

class ConnectFlow {
  public:
    // `scheme`: how the browser reaches the console (http on loopback, https behind a proxy).
    explicit ConnectFlow(std::string scheme) : m_scheme(std::move(scheme)) {}

    // A new state for `target`; `host_header`: the console's address as the browser wrote it.
    Result<BegunConnect> begin(const ConnectTarget& target, std::string_view host_header,
                               int64_t now_ms);
    // The pending connect the state names, taken (it works once) when the browser holds its
    // connect cookie and it has not expired; else an error for the admin.
    Result<PendingConnect> take(std::string_view state, std::string_view browser_key,
                                int64_t now_ms);

  private:
    std::string m_scheme;
    std::map<std::string, PendingConnect, std::less<>> m_pending;
};

// The Set-Cookie value that drops the connect cookie.
std::string expired_connect_cookie();

// Exchanges the authorization code at LWA (grant_type=authorization_code, the client id and
// secret resolved from their references) and saves the refresh token in the secret store.
Outcome redeem_code(SqliteHost& host, const PendingConnect& pending, std::string_view code);

} // namespace amzconn::refhost::console
