// MemoryHost's sleep hook, which tests use to move a sandbox's clock along with the host's.
#include "memory_host.hpp"

#include <doctest/doctest.h>
#include <vector>

using amzconn::testing::MemoryHost;

TEST_CASE("support: the memory host calls its sleep hook after the clock moved, and not when "
          "sleep fails") {
    MemoryHost host;
    std::vector<int64_t> seen;
    host.set_on_sleep([&](int64_t ms) { seen.push_back(host.now_ms() - ms); });
    const int64_t start = host.now_ms();
    REQUIRE(host.sleep_ms(250).ok());
    CHECK(host.now_ms() == start + 250);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0] == start); // the hook may call the host: it runs outside the lock
    host.set_shutting_down(true);
    CHECK_FALSE(host.sleep_ms(10).ok());
    CHECK(seen.size() == 1);
    CHECK(host.slept_ms() == 250);
    CHECK(host.log_text().empty());
    host.log(amzconn::LogLevel::info, "uk1", "ref-1", "hello");
    CHECK(host.log_text() == "uk1|ref-1|hello\n");
}
