// Amazon's website authorization workflow, emulated: the consent page answers with a redirect to
// the app's redirect URI carrying spapi_oauth_code, state and selling_partner_id; the LWA token
// endpoint then exchanges that code (once, within 5 minutes) for a refresh token.
#include "sandbox.hpp"

#include <algorithm>

namespace amzconn::sandbox {

namespace {

constexpr Millis k_code_lifetime = 5 * k_minute;

Response page(unsigned status, const std::string& message) {
    Response r;
    r.status = status;
    r.content_type = "text/html; charset=UTF-8";
    r.body =
        "<html><head><title>Authorization</title></head><body><p>" + message + "</p></body></html>";
    return r;
}

// https anywhere, or http on loopback (local test apps), like a registered redirect URI.
bool acceptable_redirect(const std::string& uri) {
    return uri.rfind("https://", 0) == 0 || uri.rfind("http://127.0.0.1", 0) == 0 ||
           uri.rfind("http://localhost", 0) == 0;
}

} // namespace

Response Sandbox::handle_consent(const Request& request) {
    const auto application = request.param("application_id").value_or("");
    const auto state = request.param("state").value_or("");
    const auto redirect = request.param("redirect_uri").value_or("");
    if (application.empty() || (!m_application_id.empty() && application != m_application_id)) {
        return page(400, "Unknown application_id: check the application id of your app.");
    }
    if (state.empty()) {
        return page(400, "The state parameter is required.");
    }
    if (!acceptable_redirect(redirect) ||
        (!m_redirect_uris.empty() && std::find(m_redirect_uris.begin(), m_redirect_uris.end(),
                                               redirect) == m_redirect_uris.end())) {
        return page(400, "redirect_uri must be one of the app's registered https redirect URIs.");
    }
    const auto code = "ANsbx" + next_id("");
    m_auth_codes[code] = AuthCode{redirect, m_clock.now() + k_code_lifetime, false};
    Response r;
    r.status = 302;
    r.content_type.clear();
    r.headers.emplace_back("Location",
                           redirect + (redirect.find('?') == std::string::npos ? "?" : "&") +
                               "state=" + url_encode(state) + "&selling_partner_id=" +
                               url_encode(m_seller_id) + "&spapi_oauth_code=" + url_encode(code));
    return r;
}

Result<void> Sandbox::redeem_auth_code(const std::string& code, const std::string& redirect_uri) {
    const auto it = m_auth_codes.find(code);
    if (it == m_auth_codes.end() || it->second.used || it->second.expires <= m_clock.now() ||
        (!redirect_uri.empty() && redirect_uri != it->second.redirect_uri)) {
        return make_error(Status::bad_input, "The request has an invalid grant parameter : code");
    }
    it->second.used = true;
    return {};
}

} // namespace amzconn::sandbox
