// The integration rig: runs the real amzconn-host (with the real plugin and a real SQLite file)
// and the real amzconn-sandbox as child processes, and compares the host's orders with the
// sandbox's, so every test states its exactly-once rule in terms of both sides.
#pragma once

#include "child_process.hpp"
#include "sandbox_server.hpp"
#include "temp_dir.hpp"

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace amzconn::integration {

class Host {
  public:
    // A fresh SQLite file in dir; env carries the sandbox URL and the demo credentials.
    Host(const std::string& dir, const std::string& sandbox_url);
    // Runs amzconn-host on the database and the real plugin; AMZCONN_FAILPOINTS only when given.
    testing::ProcessResult cmd(std::vector<std::string> args,
                               const std::map<std::string, std::string>& extra_env = {}) const;
    // cmd that must succeed (exit 0); throws with its stderr otherwise.
    std::string ok(std::vector<std::string> args) const;
    boost::json::object dump() const;
    boost::json::array log() const;
    // import_orders until the report says ok (bounded); returns the number of runs.
    int import_until_ok(const std::string& store, int max_runs = 30) const;
    // The host clock (virtual in these tests), in Unix milliseconds.
    int64_t clock_ms() const;
    const std::string& db() const { return m_db; }
    std::map<std::string, std::string>& env() { return m_env; }

  private:
    std::string m_db;
    std::map<std::string, std::string> m_env;
};

// Writes text to dir/name and returns the path.
std::string write_file(const std::string& dir, const std::string& name, const std::string& text);

// The demo config (config/examples/demo.yaml) under another alias, with extra YAML lines
// appended inside the store (indented by the caller).
std::string demo_config(const std::string& alias, const std::string& extra_store_yaml = "");

// Which sandbox orders a config imports, from the state's summary fields.
using Wanted = std::function<bool(const boost::json::object& sandbox_order)>;
// The demo store's rule: UK and DE; FBM unshipped; FBA shipped.
bool demo_wants(const boost::json::object& sandbox_order);

struct Comparison {
    size_t expected = 0;
    size_t lost = 0;
    size_t duplicated = 0;
    size_t extra = 0;
    size_t stale = 0; // host order whose status is not the one Amazon's latest status implies
    std::vector<std::string> problems;
    bool exact() const { return lost == 0 && duplicated == 0 && extra == 0 && stale == 0; }
    std::string summary() const;
};

// Host orders of `store` against the sandbox orders `wanted` selects: each exactly once, keyed
// "<store>:<order id>", at the host status Amazon's latest status implies.
Comparison compare(const boost::json::object& dump, const boost::json::object& state,
                   const std::string& store, const Wanted& wanted);

// The host status an imported order must have for Amazon's status (demo-style rules).
std::string expected_host_status(const boost::json::object& sandbox_order);

std::string str(const boost::json::value& value);

// Amazon marketplace ids the tests sell on (the demo config: UK and DE).
inline constexpr const char* k_uk = "A1F83G8C2ARO7P";
inline constexpr const char* k_de = "A1PA6795UKMFR9";
inline constexpr const char* k_us = "ATVPDKIKX0DER";

// The sandbox order `id` in a /_sandbox/state document, or null.
const boost::json::object* sandbox_order(const boost::json::object& state, const std::string& id);

// A job report's count `name`, or -1 when the report has none (so a check against it fails).
int64_t report_count(const boost::json::object& report, const char* name);

// A sandbox with generated orders on a virtual clock at 2026-03-01, and a host on the same
// virtual time with the demo config installed under `alias` and the demo master data seeded.
struct DemoRig {
    // config_yaml: the store config to install (default: demo_config(alias)).
    DemoRig(int generate, int seed, const std::vector<std::string>& sandbox_args = {},
            const std::string& config_yaml = "", const std::string& alias = "demo");
    testing::TempDir dir;
    testing::SandboxServer sandbox;
    Host host;
    std::string alias;
    Comparison compare_now() const;
    // import_orders until ok; between runs both clocks move on (a dead run's lease expires, an
    // order touched during the walk falls inside the next walk's bound). Returns the run count.
    int import_until_ok(int max_runs = 30) const;
    void set_faults(const boost::json::value& faults) const;
};

} // namespace amzconn::integration
