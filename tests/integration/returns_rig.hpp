// Returns tests' rig: returns recorded at the sandbox for orders of the demo store, import_returns
// run until done, and the check that every sandbox return is in the host exactly once, linked to
// its imported order, with Amazon's quantity, reason, disposition and status.
#pragma once

#include "rig.hpp"

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace amzconn::integration {

// The buyer's comment every recorded return carries: buyer data that no log line may show.
inline constexpr const char* k_comment_canary = "CANARYCOMMENT-buyer-wrote-this";

// Records a return at the sandbox for each of up to `max` orders the demo store wants (from the
// sandbox's state): MFN for merchant orders, AFN for Amazon-fulfilled ones, return dates spread
// over the last 80 days of the sandbox clock (so both 60-day windows have some). Returns their
// Amazon order ids.
std::vector<std::string> record_returns(const DemoRig& rig, size_t max, int seed);

// One import_returns run: its report, or an empty object when the run failed or died.
boost::json::object run_returns(const DemoRig& rig,
                                const std::map<std::string, std::string>& extra_env = {});

// import_returns until a run ends ok or partial (bounded); between runs both clocks move on (the
// sandbox finishes its reports, a killed run's lease expires). Returns the last report.
boost::json::object returns_until_done(const DemoRig& rig, int max_runs = 30);

struct ReturnCheck {
    size_t expected = 0;
    size_t found = 0;
    std::vector<std::string> problems;
};

// The host's returns of the store against the sandbox's (state.returns): each exactly once under
// its key, linked to "<store>:<order id>", every field as Amazon reports it. `parked_orders`:
// orders whose returns must not be in the host (the host lacks them).
ReturnCheck check_returns(const DemoRig& rig, const std::vector<std::string>& parked_orders = {});

} // namespace amzconn::integration
