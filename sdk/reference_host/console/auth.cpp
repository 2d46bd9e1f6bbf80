#include "console/auth.hpp"

#include <sodium.h>
#include <stdexcept>
#include <vector>

namespace amzconn::refhost::console {

namespace {

constexpr int64_t k_session_idle_ms = 12LL * 3600 * 1000; // signed out after 12 idle hours
constexpr size_t k_max_sessions = 1000; // a flood of cookieless requests cannot grow memory
constexpr size_t k_id_bytes = 32;

} // namespace

std::string random_token(size_t bytes) {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
    hex.resize(bytes * 2);
    return hex;
}

bool same_secret(std::string_view a, std::string_view b) {
    if (a.size() != b.size() || a.empty()) {
        return false;
    }
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void ConsoleAuth::drop_stale(int64_t now_ms) {
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        it = now_ms - it->second.last_seen_ms > k_session_idle_ms ? m_sessions.erase(it)
                                                                  : std::next(it);
    }
    while (m_sessions.size() >= k_max_sessions) { // the least recently seen goes first
        auto oldest = m_sessions.begin();
        for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
            if (it->second.last_seen_ms < oldest->second.last_seen_ms) {
                oldest = it;
            }
        }
        m_sessions.erase(oldest);
    }
}

Session& ConsoleAuth::session_for(std::optional<std::string_view> cookie_id, int64_t now_ms) {
    if (cookie_id) {
        if (auto it = m_sessions.find(*cookie_id);
            it != m_sessions.end() && now_ms - it->second.last_seen_ms <= k_session_idle_ms) {
            it->second.last_seen_ms = now_ms;
            return it->second;
        }
    }
    drop_stale(now_ms);
    Session session{random_token(k_id_bytes), random_token(k_id_bytes), false, now_ms};
    const std::string id = session.id;
    return m_sessions.emplace(id, std::move(session)).first->second;
}

std::optional<Session> ConsoleAuth::sign_in(std::string session_id, std::string_view token,
                                            int64_t now_ms) {
    if (!same_secret(token, m_admin_token)) {
        return std::nullopt;
    }
    m_sessions.erase(session_id);
    drop_stale(now_ms);
    Session session{random_token(k_id_bytes), random_token(k_id_bytes), true, now_ms};
    m_sessions.emplace(session.id, session);
    return session;
}

void ConsoleAuth::sign_out(std::string session_id) {
    m_sessions.erase(session_id);
}

bool ConsoleAuth::csrf_ok(const Session& session, std::optional<std::string_view> form_token) {
    return form_token && same_secret(*form_token, session.csrf);
}

std::string session_cookie(const Session& session) {
    return std::string(k_session_cookie) + "=" + session.id + "; Path=/; HttpOnly; SameSite=Strict";
}

} // namespace amzconn::refhost::console
