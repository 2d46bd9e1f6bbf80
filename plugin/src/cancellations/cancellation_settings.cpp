#include "cancellations/cancellation_settings.hpp"

#include "cancellations/cancel_reasons.hpp"

namespace amzconn::plugin {

// config::CancelReason lists Amazon's values in the order of k_cancel_reasons.
static_assert(static_cast<size_t>(config::CancelReason::MerchandiseNotReceived) + 1 ==
              cancellations::k_cancel_reasons.size());

cancellations::CancellationSettings cancellation_settings(const config::StoreConfig& store) {
    cancellations::CancellationSettings out;
    const auto& c = store.cancellations;
    out.default_reason =
        std::string(cancellations::k_cancel_reasons.at(static_cast<size_t>(c.default_reason)));
    if (c.batch_delay.count() > 0) {
        out.batch_delay_ms = c.batch_delay.count() * 1000;
    }
    return out;
}

} // namespace amzconn::plugin
