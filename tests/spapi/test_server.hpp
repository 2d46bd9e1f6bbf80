// TestServer: a tiny scripted HTTP/1.1 server on 127.0.0.1 (ephemeral port) for transport and
// fault tests. Each request goes to a handler that returns the raw bytes to send and how to end
// the connection (normal close, TCP reset, stall, endless chunked body). It records every byte it
// received so tests can prove what reached the server. Stops in its destructor.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace amzconn::test {

struct RawRequest {
    std::string method;
    std::string target;                         // path + query, as sent
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
};

struct Reply {
    enum class End { close, reset, stall, endless_chunked, trickle };
    std::string bytes;
    End end = End::close;
    int stall_ms = 3000;
};

// "HTTP/1.1 <status>" with Content-Length, Connection: close and x-amzn-RequestId.
Reply http_reply(int status, const std::string& body,
                 const std::vector<std::pair<std::string, std::string>>& headers = {},
                 const std::string& content_type = "application/json");

class TestServer {
  public:
    using Handler = std::function<Reply(const RawRequest&, int index)>;
    explicit TestServer(Handler handler);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    int port() const { return m_port; }
    std::string base_url() const;
    std::vector<RawRequest> requests() const;
    int count(const std::string& path_prefix) const;
    std::string received_bytes() const;

  private:
    void run();
    void serve(int fd);
    Handler m_handler;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::vector<RawRequest> m_requests;
    std::string m_received;
    std::thread m_thread;
};

// A port with nothing listening (bound, then closed).
int closed_port();

} // namespace amzconn::test
