// import_returns: Amazon's merchant-fulfilled and FBA returns reports into the host's `return`
// entities, each linked to its imported order, exactly once (the entity key is stable per return;
// a later report that changes a return updates it). A return whose order the host lacks is parked
// in host state and imported once the order arrives. Scheduled runs cover the days since the last
// run and re-read the last 59 (statuses change after the return date); the first covers 90 days.
#pragma once

#include "engine/engine_context.hpp"
#include "engine/store_lease.hpp"
#include "orders/settings.hpp"
#include "returns/parked_return.hpp"
#include "returns/returns_report_fetch.hpp"

#include <boost/json/array.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace amzconn::plugin {

struct ReturnCounts {
    int64_t imported = 0;
    int64_t updated = 0;
    int64_t unchanged = 0;
    int64_t parked = 0;
    int64_t refused = 0; // documents the host refused (bad_input)
    int64_t bad_rows = 0;
    int64_t reports = 0;
};

class ReturnImport {
  public:
    explicit ReturnImport(EngineContext& context);

    // args: from / to (a date or RFC 3339 time) for an on-demand range; none: the scheduled run.
    Result<JobReport> run(const JobArgs& args);

  private:
    struct Range {
        time::Timestamp from;
        time::Timestamp to;
        bool scheduled = true;
    };
    Result<Range> range(returns::Channel channel, const JobArgs& args);
    // Every window of the channel's range; false when one was not ready (retry_later).
    Result<bool> import_channel(StoreLease& lease, returns::Channel channel, const JobArgs& args);
    Outcome import_window(returns::Channel channel, const FetchedWindow& fetched);
    // One return: into the host when its order is there, else parked.
    Outcome apply(const returns::HostReturn& r);
    Outcome retry_parked();
    // pass_done: the range was read to its end (the next run starts a new pass).
    Outcome save_cursor(returns::Channel channel, time::Timestamp covered_to, bool pass_done);
    JobReport report(std::string status, std::vector<std::string> messages);

    EngineContext& m_context;
    HostServices& m_host;
    const config::StoreConfig& m_store;
    orders::ProductSettings m_products;
    ReturnCounts m_counts;
    std::set<std::string> m_parked_keys; // parked when the run began
    // Returns parked after this run (by key): return id, order id, reason.
    std::map<std::string, boost::json::object> m_waiting;
    int64_t m_started_ms = 0;
    std::vector<std::string> m_messages;
};

Result<JobReport> run_import_returns(EngineContext& context, const JobArgs& args);

} // namespace amzconn::plugin
