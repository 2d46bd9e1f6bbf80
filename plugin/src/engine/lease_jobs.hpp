// The store's job leases as a job of their own: the admin's way to free a store whose worker
// died on another machine (on this machine a dead holder's lease is taken over by itself).
#pragma once

#include "engine/engine_context.hpp"

namespace amzconn::plugin {

// unlock_store: releases every job lease of the store and reports which.
Result<JobReport> run_unlock_store(EngineContext& context, const JobArgs& args);

} // namespace amzconn::plugin
