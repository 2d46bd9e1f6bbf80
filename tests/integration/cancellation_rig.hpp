// Cancellation tests' rig: host cancellations written through `event cancelled` (or straight into
// the host's database), send_cancellations run until settled, and the check that each one is
// applied exactly once in the sandbox's state (what Amazon holds), with its reason and units.
#pragma once

#include "rig.hpp"

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

namespace amzconn::integration {

struct PlannedCancel {
    std::string store;    // the host store (alias)
    std::string order_id; // Amazon's
    std::string reason;
    std::string sku;      // empty: the whole order
    int64_t quantity = 0; // with sku
};

// Up to `max_orders` unshipped merchant orders store `alias` imported: whole-order cancellations,
// and one unit of an item with 2+ units for every third order that has one.
std::vector<PlannedCancel> plan_cancels(const DemoRig& rig, const std::string& alias,
                                        size_t max_orders);

// `event cancelled` for one; extra_env arms failpoints.
testing::ProcessResult record_cancel(const DemoRig& rig, const PlannedCancel& p,
                                     const std::map<std::string, std::string>& env = {});

// The cancellations written straight into the host's database, as a host's own UI would.
void write_cancels_directly(const DemoRig& rig, const std::vector<PlannedCancel>& planned);

// Both clocks move on by the same amount (getFeeds compares Amazon's feed times with the host's).
void advance(const DemoRig& rig, int minutes);

// One send_cancellations run's report ({} when the run failed or died).
boost::json::object run_send(const DemoRig& rig, const std::string& alias,
                             const std::map<std::string, std::string>& env = {});

// send_cancellations until nothing is queued or in flight (bounded); returns the runs.
int send_until_settled(const DemoRig& rig, const std::string& alias, int max_runs = 40);

// Acknowledgement feeds the sandbox received.
int64_t ack_feeds(const boost::json::object& state);

// Every planned cancellation against the sandbox: one cancellation applied to its order, with
// exactly the units asked (none twice), and the reason on each cancelled item.
std::vector<std::string> check_cancels(const DemoRig& rig,
                                       const std::vector<PlannedCancel>& planned);

std::string joined(const std::vector<std::string>& problems);
int64_t num(const boost::json::value& v);

} // namespace amzconn::integration
