#include "engine/store_lease.hpp"

#include "base/time.hpp"
#include "engine/store_registry.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <csignal>
#include <optional>
#include <random>
#include <unistd.h>
#include <utility>

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

// The machine a lease is taken on (its holder's process id is only meaningful there).
std::string this_machine() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) {
        return {};
    }
    return name;
}

std::string encode(std::string_view owner, int64_t expires_at_ms) {
    return json::serialize(json::object{{"owner", owner},
                                        {"expires_at_ms", expires_at_ms},
                                        {"machine", this_machine()},
                                        {"pid", static_cast<int64_t>(::getpid())}});
}

// The process id of an unexpired lease's holder when it ran on this machine and runs no more
// (killed, crashed): its lease is taken over at once instead of blocking the store until it
// expires. nullopt when the holder may be alive (or ran elsewhere: its lease expires).
std::optional<int64_t> gone_holder(const json::object& lease) {
    const auto* machine = lease.if_contains("machine");
    const auto* pid = lease.if_contains("pid");
    if (!machine || !machine->is_string() || !pid || !pid->is_int64() || pid->as_int64() <= 0) {
        return std::nullopt;
    }
    const auto here = this_machine();
    if (here.empty() || machine->as_string() != here) {
        return std::nullopt;
    }
    if (::kill(static_cast<pid_t>(pid->as_int64()), 0) == 0 || errno != ESRCH) {
        return std::nullopt; // alive, or not ours to signal: it may be alive
    }
    return pid->as_int64();
}

} // namespace

Result<StoreLease> StoreLease::acquire(HostServices& host, std::string_view store,
                                       std::string_view job, int64_t ttl_ms,
                                       DeadHolder dead_holder) {
    std::string ns = store_namespace(store);
    std::string key = "lease." + std::string(job);
    std::string owner = new_owner();
    const int64_t now = host.now_ms();
    auto current = host.state_get(ns, key);
    int64_t expected = k_version_absent;
    std::optional<int64_t> taken_from; // the gone holder whose lease this one replaces
    if (current) {
        boost::system::error_code ec;
        auto doc = json::parse(current->value, ec);
        const auto* expires =
            ec || !doc.is_object() ? nullptr : doc.as_object().if_contains("expires_at_ms");
        if (expires && expires->is_int64() && expires->as_int64() > now) {
            const auto gone = gone_holder(doc.as_object());
            if (!gone || dead_holder == DeadHolder::wait_for_expiry) {
                return Error{Status::conflict,
                             std::string(job) + " of store '" + std::string(store) +
                                 "' is already running in another worker (lease until " +
                                 time::format_rfc3339({expires->as_int64()}) +
                                 "): try again after that"};
            }
            taken_from = gone;
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
    if (taken_from) {
        host.log(LogLevel::info, store, "",
                 std::string(job) + ": took over the lease of process " +
                     std::to_string(*taken_from) +
                     ", which no longer runs on this machine (killed or crashed)");
    }
    return StoreLease(host, std::move(ns), std::move(key), std::move(owner), ttl_ms, *put);
}

Result<std::vector<std::string>> StoreLease::release_all(HostServices& host,
                                                         std::string_view store) {
    const std::string ns = store_namespace(store);
    TRY_ASSIGN(const auto leases, host.state_list(ns, "lease."));
    std::vector<std::string> released;
    for (const auto& lease : leases) {
        auto deleted = host.state_delete(ns, lease.key, lease.version);
        if (!deleted) {
            if (deleted.status() == Status::conflict || deleted.status() == Status::not_found) {
                continue; // renewed or released meanwhile: its holder is alive
            }
            return deleted.error();
        }
        boost::system::error_code ec;
        const auto doc = json::parse(lease.value, ec);
        const auto* owner = ec || !doc.is_object() ? nullptr : doc.as_object().if_contains("owner");
        const auto* machine =
            ec || !doc.is_object() ? nullptr : doc.as_object().if_contains("machine");
        const auto* expires =
            ec || !doc.is_object() ? nullptr : doc.as_object().if_contains("expires_at_ms");
        std::string line = lease.key.substr(std::string_view("lease.").size());
        if (owner && owner->is_string()) {
            line += " (held by " + std::string(owner->as_string());
            if (machine && machine->is_string()) {
                line += " on " + std::string(machine->as_string());
            }
            if (expires && expires->is_int64()) {
                line += " until " + time::format_rfc3339({expires->as_int64()});
            }
            line += ")";
        }
        released.push_back(std::move(line));
    }
    return released;
}

StoreLease::StoreLease(StoreLease&& other) noexcept
    : m_host(std::exchange(other.m_host, nullptr)), m_ns(std::move(other.m_ns)),
      m_key(std::move(other.m_key)), m_owner(std::move(other.m_owner)), m_ttl_ms(other.m_ttl_ms),
      m_version(other.m_version) {}

StoreLease& StoreLease::operator=(StoreLease&& other) noexcept {
    if (this != &other) {
        release();
        m_host = std::exchange(other.m_host, nullptr);
        m_ns = std::move(other.m_ns);
        m_key = std::move(other.m_key);
        m_owner = std::move(other.m_owner);
        m_ttl_ms = other.m_ttl_ms;
        m_version = other.m_version;
    }
    return *this;
}

StoreLease::~StoreLease() {
    release();
}

Outcome StoreLease::renew() {
    if (!m_host) {
        return Error{Status::conflict, "this store's lease is no longer held: stopping at a safe "
                                       "point"};
    }
    auto put =
        m_host->state_put(m_ns, m_key, encode(m_owner, m_host->now_ms() + m_ttl_ms), m_version);
    if (!put) {
        if (put.status() == Status::conflict) {
            m_host = nullptr; // another worker holds it now: nothing of ours to release
            return Error{Status::conflict, "another worker took over this store's lease: stopping "
                                           "at a safe point"};
        }
        return put.error();
    }
    m_version = *put;
    return {};
}

Outcome StoreLease::sleep_ms(int64_t ms) {
    const int64_t step = std::max<int64_t>(m_ttl_ms / 3, 1);
    while (ms > 0) {
        if (!m_host) {
            return renew(); // not held: says so
        }
        const int64_t chunk = std::min(ms, step);
        TRY(m_host->sleep_ms(chunk));
        TRY(renew());
        ms -= chunk;
    }
    return {};
}

void StoreLease::release() {
    if (auto* host = std::exchange(m_host, nullptr)) {
        (void)host->state_delete(m_ns, m_key, m_version);
    }
}

} // namespace amzconn::plugin
