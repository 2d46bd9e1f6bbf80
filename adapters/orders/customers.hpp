// Which host customer an order goes to, per channel: per_order FBM orders get a customer matched
// by Amazon's anonymized e-mail (else a new one, with name/company/address only where Amazon sent
// them); per_order FBA orders get the guest customer named by the template (one per store and
// currency); single_customer orders the configured customer. Also the consolidated order's key.
#pragma once

#include "orders/channel_status.hpp"
#include "orders/host_view.hpp"
#include "orders/settings.hpp"
#include "spapi/order_types.hpp"

#include <boost/json/object.hpp>
#include <optional>
#include <string>

namespace amzconn::orders {

struct CustomerDoc {
    std::string code;
    std::string name;
    std::optional<std::string> company, email, phone;
    std::optional<spapi::orders::Address> address;
};

struct CustomerChoice {
    std::string code;                  // the customer the order names
    std::optional<CustomerDoc> upsert; // a customer document to write first
    std::string how; // for the log: matched | new | guest | single (no buyer data)
};

// Fills {store}, {currency} and {marketplace} in the FBA guest-name template.
std::string guest_name(std::string_view tmpl, std::string_view store, std::string_view currency,
                       std::string_view marketplace);

// Fails for single_customer without a code (bad_input; the loader refuses that config) and for a
// code the host does not hold (not_found: HostView::single_customers).
Result<CustomerChoice> choose_customer(const spapi::orders::Order& order,
                                       const OrderSettings& store, Channel channel,
                                       std::string_view currency, const HostView& host);

// "<store>:consolidated:<YYYY-MM-DD>:<CUR>" (FBM) and "<store>:consolidated-fba:..." (FBA), by
// the order's UTC creation date.
std::string consolidated_key(std::string_view store, Channel channel, time::Timestamp created,
                             std::string_view currency);

// The customer as the `customer` entity document (a tree).
boost::json::object customer_json(const CustomerDoc& customer,
                                  boost::json::storage_ptr storage = {});

} // namespace amzconn::orders
