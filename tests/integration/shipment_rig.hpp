// Shipment tests' rig: a demo store with imported orders, host shipments written through
// `event shipped`, and the check that every one of them is confirmed exactly once in the
// sandbox's state (what Amazon holds), or parked in the host's queue and absent at Amazon.
#pragma once

#include "rig.hpp"

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

namespace amzconn::integration {

struct PlannedShipment {
    std::string order_id; // Amazon's
    std::string tracking;
    std::string carrier;
    std::map<std::string, int64_t> lines; // SKU -> units; empty: the rest of the order
};

// Up to `max_orders` unshipped FBM orders the host imported: one whole-order package each, and
// for an order with an item of 2+ units a first package of 1 unit of it, then the rest.
std::vector<PlannedShipment> plan_shipments(const DemoRig& rig, size_t max_orders);

// `event shipped` for each; extra_env arms failpoints. Returns the process results.
std::vector<testing::ProcessResult>
record_shipments(const DemoRig& rig, const std::vector<PlannedShipment>& planned,
                 const std::map<std::string, std::string>& extra_env = {});

// Whole-order shipments written straight into the host's database (as a host's own UI would,
// without events), one per unshipped merchant order the host imported, up to `max`; returns them.
std::vector<PlannedShipment> write_shipments_directly(const DemoRig& rig, size_t max);

// confirm_shipments until a run ends ok or partial with nothing pending (bounded); between runs
// both clocks move on (a killed run's lease expires). Returns the number of runs.
int confirm_until_done(const DemoRig& rig, int max_runs = 30);

// The host's shipment queues (host state), by shipment key: state, reason.
std::map<std::string, std::pair<std::string, std::string>> queue_states(const DemoRig& rig);

struct ShipmentCheck {
    size_t confirmed = 0; // host shipments with exactly one package at Amazon
    size_t parked = 0;    // parked in the host and absent at Amazon
    std::vector<std::string> problems;
};

// Every host shipment against the sandbox's state: exactly one package with its tracking
// number, the order's confirmations equal to its packages (nothing sent twice), the units
// of the host's lines; or parked and absent.
ShipmentCheck check_shipments(const DemoRig& rig, const std::vector<PlannedShipment>& planned);

} // namespace amzconn::integration
