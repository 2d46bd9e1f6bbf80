// Seller state from a scenario file (YAML or JSON, same keys; see README.md) or the default
// scenario, plus the start state that /_sandbox/reset returns to.
#include "marketplace_info.hpp"
#include "sandbox.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

json::value yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        json::object out;
        for (const auto& kv : node) {
            out[kv.first.as<std::string>()] = yaml_to_json(kv.second);
        }
        return out;
    }
    case YAML::NodeType::Sequence: {
        json::array out;
        for (const auto& item : node) {
            out.push_back(yaml_to_json(item));
        }
        return out;
    }
    case YAML::NodeType::Scalar: {
        const auto& text = node.Scalar();
        if (node.Tag() == "!") { // quoted: always a string
            return json::string(text);
        }
        if (text == "true" || text == "false") {
            return text == "true";
        }
        if (text == "null" || text == "~") {
            return nullptr;
        }
        std::int64_t integer = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
        if (ec == std::errc{} && ptr == text.data() + text.size() && !text.empty()) {
            return integer;
        }
        double real = 0;
        auto [ptr2, ec2] = std::from_chars(text.data(), text.data() + text.size(), real);
        if (ec2 == std::errc{} && ptr2 == text.data() + text.size() && !text.empty()) {
            return real;
        }
        return json::string(text);
    }
    default:
        return nullptr;
    }
}

std::int64_t int_of(const json::object& o, std::string_view key, std::int64_t fallback) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_number()) {
        return fallback;
    }
    return v->to_number<std::int64_t>();
}

} // namespace

std::string text_of(const json::object& o, std::string_view key, std::string_view fallback) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) {
        return std::string(fallback);
    }
    if (v->is_string()) {
        return std::string(v->as_string());
    }
    if (v->is_number()) {
        return json::serialize(*v);
    }
    return std::string(fallback);
}

Result<Listing> listing_from_json(const json::value& v, Millis now);

Result<Listing> listing_from_json(const json::value& v, Millis now) {
    if (!v.is_object()) {
        return make_error(Status::bad_input, "a listing must be an object");
    }
    const auto& o = v.as_object();
    Listing l;
    l.sku = text_of(o, "sku");
    if (l.sku.empty()) {
        return make_error(Status::bad_input, "a listing needs a \"sku\"");
    }
    const auto market = text_of(o, "marketplace_id", "ATVPDKIKX0DER");
    const auto* m = amazon::find_marketplace(market);
    if (m == nullptr) {
        return make_error(Status::bad_input,
                          "listing " + l.sku + ": unknown marketplace \"" + market + "\"");
    }
    l.marketplace_id = std::string(m->id);
    l.asin = text_of(o, "asin", "B0" + std::to_string(std::hash<std::string>{}(l.sku) % 100000000));
    l.channel = text_of(o, "channel", "DEFAULT");
    l.quantity = int_of(o, "quantity", 0);
    l.handling_time = int_of(o, "handling_time", 2);
    l.product_type = text_of(o, "product_type", "PRODUCT");
    l.title = text_of(o, "title", "Sandbox product " + l.sku);
    if (const auto* ids = o.if_contains("identifiers")) {
        if (!ids->is_array()) {
            return make_error(Status::bad_input, "listing " + l.sku +
                                                     ": identifiers must be a list of "
                                                     "{type: EAN|UPC|GTIN|ISBN|JAN, value}");
        }
        for (const auto& id : ids->as_array()) {
            const auto type = id.is_object() ? text_of(id.as_object(), "type") : "";
            const auto value = id.is_object() ? text_of(id.as_object(), "value") : "";
            if ((type != "EAN" && type != "UPC" && type != "GTIN" && type != "ISBN" &&
                 type != "JAN") ||
                value.empty()) {
                return make_error(Status::bad_input,
                                  "listing " + l.sku + ": identifier " + json::serialize(id) +
                                      " needs a type EAN, UPC, GTIN, ISBN or JAN and a value");
            }
            l.identifiers.emplace_back(type, value);
        }
    }
    l.currency = std::string(m->currency);
    l.price_amount = "10.00";
    if (const auto* price = o.if_contains("price"); price && price->is_object()) {
        l.price_amount = text_of(price->as_object(), "amount", l.price_amount);
        l.currency = text_of(price->as_object(), "currency", l.currency);
    }
    l.last_updated = now;
    return l;
}

void Sandbox::load_default_scenario() {
    m_seller_id = "A2SANDBOXSELLER";
    m_marketplaces = {"ATVPDKIKX0DER", "A1F83G8C2ARO7P", "A1PA6795UKMFR9", "A1VC38T7YXB528"};
    const Millis now = m_clock.now();
    const auto add = [&](const char* sku, const char* asin, const char* market, const char* channel,
                         std::int64_t qty, const char* amount, const char* currency) {
        Listing l;
        l.sku = sku;
        l.asin = asin;
        l.marketplace_id = market;
        l.channel = channel;
        l.quantity = qty;
        l.price_amount = amount;
        l.currency = currency;
        l.title = std::string("Sandbox product ") + sku;
        l.last_updated = now;
        add_listing(l);
    };
    add("SKU-FBM-1", "B0SBX00001", "ATVPDKIKX0DER", "DEFAULT", 25, "19.99", "USD");
    add("SKU-FBM-2", "B0SBX00002", "ATVPDKIKX0DER", "DEFAULT", 3, "7.49", "USD");
    add("SKU-FBA-1", "B0SBX00003", "ATVPDKIKX0DER", "AMAZON_NA", 40, "24.99", "USD");
    add("SKU-FBM-1", "B0SBX00001", "A1F83G8C2ARO7P", "DEFAULT", 12, "17.99", "GBP");
    add("SKU-FBA-EU", "B0SBX00004", "A1PA6795UKMFR9", "AMAZON_EU", 60, "29.90", "EUR");
    add("SKU-FBM-DE", "B0SBX00005", "A1PA6795UKMFR9", "DEFAULT", 8, "12.50", "EUR");
    add("SKU-FBM-JP", "B0SBX00006", "A1VC38T7YXB528", "DEFAULT", 5, "1980", "JPY");
}

Result<void> Sandbox::load_scenario(const json::value& doc) {
    if (!doc.is_object()) {
        return make_error(Status::bad_input, "scenario: the top level must be a mapping");
    }
    const auto& o = doc.as_object();
    m_seller_id = text_of(o, "seller_id", "A2SANDBOXSELLER");
    m_marketplaces.clear();
    if (const auto* list = o.if_contains("marketplaces"); list && list->is_array()) {
        for (const auto& m : list->as_array()) {
            const auto* found = m.is_string() ? amazon::find_marketplace(m.as_string()) : nullptr;
            if (found == nullptr) {
                return make_error(Status::bad_input, "scenario: unknown marketplace " +
                                                         json::serialize(m) +
                                                         " (use a country code or marketplace id)");
            }
            m_marketplaces.emplace_back(found->id);
        }
    } else {
        m_marketplaces = {"ATVPDKIKX0DER", "A1F83G8C2ARO7P", "A1PA6795UKMFR9", "A1VC38T7YXB528"};
    }
    if (const auto* lwa = o.if_contains("lwa"); lwa && lwa->is_object()) {
        m_client_id = text_of(lwa->as_object(), "client_id");
        m_client_secret = text_of(lwa->as_object(), "client_secret");
        m_application_id = text_of(lwa->as_object(), "application_id");
        if (const auto* uris = lwa->as_object().if_contains("redirect_uris");
            uris && uris->is_array()) {
            for (const auto& u : uris->as_array()) {
                if (u.is_string()) {
                    m_redirect_uris.emplace_back(u.as_string());
                }
            }
        }
        if (const auto* tokens = lwa->as_object().if_contains("refresh_tokens");
            tokens && tokens->is_array()) {
            for (const auto& t : tokens->as_array()) {
                if (t.is_string()) {
                    m_refresh_tokens.emplace_back(t.as_string());
                }
            }
        }
    }
    if (const auto* revoked = o.if_contains("revoked_refresh_tokens");
        revoked && revoked->is_array()) {
        for (const auto& t : revoked->as_array()) {
            if (t.is_string()) {
                m_revoked_refresh_tokens.emplace_back(t.as_string());
            }
        }
    }
    const Millis now = m_clock.now();
    if (const auto* listings = o.if_contains("listings"); listings && listings->is_array()) {
        std::size_t index = 0;
        for (const auto& l : listings->as_array()) {
            auto listing = listing_from_json(l, now);
            if (!listing) {
                return make_error(Status::bad_input, "scenario: listings[" + std::to_string(index) +
                                                         "]: " + listing.error().message);
            }
            add_listing(std::move(*listing));
            ++index;
        }
    }
    if (const auto* returns = o.if_contains("returns"); returns && returns->is_array()) {
        std::size_t index = 0;
        for (const auto& r : returns->as_array()) {
            auto record = return_from_json(r, now);
            if (!record) {
                return make_error(Status::bad_input, "scenario: returns[" + std::to_string(index) +
                                                         "]: " + record.error().message);
            }
            add_return(std::move(*record));
            ++index;
        }
    }
    if (const auto* orders = o.if_contains("orders"); orders && orders->is_array()) {
        std::size_t index = 0;
        for (const auto& order : orders->as_array()) {
            if (!order.is_object()) {
                return make_error(Status::bad_input, "scenario: orders[" + std::to_string(index) +
                                                         "] must be an Order object");
            }
            if (auto r = add_order_document(order.as_object()); !r) {
                return make_error(Status::bad_input, "scenario: orders[" + std::to_string(index) +
                                                         "]: " + r.error().message);
            }
            ++index;
        }
    }
    return {};
}

Result<void> Sandbox::add_order_document(json::object doc) {
    ++m_orders_generation;
    const Millis now = m_clock.now();
    const auto id = text_of(doc, "orderId");
    if (id.empty()) {
        return make_error(Status::bad_input, "an order needs \"orderId\"");
    }
    const auto created = parse_rfc3339(text_of(doc, "createdTime"));
    if (!created) {
        return make_error(Status::bad_input,
                          "order " + id + ": \"createdTime\" must be an RFC 3339 date-time");
    }
    auto updated = parse_rfc3339(text_of(doc, "lastUpdatedTime"));
    if (!updated) {
        updated = now;
        doc["lastUpdatedTime"] = format_rfc3339(now);
    }
    if (!doc.contains("orderItems") || !doc["orderItems"].is_array()) {
        return make_error(Status::bad_input, "order " + id + ": \"orderItems\" must be an array");
    }
    if (!doc.contains("salesChannel")) {
        doc["salesChannel"] = {{"channelName", "AMAZON"}, {"marketplaceId", "ATVPDKIKX0DER"}};
    }
    std::string bad;
    std::size_t pad_bytes = 9u * 1024u * 1024u;
    if (const auto* kind = doc.if_contains("_sandbox_bad")) {
        bad = kind->is_string() ? std::string(kind->as_string()) : "";
        if (!is_bad_order_kind(bad)) {
            return make_error(Status::bad_input,
                              "order " + id + ": unknown \"_sandbox_bad\" kind (see README)");
        }
        if (const auto* pad = doc.if_contains("_sandbox_pad_bytes"); pad && pad->is_number()) {
            pad_bytes = pad->to_number<std::size_t>();
        }
        doc.erase("_sandbox_bad");
        doc.erase("_sandbox_pad_bytes");
    }
    std::string status = "UNSHIPPED";
    bool afn = false;
    if (const auto* f = doc.if_contains("fulfillment"); f && f->is_object()) {
        status = text_of(f->as_object(), "fulfillmentStatus", status);
        afn = text_of(f->as_object(), "fulfilledBy") == "AMAZON";
    } else {
        doc["fulfillment"] = {{"fulfillmentStatus", status}, {"fulfilledBy", "MERCHANT"}};
    }
    OrderVersion version;
    version.effective = *updated;
    version.visible = *updated;
    version.status = status;
    version.doc = std::move(doc);
    version.bad = std::move(bad);
    version.pad_bytes = pad_bytes;
    const auto it = m_order_index.find(id);
    if (it != m_order_index.end()) {
        auto& record = m_orders[it->second];
        // Replace: the new document becomes the current version from now on.
        version.visible = std::max(version.visible, now);
        std::erase_if(record.versions, [&](const OrderVersion& v) { return v.visible > now; });
        record.versions.push_back(std::move(version));
        return {};
    }
    OrderRecord record;
    record.id = id;
    record.created = *created;
    record.amazon_fulfilled = afn;
    const auto& channel = version.doc["salesChannel"];
    record.marketplace_id = channel.is_object()
                                ? text_of(channel.as_object(), "marketplaceId", "ATVPDKIKX0DER")
                                : "ATVPDKIKX0DER";
    record.versions.push_back(std::move(version));
    m_order_index[id] = m_orders.size();
    m_orders.push_back(std::move(record));
    return {};
}

Result<void> Sandbox::rebuild_start_state() {
    ++m_orders_generation;
    m_listings.clear();
    m_listings_indexed = false;
    m_returns.clear();
    m_orders.clear();
    m_order_index.clear();
    m_access_tokens.clear();
    m_documents.clear();
    m_feeds.clear();
    m_reports.clear();
    m_calls.clear();
    m_throttled.clear();
    m_refresh_tokens.clear();
    m_revoked_refresh_tokens.clear();
    m_redirect_uris.clear();
    m_auth_codes.clear();
    m_confirmations = 0;
    m_id_counter = 0;
    if (m_scenario_doc.is_null()) {
        load_default_scenario();
    } else {
        (void)load_scenario(m_scenario_doc); // validated once at start-up
    }
    if (m_options.generate > 0) {
        generate_orders(m_options.generate, m_options.seed);
    }
    if (const auto* live =
            m_scenario_doc.is_object() ? m_scenario_doc.as_object().if_contains("live") : nullptr) {
        TRY(start_live(*live));
    }
    // Buyer cancellation requests last: they may name generated orders.
    if (const auto* requests = m_scenario_doc.is_object()
                                   ? m_scenario_doc.as_object().if_contains("cancellation_requests")
                                   : nullptr) {
        return add_cancellation_requests(*requests, "scenario: cancellation_requests");
    }
    return {};
}

// live: {orders: N, hours: H, seed: S}: N orders arrive over the next H hours of the clock, each
// with its timeline (paid, shipped by Amazon or waiting for the seller, cancelled by the buyer).
Result<void> Sandbox::start_live(const json::value& live) {
    const auto* o = live.is_object() ? &live.as_object() : nullptr;
    const auto orders = o ? int_of(*o, "orders", -1) : -1;
    const auto hours = o ? int_of(*o, "hours", 24) : -1;
    if (orders < 0 || hours < 1) {
        return make_error(Status::bad_input, "scenario: live must be {orders: N, hours: H ≥ 1, "
                                             "seed: S}");
    }
    generate_orders(static_cast<std::uint64_t>(orders),
                    static_cast<std::uint64_t>(int_of(*o, "seed", 1)), hours * k_hour);
    return {};
}

Result<void> Sandbox::add_cancellation_requests(const json::value& list, const std::string& where) {
    if (!list.is_array()) {
        return make_error(Status::bad_input, where + " must be a list");
    }
    std::size_t index = 0;
    for (const auto& r : list.as_array()) {
        const auto at = where + "[" + std::to_string(index++) + "]";
        if (!r.is_object()) {
            return make_error(Status::bad_input, at + " must be a mapping");
        }
        const auto& o = r.as_object();
        std::vector<std::string> items;
        if (const auto* ids = o.if_contains("order_item_ids"); ids && ids->is_array()) {
            for (const auto& id : ids->as_array()) {
                items.push_back(id.is_string() ? std::string(id.as_string()) : json::serialize(id));
            }
        }
        if (auto done =
                request_buyer_cancellation(text_of(o, "order_id"), items,
                                           text_of(o, "reason", "BUYER_CANCELLED"), m_clock.now());
            !done) {
            return make_error(Status::bad_input, at + ": " + done.error().message);
        }
    }
    return {};
}

Result<void> Sandbox::add_amazon_cancellations(const json::value& list, const std::string& where) {
    if (!list.is_array()) {
        return make_error(Status::bad_input, where + " must be a list");
    }
    std::size_t index = 0;
    for (const auto& c : list.as_array()) {
        const auto at = where + "[" + std::to_string(index++) + "]";
        const auto* o = c.if_object();
        const auto by = o ? text_of(*o, "by", "AMAZON") : "";
        if (o == nullptr || text_of(*o, "order_item_id").empty() ||
            (by != "AMAZON" && by != "BUYER")) {
            return make_error(Status::bad_input, at + " must be {order_id, order_item_id, "
                                                      "quantity?, by: AMAZON|BUYER, reason?}");
        }
        CancelLine line{text_of(*o, "order_item_id"), text_of(*o, "reason", "GeneralAdjustment"),
                        int_of(*o, "quantity", 0), by};
        if (auto done = cancel_order_items(text_of(*o, "order_id"), {line}, m_clock.now()); !done) {
            return make_error(Status::bad_input, at + ": " + done.error().message);
        }
    }
    return {};
}

Result<void> Sandbox::load() {
    if (auto r = m_plans.configure(m_options.rate_limits); !r) {
        return r;
    }
    if (!m_options.scenario_path.empty()) {
        try {
            const auto node = YAML::LoadFile(m_options.scenario_path); // JSON is YAML too
            m_scenario_doc = yaml_to_json(node);
        } catch (const YAML::Exception& e) {
            return make_error(Status::bad_input,
                              "--scenario " + m_options.scenario_path + ": " + e.what());
        }
        if (m_scenario_doc.is_null()) {
            m_scenario_doc = json::object();
        }
    }
    std::lock_guard lock(m_mutex);
    m_start_time = m_clock.now();
    if (!m_scenario_doc.is_null()) {
        if (auto r = load_scenario(m_scenario_doc); !r) {
            return r;
        }
        m_listings.clear();
        m_listings_indexed = false;
        m_listings_indexed = false;
        m_returns.clear();
        m_orders.clear();
        m_order_index.clear();
    }
    TRY(rebuild_start_state());
    if (!m_options.static_examples.empty()) {
        if (auto r = load_static_examples(m_options.static_examples); !r) {
            return r;
        }
    }
    if (!m_options.faults_path.empty()) {
        std::ifstream in(m_options.faults_path);
        std::stringstream text;
        text << in.rdbuf();
        boost::system::error_code ec;
        const auto doc = json::parse(text.str(), ec);
        if (!in || ec) {
            return make_error(Status::bad_input,
                              "--faults " + m_options.faults_path + ": not readable JSON");
        }
        if (auto r = m_faults.set(doc); !r) {
            return make_error(Status::bad_input,
                              "--faults " + m_options.faults_path + ": " + r.error().message);
        }
    }
    return {};
}

} // namespace amzconn::sandbox
