#include "cancellations/cancellation_state.hpp"

#include "base/time.hpp"
#include "engine/store_registry.hpp"
#include "host/host_json.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr std::string_view k_entry_prefix = "cancellations/c/";
constexpr std::string_view k_feed_prefix = "cancellations/feed/";

json::object message_json(const cancellations::AckMessage& m) {
    json::array items;
    for (const auto& item : m.items) {
        items.push_back(json::object{
            {"id", item.order_item_id}, {"reason", item.reason}, {"quantity", item.quantity}});
    }
    return json::object{{"amazon_order_id", m.amazon_order_id}, {"items", std::move(items)}};
}

cancellations::AckMessage message_of(const json::object& o) {
    cancellations::AckMessage m;
    m.amazon_order_id = text_field(o, "amazon_order_id");
    if (const auto* items = o.if_contains("items"); items && items->is_array()) {
        for (const auto& item : items->as_array()) {
            if (item.is_object()) {
                const auto& i = item.as_object();
                m.items.push_back(
                    {text_field(i, "id"), text_field(i, "reason"), int_field(i, "quantity")});
            }
        }
    }
    return m;
}

CancelState state_of(std::string_view text) {
    for (const auto s : {CancelState::waiting, CancelState::accepted, CancelState::refused,
                         CancelState::unknown}) {
        if (to_string(s) == text) {
            return s;
        }
    }
    return CancelState::queued;
}

json::object entry_json(const CancelEntry& e) {
    json::object o{{"state", to_string(e.state)},
                   {"fingerprint", e.fingerprint},
                   {"order", e.order},
                   {"queued_at", time::format_rfc3339({e.queued_ms})},
                   {"updated_at", time::format_rfc3339({e.updated_ms})},
                   {"message", message_json(e.message)}};
    for (const auto& [field, value] :
         {std::pair{"feed_id", &e.feed_id}, {"reason", &e.reason}, {"fix", &e.fix}}) {
        if (!value->empty()) {
            o[field] = *value;
        }
    }
    return o;
}

CancelEntry entry_of(const json::object& o) {
    CancelEntry e;
    e.state = state_of(text_field(o, "state"));
    e.fingerprint = text_field(o, "fingerprint");
    e.order = text_field(o, "order");
    e.feed_id = text_field(o, "feed_id");
    e.reason = text_field(o, "reason");
    e.fix = text_field(o, "fix");
    if (auto at = time::parse_rfc3339(text_field(o, "queued_at"))) {
        e.queued_ms = at->unix_ms;
    }
    if (auto at = time::parse_rfc3339(text_field(o, "updated_at"))) {
        e.updated_ms = at->unix_ms;
    }
    if (const auto* m = o.if_contains("message"); m && m->is_object()) {
        e.message = message_of(m->as_object());
    }
    return e;
}

std::string_view feed_state_text(FeedState s) {
    return s == FeedState::creating ? "creating" : s == FeedState::submitted ? "submitted" : "done";
}

FeedRecord feed_of(const json::object& o) {
    FeedRecord f;
    f.send_id = text_field(o, "send_id");
    const auto state = text_field(o, "state");
    f.state = state == "submitted" ? FeedState::submitted
              : state == "done"    ? FeedState::done
                                   : FeedState::creating;
    f.intent_ms = int_field(o, "intent_ms");
    f.attempts = int_field(o, "attempts");
    f.feed_id = text_field(o, "feed_id");
    if (const auto* m = o.if_contains("members"); m && m->is_array()) {
        for (const auto& key : m->as_array()) {
            if (key.is_string()) {
                f.members.emplace_back(key.as_string());
            }
        }
    }
    return f;
}

Result<int64_t> put(HostServices& host, std::string_view store, const std::string& key,
                    const json::object& doc, int64_t version) {
    return host.state_put(store_namespace(store), key, json::serialize(doc),
                          version > 0 ? version : k_version_absent);
}

} // namespace

std::string_view to_string(CancelState state) {
    switch (state) {
    case CancelState::waiting:
        return "waiting";
    case CancelState::queued:
        return "queued";
    case CancelState::accepted:
        return "accepted";
    case CancelState::refused:
        return "refused";
    case CancelState::unknown:
        return "unknown";
    }
    return "queued";
}

Result<CancellationStore> read_cancellation_state(HostServices& host, std::string_view store) {
    CancellationStore out;
    const auto ns = store_namespace(store);
    for (const auto prefix : {k_entry_prefix, k_feed_prefix}) {
        TRY_ASSIGN(const auto listed, host.state_list(ns, prefix));
        for (const auto& stored : listed) {
            boost::system::error_code ec;
            const auto doc = json::parse(stored.value, ec);
            if (ec || !doc.is_object()) {
                return Error{Status::internal, "the cancellation record " + stored.key +
                                                   " in host state is unreadable"};
            }
            if (prefix == k_entry_prefix) {
                auto entry = entry_of(doc.as_object());
                entry.version = stored.version;
                out.entries.emplace(stored.key.substr(prefix.size()), std::move(entry));
            } else {
                auto feed = feed_of(doc.as_object());
                feed.version = stored.version;
                out.feeds.emplace(feed.send_id, std::move(feed));
            }
        }
    }
    return out;
}

Outcome write_entry(HostServices& host, std::string_view store, const std::string& key,
                    CancelEntry& entry) {
    TRY_ASSIGN(entry.version, put(host, store, std::string(k_entry_prefix) + key, entry_json(entry),
                                  entry.version));
    return {};
}

Outcome write_feed(HostServices& host, std::string_view store, FeedRecord& feed) {
    json::array members;
    for (const auto& key : feed.members) {
        members.push_back(json::string(key));
    }
    const json::object doc{{"send_id", feed.send_id},     {"state", feed_state_text(feed.state)},
                           {"intent_ms", feed.intent_ms}, {"attempts", feed.attempts},
                           {"feed_id", feed.feed_id},     {"members", std::move(members)}};
    TRY_ASSIGN(feed.version,
               put(host, store, std::string(k_feed_prefix) + feed.send_id, doc, feed.version));
    return {};
}

Outcome delete_feed(HostServices& host, std::string_view store, const FeedRecord& feed) {
    return host.state_delete(store_namespace(store), std::string(k_feed_prefix) + feed.send_id,
                             feed.version);
}

} // namespace amzconn::plugin
