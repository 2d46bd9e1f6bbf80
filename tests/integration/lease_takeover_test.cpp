// A crashed worker's lease does not block its store (issue 12 item 11): after kill -9 the next
// import of the store on the same machine takes the dead process's lease over at once (its holder
// no longer runs), instead of being refused until the lease expires; every order still lands once.
#include "rig.hpp"

#include <csignal>
#include <doctest/doctest.h>

namespace amzconn::integration {

TEST_CASE("integration: after kill -9 the next import takes the dead process's lease over at "
          "once") {
    DemoRig rig(400, 71);
    const auto died = rig.host.cmd({"run", "import_orders", "--store", rig.alias},
                                   {{"AMZCONN_FAILPOINTS", "cp1_page_received=1"}});
    INFO(died.err);
    REQUIRE(died.signal == SIGKILL);
    // No time passes: the dead process's 15-minute lease has not expired.
    const auto next = rig.host.cmd({"run", "import_orders", "--store", rig.alias});
    INFO("next: " << next.err << next.out);
    CHECK(next.exit_code == 0);
    CHECK(next.err.find("already running in another worker") == std::string::npos);
    CHECK(boost::json::serialize(rig.host.log()).find("took over the lease") != std::string::npos);
    rig.import_until_ok();
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 100);
    CHECK(c.exact());
}

} // namespace amzconn::integration
