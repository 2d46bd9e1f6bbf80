// Reliability plan items F24-F28, CP7 and CP13 (issue 13 item 9): each ends with the host holding
// every wanted sandbox order exactly once at Amazon's latest status (0 lost, 0 duplicated).
#include "rig.hpp"

#include <chrono>
#include <csignal>
#include <ctime>
#include <doctest/doctest.h>
#include <fstream>
#include <sqlite3.h>
#include <sstream>
#include <thread>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

void expect_at_least_exact(const DemoRig& rig, size_t at_least = 50) {
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > at_least);
    CHECK(c.exact());
}

// The order cursor the plugin keeps in host state, read from the host's SQLite file.
std::string cursor_of(const DemoRig& rig) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(rig.host.db().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
            SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT value FROM state WHERE key = 'orders.cursor'", -1, &stmt,
                               nullptr) == SQLITE_OK);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

json::object run_import(const DemoRig& rig) {
    const auto result = rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return json::parse(result.out).as_object();
}

// Moves both clocks on; a dead run's lease (15 min) expires.
void pass_time(const DemoRig& rig, int64_t seconds = 16 * 60) {
    rig.sandbox.advance(seconds);
    rig.host.ok({"clock", "advance", std::to_string(seconds) + "s"});
}

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// An RFC 3339 UTC time `seconds` earlier than `time`.
std::string seconds_before(const std::string& time, int64_t seconds) {
    std::tm tm{};
    REQUIRE(::strptime(time.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) != nullptr);
    const std::time_t then = ::timegm(&tm) - seconds;
    std::tm out{};
    ::gmtime_r(&then, &out);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &out);
    return text;
}

// New orders arrive at the sandbox over the next two hours, and the clocks pass them.
void more_orders(const DemoRig& rig, int count, int seed) {
    rig.sandbox.post("/_sandbox/generate",
                     json::object{{"count", count}, {"seed", seed}, {"live_hours", 2}});
    pass_time(rig, 3 * 3600);
}

} // namespace

TEST_CASE("integration: F24 an unsorted page with equal timestamps loses and duplicates nothing") {
    DemoRig rig(600, 81);
    REQUIRE(rig.import_until_ok() >= 1);
    // 150 new orders of the demo store's marketplaces arrive at one instant: equal
    // lastUpdatedTime across a page boundary, and every page is served newest first.
    std::vector<json::object> touched;
    const auto state = rig.sandbox.state();
    for (const auto& entry : state.at("orders").as_array()) {
        const auto& o = entry.as_object();
        if (touched.size() < 150 && demo_wants(o)) {
            auto copy = rig.sandbox.get_order(str(o.at("orderId")));
            copy["orderId"] = "9" + str(o.at("orderId")).substr(1);
            touched.push_back(std::move(copy));
        }
    }
    REQUIRE(touched.size() > 100);
    rig.sandbox.put_orders(touched);
    pass_time(rig, 600);
    rig.set_faults(json::object{{"faults", json::array{json::object{{"operation", "searchOrders"},
                                                                    {"kind", "unsorted_page"},
                                                                    {"count", 100}}}}});
    const auto before = rig.sandbox.calls("searchOrders");
    REQUIRE(rig.import_until_ok() == 1);
    CHECK(rig.sandbox.calls("searchOrders") - before >= 2); // the equal times span two pages
    CHECK(rig.compare_now().expected > 250);
    rig.set_faults(json::object{{"faults", json::array{}}});
    expect_at_least_exact(rig);
    // A second walk over the same window finds nothing new.
    const auto again = run_import(rig);
    CHECK(str(again.at("status")) == "ok");
    CHECK(again.at("counts").as_object().at("imported").to_number<int64_t>() == 0);
    expect_at_least_exact(rig);
}

TEST_CASE("integration: F25 an older version of an order after a newer one never regresses the "
          "host") {
    DemoRig rig(200, 82);
    REQUIRE(rig.import_until_ok() >= 1);
    // An unshipped merchant order the host holds.
    std::string id;
    const auto state = rig.sandbox.state();
    for (const auto& entry : state.at("orders").as_array()) {
        const auto& o = entry.as_object();
        if (id.empty() && demo_wants(o) && str(o.at("status")) == "UNSHIPPED") {
            id = str(o.at("orderId"));
        }
    }
    REQUIRE(!id.empty());
    CAPTURE(id);
    const auto wanted = [&](const json::object& o) {
        return str(o.at("orderId")) == id || demo_wants(o);
    };
    const auto host_status = [&] {
        const auto dump = rig.host.dump();
        for (const auto& so : dump.at("sales_orders").as_array()) {
            if (str(so.as_object().at("idempotency_key")) == rig.alias + ":" + id) {
                return str(so.as_object().at("status"));
            }
        }
        return std::string("absent");
    };
    // Times relative to the sandbox's now: the last walk's cursor is 7 minutes back.
    const auto at = [&](int64_t seconds_back) {
        return seconds_before(str(rig.sandbox.state().at("now")), seconds_back);
    };
    const auto older = rig.sandbox.get_order(id);
    auto newer = older;
    newer["fulfillment"].as_object()["fulfillmentStatus"] = "CANCELLED";
    newer["lastUpdatedTime"] = at(3 * 60);
    rig.sandbox.post("/_sandbox/orders", json::object{{"orders", json::array{newer}}});
    const auto missing = rig.host.cmd({"run", "--json", "import_missing_orders", "--store",
                                       rig.alias, "--arg", "order_ids=" + id});
    INFO(missing.out << missing.err);
    REQUIRE(missing.exit_code == 0);
    REQUIRE(host_status() == "cancelled");

    // A stale replica serves the older version, last updated between the cursor and the
    // cancellation: the next walk and a reconcile read it, and the host keeps the cancellation.
    auto stale = older;
    stale["lastUpdatedTime"] = at(5 * 60);
    rig.sandbox.post("/_sandbox/orders", json::object{{"orders", json::array{stale}}});
    pass_time(rig, 300);
    const auto walk = run_import(rig);
    INFO(json::serialize(walk));
    CHECK(host_status() == "cancelled");
    const auto reconcile = rig.host.cmd(
        {"run", "--json", "reconcile_orders", "--store", rig.alias, "--arg", "from=2026-01-01"});
    INFO(reconcile.out << reconcile.err);
    CHECK(reconcile.exit_code == 0);
    CHECK(host_status() == "cancelled");

    // Amazon converges on the newer version: the host equals Amazon, nothing duplicated.
    rig.sandbox.put_orders({newer});
    pass_time(rig, 600);
    REQUIRE(rig.import_until_ok() == 1);
    const auto c = compare(rig.host.dump(), rig.sandbox.state(), rig.alias, wanted);
    INFO(c.summary());
    CHECK(c.exact());
}

// The host clock runs `skew_minutes` ahead of (or behind) Amazon's. A walk fails (a long
// Retry-After), so the next walk reads a slice after the cursor whose upper bound comes from the
// host clock: ahead of Amazon's, it is later than Amazon allows.
void skewed(int skew_minutes, int seed) {
    CAPTURE(skew_minutes);
    DemoRig rig(400, seed);
    REQUIRE(rig.import_until_ok() == 1);
    rig.host.ok(
        {"clock", "set", seconds_before(str(rig.sandbox.state().at("now")), -skew_minutes * 60)});
    rig.set_faults(json::object{{"faults", json::array{json::object{{"operation", "searchOrders"},
                                                                    {"kind", "throttle"},
                                                                    {"retry_after", "3600"}}}}});
    const auto throttled = run_import(rig);
    CHECK(str(throttled.at("status")) == "retry_later");
    pass_time(rig, 60);
    const auto result = rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias});
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0); // never a refusal that needs a person
    const auto status = str(json::parse(result.out).as_object().at("status"));
    CHECK((status == "ok" || status == "partial"));
    if (skew_minutes > 0) {
        // Amazon refused the slice's bound, and the walk read up to Amazon's own bound instead.
        CHECK(json::serialize(rig.host.log()).find("refused the slice's upper bound") !=
              std::string::npos);
    }
    pass_time(rig, 60);
    REQUIRE(rig.import_until_ok() <= 3);
    expect_at_least_exact(rig, 100);
}

TEST_CASE("integration: F26 a host clock 30 minutes ahead of Amazon loses and duplicates "
          "nothing") {
    skewed(30, 83);
}

TEST_CASE("integration: F26 a host clock 30 minutes behind Amazon loses and duplicates nothing") {
    skewed(-30, 84);
}

namespace {

// import_orders with the host's database failing under it: from the `from`-th call on, every
// `syscalls` call on the SQLite file or its WAL returns `error` (strace -e inject), as a full or
// dying disk does. `trace_to`: instead of injecting, write strace's log there (to count calls).
testing::ProcessResult import_with_disk_errors(DemoRig& rig, const std::string& syscalls,
                                               const std::string& error, int from,
                                               const std::string& trace_to = "/dev/null") {
    std::vector<std::string> argv{"/usr/bin/strace",
                                  "-f",
                                  "-qq",
                                  "-s",
                                  "65536",
                                  "-o",
                                  trace_to,
                                  "-P",
                                  rig.host.db(),
                                  "-P",
                                  rig.host.db() + "-wal",
                                  "-e",
                                  "trace=" + syscalls};
    if (trace_to == "/dev/null") {
        argv.insert(argv.end(), {"-e", "inject=" + syscalls + ":error=" + error +
                                           ":when=" + std::to_string(from) + "+"});
    }
    argv.insert(argv.end(), {AMZCONN_HOST_BIN, "--db", rig.host.db(), "--plugin", AMZCONN_PLUGIN_SO,
                             "run", "--json", "import_orders", "--store", rig.alias});
    testing::ProcessOptions options{.unset_env = {"AMZCONN_FAILPOINTS"}, .env = rig.host.env()};
    // LeakSanitizer cannot run under ptrace (strace): it would fail the traced host at exit in
    // the asan preset. The leak check is proven by every untraced run.
    options.env["ASAN_OPTIONS"] = "detect_leaks=0:intercept_tls_get_addr=0";
    return testing::run_process(argv, options);
}

void copy_file(const std::string& from, const std::string& to) {
    std::ofstream(to, std::ios::binary | std::ios::trunc) << file_text(from);
}

// The host's database back to a copy taken between commands (no WAL then).
void restore_db(const DemoRig& rig, const std::string& copy) {
    std::remove((rig.host.db() + "-wal").c_str());
    std::remove((rig.host.db() + "-shm").c_str());
    copy_file(copy, rig.host.db());
}

// A host whose first import is done (the old checkpoint), with new orders waiting at Amazon;
// a copy of its database to start each variant from.
struct DiskRig {
    DemoRig rig;
    std::string pristine;
    std::string old_cursor;
    explicit DiskRig(int seed) : rig(300, seed) {
        REQUIRE(std::system("/usr/bin/strace -V > /dev/null 2>&1") == 0); // the test needs it
        REQUIRE(rig.import_until_ok() >= 1);
        old_cursor = cursor_of(rig);
        REQUIRE(!old_cursor.empty());
        more_orders(rig, 200, seed + 1000);
        pristine = rig.dir.path().string() + "/pristine.db";
        copy_file(rig.host.db(), pristine);
    }
    // After a failed run: the checkpoint is the old one or a whole new one; a normal re-run
    // then leaves the host equal to Amazon.
    void expect_recovery(const testing::ProcessResult& failed) {
        INFO(failed.out << failed.err);
        CHECK(failed.signal == 0); // a clean error, never a crash
        const auto cursor = cursor_of(rig);
        CAPTURE(cursor);
        boost::system::error_code ec;
        const auto parsed = json::parse(cursor, ec);
        CHECK(!ec);
        CHECK(parsed.is_object());
        pass_time(rig);
        REQUIRE(rig.import_until_ok() >= 1);
        expect_at_least_exact(rig, 100);
        CHECK(cursor_of(rig) != old_cursor);
    }
};

} // namespace

TEST_CASE("integration: F27 host commits failing mid-walk (disk full) lose and duplicate "
          "nothing") {
    DiskRig disk(85);
    for (int from : {3, 40, 150}) {
        CAPTURE(from);
        restore_db(disk.rig, disk.pristine);
        const auto failed = import_with_disk_errors(disk.rig, "write,pwrite64", "ENOSPC", from);
        INFO(failed.out << failed.err);
        if (failed.exit_code == 0) {
            CHECK(str(json::parse(failed.out).as_object().at("status")) != "ok");
        }
        if (from < 100) {
            CHECK(cursor_of(disk.rig) == disk.old_cursor); // the checkpoint stays where it was
        }
        disk.expect_recovery(failed);
    }
}

// Which write of the run saves the new checkpoint: the run is made once on the pristine
// database with strace logging every write (buffers in full), and the first write that carries
// the cursor the run saved is the checkpoint's. Returns its 1-based index among the writes.
int checkpoint_write(DiskRig& disk) {
    const std::string trace = disk.rig.dir.path().string() + "/writes.trace";
    restore_db(disk.rig, disk.pristine);
    const auto counted = import_with_disk_errors(disk.rig, "write,pwrite64", "", 0, trace);
    REQUIRE(counted.exit_code == 0);
    const auto saved = json::parse(cursor_of(disk.rig)).as_object();
    const auto after = str(saved.at("last_updated_after"));
    REQUIRE(cursor_of(disk.rig) != disk.old_cursor);
    std::istringstream lines(file_text(trace));
    int writes = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.find("write") == std::string::npos || line.find("resumed>") != std::string::npos) {
            continue;
        }
        ++writes;
        if (line.find(after) != std::string::npos) {
            return writes;
        }
    }
    FAIL("no write carried the new checkpoint " << after);
    return 0;
}

TEST_CASE("integration: F27 a host commit that times out (database locked) loses and duplicates "
          "nothing") {
    DemoRig rig(1500, 89);
    // The second page arrives slowly, so the lock below is taken while the walk runs.
    rig.set_faults(json::object{{"faults", json::array{json::object{{"operation", "searchOrders"},
                                                                    {"kind", "trickle"},
                                                                    {"bytes_per_s", 30000},
                                                                    {"after", 1}}}}});
    const std::vector<std::string> argv{AMZCONN_HOST_BIN,  "--db",   rig.host.db(), "--plugin",
                                        AMZCONN_PLUGIN_SO, "run",    "--json",      "import_orders",
                                        "--store",         rig.alias};
    testing::ChildProcess child(argv, {.unset_env = {"AMZCONN_FAILPOINTS"}, .env = rig.host.env()});
    bool reading = false;
    for (int i = 0; i < 3000 && !reading; ++i) {
        reading = child.poll_err().find("orders read") != std::string::npos;
        if (!reading) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    REQUIRE(reading);
    // Another writer holds the database longer than the host waits for it (10 s).
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(rig.host.db().c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    REQUIRE(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    std::this_thread::sleep_for(std::chrono::seconds(25));
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    const auto locked = child.wait(120);
    INFO(locked.out << locked.err);
    CHECK(locked.signal == 0);
    // The host waits the lock out or the run ends with an error (the cursor then stays); either
    // way the next run leaves the host equal to Amazon.
    rig.set_faults(json::object{{"faults", json::array{}}});
    pass_time(rig);
    REQUIRE(rig.import_until_ok() >= 1);
    expect_at_least_exact(rig, 300);
}

TEST_CASE("integration: F28 EIO or ENOSPC on the checkpoint keeps the old one whole and loses "
          "nothing") {
    DiskRig disk(86);
    for (const std::string error : {"ENOSPC", "EIO"}) {
        CAPTURE(error);
        const int at = checkpoint_write(disk);
        CAPTURE(at);
        REQUIRE(at > 20); // every order of the walk was written before it
        restore_db(disk.rig, disk.pristine);
        const auto failed = import_with_disk_errors(disk.rig, "write,pwrite64", error, at);
        INFO(failed.out << failed.err);
        CHECK(failed.exit_code != 0);                  // the failed save is an error, never "ok"
        CHECK(cursor_of(disk.rig) == disk.old_cursor); // the old checkpoint, whole
        disk.expect_recovery(failed);
    }
    // fsync failing (a dying disk) never loses a committed order.
    restore_db(disk.rig, disk.pristine);
    disk.expect_recovery(import_with_disk_errors(disk.rig, "fsync,fdatasync", "EIO", 1));
}

namespace {

// import_orders gets SIGTERM once it has read a page, then SIGKILL if it still runs after
// grace_s seconds (what a service manager does on stop).
testing::ProcessResult term_then_kill(DemoRig& rig, int grace_s) {
    const std::vector<std::string> argv{AMZCONN_HOST_BIN,  "--db",   rig.host.db(), "--plugin",
                                        AMZCONN_PLUGIN_SO, "run",    "--json",      "import_orders",
                                        "--store",         rig.alias};
    testing::ChildProcess child(argv, {.unset_env = {"AMZCONN_FAILPOINTS"}, .env = rig.host.env()});
    bool reading = false;
    for (int i = 0; i < 3000 && !reading; ++i) {
        reading = child.poll_err().find("orders read") != std::string::npos;
        if (!reading) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    REQUIRE(reading);
    child.send_signal(SIGTERM);
    return child.wait(grace_s);
}

} // namespace

TEST_CASE("integration: CP13 SIGTERM during a walk stops at a page boundary, losing nothing") {
    DemoRig rig(1500, 87);
    const auto stopped = term_then_kill(rig, 20);
    INFO(stopped.out << stopped.err);
    CHECK(stopped.signal == 0); // it stopped by itself, well within the grace period
    CHECK(stopped.out.find("cancelled") != std::string::npos);
    pass_time(rig);
    REQUIRE(rig.import_until_ok() >= 1);
    expect_at_least_exact(rig, 300);
}

TEST_CASE("integration: CP13 SIGTERM during a stalled page, then SIGKILL, loses and duplicates "
          "nothing") {
    DemoRig rig(1500, 88);
    // The second page never comes: the run cannot reach a page boundary in the grace period.
    rig.set_faults(json::object{
        {"faults", json::array{json::object{
                       {"operation", "searchOrders"}, {"kind", "stall"}, {"after", 1}}}}});
    const auto killed = term_then_kill(rig, 3);
    INFO(killed.out << killed.err);
    CHECK(killed.signal == SIGKILL);
    rig.set_faults(json::object{{"faults", json::array{}}});
    pass_time(rig);
    REQUIRE(rig.import_until_ok() >= 1);
    expect_at_least_exact(rig, 300);
}

} // namespace amzconn::integration
