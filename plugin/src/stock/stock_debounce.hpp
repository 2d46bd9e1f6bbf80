// Debounce of host stock_changed events per store: every event records its SKUs in host state;
// one caller holds a short lease as the flusher, waits the window, pushes what accumulated and
// repeats while more arrived; the others return at once as "coalesced". A dead flusher's SKUs
// stay recorded and go with the next flush once its lease expires.
#pragma once

#include "amzconn/host_services.hpp"
#include "engine/job_report.hpp"
#include "engine/store_lease.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::plugin {

// How long the flusher waits for more events before pushing (through host sleep_ms, so a
// virtual clock moves instead of the test waiting).
inline constexpr int64_t k_stock_debounce_window_ms = 2000;
// The flusher's lease: long enough for one push at patchListingsItem's rate, renewed per round.
inline constexpr int64_t k_stock_debounce_lease_ms = 60'000;
// A flusher stops after this many rounds; what arrives later waits for the next event.
inline constexpr int k_stock_debounce_max_rounds = 20;

// The SKUs waiting for a push, with the sequence number of the event that last named each, so
// removing what one push covered never drops a newer event's mark of the same SKU.
struct PendingSkus {
    std::map<std::string, uint64_t> skus;
    uint64_t next_seq = 1;
};

Result<PendingSkus> parse_pending_skus(std::string_view text);
std::string serialize_pending_skus(const PendingSkus& pending);

class StockDebounce {
  public:
    // Pushes a set of SKUs now; answers the push's report.
    using Push = std::function<Result<JobReport>(const std::vector<std::string>& skus)>;

    StockDebounce(HostServices& host, std::string store_alias);

    // Records the SKUs, then flushes as the flusher or answers "coalesced". The answer:
    // {"store", "status": "flushed"|"coalesced"|..., "flusher", "rounds", "skus",
    // "counts" (summed over the rounds' push reports), "pushes": [reports], "messages" (the
    // pushes' messages, e.g. values waiting for a feed), "waiting_for_feeds" (feed ids, when
    // values wait)}.
    Result<boost::json::object> on_event(const std::vector<std::string>& skus, const Push& push);

    // The scheduled catch-up (poll_feeds): pushes the SKUs a dead flusher left behind, once its
    // lease has expired, as on_event does; nullopt at once, without waiting, when none wait.
    Result<std::optional<boost::json::object>> flush_left_over(const Push& push);

  private:
    // What one flusher did, for its answer.
    struct Flush {
        std::string status = "flushed";
        std::string flusher;
        int rounds = 0;
        boost::json::array skus;
        boost::json::object counts;
        boost::json::array pushes;
        boost::json::array messages;
        boost::json::array waiting_for_feeds; // feeds whose answer deferred values wait for

        boost::json::object to_json(const std::string& store) const;
    };
    Result<bool> push_round(StoreLease& lease, const Push& push, Flush& flush);
    Outcome add(const std::vector<std::string>& skus);
    Result<PendingSkus> snapshot(int64_t& version);
    Outcome remove_covered(const PendingSkus& covered);
    std::string lease_holder();

    HostServices& m_host;
    std::string m_store;
    std::string m_ns;
};

} // namespace amzconn::plugin
