#include "engine/lease_jobs.hpp"

#include "engine/job_names.hpp"
#include "engine/store_lease.hpp"

namespace amzconn::plugin {

Result<JobReport> run_unlock_store(EngineContext& context, const JobArgs& /*args*/) {
    auto report = context.start_report(job_names::unlock_store);
    TRY_ASSIGN(auto released, StoreLease::release_all(context.host, context.store.alias));
    report.counts = {{"released", static_cast<int64_t>(released.size())}};
    if (released.empty()) {
        report.messages.emplace_back("no job lease of this store was held: nothing to release");
    }
    for (auto& line : released) {
        context.host.log(LogLevel::info, context.store.alias, "",
                         std::string(job_names::unlock_store) + ": released the lease of " + line);
        report.messages.push_back("released the lease of " + std::move(line));
    }
    return context.finish(std::move(report));
}

} // namespace amzconn::plugin
