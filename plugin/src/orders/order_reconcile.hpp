// reconcile_orders: compares Amazon's orders with the host's over a window, imports what is
// missing through OrderImport::apply (same idempotency key, one transaction per order, so
// exactly-once holds), and reports what is still missing and why, and which host orders Amazon
// does not have. The window is walked in slices of creation time, so a failed walk costs one
// slice, not the run.
#pragma once

#include "engine/engine_context.hpp"
#include "orders/order_import.hpp"

#include <memory>

namespace amzconn::plugin {

namespace reconcile_detail {
struct Run;
} // namespace reconcile_detail

class OrderReconcile {
  public:
    OrderReconcile(EngineContext& context, OrderImport& import);
    ~OrderReconcile();

    // "days" (default 7), or "from" and optionally "to".
    Result<JobReport> run(const JobArgs& args);

  private:
    using Run = reconcile_detail::Run;
    Result<bool> walk_slice(Run& run, StoreLease& lease);
    // A walk that failed or ended early: Ok(true) to walk the same start again, smaller.
    Result<bool> after_failed_walk(Run& run,
                                   const spapi::ApiResult<spapi::orders::WalkSummary>& walk,
                                   StoreLease& lease);
    bool compare_page(Run& run, const spapi::orders::SearchOrdersPage& page, StoreLease& lease);
    bool take(Run& run, std::string_view order_id, const Outcome& applied);
    JobReport finish(Run& run);
    void list_host_only(Run& run);

    EngineContext& m_context;
    OrderImport& m_import;
};

} // namespace amzconn::plugin
