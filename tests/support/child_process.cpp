// ChildProcess: fork + execve with pipes; the environment is built before fork, so the child
// only calls async-signal-safe functions.
#include "child_process.hpp"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace amzconn::testing {

namespace {

// NAME=value lines: this process's environment without the unset and overridden names, then env.
std::vector<std::string> child_environment(const ProcessOptions& options) {
    std::vector<std::string> lines;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string line = *entry;
        const std::string name = line.substr(0, line.find('='));
        bool dropped = options.env.count(name) > 0;
        for (const auto& unset : options.unset_env) {
            dropped = dropped || unset == name;
        }
        if (!dropped) {
            lines.push_back(line);
        }
    }
    for (const auto& [name, value] : options.env) {
        lines.push_back(name + "=" + value);
    }
    return lines;
}

std::vector<char*> pointers(std::vector<std::string>& texts) {
    std::vector<char*> out;
    for (auto& text : texts) {
        out.push_back(text.data());
    }
    out.push_back(nullptr);
    return out;
}

void write_all(int fd, const std::string& text) {
    // Small inputs fit in the pipe buffer, so writing before reading cannot deadlock.
    size_t written = 0;
    while (written < text.size()) {
        const auto n = ::write(fd, text.data() + written, text.size() - written);
        if (n <= 0) {
            break;
        }
        written += static_cast<size_t>(n);
    }
}

} // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
    std::vector<std::string> arg_texts = argv;
    std::vector<std::string> env_texts = child_environment(options);
    const auto args = pointers(arg_texts);
    const auto envp = pointers(env_texts);
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 ||
        ::pipe2(err_pipe, O_CLOEXEC) != 0) {
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
        // dup2 clears close-on-exec on the copies; the originals close at exec.
        ::dup2(in_pipe[0], STDIN_FILENO);
        ::dup2(out_pipe[1], STDOUT_FILENO);
        ::dup2(err_pipe[1], STDERR_FILENO);
        ::execve(args[0], args.data(), envp.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    write_all(in_pipe[1], options.stdin_text);
    if (options.keep_stdin_open) {
        m_in = in_pipe[1];
    } else {
        ::close(in_pipe[1]);
    }
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
    for (int fd : {m_in, m_out, m_err}) {
        if (fd >= 0) {
            ::close(fd);
        }
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
    char buffer[8192];
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

const std::string& ChildProcess::poll_out() {
    pump(0);
    return m_out_text;
}

const std::string& ChildProcess::poll_err() {
    pump(0);
    return m_err_text;
}

ProcessResult ChildProcess::wait(int deadline_seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(deadline_seconds);
    int status = 0;
    while (true) {
        pump(20);
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
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
    ProcessResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    result.out = m_out_text;
    result.err = m_err_text;
    return result;
}

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options,
                          int deadline_seconds) {
    ChildProcess child(argv, options);
    return child.wait(deadline_seconds);
}

} // namespace amzconn::testing
