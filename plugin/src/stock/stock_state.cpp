#include "stock/stock_state.hpp"

#include "engine/job_names.hpp"
#include "engine/store_registry.hpp"
#include "stock/sent_state_json.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

Result<std::optional<StateValue>> get_optional(HostServices& host, std::string_view ns,
                                               std::string_view key) {
    auto got = host.state_get(ns, key);
    if (!got) {
        if (got.status() == Status::not_found) {
            return std::optional<StateValue>{};
        }
        return got.error();
    }
    return std::optional<StateValue>{std::move(*got)};
}

Result<json::value> parse_stored(const StateValue& value, std::string_view key) {
    boost::system::error_code ec;
    auto doc = json::parse(value.value, ec);
    if (ec) {
        return Error{Status::internal, "host state '" + std::string(key) +
                                           "' is not JSON: delete it and run " +
                                           std::string(job_names::export_stock) + " again"};
    }
    return doc;
}

} // namespace

std::string sent_key(const ListingKey& key) {
    return std::string(k_sent_prefix) + key.first + "/" + key.second;
}

Result<SentStates> read_all_sent(HostServices& host, std::string_view ns) {
    TRY_ASSIGN(auto entries, host.state_list(ns, k_sent_prefix));
    std::vector<SentStates::Entry> out;
    out.reserve(entries.size());
    for (const auto& entry : entries) {
        const auto rest = entry.key.substr(k_sent_prefix.size());
        const auto slash = rest.find('/');
        if (slash == std::string::npos) {
            continue;
        }
        auto state = stock::parse_sent_state(entry.value);
        if (!state) {
            return Error{Status::internal,
                         "host state '" + entry.key + "' is damaged: " + state.error().message};
        }
        out.push_back({ListingKey{rest.substr(0, slash), rest.substr(slash + 1)},
                       StoredSent{std::move(*state), entry.version}});
    }
    return SentStates(std::move(out));
}

Result<std::optional<StoredSent>> read_sent(HostServices& host, std::string_view ns,
                                            const ListingKey& key) {
    const auto name = sent_key(key);
    TRY_ASSIGN(auto got, get_optional(host, ns, name));
    if (!got) {
        return std::optional<StoredSent>{};
    }
    auto state = stock::parse_sent_state(got->value);
    if (!state) {
        return Error{Status::internal,
                     "host state '" + name + "' is damaged: " + state.error().message};
    }
    return std::optional<StoredSent>{StoredSent{std::move(*state), got->version}};
}

Result<int64_t> write_sent(HostServices& host, std::string_view ns, const ListingKey& key,
                           const stock::SentState& state, int64_t expected_version) {
    return host.state_put(ns, sent_key(key), json::serialize(stock::to_json(state)),
                          expected_version);
}

Result<uint64_t> next_generation(HostServices& host, std::string_view ns) {
    for (int attempt = 0; attempt < 20; ++attempt) {
        TRY_ASSIGN(auto got, get_optional(host, ns, k_generation_key));
        uint64_t next = 1;
        int64_t expected = k_version_absent;
        if (got) {
            expected = got->version;
            TRY_ASSIGN(auto doc, parse_stored(*got, k_generation_key));
            if (const auto* n = doc.as_object().if_contains("next"); n && n->is_int64()) {
                next = static_cast<uint64_t>(n->as_int64());
            }
        }
        auto put = host.state_put(ns, k_generation_key,
                                  json::serialize(json::object{{"next", next + 1}}), expected);
        if (put) {
            return next;
        }
        if (put.status() != Status::conflict) {
            return put.error();
        }
    }
    return Error{Status::conflict, "the stock generation counter kept changing under this run: "
                                   "run " +
                                       std::string(job_names::export_stock) + " again"};
}

Result<std::optional<ListingsCache>> read_listings_cache(HostServices& host, std::string_view ns) {
    TRY_ASSIGN(auto got, get_optional(host, ns, k_listings_key));
    if (!got) {
        return std::optional<ListingsCache>{};
    }
    TRY_ASSIGN(auto doc, parse_stored(*got, k_listings_key));
    ListingsCache cache;
    const auto& o = doc.as_object();
    if (const auto* at = o.if_contains("fetched_at_ms"); at && at->is_int64()) {
        cache.fetched_at_ms = at->as_int64();
    }
    if (const auto* rows = o.if_contains("listings"); rows && rows->is_array()) {
        for (const auto& row : rows->as_array()) {
            const auto& r = row.as_array();
            if (r.size() < 4) {
                // Written by a build that kept no ASIN: read Amazon's report again.
                return std::optional<ListingsCache>{};
            }
            cache.listings.push_back({std::string(r.at(0).as_string()),
                                      std::string(r.at(1).as_string()),
                                      std::string(r.at(2).as_string()), std::string(),
                                      std::string(r.at(3).as_string())});
        }
    }
    return std::optional<ListingsCache>{std::move(cache)};
}

Outcome write_listings_cache(HostServices& host, std::string_view ns, const ListingsCache& cache) {
    json::array rows;
    rows.reserve(cache.listings.size());
    for (const auto& l : cache.listings) {
        rows.push_back(json::array{json::string(l.sku), json::string(l.marketplace_id),
                                   json::string(l.channel_code), json::string(l.asin)});
    }
    TRY(host.state_put(
        ns, k_listings_key,
        json::serialize(json::object{{"fetched_at_ms", cache.fetched_at_ms}, {"listings", rows}}),
        k_version_any));
    return {};
}

Result<std::set<ListingKey>> read_queue(HostServices& host, std::string_view ns, int64_t& version) {
    version = k_version_absent;
    TRY_ASSIGN(auto got, get_optional(host, ns, k_queue_key));
    std::set<ListingKey> queue;
    if (!got) {
        return queue;
    }
    version = got->version;
    TRY_ASSIGN(auto doc, parse_stored(*got, k_queue_key));
    for (const auto& row : doc.as_object().at("listings").as_array()) {
        const auto& r = row.as_array();
        queue.emplace(std::string(r.at(0).as_string()), std::string(r.at(1).as_string()));
    }
    return queue;
}

Outcome write_queue(HostServices& host, std::string_view ns, const std::set<ListingKey>& queue,
                    int64_t expected_version) {
    json::array rows;
    for (const auto& [marketplace, sku] : queue) {
        rows.push_back(json::array{json::string(marketplace), json::string(sku)});
    }
    TRY(host.state_put(ns, k_queue_key, json::serialize(json::object{{"listings", rows}}),
                       expected_version));
    return {};
}

std::string pacing_key(std::string_view region, std::string_view seller_id) {
    return "feed_pacing:" + std::string(region) + ":" + std::string(seller_id);
}

Result<std::vector<int64_t>> read_pacing(HostServices& host, std::string_view key,
                                         int64_t& version) {
    version = k_version_absent;
    TRY_ASSIGN(auto got, get_optional(host, k_plugin_ns, key));
    std::vector<int64_t> times;
    if (!got) {
        return times;
    }
    version = got->version;
    TRY_ASSIGN(auto doc, parse_stored(*got, key));
    for (const auto& t : doc.as_object().at("submitted_at_ms").as_array()) {
        times.push_back(t.as_int64());
    }
    return times;
}

Outcome write_pacing(HostServices& host, std::string_view key, const std::vector<int64_t>& times,
                     int64_t expected_version) {
    json::array list;
    for (auto t : times) {
        list.push_back(t);
    }
    TRY(host.state_put(k_plugin_ns, key, json::serialize(json::object{{"submitted_at_ms", list}}),
                       expected_version));
    return {};
}

} // namespace amzconn::plugin
