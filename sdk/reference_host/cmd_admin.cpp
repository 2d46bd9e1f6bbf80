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

Result<std::string> read_secret_value(CliContext& context, const std::string& name) {
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
        return Error{Status::bad_input,
                     "no value on stdin for " + name + ": pipe or type the value"};
    }
    return value;
}

Result<int> secret_set(CliContext& context, const std::string& name) {
    TRY_ASSIGN(auto* host, context.host());
    TRY_ASSIGN(std::string value, read_secret_value(context, name));
    auto stored = host->secret_set(name, value);
    value.assign(value.size(), '\0'); // do not leave the value in freed memory
    TRY(stored);
    context.out() << "secret " << name << " stored (encrypted with key file "
                  << host->key_file().string() << ")\n";
    return k_exit_ok;
}

Result<int> secret_list(CliContext& context) {
    TRY_ASSIGN(auto* host, context.host());
    TRY_ASSIGN(const auto names, host->secret_names());
    for (const auto& name : names) {
        context.out() << name << "\n";
    }
    if (names.empty()) {
        context.err() << "no secrets stored: add one with `amzconn-host secret set NAME`\n";
    }
    return k_exit_ok;
}

Result<int> secret_rotate_key(CliContext& context) {
    TRY_ASSIGN(auto* host, context.host());
    TRY_ASSIGN(const size_t count, host->rotate_secret_key());
    context.out() << "re-encrypted " << count << " secret(s) with a new key in "
                  << host->key_file().string() << ": back up that file; the old key is gone\n";
    return k_exit_ok;
}

Result<int> secret_reset(CliContext& context, bool confirmed) {
    if (!confirmed) {
        return Error{Status::bad_input, "this deletes every stored secret: add --yes to confirm"};
    }
    TRY_ASSIGN(auto* host, context.host());
    TRY_ASSIGN(const size_t count, host->reset_secrets());
    context.out() << "deleted " << count
                  << " secret(s): set each again with `amzconn-host secret set NAME`\n";
    return k_exit_ok;
}

Result<int> secret_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{}, {"--yes"}}));
    const auto& positionals = parsed.positionals;
    const std::string action = positionals.empty() ? "" : positionals[0];
    if (action == "set" && positionals.size() == 2) {
        return secret_set(context, positionals[1]);
    }
    if (positionals.size() == 1 && action == "list") {
        return secret_list(context);
    }
    if (positionals.size() == 1 && action == "rotate-key") {
        return secret_rotate_key(context);
    }
    if (positionals.size() == 1 && action == "reset") {
        return secret_reset(context, parsed.flag("--yes"));
    }
    return Error{Status::bad_input, "use `secret set NAME` (the value is read from stdin), "
                                    "`secret list`, `secret rotate-key` or `secret reset --yes`"};
}

int run_secret(CliContext& context, const CommandArgs& args) {
    return context.finish("secret", secret_body(context, args));
}

Outcome check_clock_args(const std::vector<std::string>& positionals) {
    const std::string action = positionals.empty() ? "show" : positionals[0];
    const size_t wanted = (action == "set" || action == "advance") ? 2 : 1;
    const bool known =
        action == "set" || action == "advance" || action == "real" || action == "show";
    if (!known || positionals.size() > wanted || (wanted == 2 && positionals.size() != 2)) {
        return Error{Status::bad_input, "use clock set TIME | advance DURATION | real | show"};
    }
    return {};
}

// Applies `clock set|advance|real|show` (checked by check_clock_args).
Outcome change_clock(SqliteHost& host, const std::vector<std::string>& positionals) {
    const std::string action = positionals.empty() ? "show" : positionals[0];
    if (action == "set") {
        TRY_ASSIGN(const int64_t when, parse_rfc3339_ms(positionals[1]));
        return host.set_virtual_clock(when);
    }
    if (action == "advance") {
        TRY_ASSIGN(const int64_t delta, parse_duration_ms(positionals[1]));
        return host.advance_clock(delta);
    }
    if (action == "real") {
        return host.use_real_clock();
    }
    return {};
}

Result<int> clock_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{}, {}}));
    TRY(check_clock_args(parsed.positionals));
    TRY_ASSIGN(auto* host, context.host());
    TRY(change_clock(*host, parsed.positionals));
    TRY_ASSIGN(const bool is_virtual, host->clock_is_virtual());
    context.out() << format_rfc3339(host->now_ms()) << (is_virtual ? " (virtual)" : " (real)")
                  << "\n";
    return k_exit_ok;
}

int run_clock(CliContext& context, const CommandArgs& args) {
    return context.finish("clock", clock_body(context, args));
}

} // namespace

CommandInfo secret_command() {
    return {"secret", "store, list and re-encrypt host secrets",
            "usage: amzconn-host [--db FILE] [--key-file FILE] secret set NAME\n"
            "       amzconn-host [--db FILE] [--key-file FILE] secret list\n"
            "       amzconn-host [--db FILE] [--key-file FILE] secret rotate-key\n"
            "       amzconn-host [--db FILE] secret reset --yes\n"
            "\n"
            "set          reads the value from stdin (one line; not echoed on a terminal) and\n"
            "             stores it under NAME, for configs that reference ${secret:NAME}\n"
            "list         the names of the stored secrets (never their values)\n"
            "rotate-key   encrypts every secret with a new key and replaces the key file;\n"
            "             safe to interrupt (every secret stays readable); back up the new file\n"
            "reset        deletes every stored secret: the way out when the key file is lost\n"
            "\n"
            "Values are encrypted at rest (XChaCha20-Poly1305, libsodium) with the key in the\n"
            "key file: --key-file FILE, else $AMZCONN_KEY_FILE, else the database file name +\n"
            ".key. It is created 0600 on first use and must not be readable by every user. Keep\n"
            "it out of database backups, or back it up separately. Values are never printed or\n"
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
