// The cancellation rules' view of a store's `cancellations` config (plugin/src/cancellations maps
// it), so the rules are tested without a config file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace amzconn::cancellations {

struct CancellationSettings {
    // Amazon CancelReason sent when the host gives none.
    std::string default_reason = "NoInventory";
    // How long a queued cancellation waits so that others join the same feed.
    int64_t batch_delay_ms = 5 * 60 * 1000;
    // A full feed goes at once, without waiting out the delay (keeps a feed well under 10 MiB).
    std::size_t max_per_feed = 5000;
};

} // namespace amzconn::cancellations
