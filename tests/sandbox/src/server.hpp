// The network layer: a loopback listener (HTTP or HTTPS), one thread per connection, HTTP/1.1
// keep-alive, usage plans, and the byte-level faults (reset, short body, trickle, stall...).
#pragma once

#include "sandbox.hpp"

#include <amzconn/result.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <optional>

namespace amzconn::sandbox {

class Server {
  public:
    Server(Sandbox& sandbox, std::optional<boost::asio::ssl::context> tls);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds 127.0.0.1:port (0 = ephemeral) and returns the base URL.
    Result<std::string> listen(unsigned short port);
    // Accepts connections until the process exits; run it on its own thread.
    void accept_loop();

  private:
    Sandbox& m_sandbox;
    std::optional<boost::asio::ssl::context> m_tls;
    boost::asio::io_context m_io;
    std::unique_ptr<boost::asio::ip::tcp::acceptor> m_acceptor;
};

} // namespace amzconn::sandbox
