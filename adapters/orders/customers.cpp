#include "orders/customers.hpp"

#include "base/marketplaces.hpp"
#include "orders/json_build.hpp"

#include <boost/json.hpp>

namespace amzconn::orders {

using spapi::orders::Order;

std::string guest_name(std::string_view tmpl, std::string_view store, std::string_view currency,
                       std::string_view marketplace) {
    std::string out;
    for (size_t i = 0; i < tmpl.size();) {
        auto try_replace = [&](std::string_view token, std::string_view value) {
            if (tmpl.substr(i, token.size()) == token) {
                out += value;
                i += token.size();
                return true;
            }
            return false;
        };
        if (try_replace("{store}", store) || try_replace("{currency}", currency) ||
            try_replace("{marketplace}", marketplace)) {
            continue;
        }
        out += tmpl[i++];
    }
    return out;
}

namespace {

bool present(const std::optional<std::string>& s) {
    return s && !s->empty();
}

} // namespace

Result<CustomerChoice> choose_customer(const Order& order, const OrderSettings& store,
                                       Channel channel, std::string_view currency,
                                       const HostView& host) {
    const auto& cfg = channel_config(store, channel);
    if (cfg.customer.strategy == CustomerStrategy::single_customer) {
        if (!cfg.customer.code) {
            return Error{Status::bad_input,
                         "customer.strategy single_customer needs customer.code in the store "
                         "config"};
        }
        if (!host.single_customers.count(*cfg.customer.code)) {
            // An order naming a missing customer would point nowhere in the host.
            return Error{Status::not_found, "customer '" + *cfg.customer.code +
                                                "' (the store's single customer) does not "
                                                "exist in the host"};
        }
        return CustomerChoice{*cfg.customer.code, std::nullopt, "single"};
    }
    const auto& buyer = order.buyer;
    if (channel == Channel::fba) {
        // Amazon does not share FBA buyers for fulfilment (their e-mail is an FBM-only field):
        // FBA orders share one guest customer per store and currency.
        std::string marketplace;
        if (const auto* m = amazon::find_marketplace(order.sales_channel.marketplace_id)) {
            marketplace = std::string(m->country_code);
        }
        CustomerDoc doc;
        doc.name = guest_name(cfg.guest_name.empty() ? "{store} FBA {currency} Amazon Guests"
                                                     : cfg.guest_name,
                              store.alias, currency, marketplace);
        doc.code = doc.name;
        if (doc.code.size() > 64) {
            doc.code.resize(64);
        }
        return CustomerChoice{doc.code, std::move(doc), "guest"};
    }
    if (buyer && present(buyer->buyer_email)) {
        if (auto it = host.customers_by_email.find(*buyer->buyer_email);
            it != host.customers_by_email.end()) {
            return CustomerChoice{it->second, std::nullopt, "matched"};
        }
    }
    // The document is built where the choice holds it: a CustomerDoc (an address of optional
    // strings) is costly to move.
    CustomerChoice choice{{}, CustomerDoc{}, "new"};
    CustomerDoc& doc = *choice.upsert;
    doc.code = store.alias + "-" + order.order_id;
    doc.name = buyer && present(buyer->buyer_name) ? *buyer->buyer_name
                                                   : "Amazon Customer " + order.order_id;
    const spapi::orders::Address* address = nullptr;
    if (order.recipient && order.recipient->delivery_address) {
        address = &*order.recipient->delivery_address;
    }
    if (buyer && present(buyer->buyer_company_name)) {
        doc.company = buyer->buyer_company_name;
    } else if (address != nullptr && present(address->company_name)) {
        doc.company = address->company_name;
    }
    if (buyer && present(buyer->buyer_email)) {
        doc.email = buyer->buyer_email;
    }
    if (address != nullptr) {
        if (present(address->phone)) {
            doc.phone = address->phone;
        }
        if (present(address->country_code)) {
            doc.address = *address;
        }
    }
    choice.code = doc.code;
    return choice;
}

std::string consolidated_key(std::string_view store, Channel channel, time::Timestamp created,
                             std::string_view currency) {
    const std::string stamp = time::format_rfc3339(created);
    return std::string(store) +
           (channel == Channel::fba ? ":consolidated-fba:" : ":consolidated:") +
           stamp.substr(0, 10) + ":" + std::string(currency);
}

boost::json::object customer_json(const CustomerDoc& customer, boost::json::storage_ptr storage) {
    boost::json::object o(std::move(storage));
    o.reserve(6);
    o.emplace("code", customer.code); // each key once: emplaced, not looked up
    o.emplace("name", customer.name);
    if (customer.company) {
        o.emplace("company", *customer.company);
    }
    if (customer.email) {
        o.emplace("email", *customer.email);
    }
    if (customer.phone) {
        o.emplace("phone", *customer.phone);
    }
    if (customer.address) {
        boost::json::array a(o.storage());
        a.push_back(address_json(*customer.address, o.storage()));
        o.emplace("addresses", std::move(a));
    }
    return o;
}

} // namespace amzconn::orders
