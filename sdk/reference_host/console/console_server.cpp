// GCC 12 at -O2 reports -Wnull-dereference inside Boost.Asio's scheduler (a known false
// positive); the pragma covers only the Boost headers' own lines, never this file's code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#pragma GCC diagnostic pop

#include "console/console.hpp"
#include "console/console_server.hpp"
#include "console/http_server.hpp"
#include "shutdown.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ostream>
#include <thread>

namespace amzconn::refhost::console {

namespace {

constexpr int64_t k_slice_ms = 100; // how often a wait looks at the shutdown latch
constexpr size_t k_token_bytes = 24;

// The Host headers a browser sends for a loopback console on `port`.
std::vector<std::string> loopback_hosts(uint16_t port) {
    const std::string p = ":" + std::to_string(port);
    return {"127.0.0.1" + p, "localhost" + p, "[::1]" + p};
}

constexpr size_t k_min_kept_token = 16;

// The admin token: the one kept in the host's secret store, or a new random one.
Result<std::string> admin_token(SqliteHost& host, const ConsoleOptions& options) {
    if (options.token_secret.empty()) {
        return random_token(k_token_bytes);
    }
    const std::string what = "--http-token-secret " + options.token_secret + ": ";
    auto kept = host.secret_get(options.token_secret);
    if (!kept) {
        return Error{kept.status() == Status::not_found ? Status::bad_input : kept.status(),
                     what + kept.error().message + " (the value is read from stdin)"};
    }
    if (kept->size() < k_min_kept_token) {
        return Error{Status::bad_input,
                     what + "the admin token must have at least " +
                         std::to_string(k_min_kept_token) +
                         " characters: store a long random one, e.g. `openssl rand -hex 24 | "
                         "amzconn-host secret set " +
                         options.token_secret + "`"};
    }
    return std::move(*kept);
}

} // namespace

struct ConsoleServer::State {
    boost::asio::io_context io;
    std::unique_ptr<Console> console;
    std::unique_ptr<HttpServer> server;
};

ConsoleServer::ConsoleServer(std::unique_ptr<State> state) : m_state(std::move(state)) {}

ConsoleServer::~ConsoleServer() {
    if (m_state) {
        m_state->server.reset(); // the acceptor closes before the console and io go
    }
}

Result<std::pair<std::string, uint16_t>> parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    const std::string bad = "--http '" + text + "': give ADDRESS:PORT, e.g. 127.0.0.1:8080";
    if (colon == std::string::npos || colon == 0) {
        return Error{Status::bad_input, bad};
    }
    std::string address = text.substr(0, colon);
    if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
        address = address.substr(1, address.size() - 2);
    }
    const std::string port_text = text.substr(colon + 1);
    unsigned port = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
        return Error{Status::bad_input, bad};
    }
    return std::pair{address, static_cast<uint16_t>(port)};
}

Result<std::unique_ptr<ConsoleServer>> ConsoleServer::start(CliContext& context, SqliteHost& host,
                                                            host::ConnectorHandle& connector,
                                                            const ConsoleOptions& options) {
    TRY_ASSIGN(const auto listen, parse_listen(options.listen));
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(listen.first, ec);
    if (ec) {
        return Error{Status::bad_input, "--http '" + options.listen + "': '" + listen.first +
                                            "' is not an IP address"};
    }
    if (!address.is_loopback() && !options.allow_remote) {
        return Error{Status::bad_input,
                     "--http " + options.listen +
                         ": the console listens on loopback only (127.0.0.1 or [::1]); "
                         "add --http-allow-remote to listen elsewhere, behind a TLS proxy"};
    }
    TRY_ASSIGN(const std::string token, admin_token(host, options));
    auto state = std::make_unique<State>();
    auto* raw = state.get();
    TRY_ASSIGN(state->server, HttpServer::start(state->io, listen.first, listen.second,
                                                [raw](const Request& request) {
                                                    return raw->console->handle(request);
                                                }));
    const uint16_t port = state->server->port();
    state->console = std::make_unique<Console>(context, host, connector, token,
                                               address.is_loopback() ? loopback_hosts(port)
                                                                     : std::vector<std::string>{});
    const std::string shown = address.is_v6() ? "[" + listen.first + "]" : listen.first;
    context.out() << "console: http://" << shown << ":" << port << "/\n";
    if (options.token_secret.empty()) {
        context.out() << "console: admin token " << token << " (shown once: sign in with it)\n";
    } else {
        context.out() << "console: sign in with the admin token kept in secret "
                      << options.token_secret << "\n";
    }
    context.out().flush();
    return std::unique_ptr<ConsoleServer>(new ConsoleServer(std::move(state)));
}

bool ConsoleServer::job_running() const {
    return m_state->console->job_running();
}

Result<std::string> ConsoleServer::run_scheduled(const std::string& job, const std::string& store) {
    auto& jobs = m_state->console->jobs();
    if (!jobs.start_scheduled(job, store)) {
        return Error{Status::retry_later, "an admin's job is running in the console"};
    }
    for (;;) {
        if (auto end = jobs.take_scheduled_end()) {
            return std::move(*end);
        }
        // On shutdown the pages stop; the job stops at its next safe point (serve's CancelWatch).
        if (!serve_for(k_slice_ms)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(k_slice_ms));
        }
    }
}

bool ConsoleServer::serve_for(int64_t ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!shutdown_requested()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              until - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            return true;
        }
        if (m_state->io.stopped()) {
            m_state->io.restart();
        }
        m_state->io.run_for(std::chrono::milliseconds(std::min<int64_t>(left, k_slice_ms)));
    }
    return false;
}

} // namespace amzconn::refhost::console
