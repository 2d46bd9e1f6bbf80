// A per-store, per-job lease in host state: stops two host processes (or two workers) from running
// the same store's job at once. Taken with compare-and-set, renewed while working, and released
// when the guard goes out of scope (every return path). A holder that died (kill -9, a crash)
// on this machine is seen at once (the lease names its machine and process id) and its lease is
// taken over; a holder on another machine loses it when its short lease expires (k_job_lease_ms:
// a running job renews it at every page or order, and every third of it while it waits).
#pragma once

#include "amzconn/host_services.hpp"

#include <string>
#include <vector>

namespace amzconn::plugin {

// How long a job's lease lasts unless renewed: the longest a worker that died on another machine
// blocks its store. Jobs renew it at their progress points (a page, an order) and while they wait
// (sleep_ms below), so a live job keeps it however long it runs.
inline constexpr int64_t k_job_lease_ms = 2 * 60 * 1000;

// What acquire does with an unexpired lease whose holder no longer runs on this machine.
enum class DeadHolder { take_over, wait_for_expiry };

class StoreLease {
  public:
    // Takes the lease or answers conflict naming the holder's expiry ("try again after ...").
    static Result<StoreLease> acquire(HostServices& host, std::string_view store,
                                      std::string_view job, int64_t ttl_ms,
                                      DeadHolder dead_holder = DeadHolder::take_over);

    StoreLease(StoreLease&& other) noexcept;
    StoreLease& operator=(StoreLease&& other) noexcept;
    StoreLease(const StoreLease&) = delete;
    StoreLease& operator=(const StoreLease&) = delete;
    ~StoreLease();

    // Extends the lease; conflict when another worker took it over (this one must stop, and the
    // guard then no longer holds it).
    Outcome renew();
    // Waits ms on the host's clock while keeping the lease: sleeps in steps of a third of the
    // lease's length and renews after each. Fails when the host's sleep does (cancelled) or a
    // renewal does (another worker took the lease over: stop at a safe point).
    Outcome sleep_ms(int64_t ms);
    // Gives it up now (best effort: an expired lease frees itself); the destructor does the same.
    void release();

    const std::string& owner() const { return m_owner; }

    // Releases every job lease of the store, whoever holds it (the admin's way out when a worker
    // on another machine died holding one); one line per lease released, naming its job, holder
    // and expiry. A live holder notices at its next renewal and stops at a safe point.
    static Result<std::vector<std::string>> release_all(HostServices& host, std::string_view store);

  private:
    StoreLease(HostServices& host, std::string ns, std::string key, std::string owner,
               int64_t ttl_ms, int64_t version)
        : m_host(&host), m_ns(std::move(ns)), m_key(std::move(key)), m_owner(std::move(owner)),
          m_ttl_ms(ttl_ms), m_version(version) {}

    HostServices* m_host; // nullptr: not held (released, taken over, or moved from)
    std::string m_ns;
    std::string m_key;
    std::string m_owner;
    int64_t m_ttl_ms;
    int64_t m_version;
};

} // namespace amzconn::plugin
