#include "returns/parked_return.hpp"

#include <boost/json.hpp>

namespace amzconn::returns {
namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

} // namespace

json::object parked_to_json(const ParkedReturn& parked) {
    const auto& r = parked.ret;
    json::array lines;
    for (const auto& l : r.lines) {
        lines.push_back(json::object{{"seller_sku", l.seller_sku},
                                     {"asin", l.asin},
                                     {"quantity", l.quantity},
                                     {"reason", l.reason},
                                     {"disposition", l.disposition}});
    }
    return json::object{{"channel", channel_name(r.channel)},
                        {"amazon_order_id", r.amazon_order_id},
                        {"return_id", r.return_id},
                        {"returned_at", time::format_rfc3339(r.returned_at)},
                        {"status", r.status},
                        {"lines", std::move(lines)},
                        {"reason", parked.reason}};
}

Result<ParkedReturn> parked_from_json(const json::object& doc) {
    ParkedReturn out;
    auto& r = out.ret;
    r.channel = text(doc, "channel") == "fba" ? Channel::fba : Channel::mfn;
    r.amazon_order_id = text(doc, "amazon_order_id");
    r.return_id = text(doc, "return_id");
    r.status = text(doc, "status");
    out.reason = text(doc, "reason");
    auto at = time::parse_rfc3339(text(doc, "returned_at"));
    const auto* lines = doc.if_contains("lines");
    if (!at || r.amazon_order_id.empty() || r.return_id.empty() || !lines || !lines->is_array()) {
        return Error{Status::bad_input, "not a parked return"};
    }
    r.returned_at = *at;
    for (const auto& v : lines->as_array()) {
        if (!v.is_object()) {
            return Error{Status::bad_input, "not a parked return"};
        }
        const auto& l = v.as_object();
        const auto* q = l.if_contains("quantity");
        if (!q || !q->is_int64() || q->as_int64() < 1) {
            return Error{Status::bad_input, "not a parked return"};
        }
        r.lines.push_back({text(l, "seller_sku"), text(l, "asin"), q->as_int64(), text(l, "reason"),
                           text(l, "disposition")});
    }
    return out;
}

} // namespace amzconn::returns
