// The per-store lease (issue 6 §4): two amzconn-host processes importing one store at once; one
// works, the other stops with "already running in another worker", and every order lands once.
#include "rig.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <future>
#include <thread>

namespace amzconn::integration {
namespace json = boost::json;

TEST_CASE("integration: a second host process on a store being imported exits with the lease "
          "message") {
    DemoRig rig(600, 51);
    // The first page trickles, so the first process is mid-walk (holding the lease) for a while.
    rig.set_faults(json::object{{"faults", json::array{json::object{{"operation", "searchOrders"},
                                                                    {"kind", "trickle"},
                                                                    {"bytes_per_s", 60000},
                                                                    {"count", 1}}}}});
    auto first = std::async(std::launch::async, [&] {
        return rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias});
    });
    // Wait (bounded) until the first process has asked Amazon for its first page.
    for (int i = 0; i < 400 && rig.sandbox.calls("searchOrders") == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    REQUIRE(rig.sandbox.calls("searchOrders") >= 1);
    const auto second = rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias});
    const auto done = first.get();
    INFO("first: " << done.err << done.out);
    INFO("second: " << second.err << second.out);
    CHECK(done.exit_code == 0);
    CHECK(second.exit_code == 1);
    CHECK(second.err.find("already running in another worker") != std::string::npos);
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 50);
    CHECK(c.exact());
}

TEST_CASE("integration: two host processes started together import every order once") {
    DemoRig rig(600, 52);
    auto a = std::async(std::launch::async, [&] {
        return rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias});
    });
    auto b = std::async(std::launch::async, [&] {
        return rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias});
    });
    for (const auto& result : {a.get(), b.get()}) {
        INFO(result.err << result.out);
        const bool worked = result.exit_code == 0;
        const bool refused =
            result.exit_code == 1 && (result.err.find("another worker") != std::string::npos);
        CHECK((worked || refused));
    }
    rig.import_until_ok();
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.exact());
}

} // namespace amzconn::integration
