#include "child_process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace amzconn::refhost::test {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& stdin_text) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t parent = ::getpid();
    m_pid = ::fork();
    if (m_pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (m_pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) {
            ::_exit(127);
        }
        ::dup2(in_pipe[0], STDIN_FILENO);
        ::dup2(out_pipe[1], STDOUT_FILENO);
        ::dup2(err_pipe[1], STDERR_FILENO);
        for (int fd :
             {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
            ::close(fd);
        }
        std::vector<char*> args;
        for (const auto& arg : argv) {
            args.push_back(const_cast<char*>(arg.c_str()));
        }
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    // Small inputs fit in the pipe buffer, so writing before reading cannot deadlock.
    size_t written = 0;
    while (written < stdin_text.size()) {
        const auto n =
            ::write(in_pipe[1], stdin_text.data() + written, stdin_text.size() - written);
        if (n <= 0) {
            break;
        }
        written += static_cast<size_t>(n);
    }
    ::close(in_pipe[1]);
    m_out = out_pipe[0];
    m_err = err_pipe[0];
    ::fcntl(m_out, F_SETFL, O_NONBLOCK);
    ::fcntl(m_err, F_SETFL, O_NONBLOCK);
}

ChildProcess::~ChildProcess() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
    if (m_out >= 0) {
        ::close(m_out);
    }
    if (m_err >= 0) {
        ::close(m_err);
    }
}

void ChildProcess::send_signal(int signal) const {
    if (m_pid > 0) {
        ::kill(m_pid, signal);
    }
}

void ChildProcess::pump(int timeout_ms) {
    pollfd fds[2] = {{m_out, POLLIN, 0}, {m_err, POLLIN, 0}};
    if (::poll(fds, 2, timeout_ms) <= 0) {
        return;
    }
    char buffer[4096];
    for (int i = 0; i < 2; ++i) {
        const int fd = i == 0 ? m_out : m_err;
        std::string& target = i == 0 ? m_out_text : m_err_text;
        while (true) {
            const auto n = ::read(fd, buffer, sizeof buffer);
            if (n <= 0) {
                break;
            }
            target.append(buffer, static_cast<size_t>(n));
        }
    }
}

const std::string& ChildProcess::poll_err() {
    pump(0);
    return m_err_text;
}

const std::string& ChildProcess::poll_out() {
    pump(0);
    return m_out_text;
}

ProcessResult ChildProcess::wait(int deadline_seconds) {
    ProcessResult result;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(deadline_seconds);
    int status = 0;
    while (true) {
        pump(50);
        const pid_t done = ::waitpid(m_pid, &status, WNOHANG);
        if (done == m_pid) {
            break;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, &status, 0);
            m_err_text += "\n[test: killed after the deadline]\n";
            break;
        }
    }
    m_pid = -1;
    // Drain what the child wrote before exiting.
    for (int i = 0; i < 5; ++i) {
        pump(10);
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    result.out = m_out_text;
    result.err = m_err_text;
    return result;
}

} // namespace amzconn::refhost::test
