// JSON_LISTINGS_FEED processing and the shared listing patch rules (fulfillment_availability,
// purchasable_offer) used by the feed and by patchListingsItem; issues in the v2 report shape.
#include "marketplace_info.hpp"
#include "sandbox.hpp"

#include <cstdio>

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

json::object issue(std::int64_t message_id, const std::string& sku, std::string_view code,
                   std::string_view message, std::string_view attribute = "") {
    json::object o;
    if (message_id >= 0) {
        o["messageId"] = message_id;
    }
    if (!sku.empty()) {
        o["sku"] = sku;
    }
    o["code"] = code;
    o["severity"] = "ERROR";
    o["message"] = message;
    if (!attribute.empty()) {
        o["attributeName"] = attribute;
    }
    return o;
}

// The listings schema types value_with_tax as a JSON number, so it reaches us as a parsed double;
// rounding it to the currency's minor units recovers the exact decimal that was written.
std::optional<std::string> price_text(const json::value& v, int minor_units) {
    if (v.is_string()) {
        return std::string(v.as_string());
    }
    if (v.is_int64() || v.is_uint64()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%lld.%0*d",
                      static_cast<long long>(v.to_number<std::int64_t>()), minor_units, 0);
        return minor_units == 0 ? std::to_string(v.to_number<std::int64_t>()) : std::string(buf);
    }
    if (v.is_double()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", minor_units, v.as_double());
        return std::string(buf);
    }
    return std::nullopt;
}

} // namespace

json::array Sandbox::apply_listing_patches(const std::string& sku,
                                           const std::vector<std::string>& marketplaces,
                                           const std::string& product_type,
                                           const json::array& patches, Millis now,
                                           std::int64_t message_id, bool dry_run) {
    json::array issues;
    std::vector<Listing*> targets;
    for (const auto pos : listing_positions(sku)) {
        auto& l = m_listings[pos];
        if (marketplaces.empty() || std::find(marketplaces.begin(), marketplaces.end(),
                                              l.marketplace_id) != marketplaces.end()) {
            targets.push_back(&l);
        }
    }
    if (targets.empty()) {
        issues.push_back(issue(message_id, sku, "4000001",
                               "SKU '" + sku +
                                   "' is not a listing of this seller in the "
                                   "marketplaces of the request; create the listing first."));
        return issues;
    }
    if (product_type != "PRODUCT") {
        for (const auto* l : targets) {
            if (l->product_type != product_type) {
                issues.push_back(issue(message_id, sku, "90244",
                                       "The provided productType '" + product_type +
                                           "' does not match the listing's product type '" +
                                           l->product_type + "'."));
                return issues;
            }
        }
    }
    struct Change {
        Listing* listing;
        std::optional<std::int64_t> quantity;
        std::optional<std::int64_t> handling;
        std::optional<std::string> price;
        std::optional<std::string> channel; // a switch between merchant and Amazon fulfilment
    };
    std::vector<Change> changes;
    for (const auto& p : patches) {
        if (!p.is_object()) {
            issues.push_back(issue(message_id, sku, "99001", "Each patch must be an object."));
            continue;
        }
        const auto& patch = p.as_object();
        const auto* op = patch.if_contains("op");
        const auto* path = patch.if_contains("path");
        if (op == nullptr || !op->is_string() || path == nullptr || !path->is_string()) {
            issues.push_back(issue(message_id, sku, "99001", "A patch needs op and path."));
            continue;
        }
        const std::string opname(op->as_string());
        if (opname != "add" && opname != "replace" && opname != "merge" && opname != "delete") {
            issues.push_back(
                issue(message_id, sku, "99001", "Patch op must be add, replace, merge or delete."));
            continue;
        }
        const auto* value = patch.if_contains("value");
        if (opname == "delete") {
            continue;
        }
        if (value == nullptr || !value->is_array()) {
            issues.push_back(issue(message_id, sku, "99001", "Patch value must be an array."));
            continue;
        }
        if (path->as_string() == "/attributes/fulfillment_availability") {
            for (const auto& entry : value->as_array()) {
                if (!entry.is_object()) {
                    continue;
                }
                const auto& e = entry.as_object();
                const auto* code = e.if_contains("fulfillment_channel_code");
                const std::string channel =
                    code && code->is_string() ? std::string(code->as_string()) : "DEFAULT";
                const auto* qty = e.if_contains("quantity");
                const auto* lead = e.if_contains("lead_time_to_ship_max_days");
                if (qty != nullptr && (!qty->is_int64() || qty->as_int64() < 0)) {
                    issues.push_back(issue(message_id, sku, "99010",
                                           "quantity must be a non-negative integer.",
                                           "fulfillment_availability"));
                    continue;
                }
                for (auto* l : targets) {
                    if (qty != nullptr && (l->is_fba() || channel != "DEFAULT")) {
                        issues.push_back(issue(message_id, sku, "8026",
                                               "Quantity cannot be set for '" + sku + "' in " +
                                                   l->marketplace_id +
                                                   ": the listing is fulfilled by Amazon (" +
                                                   l->channel + "); Amazon manages FBA inventory.",
                                               "fulfillment_availability"));
                        continue;
                    }
                    Change c{l, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
                    // An AMAZON_* code without a quantity switches a merchant listing to
                    // Amazon's fulfilment (SwitchFulfillmentTo AFN).
                    if (code != nullptr && qty == nullptr && channel != "DEFAULT" &&
                        channel != l->channel) {
                        c.channel = channel;
                    }
                    if (qty != nullptr) {
                        c.quantity = qty->as_int64();
                    }
                    if (lead != nullptr && lead->is_int64()) {
                        c.handling = lead->as_int64();
                    }
                    changes.push_back(c);
                }
            }
        } else if (path->as_string() == "/attributes/purchasable_offer") {
            for (const auto& entry : value->as_array()) {
                if (!entry.is_object()) {
                    continue;
                }
                const auto& e = entry.as_object();
                const auto* market = e.if_contains("marketplace_id");
                Listing* target = nullptr;
                for (auto* l : targets) {
                    if (market && market->is_string() && l->marketplace_id == market->as_string()) {
                        target = l;
                    }
                }
                if (target == nullptr) {
                    issues.push_back(issue(message_id, sku, "4000001",
                                           "purchasable_offer names a marketplace where '" + sku +
                                               "' has no listing.",
                                           "purchasable_offer"));
                    continue;
                }
                const auto* currency = e.if_contains("currency");
                if (currency && currency->is_string() &&
                    currency->as_string() != target->currency) {
                    issues.push_back(issue(message_id, sku, "99022",
                                           "currency " + std::string(currency->as_string()) +
                                               " does not match the marketplace currency " +
                                               target->currency + ".",
                                           "purchasable_offer.currency"));
                    continue;
                }
                const json::value* amount = nullptr;
                if (const auto* our = e.if_contains("our_price");
                    our && our->is_array() && !our->as_array().empty()) {
                    const auto& first = our->as_array()[0];
                    if (const auto* sched =
                            first.is_object() ? first.as_object().if_contains("schedule") : nullptr;
                        sched && sched->is_array() && !sched->as_array().empty() &&
                        sched->as_array()[0].is_object()) {
                        amount = sched->as_array()[0].as_object().if_contains("value_with_tax");
                    }
                }
                if (amount == nullptr) {
                    continue; // an offer patch without a price (e.g. discounts only)
                }
                const auto units = amazon::currency_minor_units(target->currency).value_or(2);
                auto text = price_text(*amount, units);
                if (!text || text->empty() || (*text)[0] == '-') {
                    issues.push_back(
                        issue(message_id, sku, "99022",
                              "our_price value_with_tax must be a non-negative number.",
                              "purchasable_offer.our_price"));
                    continue;
                }
                changes.push_back(Change{target, std::nullopt, std::nullopt, *text, std::nullopt});
            }
        }
        // Other attributes are accepted and ignored: the sandbox models stock and price only.
    }
    if (!issues.empty() || dry_run) {
        return issues;
    }
    for (const auto& c : changes) {
        if (c.quantity) {
            c.listing->quantity = *c.quantity;
        }
        if (c.handling) {
            c.listing->handling_time = *c.handling;
        }
        if (c.price) {
            c.listing->price_amount = *c.price;
        }
        if (c.channel) {
            c.listing->channel = *c.channel;
        }
        c.listing->last_updated = now;
    }
    return issues;
}

json::value Sandbox::process_listings_feed(const Job& feed, const std::string& text, Millis now) {
    json::object header{{"sellerId", m_seller_id}, {"version", "2.0"}, {"feedId", feed.id}};
    json::array issues;
    std::int64_t processed = 0;
    std::int64_t accepted = 0;
    std::int64_t invalid_count = 0;
    const auto finish = [&]() {
        std::int64_t errors = 0;
        for (const auto& i : issues) {
            errors += i.as_object().at("severity") == "ERROR" ? 1 : 0;
        }
        json::object report;
        report["header"] = header;
        report["issues"] = issues;
        report["summary"] = {{"errors", errors},
                             {"warnings", 0},
                             {"messagesProcessed", processed},
                             {"messagesAccepted", accepted},
                             {"messagesInvalid", invalid_count}};
        return json::value(std::move(report));
    };
    boost::system::error_code ec;
    const auto doc = json::parse(text, ec);
    if (ec || !doc.is_object() || !doc.as_object().contains("messages") ||
        !doc.as_object().at("messages").is_array()) {
        issues.push_back(issue(-1, "", "100001",
                               "The feed is not a valid JSON_LISTINGS_FEED document (header + "
                               "messages); fix the JSON and submit it again."));
        return finish();
    }
    const auto& body = doc.as_object();
    if (const auto* h = body.if_contains("header"); h && h->is_object()) {
        const auto* seller = h->as_object().if_contains("sellerId");
        if (seller == nullptr || !seller->is_string() || seller->as_string() != m_seller_id) {
            issues.push_back(
                issue(-1, "", "100002",
                      "header.sellerId does not match the selling partner (" + m_seller_id + ")."));
            return finish();
        }
    }
    std::vector<std::string> markets;
    for (const auto& m : feed.marketplace_ids) {
        markets.emplace_back(m.as_string());
    }
    for (const auto& m : body.at("messages").as_array()) {
        ++processed;
        if (!m.is_object()) {
            ++invalid_count;
            issues.push_back(issue(-1, "", "100003", "A message must be an object."));
            continue;
        }
        const auto& msg = m.as_object();
        const std::int64_t id = msg.contains("messageId") && msg.at("messageId").is_int64()
                                    ? msg.at("messageId").as_int64()
                                    : -1;
        const std::string sku = msg.contains("sku") && msg.at("sku").is_string()
                                    ? std::string(msg.at("sku").as_string())
                                    : std::string();
        const std::string op = msg.contains("operationType") && msg.at("operationType").is_string()
                                   ? std::string(msg.at("operationType").as_string())
                                   : std::string();
        const std::string product_type =
            msg.contains("productType") && msg.at("productType").is_string()
                ? std::string(msg.at("productType").as_string())
                : std::string();
        json::array message_issues;
        if (id < 0 || sku.empty() || op.empty()) {
            message_issues.push_back(
                issue(id, sku, "100004", "A message needs messageId, sku and operationType."));
        } else if (op != "DELETE" && product_type.empty()) {
            message_issues.push_back(issue(id, sku, "100005", "productType is required."));
        } else if (op == "PATCH") {
            const auto* patches = msg.if_contains("patches");
            if (patches == nullptr || !patches->is_array()) {
                message_issues.push_back(issue(id, sku, "100006", "PATCH needs patches."));
            } else {
                message_issues = apply_listing_patches(sku, markets, product_type,
                                                       patches->as_array(), now, id, true);
                if (message_issues.empty()) {
                    (void)apply_listing_patches(sku, markets, product_type, patches->as_array(),
                                                now, id, false);
                }
            }
        } else if (op == "UPDATE" || op == "PARTIAL_UPDATE") {
            json::array patches;
            if (const auto* attrs = msg.if_contains("attributes"); attrs && attrs->is_object()) {
                for (const auto& [key, value] : attrs->as_object()) {
                    patches.push_back(json::object{{"op", "replace"},
                                                   {"path", "/attributes/" + std::string(key)},
                                                   {"value", value}});
                }
            }
            message_issues =
                apply_listing_patches(sku, markets, product_type, patches, now, id, true);
            if (message_issues.empty()) {
                (void)apply_listing_patches(sku, markets, product_type, patches, now, id, false);
            }
        } else if (op == "DELETE") {
            std::erase_if(m_listings, [&](const Listing& l) {
                return l.sku == sku &&
                       std::find(markets.begin(), markets.end(), l.marketplace_id) != markets.end();
            });
            m_listings_indexed = false;
        } else {
            message_issues.push_back(issue(id, sku, "100007",
                                           "operationType must be UPDATE, PARTIAL_UPDATE, PATCH "
                                           "or DELETE."));
        }
        if (message_issues.empty()) {
            ++accepted;
        } else {
            ++invalid_count;
            for (auto& i : message_issues) {
                issues.push_back(std::move(i));
            }
        }
    }
    return finish();
}

} // namespace amzconn::sandbox
