#include "stock/sent_state_json.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <limits>

namespace amzconn::stock {
namespace {

namespace json = boost::json;

json::value values_to_json(const ListingValues& v) {
    json::object o;
    o["channel"] = v.channel_code;
    if (v.quantity) {
        o["quantity"] = *v.quantity;
    }
    if (v.lead_time_days) {
        o["lead_time_days"] = *v.lead_time_days;
    }
    if (v.price) {
        o["price"] = json::object{{"currency", v.price->currency}, {"amount", v.price->amount}};
    }
    return o;
}

class Reader {
  public:
    explicit Reader(std::string where) : m_where(std::move(where)) {}

    const json::object* object(const json::value& v, std::string_view what) {
        if (!v.is_object()) {
            fail(std::string(what) + " is not an object");
            return nullptr;
        }
        return &v.get_object();
    }

    std::optional<int64_t> integer(const json::object& o, std::string_view key, bool required) {
        const json::value* v = o.if_contains(key);
        if (v == nullptr) {
            if (required) {
                fail_field(key, "is missing");
            }
            return std::nullopt;
        }
        if (v->is_int64()) {
            return v->get_int64();
        }
        if (v->is_uint64() &&
            v->get_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
            return static_cast<int64_t>(v->get_uint64());
        }
        fail_field(key, "is not a whole number");
        return std::nullopt;
    }

    std::string string(const json::object& o, std::string_view key, bool required) {
        const json::value* v = o.if_contains(key);
        if (v == nullptr) {
            if (required) {
                fail_field(key, "is missing");
            }
            return {};
        }
        if (!v->is_string()) {
            fail_field(key, "is not a string");
            return {};
        }
        return std::string(v->get_string());
    }

    bool boolean(const json::object& o, std::string_view key) {
        const json::value* v = o.if_contains(key);
        if (v == nullptr) {
            return false;
        }
        if (!v->is_bool()) {
            fail_field(key, "is not true/false");
            return false;
        }
        return v->get_bool();
    }

    ListingValues values(const json::value& v, std::string_view what) {
        ListingValues out;
        const json::object* o = object(v, what);
        if (o == nullptr) {
            return out;
        }
        out.channel_code = string(*o, "channel", true);
        out.quantity = integer(*o, "quantity", false);
        if (auto days = integer(*o, "lead_time_days", false)) {
            out.lead_time_days = static_cast<int>(std::clamp<int64_t>(*days, -1, 1000));
        }
        if (const json::value* p = o->if_contains("price")) {
            if (const json::object* po = object(*p, "price")) {
                out.price = PriceValue{string(*po, "currency", true), string(*po, "amount", true)};
            }
        }
        return out;
    }

    void fail(std::string message) {
        if (m_error.empty()) {
            m_error = std::move(message);
        }
    }
    // Appended piece by piece: GCC 12's -O2 reports a false -Wrestrict for "'" + std::string.
    void fail_field(std::string_view key, std::string_view problem) {
        std::string message(1, '\'');
        message.append(key).append("' ").append(problem);
        fail(std::move(message));
    }
    bool failed() const { return !m_error.empty(); }
    Error error() const {
        return Error{Status::bad_input, "stored stock state " + m_where +
                                            " is damaged: " + m_error +
                                            "; delete the record to send all values again"};
    }

  private:
    std::string m_where;
    std::string m_error;
};

} // namespace

json::value to_json(const SentState& s) {
    json::object o;
    o["version"] = s.version;
    o["computed_at_ms"] = s.computed_at_ms;
    o["generation"] = s.generation;
    if (s.has_confirmed) {
        o["confirmed"] = values_to_json(s.confirmed);
        o["sent_at_ms"] = s.sent_at_ms;
    }
    if (s.pending) {
        o["pending"] = values_to_json(*s.pending);
        o["pending_send_id"] = s.pending_send_id;
        o["pending_since_ms"] = s.pending_since_ms;
        o["pending_ambiguous"] = s.pending_ambiguous;
        o["pending_transport"] = s.pending_transport == SendTransport::feed ? "feed" : "patch";
        if (!s.pending_feed_id.empty()) {
            o["pending_feed_id"] = s.pending_feed_id;
        }
    }
    if (s.deferred) {
        o["deferred"] = json::object{{"values", values_to_json(s.deferred->values)},
                                     {"computed_at_ms", s.deferred->computed_at_ms},
                                     {"generation", s.deferred->generation}};
    }
    if (!s.last_error.empty()) {
        o["last_error"] = s.last_error;
    }
    return o;
}

Result<SentState> sent_state_from_json(const json::value& value) {
    Reader r("record");
    SentState s;
    const json::object* o = r.object(value, "the record");
    if (o == nullptr) {
        return r.error();
    }
    auto as_u64 = [](std::optional<int64_t> v) {
        return static_cast<uint64_t>(std::max<int64_t>(0, v.value_or(0)));
    };
    s.version = as_u64(r.integer(*o, "version", true));
    s.computed_at_ms = r.integer(*o, "computed_at_ms", true).value_or(0);
    s.generation = as_u64(r.integer(*o, "generation", true));
    if (const json::value* c = o->if_contains("confirmed")) {
        s.has_confirmed = true;
        s.confirmed = r.values(*c, "confirmed");
        s.sent_at_ms = r.integer(*o, "sent_at_ms", true).value_or(0);
    }
    if (const json::value* p = o->if_contains("pending")) {
        s.pending = r.values(*p, "pending");
        s.pending_send_id = as_u64(r.integer(*o, "pending_send_id", true));
        s.pending_since_ms = r.integer(*o, "pending_since_ms", true).value_or(0);
        s.pending_ambiguous = r.boolean(*o, "pending_ambiguous");
        // Records written before the transport was kept were patches or feeds alike; reading
        // them as patches keeps the behaviour they were written under.
        const auto transport = r.string(*o, "pending_transport", false);
        if (transport == "feed") {
            s.pending_transport = SendTransport::feed;
        } else if (!transport.empty() && transport != "patch") {
            r.fail("'pending_transport' is neither \"patch\" nor \"feed\"");
        }
        s.pending_feed_id = r.string(*o, "pending_feed_id", false);
    }
    if (const json::value* d = o->if_contains("deferred")) {
        if (const json::object* dobj = r.object(*d, "deferred")) {
            Computation c;
            if (const json::value* dv = dobj->if_contains("values")) {
                c.values = r.values(*dv, "deferred values");
            } else {
                r.fail("'deferred.values' is missing");
            }
            c.computed_at_ms = r.integer(*dobj, "computed_at_ms", true).value_or(0);
            c.generation = as_u64(r.integer(*dobj, "generation", true));
            s.deferred = c;
        }
    }
    s.last_error = r.string(*o, "last_error", false);
    if (r.failed()) {
        return r.error();
    }
    return s;
}

Result<SentState> parse_sent_state(std::string_view text) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) {
        return Error{Status::bad_input, "stored stock state is not JSON (" + ec.message() +
                                            "); delete the record to send all values again"};
    }
    return sent_state_from_json(value);
}

} // namespace amzconn::stock
