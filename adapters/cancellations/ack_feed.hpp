// POST_ORDER_ACKNOWLEDGEMENT_DATA: the XML feed of acknowledgement messages
// (OrderAcknowledgement.xsd inside amzn-envelope.xsd; MessageID 1..n in the order given) and its
// XML processing report read back into one result per message.
#pragma once

#include "amzconn/result.hpp"
#include "cancellations/cancel_plan.hpp"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace amzconn::cancellations {

inline constexpr std::string_view k_ack_feed_type = "POST_ORDER_ACKNOWLEDGEMENT_DATA";
inline constexpr std::string_view k_ack_content_type = "text/xml; charset=UTF-8";

// `merchant_id`: the seller id (MerchantIdentifier). Message i (from 0) gets MessageID i + 1.
std::string build_ack_feed(std::string_view merchant_id, std::span<const AckMessage> messages);

// Amazon's answer to one message: accepted, or refused with its code and description.
struct AckResult {
    bool accepted = true;
    std::string code;        // ResultMessageCode of the first error
    std::string description; // every error's ResultDescription, joined with "; "
};

struct AckReport {
    int64_t processed = 0;
    int64_t successful = 0;
    int64_t with_error = 0;
    std::map<int64_t, AckResult> errors; // by MessageID; a message not listed was accepted
    std::string feed_error;              // a MessageID 0 error: the whole feed was refused

    // The result of message `message_id` (1-based).
    AckResult result(int64_t message_id) const;
};

// The processing report (AmazonEnvelope/Message/ProcessingReport with ProcessingSummary and
// Result elements); an error when it is not one.
Result<AckReport> parse_ack_report(std::string_view xml);

} // namespace amzconn::cancellations
