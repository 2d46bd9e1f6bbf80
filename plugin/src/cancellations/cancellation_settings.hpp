// The cancellation rules' settings from a store's typed config (`cancellations.*`).
#pragma once

#include "amzconn/config/types.hpp"
#include "cancellations/settings.hpp"

namespace amzconn::plugin {

cancellations::CancellationSettings cancellation_settings(const config::StoreConfig& store);

} // namespace amzconn::plugin
