// ChildProcess / run_process: what every suite that runs a real program relies on.
#include "child_process.hpp"

#include <csignal>
#include <cstdlib>
#include <doctest/doctest.h>

using amzconn::testing::ChildProcess;
using amzconn::testing::run_process;

TEST_CASE("support: run_process hands stdin over and returns exit code, stdout and stderr apart") {
    const auto result =
        run_process({"/bin/sh", "-c", "read line; echo \"out:$line\"; echo err >&2; exit 3"},
                    {.stdin_text = "hello\n"});
    CHECK(result.exit_code == 3);
    CHECK(result.signal == 0);
    CHECK(result.out == "out:hello\n");
    CHECK(result.err == "err\n");
}

TEST_CASE("support: run_process removes the named variables and sets the given ones") {
    ::setenv("AMZCONN_SUPPORT_TEST_DROPPED", "inherited", 1);
    ::setenv("AMZCONN_SUPPORT_TEST_KEPT", "inherited", 1);
    const auto result =
        run_process({"/bin/sh", "-c",
                     "echo \"${AMZCONN_SUPPORT_TEST_DROPPED-unset} $AMZCONN_SUPPORT_TEST_KEPT "
                     "$AMZCONN_SUPPORT_TEST_SET\""},
                    {.unset_env = {"AMZCONN_SUPPORT_TEST_DROPPED"},
                     .env = {{"AMZCONN_SUPPORT_TEST_SET", "x"}}});
    ::unsetenv("AMZCONN_SUPPORT_TEST_DROPPED");
    ::unsetenv("AMZCONN_SUPPORT_TEST_KEPT");
    CHECK(result.exit_code == 0);
    CHECK(result.out == "unset inherited x\n");
}

TEST_CASE("support: a child still running at its deadline is killed and the result says so") {
    const auto result = run_process({"/bin/sleep", "60"}, {}, 1);
    CHECK(result.exit_code == -1);
    CHECK(result.signal == SIGKILL);
    CHECK(result.err.find("killed after the deadline") != std::string::npos);
}

TEST_CASE("support: a program that cannot be started exits 127") {
    CHECK(run_process({"/nonexistent/amzconn-program"}).exit_code == 127);
}

TEST_CASE("support: with stdin kept open the child never reads end of input") {
    // cat ends at end of input: here it is still running at the deadline.
    ChildProcess cat({"/bin/cat"}, {.keep_stdin_open = true});
    const auto result = cat.wait(1);
    CHECK(result.signal == SIGKILL);
    CHECK(result.err.find("killed after the deadline") != std::string::npos);
    // Without the option the same program ends by itself.
    CHECK(run_process({"/bin/cat"}).exit_code == 0);
}
