#include "stock/listing_update.hpp"

#include "stock/json_text.hpp"
#include "stock/stock_input.hpp"

namespace amzconn::stock {

ListingUpdate make_update(std::string sku, std::string marketplace_id, const DeltaPlan& send,
                          const ListingValues& values) {
    ListingUpdate u;
    u.sku = std::move(sku);
    u.marketplace_id = std::move(marketplace_id);
    u.send_availability = send.send_availability;
    u.send_price = send.send_price;
    u.values = values;
    return u;
}

Outcome validate_update(const ListingUpdate& u) {
    const std::string where = "listing " + u.sku + " in " + u.marketplace_id;
    if (u.sku.empty()) {
        return Error{Status::bad_input, "a listing update has an empty SKU; map a Seller SKU"};
    }
    if (u.product_type.empty()) {
        return Error{Status::bad_input, where + ": product type is empty; use PRODUCT"};
    }
    if (!u.send_availability && !u.send_price) {
        return Error{Status::bad_input, where + ": nothing to send"};
    }
    if (u.send_availability) {
        if (u.values.channel_code.empty()) {
            return Error{Status::bad_input, where + ": no fulfillment channel code"};
        }
        if (u.values.quantity && *u.values.quantity < 0) {
            return Error{Status::bad_input, where + ": negative quantity"};
        }
        if (u.values.lead_time_days &&
            (*u.values.lead_time_days < 0 || *u.values.lead_time_days > k_max_lead_time_days)) {
            return Error{Status::bad_input, where + ": lead time outside 0..30 days"};
        }
    }
    if (u.send_price) {
        if (!u.values.price || u.values.price->currency.empty() ||
            !is_plain_decimal(u.values.price->amount)) {
            return Error{Status::bad_input,
                         where + ": the price is missing or not a plain decimal like 19.99"};
        }
    }
    return {};
}

void append_patches(std::string& out, const ListingUpdate& u) {
    out += '[';
    bool first = true;
    if (u.send_availability) {
        out +=
            R"({"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":)";
        append_json_string(out, u.values.channel_code);
        // FBA channels take no merchant quantity or handling time.
        if (u.values.channel_code == k_merchant_channel) {
            if (u.values.quantity) {
                out += ",\"quantity\":";
                out += std::to_string(*u.values.quantity);
            }
            if (u.values.lead_time_days) {
                out += ",\"lead_time_to_ship_max_days\":";
                out += std::to_string(*u.values.lead_time_days);
            }
        }
        out += "}]}";
        first = false;
    }
    if (u.send_price) {
        if (!first) {
            out += ',';
        }
        // merge, not replace: a replace would wipe what the seller keeps on the offer in Seller
        // Central (sale price schedule, minimum and maximum price); merge sets our_price only.
        out +=
            R"({"op":"merge","path":"/attributes/purchasable_offer","value":[{"marketplace_id":)";
        append_json_string(out, u.marketplace_id);
        out += ",\"currency\":";
        append_json_string(out, u.values.price->currency);
        // The offer to everyone (Amazon's pricing sample); a business (B2B) offer is separate.
        out += R"(,"audience":"ALL","our_price":[{"schedule":[{"value_with_tax":)";
        out += u.values.price->amount; // validated plain decimal: exact, no double
        out += "}]}]}]}";
    }
    out += ']';
}

} // namespace amzconn::stock
