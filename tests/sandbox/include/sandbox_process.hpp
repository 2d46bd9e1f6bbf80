// Starts amzconn-sandbox as a child process for tests: reads its "listening URL" line, and stops
// it (SIGTERM, then SIGKILL) when the object dies. The child also exits if the test dies.
#pragma once

#include <amzconn/result.hpp>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace amzconn::testing {

class SandboxProcess {
  public:
    // `args` are the sandbox's options (e.g. {"--clock", "virtual", "--generate", "100"});
    // --port 0 and --exit-on-stdin-eof are added. The binary is $AMZCONN_SANDBOX when set, else
    // the one this library was built with.
    static Result<std::unique_ptr<SandboxProcess>> start(const std::vector<std::string>& args);
    static std::string default_binary();

    ~SandboxProcess();
    SandboxProcess(const SandboxProcess&) = delete;
    SandboxProcess& operator=(const SandboxProcess&) = delete;

    const std::string& base_url() const { return m_base_url; }
    pid_t pid() const { return m_pid; }
    // SIGTERM, wait up to 5 s, then SIGKILL; returns the exit status (or -1).
    int stop();
    bool running();

  private:
    SandboxProcess() = default;

    pid_t m_pid = -1;
    int m_stdin = -1;
    std::string m_base_url;
    bool m_reaped = false;
    int m_status = -1;
};

} // namespace amzconn::testing
