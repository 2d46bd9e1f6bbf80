// amzconn-host against the real amzconn-sandbox (through the integration rig): a reader that
// goes away never kills an import midway.
#include "rig.hpp"

#include <csignal>
#include <doctest/doctest.h>

namespace amzconn::integration {

namespace {

// Child processes start with SIGPIPE at its default (kill), as from a login shell, so the test
// fails if amzconn-host does not ignore it itself.
class DefaultSigpipe {
  public:
    DefaultSigpipe() : m_saved(std::signal(SIGPIPE, SIG_DFL)) {}
    DefaultSigpipe(const DefaultSigpipe&) = delete;
    DefaultSigpipe& operator=(const DefaultSigpipe&) = delete;
    ~DefaultSigpipe() { std::signal(SIGPIPE, m_saved); }

  private:
    void (*m_saved)(int);
};

} // namespace

TEST_CASE("refhost: run import_orders piped into head -c1 still imports every order") {
    DemoRig rig(400, 71);
    const DefaultSigpipe default_sigpipe;
    // stdout and stderr (the progress lines) both go into a pipe whose reader leaves after one
    // byte; the host's own exit status is reported on fd 3 (the rig's stderr).
    const std::string script =
        R"(("$0" --db "$1" --plugin "$2" run import_orders --store "$3" 2>&1; )"
        R"(echo "host-exit=$?" >&3) 3>&2 | head -c1 >/dev/null)";
    const auto piped = run(
        {"/bin/sh", "-c", script, AMZCONN_HOST_BIN, rig.host.db(), AMZCONN_PLUGIN_SO, rig.alias},
        rig.host.env());
    INFO("sh stderr: " << piped.err);
    CHECK(piped.exit_code == 0);
    CHECK(piped.err.find("host-exit=0") != std::string::npos);
    // Read back from both sides: every wanted sandbox order is in the host exactly once.
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 100);
    CHECK(c.exact());
}

} // namespace amzconn::integration
