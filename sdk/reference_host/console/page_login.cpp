// The sign-in page: one field for the admin token serve printed when it started (or kept in the
// host's secret store).
#include "console/console.hpp"
#include "console/html.hpp"

namespace amzconn::refhost::console {

Response login_page(const Session& session, std::string_view message) {
    std::string body = message.empty() ? "" : alert("danger", message);
    body += R"(<form method="post" action="/login" class="col-md-6">)" + csrf_field(session.csrf) +
            R"(<div class="mb-3"><label for="token" class="form-label">Admin token</label>)"
            R"(<input type="password" class="form-control" id="token" name="token" required )"
            R"(autocomplete="off" autofocus aria-describedby="token-help">)"
            R"(<div id="token-help" class="form-text">The token <code>amzconn-host serve )"
            R"(--http</code> printed when it started, or the one kept in the secret )"
            R"(<code>--http-token-secret</code> names.</div></div>)"
            R"(<button type="submit" class="btn btn-primary">Sign in</button></form>)";
    Response response;
    response.body = layout("Sign in", "", session.csrf, body);
    return response;
}

} // namespace amzconn::refhost::console
