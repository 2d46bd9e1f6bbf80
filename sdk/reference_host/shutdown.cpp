#include "shutdown.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <poll.h>
#include <unistd.h>

namespace amzconn::refhost {

namespace {

std::atomic<bool> g_requested{false};
int g_pipe[2] = {-1, -1};
std::once_flag g_pipe_once;

void make_pipe() {
    if (::pipe(g_pipe) == 0) {
        for (int fd : g_pipe) {
            ::fcntl(fd, F_SETFD, FD_CLOEXEC);
            ::fcntl(fd, F_SETFL, O_NONBLOCK);
        }
    }
}

void set_latch() {
    g_requested.store(true);
    if (g_pipe[1] >= 0) {
        // Nobody ever reads the pipe: one byte keeps it readable for every waiter.
        const char byte = 1;
        [[maybe_unused]] const auto written = ::write(g_pipe[1], &byte, 1);
    }
}

extern "C" void on_shutdown_signal(int /*signal*/) {
    const int saved = errno;
    set_latch();
    errno = saved;
}

} // namespace

void install_shutdown_handlers() {
    std::call_once(g_pipe_once, make_pipe);
    struct sigaction action {};
    action.sa_handler = on_shutdown_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
}

bool shutdown_requested() {
    return g_requested.load();
}

void request_shutdown() {
    std::call_once(g_pipe_once, make_pipe);
    set_latch();
}

bool wait_unless_shutdown(int64_t ms) {
    std::call_once(g_pipe_once, make_pipe);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!shutdown_requested()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            return true;
        }
        pollfd fd{g_pipe[0], POLLIN, 0};
        const int timeout = static_cast<int>(left > 60'000 ? 60'000 : left);
        ::poll(&fd, g_pipe[0] >= 0 ? 1 : 0, timeout);
    }
    return false;
}

} // namespace amzconn::refhost
