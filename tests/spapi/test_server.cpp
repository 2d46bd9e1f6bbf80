#include "test_server.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace amzconn::test {
namespace {

int request_counter = 0;

int listen_loopback(int& port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    return fd;
}

bool send_all(int fd, const char* data, size_t n) {
    while (n > 0) {
        ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
        if (w <= 0) {
            return false;
        }
        data += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}

} // namespace

Reply http_reply(int status, const std::string& body,
                 const std::vector<std::pair<std::string, std::string>>& headers,
                 const std::string& content_type) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " X\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (!content_type.empty()) {
        out += "Content-Type: " + content_type + "\r\n";
    }
    out += "x-amzn-RequestId: req-" + std::to_string(++request_counter) + "\r\n";
    for (const auto& [k, v] : headers) {
        out += k + ": " + v + "\r\n";
    }
    out += "Connection: close\r\n\r\n" + body;
    return Reply{out};
}

TestServer::TestServer(Handler handler) : m_handler(std::move(handler)) {
    m_listen = listen_loopback(m_port);
    m_thread = std::thread([this] { run(); });
}

TestServer::~TestServer() {
    m_stop = true;
    ::shutdown(m_listen, SHUT_RDWR);
    m_thread.join();
    ::close(m_listen);
}

std::string TestServer::base_url() const {
    return "http://127.0.0.1:" + std::to_string(m_port);
}

std::vector<RawRequest> TestServer::requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
}

int TestServer::count(const std::string& prefix) const {
    std::lock_guard lock(m_mutex);
    int n = 0;
    for (const auto& r : m_requests) {
        if (r.target.rfind(prefix, 0) == 0) {
            ++n;
        }
    }
    return n;
}

std::string TestServer::received_bytes() const {
    std::lock_guard lock(m_mutex);
    return m_received;
}

void TestServer::run() {
    while (!m_stop) {
        pollfd p{m_listen, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) {
            continue;
        }
        int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        timeval tv{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        serve(fd);
    }
}

void TestServer::serve(int fd) {
    std::string buf;
    char chunk[65536];
    size_t header_end = std::string::npos;
    while ((header_end = buf.find("\r\n\r\n")) == std::string::npos) {
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            std::lock_guard lock(m_mutex);
            m_received += buf;
            ::close(fd);
            return;
        }
        buf.append(chunk, static_cast<size_t>(n));
    }
    RawRequest req;
    std::string head = buf.substr(0, header_end);
    size_t line_end = head.find("\r\n");
    std::string first = head.substr(0, line_end);
    auto sp1 = first.find(' ');
    auto sp2 = first.find(' ', sp1 + 1);
    req.method = first.substr(0, sp1);
    req.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
        size_t e = head.find("\r\n", pos);
        std::string line = head.substr(pos, e == std::string::npos ? std::string::npos : e - pos);
        auto colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (auto& c : name) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            size_t vs = line.find_first_not_of(' ', colon + 1);
            req.headers[name] = vs == std::string::npos ? "" : line.substr(vs);
        }
        if (e == std::string::npos) {
            break;
        }
        pos = e + 2;
    }
    size_t want = 0;
    if (auto it = req.headers.find("content-length"); it != req.headers.end()) {
        want = std::stoul(it->second);
    }
    req.body = buf.substr(header_end + 4);
    while (req.body.size() < want) {
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            break;
        }
        req.body.append(chunk, static_cast<size_t>(n));
    }
    int index = 0;
    {
        std::lock_guard lock(m_mutex);
        m_received += buf.substr(0, header_end + 4) + req.body;
        index = static_cast<int>(m_requests.size());
        m_requests.push_back(req);
    }
    Reply reply = m_handler(req, index);
    switch (reply.end) {
    case Reply::End::close:
        send_all(fd, reply.bytes.data(), reply.bytes.size());
        break;
    case Reply::End::reset: {
        send_all(fd, reply.bytes.data(), reply.bytes.size());
        linger lg{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        break;
    }
    case Reply::End::stall: {
        send_all(fd, reply.bytes.data(), reply.bytes.size());
        for (int waited = 0; waited < reply.stall_ms && !m_stop; waited += 50) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        break;
    }
    case Reply::End::trickle: {
        send_all(fd, reply.bytes.data(), reply.bytes.size());
        for (int waited = 0; waited < reply.stall_ms && !m_stop; waited += 500) {
            if (!send_all(fd, "1\r\nx\r\n", 6)) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
        break;
    }
    case Reply::End::endless_chunked: {
        std::string head_bytes = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        send_all(fd, head_bytes.data(), head_bytes.size());
        std::string piece(65536, ' ');
        std::string frame = "10000\r\n" + piece + "\r\n";
        for (size_t sent = 0; sent < 20'000'000 && !m_stop; sent += piece.size()) {
            if (!send_all(fd, frame.data(), frame.size())) {
                break;
            }
        }
        break;
    }
    }
    ::close(fd);
}

int closed_port() {
    int port = 0;
    int fd = listen_loopback(port);
    ::close(fd);
    return port;
}

} // namespace amzconn::test
