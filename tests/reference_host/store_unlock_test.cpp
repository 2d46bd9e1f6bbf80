// `amzconn-host store unlock ALIAS` with the real plugin (issue 12 item 11): the admin's way to
// free a store whose worker died on another machine, naming each holder it released.
#include "child_process.hpp"
#include "refhost_test_support.hpp"
#include "sqlite_host.hpp"
#include "temp_dir.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>
#include <fstream>

using namespace amzconn;
using namespace amzconn::refhost;
using refhost_test::contains;
namespace json = boost::json;

namespace {

class UnlockFixture {
  public:
    testing::ProcessResult run(std::vector<std::string> args,
                               const std::string& stdin_text = "") const {
        std::vector<std::string> argv = {AMZCONN_HOST_BIN, "--db", db(), "--plugin",
                                         AMZCONN_REAL_PLUGIN};
        argv.insert(argv.end(), args.begin(), args.end());
        auto result = testing::run_process(argv, {.stdin_text = stdin_text});
        INFO("amzconn-host " << args.front() << " stderr: " << result.err);
        return result;
    }

    std::string db() const { return (m_dir.path() / "host.db").string(); }

    // Installs store uk1 (open; no Amazon call is made by anything these tests run).
    void install() const {
        const auto config = m_dir.path() / "uk1.yaml";
        std::ofstream(config) << R"(stores:
  - alias: uk1
    marketplaces: {primary: UK}
    seller_id: A2EXAMPLE1UK
    endpoint: http://127.0.0.1:9
    credentials:
      lwa_client_id: ${secret:lwa-id}
      lwa_client_secret: ${secret:lwa-secret}
      refresh_token: ${secret:uk1-token}
    status: {open: true}
)";
        for (const std::string name : {"lwa-id", "lwa-secret", "uk1-token"}) {
            REQUIRE(run({"secret", "set", name}, "value\n").exit_code == 0);
        }
        REQUIRE(run({"install", config.string()}).exit_code == 0);
    }

    // The lease a worker on another machine left when it died: this host cannot see its process.
    void leave_remote_lease(std::string_view job) const {
        auto host = SqliteHost::open(db());
        REQUIRE(host.ok());
        const json::object lease{{"owner", "4242-00000000deadbeef"},
                                 {"expires_at_ms", (*host)->now_ms() + 60 * 1000},
                                 {"machine", "worker-b"},
                                 {"pid", 4242}};
        REQUIRE((*host)
                    ->state_put("store:uk1", "lease." + std::string(job), json::serialize(lease),
                                k_version_absent)
                    .ok());
    }

    bool lease_held(std::string_view job) const {
        auto host = SqliteHost::open(db());
        REQUIRE(host.ok());
        return (*host)->state_get("store:uk1", "lease." + std::string(job)).ok();
    }

  private:
    testing::TempDir m_dir;
};

} // namespace

TEST_CASE("reference_host: store unlock releases the store's leases and names each holder") {
    UnlockFixture fx;
    fx.install();
    fx.leave_remote_lease("import_orders");
    fx.leave_remote_lease("confirm_shipments");
    auto refused = fx.run({"run", "import_orders", "--store", "uk1"});
    CHECK(refused.exit_code == 1);
    CHECK(contains(refused.err, "already running in another worker"));

    auto unlocked = fx.run({"store", "unlock", "uk1"});
    INFO(unlocked.err);
    REQUIRE(unlocked.exit_code == 0);
    CHECK(unlocked.out.starts_with("store uk1: released 2 lease(s)\n"));
    CHECK(contains(unlocked.out, "released the lease of import_orders (held by "
                                 "4242-00000000deadbeef on worker-b until "));
    CHECK(contains(unlocked.out, "released the lease of confirm_shipments (held by "));
    CHECK_FALSE(fx.lease_held("import_orders"));
    CHECK_FALSE(fx.lease_held("confirm_shipments"));
    CHECK(contains(fx.run({"log"}).out, "unlock_store: released the lease of import_orders"));

    auto again = fx.run({"store", "unlock", "uk1", "--json"});
    REQUIRE(again.exit_code == 0);
    const auto report = json::parse(again.out).as_object();
    CHECK(report.at("counts").at("released").as_int64() == 0);
    CHECK(contains(std::string(report.at("messages").at(0).as_string()), "nothing to release"));
}

TEST_CASE("reference_host: store unlock says how to use it, and refuses a store it does not know") {
    UnlockFixture fx;
    auto help = fx.run({"store", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "store unlock ALIAS [--json]"));
    CHECK(contains(help.out, "really gone first"));
    fx.install();
    auto missing = fx.run({"store", "unlock"});
    CHECK(missing.exit_code == 1);
    CHECK(contains(missing.err, "unlock: give one ALIAS"));
    auto unknown = fx.run({"store", "unlock", "nope"});
    CHECK(unknown.exit_code == 1);
    CHECK(contains(unknown.err, "nope"));
    CHECK(contains(unknown.err, "uk1"));
}
