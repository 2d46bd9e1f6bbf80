// `serve --http ADDRESS:PORT`: the admin console beside the scheduler. Owns the io_context, the
// Console and its HTTP server; serve drives it between scheduled jobs and while one runs (on the
// console's job runner), so pages keep answering and show the running job.
#pragma once

#include "cli_context.hpp"

#include <memory>
#include <string>

namespace amzconn::refhost::console {

struct ConsoleOptions {
    std::string listen;        // ADDRESS:PORT, e.g. 127.0.0.1:8080 or [::1]:0 (0: any free port)
    bool allow_remote = false; // listen on a non-loopback address too
    std::string token_secret;  // the admin token is this host secret; empty: a new one, printed
};

class ConsoleServer {
  public:
    // Binds and prints the console's URL and, unless it is kept in the secret store, the new admin
    // token (once) on `context.out()`.
    static Result<std::unique_ptr<ConsoleServer>> start(CliContext& context, SqliteHost& host,
                                                        host::ConnectorHandle& connector,
                                                        const ConsoleOptions& options);
    ~ConsoleServer();
    ConsoleServer(const ConsoleServer&) = delete;
    ConsoleServer& operator=(const ConsoleServer&) = delete;

    // Answers requests for up to `ms` milliseconds; returns false at once on shutdown.
    bool serve_for(int64_t ms);
    // True while a job runs on the console's runner: serve starts no scheduled job meanwhile.
    bool job_running() const;
    // Runs a due scheduled job on the console's runner, answering pages until it ends; its report
    // or run_job's error.
    Result<std::string> run_scheduled(const std::string& job, const std::string& store);

  private:
    struct State;
    explicit ConsoleServer(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

// "127.0.0.1:8080" -> {"127.0.0.1", 8080}; "[::1]:0" -> {"::1", 0}.
Result<std::pair<std::string, uint16_t>> parse_listen(const std::string& text);

} // namespace amzconn::refhost::console
