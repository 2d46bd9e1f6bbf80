// secret and clock: host administration that never loads the plugin.
#include "cli_args.hpp"
#include "commands.hpp"
#include "time_text.hpp"

#include <istream>
#include <ostream>
#include <termios.h>
#include <unistd.h>

namespace amzconn::refhost {

namespace {

// Turns terminal echo off while a secret is typed; a no-op when stdin is not a terminal.
class NoEcho {
  public:
    NoEcho() {
        if (::isatty(STDIN_FILENO) != 0 && ::tcgetattr(STDIN_FILENO, &m_saved) == 0) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            m_active = ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
        }
    }
    NoEcho(const NoEcho&) = delete;
    NoEcho& operator=(const NoEcho&) = delete;
    ~NoEcho() {
        if (m_active) {
            ::tcsetattr(STDIN_FILENO, TCSANOW, &m_saved);
        }
    }
    bool active() const { return m_active; }

  private:
    termios m_saved{};
    bool m_active = false;
};

int run_secret(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{}, {}});
    if (!parsed) {
        return context.fail("secret", parsed.error());
    }
    const auto& positionals = parsed->positionals;
    if (positionals.size() != 2 || positionals[0] != "set") {
        return context.fail(
            "secret",
            Error{Status::bad_input, "use `secret set NAME` (the value is read from stdin)"});
    }
    const std::string& name = positionals[1];
    std::string value;
    {
        NoEcho quiet;
        if (quiet.active()) {
            context.err() << "value for " << name << ": " << std::flush;
        }
        std::getline(context.in(), value);
        if (quiet.active()) {
            context.err() << "\n";
        }
    }
    if (!value.empty() && value.back() == '\r') {
        value.pop_back();
    }
    if (value.empty()) {
        return context.fail("secret set " + name,
                            Error{Status::bad_input, "no value on stdin: pipe or type the value"});
    }
    auto services = context.host();
    if (!services) {
        return context.fail("secret set", services.error());
    }
    auto stored = (*services)->secret_set(name, value);
    value.assign(value.size(), '\0'); // do not leave the value in freed memory
    if (!stored) {
        return context.fail("secret set " + name, stored.error());
    }
    context.out() << "secret " << name << " stored\n";
    return k_exit_ok;
}

int run_clock(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{}, {}});
    if (!parsed) {
        return context.fail("clock", parsed.error());
    }
    const auto& positionals = parsed->positionals;
    const std::string action = positionals.empty() ? "show" : positionals[0];
    const size_t wanted = (action == "set" || action == "advance") ? 2 : 1;
    if (positionals.size() > wanted || (wanted == 2 && positionals.size() != 2) ||
        (action != "set" && action != "advance" && action != "real" && action != "show")) {
        return context.fail("clock", Error{Status::bad_input,
                                           "use clock set TIME | advance DURATION | real | show"});
    }
    auto services = context.host();
    if (!services) {
        return context.fail("clock", services.error());
    }
    SqliteHost& host = **services;
    Outcome done;
    if (action == "set") {
        auto when = parse_rfc3339_ms(positionals[1]);
        if (!when) {
            return context.fail("clock set", when.error());
        }
        done = host.set_virtual_clock(*when);
    } else if (action == "advance") {
        auto delta = parse_duration_ms(positionals[1]);
        if (!delta) {
            return context.fail("clock advance", delta.error());
        }
        done = host.advance_clock(*delta);
    } else if (action == "real") {
        done = host.use_real_clock();
    }
    if (!done) {
        return context.fail("clock " + action, done.error());
    }
    auto is_virtual = host.clock_is_virtual();
    if (!is_virtual) {
        return context.fail("clock", is_virtual.error());
    }
    context.out() << format_rfc3339(host.now_ms()) << (*is_virtual ? " (virtual)" : " (real)")
                  << "\n";
    return k_exit_ok;
}

} // namespace

CommandInfo secret_command() {
    return {"secret", "store a secret in the host secret store",
            "usage: amzconn-host [--db FILE] secret set NAME\n"
            "\n"
            "Reads the value from stdin (one line; not echoed on a terminal) and stores it under\n"
            "NAME, for configs that reference ${secret:NAME}. The value is never printed or\n"
            "logged. A secret not in the store is looked up in $AMZCONN_SECRET_<NAME> (upper\n"
            "case, other characters as _).\n",
            run_secret};
}

CommandInfo clock_command() {
    return {"clock", "use a virtual clock (tests, demos) or the real one",
            "usage: amzconn-host [--db FILE] clock set TIME      e.g. 2026-01-01T00:00:00Z\n"
            "       amzconn-host [--db FILE] clock advance DURATION   e.g. 2h, 90s, 7d\n"
            "       amzconn-host [--db FILE] clock real\n"
            "       amzconn-host [--db FILE] clock [show]\n"
            "\n"
            "The clock is kept in the database, so every command and `serve` see it. On a\n"
            "virtual clock a plugin's waits advance the time instead of sleeping. Prints the\n"
            "host's time afterwards.\n",
            run_clock};
}

} // namespace amzconn::refhost
