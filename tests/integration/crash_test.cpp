// Crash points CP1-CP6 (reliability plan §2.5): import_orders is killed with SIGKILL at a crash
// point, re-run without failpoints until ok, and the host then holds every wanted sandbox order
// exactly once at its latest status: 0 lost, 0 duplicated, nothing else.
#include "rig.hpp"

#include <csignal>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

namespace amzconn::integration {

namespace {

struct Kill {
    const char* point;
    int hit;
};

void kill_then_recover(int seed, const std::vector<Kill>& kills) {
    // ~400 orders: about 160 in the demo store's marketplaces, two pages of searchOrders.
    DemoRig rig(400, seed);
    for (const auto& kill : kills) {
        CAPTURE(kill.point);
        CAPTURE(kill.hit);
        const auto spec = std::string(kill.point) + "=" + std::to_string(kill.hit);
        const auto died = rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias},
                                       {{"AMZCONN_FAILPOINTS", spec}});
        INFO(died.err);
        CHECK(died.signal == SIGKILL);
        // Time passes on both sides before the restart; the dead run's lease expires.
        rig.sandbox.advance(300);
        rig.host.ok({"clock", "advance", "16m"});
    }
    const int runs = rig.import_until_ok();
    CHECK(runs >= 1);
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 100);
    CHECK(c.lost == 0);
    CHECK(c.duplicated == 0);
    CHECK(c.extra == 0);
    CHECK(c.stale == 0);
}

} // namespace

// Each point: several seeds (different order sets and page contents) and hit counts.
TEST_CASE("integration: CP1 kill after a page is received loses and duplicates nothing") {
    for (int seed = 100; seed < 105; ++seed) {
        kill_then_recover(seed, {{"cp1_page_received", 1 + seed % 2}});
    }
}

TEST_CASE("integration: CP2 kill after mapping, before the host write, loses nothing") {
    for (int seed = 200; seed < 205; ++seed) {
        kill_then_recover(seed, {{"cp2_mapped_before_write", 1 + (seed * 37) % 150}});
    }
}

TEST_CASE("integration: CP3 kill between orders of a page loses and duplicates nothing") {
    for (int seed = 300; seed < 305; ++seed) {
        kill_then_recover(seed, {{"cp3_between_orders", 1 + (seed * 53) % 180}});
    }
    kill_then_recover(305, {{"cp3_between_orders", 101}, {"cp3_between_orders", 50}});
}

TEST_CASE("integration: CP4 kill after commit, before the cursor save, duplicates nothing") {
    for (int seed = 400; seed < 404; ++seed) {
        kill_then_recover(seed, {{"cp4_before_cursor_save", 1}});
    }
    kill_then_recover(404, {{"cp4_before_cursor_save", 1}, {"cp4_before_cursor_save", 1}});
}

TEST_CASE("integration: CP5 kill right after the cursor save loses nothing") {
    for (int seed = 500; seed < 505; ++seed) {
        kill_then_recover(seed, {{"cp5_after_cursor_save", 1}});
    }
}

TEST_CASE("integration: CP6 kill between pages restarts the walk from the cursor") {
    for (int seed = 600; seed < 604; ++seed) {
        kill_then_recover(seed, {{"cp6_between_pages", 1}});
    }
    kill_then_recover(604, {{"cp6_between_pages", 1}, {"cp1_page_received", 2}});
}

TEST_CASE("integration: CP7 kill after the LWA grant, before the token is cached, costs only a "
          "second grant and leaves no token on disk") {
    DemoRig rig(400, 700);
    const auto died = rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias},
                                   {{"AMZCONN_FAILPOINTS", "cp7_lwa_granted_before_cache=1"}});
    INFO(died.err);
    CHECK(died.signal == SIGKILL);
    CHECK(rig.sandbox.total_calls() == 0); // it died before any SP-API call
    rig.sandbox.advance(300);
    rig.host.ok({"clock", "advance", "16m"});
    CHECK(rig.import_until_ok() == 1);
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 100);
    CHECK(c.exact());
    // Neither the granted access token nor the refresh token is in the host's files.
    for (const auto& suffix : {"", "-wal", "-shm"}) {
        std::ifstream in(rig.host.db() + suffix, std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        CAPTURE(suffix);
        CHECK(bytes.str().find("Atza|") == std::string::npos);
        CHECK(bytes.str().find("CANARYREFRESH") == std::string::npos);
    }
}

} // namespace amzconn::integration
