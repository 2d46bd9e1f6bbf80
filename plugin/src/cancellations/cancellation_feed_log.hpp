// The feed log entry (entity `feed`, stock/feed_log.hpp) of a POST_ORDER_ACKNOWLEDGEMENT_DATA feed:
// the Amazon order id each message carries and, once the feed has finished, Amazon's result per
// order with its code and text. A log written beside the engine's own records (feed record,
// entries), never an authority the engine reads back.
#pragma once

#include "cancellations/ack_feed.hpp"

#include <boost/json/object.hpp>
#include <span>

namespace amzconn::plugin {

// Adds `orders` (each message's Amazon order id, in message order) to the entry.
void add_ack_orders(boost::json::object& entity,
                    std::span<const cancellations::AckMessage> messages);

// Adds Amazon's answer to the entry: result counts, and results, one per message in message order,
// {amazon_order_id, order_item_ids (when it names items), result, issues}; a refusal of the whole
// feed (MessageID 0) is a feed-level issue and every message is rejected. `report` null: the feed
// ended without a report (FATAL, CANCELLED), every message not_processed.
void add_ack_answer(boost::json::object& entity,
                    std::span<const cancellations::AckMessage> messages,
                    const cancellations::AckReport* report);

} // namespace amzconn::plugin
