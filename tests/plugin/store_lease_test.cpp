// The store's job lease on the host's (virtual) clock (issue 12 item 11): a worker that died on
// another machine blocks its store for at most the short lease, while a live job keeps its lease
// however long it runs, by renewing it at its progress points and while it waits.
#include "engine/store_lease.hpp"
#include "memory_host.hpp"
#include "orders/order_import.hpp"
#include "shipments/shipment_confirm.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

namespace json = boost::json;
using amzconn::Status;
using amzconn::plugin::DeadHolder;
using amzconn::plugin::StoreLease;
using amzconn::testing::MemoryHost;

namespace {

constexpr int64_t k_two_minutes = 2 * 60 * 1000;

json::object stored_lease(MemoryHost& host, std::string_view job) {
    auto current = host.state_get("store:uk1", "lease." + std::string(job));
    REQUIRE(current.ok());
    return json::parse(current->value).as_object();
}

// Takes the job's lease as a worker would, then makes it look taken on another machine (where
// this host cannot check its process): the worker there died without releasing it.
void leave_remote_lease(MemoryHost& host, std::string_view job, int64_t ttl_ms) {
    auto held = StoreLease::acquire(host, "uk1", job, ttl_ms);
    REQUIRE(held.ok());
    auto current = host.state_get("store:uk1", "lease." + std::string(job));
    REQUIRE(current.ok());
    auto doc = json::parse(current->value).as_object();
    doc["machine"] = "another-machine";
    doc["pid"] = 4242;
    REQUIRE(host.state_put("store:uk1", "lease." + std::string(job), json::serialize(doc),
                           current->version)
                .ok());
    // The guard's release now misses (the version moved): the lease stays, as after a crash.
}

} // namespace

TEST_CASE("plugin: a lease left by a dead worker on another machine blocks its store for at most "
          "two minutes") {
    CHECK(amzconn::plugin::k_import_lease_ms <= k_two_minutes);
    CHECK(amzconn::plugin::k_shipment_lease_ms <= k_two_minutes);
    for (const auto& [job, ttl] :
         {std::pair<std::string_view, int64_t>{"import_orders", amzconn::plugin::k_import_lease_ms},
          {"confirm_shipments", amzconn::plugin::k_shipment_lease_ms}}) {
        INFO(job);
        MemoryHost host;
        const int64_t taken = host.now_ms();
        leave_remote_lease(host, job, ttl);
        CHECK(stored_lease(host, job).at("expires_at_ms").as_int64() == taken + ttl);

        host.advance_ms(ttl - 1000); // not over yet, and no process to check: refused
        auto refused = StoreLease::acquire(host, "uk1", job, ttl);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().status == Status::conflict);
        CHECK(refused.error().message.find("already running in another worker") !=
              std::string::npos);

        host.advance_ms(1001); // the short lease is over: the next worker takes the store
        auto next = StoreLease::acquire(host, "uk1", job, ttl);
        REQUIRE_MESSAGE(next.ok(), (next.ok() ? "" : next.error().message));
        CHECK(stored_lease(host, job).at("owner").as_string() == next->owner());
    }
}

TEST_CASE("plugin: a running job keeps its short lease past its length by renewing it") {
    MemoryHost host;
    const int64_t ttl = amzconn::plugin::k_job_lease_ms;
    auto job = StoreLease::acquire(host, "uk1", "import_orders", ttl);
    REQUIRE(job.ok());
    // Five progress points, each half a lease apart: two and a half leases in all.
    for (int page = 0; page < 5; ++page) {
        host.advance_ms(ttl / 2);
        REQUIRE(job->renew().ok());
    }
    host.advance_ms(ttl / 2);
    // A worker elsewhere (its holder's process cannot be the judge: expiry is) is refused.
    auto other =
        StoreLease::acquire(host, "uk1", "import_orders", ttl, DeadHolder::wait_for_expiry);
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().status == Status::conflict);

    // A job that stops renewing (it hung, or died elsewhere) loses the store after one lease,
    // and when it comes back it learns so at its next renewal and stops.
    host.advance_ms(ttl / 2 + 1);
    auto taker =
        StoreLease::acquire(host, "uk1", "import_orders", ttl, DeadHolder::wait_for_expiry);
    REQUIRE(taker.ok());
    auto late = job->renew();
    REQUIRE_FALSE(late.ok());
    CHECK(late.status() == Status::conflict);
    CHECK(late.error().message.find("another worker took over") != std::string::npos);
    CHECK(stored_lease(host, "import_orders").at("owner").as_string() == taker->owner());
}

TEST_CASE("plugin: a job waiting under its lease keeps it for the whole wait") {
    MemoryHost host;
    const int64_t ttl = amzconn::plugin::k_job_lease_ms;
    auto job = StoreLease::acquire(host, "uk1", "reconcile", ttl);
    REQUIRE(job.ok());
    const int64_t start = host.now_ms();
    REQUIRE(job->sleep_ms(10 * 60 * 1000).ok()); // five leases long
    CHECK(host.now_ms() == start + 10 * 60 * 1000);
    CHECK(host.slept_ms() == 10 * 60 * 1000);
    CHECK(stored_lease(host, "reconcile").at("expires_at_ms").as_int64() > host.now_ms());
    auto other = StoreLease::acquire(host, "uk1", "reconcile", ttl, DeadHolder::wait_for_expiry);
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().status == Status::conflict);

    host.set_shutting_down(true); // the host stopping ends the wait, as a plain sleep would
    auto stopped = job->sleep_ms(ttl);
    REQUIRE_FALSE(stopped.ok());
    CHECK(stopped.status() == Status::cancelled);
}
