// GCC 12 at -O2 reports -Wnull-dereference inside Boost.Asio's scheduler (a known false
// positive); the pragma covers only the Boost headers' own lines, never this file's code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#pragma GCC diagnostic pop

#include "console/http_server.hpp"

#include <chrono>
#include <exception>

namespace amzconn::refhost::console {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::vector<std::pair<std::string, std::string>> security_headers() {
    return {{"Content-Security-Policy",
             "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
             "base-uri 'none'"},
            {"Cache-Control", "no-store"},
            {"X-Content-Type-Options", "nosniff"},
            {"X-Frame-Options", "DENY"},
            {"Referrer-Policy", "no-referrer"},
            {"Cross-Origin-Opener-Policy", "same-origin"}};
}

namespace {

constexpr uint64_t k_body_limit = 1024 * 1024;
constexpr auto k_read_timeout = std::chrono::seconds(30);

Request to_request(const http::request<http::string_body>& message) {
    Request request;
    request.method = std::string(message.method_string());
    const std::string_view target = message.target();
    const auto question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) {
        request.query = parse_form(target.substr(question + 1));
    }
    if (message[http::field::content_type].starts_with("application/x-www-form-urlencoded")) {
        request.form = parse_form(message.body());
    }
    request.cookie_header = std::string(message[http::field::cookie]);
    request.host_header = std::string(message[http::field::host]);
    return request;
}

http::response<http::string_body> to_message(const Response& response, unsigned version) {
    http::response<http::string_body> message{static_cast<http::status>(response.status), version};
    message.set(http::field::server, "amzconn-host console");
    message.set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : security_headers()) {
        message.set(name, value);
    }
    for (const auto& [name, value] : response.headers) {
        message.insert(name, value);
    }
    message.keep_alive(false);
    message.body() = response.body;
    message.prepare_payload();
    return message;
}

// One connection: one request, one answer, then close.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(tcp::socket socket, std::shared_ptr<Handler> handler)
        : m_stream(std::move(socket)), m_handler(std::move(handler)) {}

    void start() {
        m_parser.body_limit(k_body_limit);
        m_stream.expires_after(k_read_timeout);
        http::async_read(
            m_stream, m_buffer, m_parser,
            [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
    }

  private:
    void on_read(beast::error_code ec) {
        if (ec) {
            const bool too_big = ec == http::error::body_limit;
            if (too_big) {
                write(plain(413, "the request is too large"), 11);
            }
            return;
        }
        const auto& message = m_parser.get();
        Response response;
        try {
            response = (*m_handler)(to_request(message));
        } catch (const std::exception& e) {
            response = plain(500, std::string("internal error: ") + e.what());
        }
        write(response, message.version());
    }

    void write(const Response& response, unsigned version) {
        m_answer = to_message(response, version);
        m_stream.expires_after(k_read_timeout);
        http::async_write(m_stream, m_answer,
                          [self = shared_from_this()](beast::error_code, size_t) {
                              beast::error_code ignored;
                              self->m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
                          });
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    http::request_parser<http::string_body> m_parser;
    http::response<http::string_body> m_answer;
    std::shared_ptr<Handler> m_handler;
};

class BeastServer final : public HttpServer {
  public:
    BeastServer(asio::io_context& io, std::shared_ptr<Handler> handler)
        : m_acceptor(io), m_handler(std::move(handler)) {}

    Outcome listen(const std::string& address, uint16_t port) {
        beast::error_code ec;
        const auto ip = asio::ip::make_address(address, ec);
        if (ec) {
            return Error{Status::bad_input, "'" + address + "' is not an IP address"};
        }
        const tcp::endpoint endpoint{ip, port};
        m_acceptor.open(endpoint.protocol(), ec);
        if (!ec) {
            m_acceptor.set_option(asio::socket_base::reuse_address(true), ec);
        }
        if (!ec) {
            m_acceptor.bind(endpoint, ec);
        }
        if (!ec) {
            m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            return Error{Status::bad_input, "cannot listen on " + address + ":" +
                                                std::to_string(port) + ": " + ec.message()};
        }
        accept();
        return {};
    }

    uint16_t port() const override { return m_acceptor.local_endpoint().port(); }

  private:
    void accept() {
        m_acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
            if (ec == asio::error::operation_aborted) {
                return;
            }
            if (!ec) {
                std::make_shared<Connection>(std::move(socket), m_handler)->start();
            }
            accept();
        });
    }

    tcp::acceptor m_acceptor;
    std::shared_ptr<Handler> m_handler;
};

} // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(asio::io_context& io,
                                                      const std::string& address, uint16_t port,
                                                      Handler handler) {
    auto server = std::make_unique<BeastServer>(io, std::make_shared<Handler>(std::move(handler)));
    TRY(server->listen(address, port));
    return std::unique_ptr<HttpServer>(std::move(server));
}

} // namespace amzconn::refhost::console
