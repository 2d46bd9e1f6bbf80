// The console's sign-in: one admin token (random, printed once when serve starts, or kept in the
// host's secret store with --http-token-secret), browser
// sessions kept in memory (an HttpOnly, SameSite=Strict cookie names one), and a CSRF token per
// session that every POST form carries. Nothing is written to disk, so a restart signs everyone
// out.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace amzconn::refhost::console {

// Hex of `bytes` random bytes from libsodium.
std::string random_token(size_t bytes);

// Equal in time independent of where the texts differ (sizes may leak, contents do not).
bool same_secret(std::string_view a, std::string_view b);

struct Session {
    std::string id;
    std::string csrf;
    bool signed_in = false;
    int64_t last_seen_ms = 0;
};

class ConsoleAuth {
  public:
    explicit ConsoleAuth(std::string admin_token) : m_admin_token(std::move(admin_token)) {}

    const std::string& admin_token() const { return m_admin_token; }

    // The session the cookie names (and still valid at now_ms), else a new signed-out one.
    Session& session_for(std::optional<std::string_view> cookie_id, int64_t now_ms);
    // Signs in when `token` is the admin token: the session gets a new id and CSRF token (no
    // fixation). Returns the signed-in session, else nullopt.
    std::optional<Session> sign_in(std::string session_id, std::string_view token, int64_t now_ms);
    void sign_out(std::string session_id); // by value: callers pass the id of the session it erases
    // True when the form's token is the session's CSRF token.
    static bool csrf_ok(const Session& session, std::optional<std::string_view> form_token);

  private:
    void drop_stale(int64_t now_ms);

    std::string m_admin_token;
    std::map<std::string, Session, std::less<>> m_sessions;
};

// The Set-Cookie value naming a session.
std::string session_cookie(const Session& session);
constexpr std::string_view k_session_cookie = "amzconn_console";

} // namespace amzconn::refhost::console
