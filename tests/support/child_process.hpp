// ChildProcess: runs a program as a real child process for tests: stdin text in, extra
// environment, exit code and stdout/stderr out. The child dies with the test (PR_SET_PDEATHSIG)
// and is killed after a deadline, so a hung command fails its test instead of hanging the suite.
#pragma once

#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace amzconn::testing {

struct ProcessResult {
    int exit_code = -1; // -1 when killed by a signal
    int signal = 0;
    std::string out;
    std::string err;
};

struct ProcessOptions {
    // Written to the child's stdin, which is then closed (empty: the child reads end of file).
    std::string stdin_text{};
    // When set, stdin stays open after stdin_text while the object lives (for a server that
    // quits at end of input).
    bool keep_stdin_open = false;
    // Removed from the environment the child inherits, before `env` is applied.
    std::vector<std::string> unset_env{};
    // Set in the child's environment on top of this process's.
    std::map<std::string, std::string> env{};
};

class ChildProcess {
  public:
    // Starts argv[0] (a path, not looked up in PATH) with the rest as arguments.
    explicit ChildProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    // Kills a child still running.
    ~ChildProcess();

    void send_signal(int signal) const;
    // Reads output until the child exits (or the deadline passes and it is killed).
    ProcessResult wait(int deadline_seconds = 120);
    // Standard output / error so far, without waiting for exit (reads what is available now).
    const std::string& poll_out();
    const std::string& poll_err();

  private:
    void pump(int timeout_ms);

    pid_t m_pid = -1;
    int m_in = -1;
    int m_out = -1;
    int m_err = -1;
    std::string m_out_text;
    std::string m_err_text;
};

// Starts argv, waits for it to exit and returns what it printed.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {},
                          int deadline_seconds = 120);

} // namespace amzconn::testing
