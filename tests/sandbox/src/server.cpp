// GCC 12 at -O2 reports -Wnull-dereference inside Boost.Asio's scheduler (a known false
// positive); the pragma covers only the Boost headers' own lines, never this file's code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#pragma GCC diagnostic pop

#include "server.hpp"

#include <cctype>
#include <chrono>
#include <iostream>
#include <thread>

namespace amzconn::sandbox {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t k_body_limit = 256ull * 1024 * 1024;

std::string_view reason_phrase(unsigned status) {
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Unknown";
    }
}

void stall_forever() {
    // The process ends by SIGTERM, shutdown or --max-lifetime; this thread just waits for it.
    for (;;) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

Request to_request(const http::request<http::string_body>& msg) {
    Request req;
    req.method = std::string(msg.method_string());
    const std::string target(msg.target());
    const auto q = target.find('?');
    req.path = url_decode(target.substr(0, q), false);
    if (q != std::string::npos) {
        req.raw_query = target.substr(q + 1);
        req.query = parse_form(req.raw_query);
    }
    for (const auto& field : msg) {
        std::string name(field.name_string());
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        req.headers[name] = std::string(field.value());
    }
    req.body = msg.body();
    return req;
}

std::string wrong_schema(const std::string& body) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(body, ec);
    if (ec || !doc.is_object() || doc.as_object().empty()) {
        return "{\"unexpected\":[]}";
    }
    for (auto& kv : doc.as_object()) {
        // Arrays become objects and everything else null: the shape no longer matches the model.
        kv.value() = kv.value().is_array() ? boost::json::value(boost::json::object())
                                           : boost::json::value(nullptr);
    }
    return boost::json::serialize(doc);
}

template <typename Stream>
class Connection {
  public:
    Connection(Sandbox& sandbox, Stream& stream, tcp::socket& socket)
        : m_sandbox(sandbox), m_stream(stream), m_socket(socket) {}

    void run() {
        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(k_body_limit);
            beast::error_code ec;
            http::read(m_stream, buffer, parser, ec);
            if (ec) {
                return;
            }
            const auto& msg = parser.get();
            const bool keep_alive = msg.keep_alive();
            if (!serve(to_request(msg), keep_alive) || !keep_alive) {
                close();
                return;
            }
        }
    }

  private:
    bool write(std::string_view bytes) {
        beast::error_code ec;
        asio::write(m_stream, asio::buffer(bytes.data(), bytes.size()), ec);
        return !ec;
    }

    void close() {
        beast::error_code ec;
        m_socket.shutdown(tcp::socket::shutdown_both, ec);
        m_socket.close(ec);
    }

    void reset() {
        beast::error_code ec;
        m_socket.set_option(asio::socket_base::linger(true, 0), ec);
        m_socket.close(ec);
    }

    std::string head(const Response& r, const std::string& operation, std::size_t length,
                     bool chunked, bool keep_alive) {
        std::string h = "HTTP/1.1 " + std::to_string(r.status) + " " +
                        std::string(reason_phrase(r.status)) + "\r\n";
        if (!r.content_type.empty()) {
            h += "Content-Type: " + r.content_type + "\r\n";
        }
        h += chunked ? std::string("Transfer-Encoding: chunked\r\n")
                     : "Content-Length: " + std::to_string(length) + "\r\n";
        h += "Date: " + format_http_date(m_sandbox.now()) + "\r\n"; // on the sandbox clock
        h += "x-amzn-RequestId: " + m_sandbox.next_request_id() + "\r\n";
        if ((r.status / 100 == 2 || r.status == 400 || r.status == 404) && !operation.empty()) {
            if (const auto plan = m_sandbox.plan(operation)) {
                h += "x-amzn-RateLimit-Limit: " + plan->header + "\r\n";
            }
        }
        for (const auto& [k, v] : r.headers) {
            h += k + ": " + v + "\r\n";
        }
        h += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
        return h;
    }

    // Returns false when the connection must end.
    bool serve(const Request& req, bool keep_alive) {
        const auto info = m_sandbox.identify(req);
        std::optional<Fault> fault;
        if (!info.control && !info.operation.empty()) {
            fault = m_sandbox.faults().take(info.operation);
        }
        const std::string kind = fault ? fault->kind : "";
        const std::string& op = info.operation;
        if (kind == "stall") {
            if (!op.empty()) {
                m_sandbox.count_call(op, false);
            }
            stall_forever();
        }
        if (kind == "empty_reply") {
            m_sandbox.count_call(op, false);
            close();
            return false;
        }
        if (kind == "garbage") {
            m_sandbox.count_call(op, false);
            write("\x16\x03\x01 this is not HTTP \x00\xff garbage\r\n\r\n");
            close();
            return false;
        }
        Response response;
        bool answered = false;
        bool throttled = false;
        if (kind == "status") {
            response.status = static_cast<unsigned>(fault->integer("status", 500));
            const auto body = fault->text("body", "json");
            if (body == "html") {
                response.content_type = "text/html";
                response.body = "<html><head><title>" + std::to_string(response.status) +
                                "</title></head><body><h1>" +
                                std::string(reason_phrase(response.status)) + "</h1></body></html>";
            } else if (body == "empty") {
                response.content_type.clear();
            } else {
                response = error_response(response.status, "InternalFailure",
                                          "We encountered an internal error. Please try again.");
                response.status = static_cast<unsigned>(fault->integer("status", 500));
            }
            answered = true;
        } else if (kind == "throttle") {
            response = error_response(429, "QuotaExceeded",
                                      "You exceeded your quota for the requested resource.");
            if (const auto ra = fault->text("retry_after", ""); !ra.empty()) {
                response.headers.emplace_back("Retry-After", ra);
            }
            answered = true;
            throttled = true;
        } else if (kind == "expired_token") {
            response = expired_token_response();
            answered = true;
        } else if (kind == "redirect") {
            response.status = 302;
            response.content_type.clear();
            response.headers.emplace_back("Location",
                                          fault->text("location", "http://example.invalid/"));
            answered = true;
        }
        if (!answered && !info.control && info.needs_auth && !m_sandbox.acquire(op)) {
            response = error_response(429, "QuotaExceeded",
                                      "You exceeded your quota for the requested resource.");
            answered = true;
            throttled = true;
        }
        if (!answered) {
            response = m_sandbox.handle(req, info, fault ? &*fault : nullptr);
        }
        if (!info.control && !op.empty()) {
            m_sandbox.count_call(op, throttled);
        }
        if (kind == "no_response") {
            close();
            return false;
        }
        if (kind == "truncated_json") {
            response.body.resize(response.body.size() / 2);
        } else if (kind == "wrong_schema") {
            response.body = wrong_schema(response.body);
        }
        if (kind == "oversized") {
            const auto total = static_cast<std::size_t>(fault->integer("bytes", 20000000));
            if (!write(head(response, op, 0, true, keep_alive))) {
                return false;
            }
            const std::string chunk(65536, ' ');
            std::size_t sent = 0;
            char size_line[32];
            while (sent < total) {
                const auto n = std::min(chunk.size(), total - sent);
                std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
                if (!write(size_line) || !write(std::string_view(chunk).substr(0, n)) ||
                    !write("\r\n")) {
                    return false;
                }
                sent += n;
            }
            return write("0\r\n\r\n");
        }
        const auto& body = response.body;
        if (kind == "reset_mid_body" || kind == "short_body") {
            write(head(response, op, body.size() < 2 ? 64 : body.size(), false, keep_alive));
            write(std::string_view(body).substr(0, body.size() / 2));
            if (kind == "reset_mid_body") {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                reset();
            } else {
                close();
            }
            return false;
        }
        if (kind == "trickle") {
            const auto rate = std::max<long>(1, fault->integer("bytes_per_s", 1));
            if (!write(head(response, op, body.size(), false, keep_alive))) {
                return false;
            }
            const auto step = static_cast<std::size_t>(std::max<long>(1, rate / 10));
            const auto pause = std::chrono::microseconds(1000000L * static_cast<long>(step) / rate);
            for (std::size_t i = 0; i < body.size(); i += step) {
                if (!write(std::string_view(body).substr(i, step))) {
                    return false;
                }
                std::this_thread::sleep_for(pause);
            }
            return true;
        }
        std::string out = head(response, op, body.size(), false, keep_alive);
        out += body;
        if (!write(out)) {
            return false;
        }
        if (m_sandbox.shutdown_requested()) {
            return false;
        }
        return true;
    }

    Sandbox& m_sandbox;
    Stream& m_stream;
    tcp::socket& m_socket;
};

} // namespace

Server::Server(Sandbox& sandbox, std::optional<asio::ssl::context> tls)
    : m_sandbox(sandbox), m_tls(std::move(tls)) {}

Server::~Server() = default;

Result<std::string> Server::listen(unsigned short port) {
    try {
        m_acceptor = std::make_unique<tcp::acceptor>(m_io);
        const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
        m_acceptor->open(endpoint.protocol());
        m_acceptor->set_option(asio::socket_base::reuse_address(true));
        m_acceptor->bind(endpoint);
        m_acceptor->listen(asio::socket_base::max_listen_connections);
    } catch (const boost::system::system_error& e) {
        return make_error(Status::bad_input, "cannot listen on 127.0.0.1:" + std::to_string(port) +
                                                 ": " + e.what() + "; pick another --port or 0");
    }
    const auto bound = m_acceptor->local_endpoint().port();
    return std::string(m_tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(bound);
}

void Server::accept_loop() {
    for (;;) {
        auto socket = std::make_shared<tcp::socket>(m_io);
        boost::system::error_code ec;
        m_acceptor->accept(*socket, ec);
        if (ec) {
            if (!m_acceptor->is_open()) {
                return;
            }
            continue;
        }
        socket->set_option(tcp::no_delay(true), ec);
        std::thread([this, socket]() {
            try {
                if (m_tls) {
                    if (m_sandbox.faults().take_handshake_stall()) {
                        stall_forever();
                    }
                    asio::ssl::stream<tcp::socket&> tls(*socket, *m_tls);
                    boost::system::error_code hec;
                    tls.handshake(asio::ssl::stream_base::server, hec);
                    if (hec) {
                        return;
                    }
                    Connection<asio::ssl::stream<tcp::socket&>> c(m_sandbox, tls, *socket);
                    c.run();
                } else {
                    Connection<tcp::socket> c(m_sandbox, *socket, *socket);
                    c.run();
                }
            } catch (const std::exception& e) {
                std::cerr << "amzconn-sandbox: connection error: " << e.what() << "\n";
            }
        }).detach();
    }
}

} // namespace amzconn::sandbox
