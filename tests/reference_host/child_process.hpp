// Runs a program as a real child process for the CLI tests: stdin text in, exit code and
// stdout/stderr out. The child dies with the test (PR_SET_PDEATHSIG) and is killed after a
// generous deadline, so a hung command fails its test instead of hanging the suite.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace amzconn::refhost::test {

struct ProcessResult {
    int exit_code = -1; // -1 when killed by a signal
    int signal = 0;
    std::string out;
    std::string err;
};

class ChildProcess {
  public:
    // Starts argv[0] with the rest as arguments; stdin_text is written then stdin is closed.
    ChildProcess(const std::vector<std::string>& argv, const std::string& stdin_text = "");
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();

    void send_signal(int signal) const;
    // Reads output until the child exits (or the deadline passes and it is killed).
    ProcessResult wait(int deadline_seconds = 120);
    // Output so far, without waiting for exit (reads what is available now).
    const std::string& poll_err();
    const std::string& poll_out();

  private:
    void pump(int timeout_ms);
    pid_t m_pid = -1;
    int m_out = -1;
    int m_err = -1;
    std::string m_out_text;
    std::string m_err_text;
};

inline ProcessResult run_process(const std::vector<std::string>& argv,
                                 const std::string& stdin_text = "") {
    ChildProcess child(argv, stdin_text);
    return child.wait();
}

} // namespace amzconn::refhost::test
