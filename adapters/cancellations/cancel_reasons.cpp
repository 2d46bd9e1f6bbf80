#include "cancellations/cancel_reasons.hpp"

#include <algorithm>

namespace amzconn::cancellations {

std::string cancel_reason_list() {
    std::string out;
    for (const auto reason : k_cancel_reasons) {
        out += out.empty() ? "" : ", ";
        out += reason;
    }
    return out;
}

bool is_cancel_reason(std::string_view reason) {
    return std::find(k_cancel_reasons.begin(), k_cancel_reasons.end(), reason) !=
           k_cancel_reasons.end();
}

std::optional<std::string> reason_problem(std::string_view reason) {
    if (is_cancel_reason(reason)) {
        return std::nullopt;
    }
    return "cancel reason '" + std::string(reason) +
           "' is not one Amazon takes; give one of: " + cancel_reason_list();
}

} // namespace amzconn::cancellations
