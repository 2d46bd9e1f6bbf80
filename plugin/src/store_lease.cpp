#include "store_lease.hpp"

#include "base/time.hpp"
#include "store_registry.hpp"

#include <boost/json.hpp>
#include <random>
#include <unistd.h>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

std::string new_owner() {
    std::random_device device;
    const uint64_t token = (static_cast<uint64_t>(device()) << 32) ^ device();
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%d-%016llx", static_cast<int>(::getpid()),
                  static_cast<unsigned long long>(token));
    return buffer;
}

std::string encode(std::string_view owner, int64_t expires_at_ms) {
    return json::serialize(json::object{{"owner", owner}, {"expires_at_ms", expires_at_ms}});
}

} // namespace

Result<StoreLease> StoreLease::acquire(HostServices& host, std::string_view store,
                                       std::string_view job, int64_t ttl_ms) {
    std::string ns = store_namespace(store);
    std::string key = "lease." + std::string(job);
    std::string owner = new_owner();
    const int64_t now = host.now_ms();
    auto current = host.state_get(ns, key);
    int64_t expected = k_version_absent;
    if (current) {
        boost::system::error_code ec;
        auto doc = json::parse(current->value, ec);
        const auto* expires =
            ec || !doc.is_object() ? nullptr : doc.as_object().if_contains("expires_at_ms");
        if (expires && expires->is_int64() && expires->as_int64() > now) {
            return Error{Status::conflict,
                         std::string(job) + " of store '" + std::string(store) +
                             "' is already running in another worker (lease until " +
                             time::format_rfc3339({expires->as_int64()}) +
                             "): try again after that"};
        }
        expected = current->version;
    } else if (current.status() != Status::not_found) {
        return current.error();
    }
    auto put = host.state_put(ns, key, encode(owner, now + ttl_ms), expected);
    if (!put) {
        if (put.status() == Status::conflict) {
            return Error{Status::conflict, std::string(job) + " of store '" + std::string(store) +
                                               "' was started by another worker at the same "
                                               "moment: try again later"};
        }
        return put.error();
    }
    return StoreLease(host, std::move(ns), std::move(key), std::move(owner), ttl_ms, *put);
}

Outcome StoreLease::renew() {
    auto put =
        m_host->state_put(m_ns, m_key, encode(m_owner, m_host->now_ms() + m_ttl_ms), m_version);
    if (!put) {
        if (put.status() == Status::conflict) {
            return Error{Status::conflict, "another worker took over this store's lease: stopping "
                                           "at a safe point"};
        }
        return put.error();
    }
    m_version = *put;
    return {};
}

void StoreLease::release() {
    (void)m_host->state_delete(m_ns, m_key, m_version);
}

} // namespace amzconn::plugin
