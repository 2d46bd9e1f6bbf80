// One returns report window, requested once and followed to its end: the request is remembered in
// host state under the window's start (createReport's quota is one a minute, and a crash or a
// retry_later run must not request it again), so the next run follows the same report. A report
// Amazon cancels (no data in the window) is an empty document.
#pragma once

#include "engine/engine_context.hpp"
#include "engine/store_lease.hpp"
#include "returns/returns_report.hpp"
#include "returns/windows.hpp"

#include <optional>
#include <string>

namespace amzconn::plugin {

struct FetchedWindow {
    returns::Window window; // as requested (a remembered request keeps its own end)
    std::string report_id;
    std::string text; // the report document; empty when Amazon cancelled it for lack of data
    int64_t memo_version = k_version_absent;
};

// Requests (or follows the remembered request of) the channel's report for the window starting
// at window.from. nullopt: not ready within about a minute; the request stays remembered.
Result<std::optional<FetchedWindow>> fetch_returns_window(EngineContext& context, StoreLease& lease,
                                                          returns::Channel channel,
                                                          returns::Window window);

// Forgets the window's remembered request once its returns are in the host.
Outcome forget_returns_window(EngineContext& context, returns::Channel channel,
                              const FetchedWindow& fetched);

// Forgets every remembered request too old to be followed (they are requested anew).
Outcome forget_stale_windows(EngineContext& context);

} // namespace amzconn::plugin
