// Where the stock export keeps its memory in host state (namespace "store:<alias>"): the
// last-sent state per listing, the fulfilment channel of each listing learnt from Amazon, the
// feeds being followed, the listings waiting for a feed slot, and the region's feed submissions.
#pragma once

#include "amzconn/host_services.hpp"
#include "stock/delta.hpp"
#include "stock/flat_index.hpp"
#include "stock/stock_input.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace amzconn::plugin {

using ListingKey = std::pair<std::string, std::string>; // (marketplace id, SKU)

struct StoredSent {
    stock::SentState state;
    int64_t host_version = 0; // host-state CAS version; k_version_absent when never stored
};

std::string sent_key(const ListingKey& key);
constexpr std::string_view k_sent_prefix = "stock/sent/";
constexpr std::string_view k_feed_prefix = "stock/feed/";
constexpr std::string_view k_listings_key = "stock/listings";
constexpr std::string_view k_queue_key = "stock/queue";
constexpr std::string_view k_generation_key = "stock/generation";

// Every stored last-sent state of a store, by listing key, in one flat sorted vector.
using SentStates = stock::PairKeyVector<StoredSent>;

// Every stored last-sent state of the store.
Result<SentStates> read_all_sent(HostServices& host, std::string_view ns);
Result<std::optional<StoredSent>> read_sent(HostServices& host, std::string_view ns,
                                            const ListingKey& key);
// Compare-and-set write; conflict when someone else wrote it first.
Result<int64_t> write_sent(HostServices& host, std::string_view ns, const ListingKey& key,
                           const stock::SentState& state, int64_t expected_version);

// The next computation generation of the store (monotonic, CAS-incremented).
Result<uint64_t> next_generation(HostServices& host, std::string_view ns);

struct ListingsCache {
    int64_t fetched_at_ms = 0;
    std::vector<stock::Listing> listings;
};
Result<std::optional<ListingsCache>> read_listings_cache(HostServices& host, std::string_view ns);
Outcome write_listings_cache(HostServices& host, std::string_view ns, const ListingsCache& cache);

// The listings waiting for a feed slot (their values are computed again when they go).
Result<std::set<ListingKey>> read_queue(HostServices& host, std::string_view ns, int64_t& version);
Outcome write_queue(HostServices& host, std::string_view ns, const std::set<ListingKey>& queue,
                    int64_t expected_version);

// When this seller's feeds were submitted in the region (plugin namespace, shared by stores).
std::string pacing_key(std::string_view region, std::string_view seller_id);
Result<std::vector<int64_t>> read_pacing(HostServices& host, std::string_view key,
                                         int64_t& version);
Outcome write_pacing(HostServices& host, std::string_view key, const std::vector<int64_t>& times,
                     int64_t expected_version);

} // namespace amzconn::plugin
