// What map_order decides for one Amazon order: import, update, skip, wait or park, with the
// documents to write and log notes that never carry buyer data.
#pragma once

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace amzconn::orders {

enum class NoteLevel { error, info, debug };

struct LogNote {
    NoteLevel level = NoteLevel::info;
    std::string message; // order ids, SKUs and amounts only: never names, e-mails or addresses
};

// The order against Amazon's own total, in the currency's text form.
struct Reconciliation {
    std::optional<std::string> amazon_total; // absent when Amazon sent no grand total
    std::string host_total;                  // the sales_order's totals.total
    std::string excluded_tax;                // tax Amazon charged that the host order leaves out
    std::optional<std::string> residual;     // amazon_total - (host_total + excluded_tax), if not 0
};

// The documents are trees, each validated once as its entity when map_order built it; the engine
// serialises them once, in the host transaction (the one text form the C ABI needs).
//
// Their nodes live in the plan's own arena, reached through an uncounted storage_ptr: building
// them costs no reference counting and freeing them no walk. So a document must not outlive its
// plan: a copy that has to (json::object(doc) keeps doc's storage) is made onto the heap,
// json::object(doc, json::storage_ptr()). Moving the plan keeps the arena where it is; a plan
// is not copied.
struct ImportPlan {
    ImportPlan();
    ImportPlan(ImportPlan&&) noexcept = default;
    ImportPlan& operator=(ImportPlan&& other) noexcept;
    ImportPlan(const ImportPlan&) = delete;
    ImportPlan& operator=(const ImportPlan&) = delete;
    ~ImportPlan() = default;

    // Declared first, so destroyed last: the documents below point into it.
    std::unique_ptr<boost::json::monotonic_resource> arena;
    std::string idempotency_key; // "<alias>:<amazon order id>" (or the consolidated order's key)
    boost::json::object sales_order; // entity "sales_order"
    // Set when the order goes into the day's consolidated order: merge sales_order into the
    // existing document with merge_consolidated() instead of creating it.
    bool consolidated = false;
    std::optional<boost::json::object> customer; // entity "customer" to upsert (per-order / guest)
    std::vector<boost::json::object> products;   // entity "product" to create (create_on_import)
    std::string host_status;                     // parked|placed|backordered|completed
    // What the order became, for the one INFO line the engine writes once the order is in the
    // host: channel, warehouse, how the customer was chosen, lines, total (no buyer data).
    std::string summary;
    bool fell_back_to_backordered = false;
    Reconciliation reconciliation;
    std::vector<std::string> finer_than_currency; // field paths of amounts below the minor unit

    // Where the documents are built: the arena, uncounted (the plan owns it).
    boost::json::storage_ptr storage() const { return boost::json::storage_ptr(arena.get()); }
};

struct UpdatePlan {
    std::string idempotency_key;
    std::string from_status;
    std::string to_status; // cancelled | shipped
    std::string reason;    // why, for the engine's INFO line once the update is written
};

enum class SkipKind { filter, status, unchanged };

struct SkipPlan {
    SkipKind kind = SkipKind::status;
    std::string
        filter; // which filter: channel, countries, inventory_locations, programs, start_date
    std::string reason;
};

struct WaitPlan {
    std::string reason;
};

struct ParkPlan {
    std::string reason;
    std::string fix;
    std::string path; // field path in Amazon's payload, or a config key
};

struct MapResult {
    std::variant<ImportPlan, UpdatePlan, SkipPlan, WaitPlan, ParkPlan> decision;
    std::vector<LogNote> notes;

    bool is_import() const { return decision.index() == 0; }
    bool is_update() const { return decision.index() == 1; }
    bool is_skip() const { return decision.index() == 2; }
    bool is_wait() const { return decision.index() == 3; }
    bool is_park() const { return decision.index() == 4; }
    const ImportPlan& import() const { return std::get<0>(decision); }
    const UpdatePlan& update() const { return std::get<1>(decision); }
    const SkipPlan& skip() const { return std::get<2>(decision); }
    const WaitPlan& wait() const { return std::get<3>(decision); }
    const ParkPlan& park() const { return std::get<4>(decision); }
};

} // namespace amzconn::orders
