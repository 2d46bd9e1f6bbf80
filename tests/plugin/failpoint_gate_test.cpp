// The crash points are compiled into test builds only (issue 13 item 7): this file is built twice
// with plugin/src/engine/failpoint.cpp, once with AMZCONN_FAILPOINTS and once without, and a
// child process that arms a point through the environment and hits it must be killed by SIGKILL
// in the first build and live on in the second (as a release plugin does).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "engine/failpoint.hpp"

#include <csignal>
#include <cstdlib>
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// Runs failpoint("gate") twice in a child whose environment arms it at the first hit; the
// child's wait status.
int hit_armed_point() {
    const pid_t child = ::fork();
    if (child == 0) {
        ::setenv("AMZCONN_FAILPOINTS", "gate=1", 1);
        amzconn::plugin::failpoint("gate");
        amzconn::plugin::failpoint("gate");
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(child > 0);
    REQUIRE(::waitpid(child, &status, 0) == child);
    return status;
}

} // namespace

#ifdef AMZCONN_FAILPOINTS
TEST_CASE("plugin: a test build's armed crash point kills the process with SIGKILL") {
    CHECK(amzconn::plugin::failpoints_compiled());
    const int status = hit_armed_point();
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
}
#else
TEST_CASE("plugin: a build without crash points ignores AMZCONN_FAILPOINTS") {
    CHECK_FALSE(amzconn::plugin::failpoints_compiled());
    const int status = hit_armed_point();
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
#endif
