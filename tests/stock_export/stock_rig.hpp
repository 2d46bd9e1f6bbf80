// A stock rig for the crash tests: the real amzconn-host process (real plugin, real SQLite file)
// and the real sandbox, with four merchant-fulfilled SKUs and one FBA SKU, so a test can kill a
// push with SIGKILL at a crash point, move the host's stock, re-run, and compare both sides.
#pragma once

#include "rig.hpp"

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace amzconn::stock_tests {

class StockRig {
  public:
    static constexpr int64_t k_fba_quantity = 17;
    inline static const std::vector<std::string> k_fbm{"S1", "S2", "S3", "S4"};
    inline static const std::string k_fba = "FBA-1";

    // seed picks the starting stock; time_scale: sandbox seconds per real second (feeds finish
    // after 2 sandbox seconds).
    explicit StockRig(int seed, const std::string& time_scale = "50");

    // Sets MAIN's on hand and allocated of a product in the host (through `amzconn-host seed`).
    void set_levels(const std::map<std::string, std::pair<int64_t, int64_t>>& levels);
    // The host's current available of a merchant SKU (on hand - allocated in MAIN, at least 0).
    int64_t available(const std::string& sku) const;

    // `amzconn-host run JOB --store uk1`; failpoints empty: none armed.
    testing::ProcessResult run(const std::string& job, const std::string& failpoints = "") const;
    // `amzconn-host event stock-changed SKU...`.
    testing::ProcessResult event(const std::vector<std::string>& skus,
                                 const std::string& failpoints = "") const;
    // The JSON report a successful run printed.
    static boost::json::object report(const testing::ProcessResult& run);

    // poll_feeds until no feed is pending (real time passes for the sandbox, bounded).
    boost::json::object poll_until_done() const;
    // Moves the host's virtual clock on (past a dead run's in-flight window).
    void advance_host(const std::string& duration) const;

    int64_t sandbox_calls(const std::string& operation) const;
    // Amazon's quantity per SKU in the UK marketplace, and the FBA listing's channel.
    std::map<std::string, boost::json::object> listings() const;
    // Every merchant listing shows the host's current available; the FBA one is untouched.
    void check_agree() const;

    testing::TempDir dir;
    testing::SandboxServer sandbox;
    integration::Host host;

  private:
    std::map<std::string, std::pair<int64_t, int64_t>> m_levels;
    int m_seed_files = 0;
};

} // namespace amzconn::stock_tests
