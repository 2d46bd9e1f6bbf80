// SandboxServer: the one way a test starts the real amzconn-sandbox (a child process on loopback,
// via SandboxProcess, the sandbox's own process helper) and reads Amazon's side back from it: the
// control API (/_sandbox/state, clock, faults, orders) and getOrder.
#pragma once

#include "sandbox_process.hpp"

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace amzconn::testing {

class SandboxServer {
  public:
    // args: the sandbox's options (e.g. {"--clock", "virtual", "--generate", "100"}). Throws
    // std::runtime_error saying why when the sandbox does not start.
    explicit SandboxServer(const std::vector<std::string>& args);

    const std::string& url() const { return m_process->base_url(); }
    SandboxProcess& process() const { return *m_process; }

    boost::json::object state() const;
    // POSTs body as JSON to a control path such as "/_sandbox/faults".
    void post(const std::string& path, const boost::json::value& body) const;
    // SP-API calls the sandbox counted for one operation, and for all (LWA token calls left out).
    int64_t calls(const std::string& operation) const;
    int64_t total_calls() const;
    // Moves the sandbox's virtual clock on.
    void advance(int64_t seconds) const;
    // The full Orders 2026-01-01 order as getOrder serves it (every includedData), for edits.
    boost::json::object get_order(const std::string& order_id) const;
    // Replaces orders (their lastUpdatedTime becomes the sandbox's now).
    void put_orders(std::vector<boost::json::object> orders) const;

  private:
    std::unique_ptr<SandboxProcess> m_process;
};

} // namespace amzconn::testing
