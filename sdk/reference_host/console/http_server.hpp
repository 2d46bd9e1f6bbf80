// The console's HTTP/1.1 server on Boost.Beast: accepts on one address, reads each request (a body
// up to 1 MiB, 30 s to arrive), hands it to the handler as a plain Request and writes the answer
// with the console's security headers (strict CSP, no caching). It runs on the caller's
// io_context, so `serve` drives it between scheduled jobs on one thread: a handler may use the
// connector without locks.
#pragma once

#include "amzconn/result.hpp"
#include "console/http_message.hpp"

#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace amzconn::refhost::console {

using Handler = std::function<Response(const Request&)>;

class HttpServer {
  public:
    // Binds `address:port` (port 0: any free one) and starts accepting.
    static Result<std::unique_ptr<HttpServer>>
    start(boost::asio::io_context& io, const std::string& address, uint16_t port, Handler handler);
    virtual ~HttpServer() = default;
    // The bound port (the real one when 0 was asked).
    virtual uint16_t port() const = 0;
};

// The headers every console answer carries.
std::vector<std::pair<std::string, std::string>> security_headers();

} // namespace amzconn::refhost::console
