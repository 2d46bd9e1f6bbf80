#include "sandbox_process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace amzconn::testing {

std::string SandboxProcess::default_binary() {
    if (const char* env = std::getenv("AMZCONN_SANDBOX"); env != nullptr && *env != '\0') {
        return env;
    }
    return AMZCONN_SANDBOX_BINARY;
}

Result<std::unique_ptr<SandboxProcess>>
SandboxProcess::start(const std::vector<std::string>& args) {
    const std::string binary = default_binary();
    int in_pipe[2];
    int out_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) {
        return make_error(Status::internal, "cannot create pipes for the sandbox");
    }
    std::vector<std::string> argv_store = {binary, "--port", "0", "--exit-on-stdin-eof"};
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_store) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        return make_error(Status::internal, "cannot fork the sandbox");
    }
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) {
            _exit(127);
        }
        dup2(in_pipe[0], STDIN_FILENO);
        dup2(out_pipe[1], STDOUT_FILENO);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    std::unique_ptr<SandboxProcess> process(new SandboxProcess());
    process->m_pid = pid;
    process->m_stdin = in_pipe[1];
    // Read the first line, bounded: a sandbox that never prints is an error, not a hang. The bound is
    // generous because a large scenario (60,000 listings) on a loaded 2-core machine takes a while.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (line.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            break;
        }
        pollfd fd{out_pipe[0], POLLIN, 0};
        if (poll(&fd, 1, static_cast<int>(left)) <= 0) {
            continue;
        }
        char buf[256];
        const auto n = read(out_pipe[0], buf, sizeof buf);
        if (n <= 0) {
            break;
        }
        line.append(buf, static_cast<std::size_t>(n));
    }
    close(out_pipe[0]);
    const std::string prefix = "listening ";
    const auto eol = line.find('\n');
    if (eol == std::string::npos || line.rfind(prefix, 0) != 0) {
        process->stop();
        return make_error(Status::internal, "the sandbox (" + binary +
                                                ") did not print its listening line; its stderr "
                                                "says why (got \"" +
                                                line + "\")");
    }
    process->m_base_url = line.substr(prefix.size(), eol - prefix.size());
    return process;
}

bool SandboxProcess::running() {
    if (m_reaped || m_pid <= 0) {
        return false;
    }
    int status = 0;
    const auto r = waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid) {
        m_reaped = true;
        m_status = status;
        return false;
    }
    return true;
}

int SandboxProcess::stop() {
    if (m_stdin >= 0) {
        close(m_stdin);
        m_stdin = -1;
    }
    if (m_pid <= 0 || m_reaped) {
        return m_status;
    }
    kill(m_pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!running()) {
            return m_status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(m_pid, SIGKILL);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_reaped = true;
    m_status = status;
    return m_status;
}

SandboxProcess::~SandboxProcess() {
    stop();
}

} // namespace amzconn::testing
