#include "cli.hpp"

#include "cli_args.hpp"
#include "commands.hpp"
#include "shutdown.hpp"
#include "suggest.hpp"

#include <exception>
#include <iomanip>
#include <ostream>
#include <variant>

#ifndef AMZCONN_HOST_VERSION
#define AMZCONN_HOST_VERSION "unknown"
#endif

namespace amzconn::refhost {

namespace {

void print_usage(std::ostream& out) {
    out << "usage: amzconn-host [--db FILE] [--plugin FILE] [--key-file FILE] COMMAND [ARGS...]\n"
           "\n"
           "The amzconn reference host: runs the amzconn plugin over one SQLite file.\n"
           "\n"
           "global options:\n"
           "  --db FILE         the database (default: $AMZCONN_DB, else\n"
           "                    $XDG_STATE_HOME/amzconn/amzconn.db, i.e.\n"
           "                    ~/.local/state/amzconn/amzconn.db; created 0600 when missing)\n"
           "  --plugin FILE     the plugin (default: $AMZCONN_PLUGIN, else libamzconn_plugin.so\n"
           "                    beside this program, else the installed one)\n"
           "  --key-file FILE   the key secrets are encrypted with (default: $AMZCONN_KEY_FILE,\n"
           "                    else the database file name + .key; created 0600 on first use)\n"
           "  --help            this help; `amzconn-host help COMMAND` or\n"
           "                    `amzconn-host COMMAND --help` for a command's help\n"
           "  --version         this program's version\n"
           "\n"
           "commands:\n";
    for (const auto& command : commands()) {
        out << "  " << std::left << std::setw(10) << command.name << command.summary << "\n";
    }
    out << "  " << std::left << std::setw(10) << "help"
        << "this help, or a command's help\n"
        << "\n"
           "exit status: 0 ok, 1 user error (bad config or data, unknown store, refused plugin),\n"
           "2 internal error\n";
}

std::vector<std::string> command_names() {
    std::vector<std::string> names;
    for (const auto& command : commands()) {
        names.emplace_back(command.name);
    }
    return names;
}

const CommandInfo* find_command(std::string_view name) {
    for (const auto& command : commands()) {
        if (command.name == name) {
            return &command;
        }
    }
    return nullptr;
}

int unknown_command(std::ostream& err, const std::string& name) {
    err << "amzconn-host: unknown command '" << name << "'" << did_you_mean(name, command_names())
        << " (see amzconn-host --help)\n";
    return k_exit_user;
}

// `help` and `help COMMAND`.
int run_help(const std::vector<std::string>& rest, CliContext& context) {
    if (rest.empty()) {
        print_usage(context.out());
        return k_exit_ok;
    }
    const CommandInfo* command = find_command(rest[0]);
    if (command == nullptr) {
        return unknown_command(context.err(), rest[0]);
    }
    if (rest.size() > 1) {
        context.err() << "amzconn-host: help takes one COMMAND\n";
        return k_exit_user;
    }
    context.out() << command_help(context, *command);
    return k_exit_ok;
}

// Reads the global options into context; returns the index of the command, or an exit code.
std::variant<size_t, int> parse_globals(const std::vector<std::string>& args, CliContext& context) {
    const std::vector<std::pair<std::string, std::optional<std::string>*>> options = {
        {"--db", &context.db_flag},
        {"--plugin", &context.plugin_flag},
        {"--key-file", &context.key_file_flag}};
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            print_usage(context.out());
            return k_exit_ok;
        }
        if (arg == "--version") {
            context.out() << "amzconn-host " << AMZCONN_HOST_VERSION << "\n";
            return k_exit_ok;
        }
        if (!arg.starts_with("-")) {
            return i;
        }
        bool known = false;
        for (const auto& [name, target] : options) {
            if (arg == name && i + 1 < args.size()) {
                *target = args[++i];
                known = true;
            } else if (arg == name) {
                context.err() << "amzconn-host: option " << arg << " needs a value\n";
                return k_exit_user;
            } else if (arg.starts_with(name + "=")) {
                *target = arg.substr(name.size() + 1);
                known = true;
            }
        }
        if (!known) {
            context.err() << "amzconn-host: unknown option " << arg
                          << " (see amzconn-host --help)\n";
            return k_exit_user;
        }
    }
    print_usage(context.err());
    context.err() << "\namzconn-host: give a COMMAND\n";
    return k_exit_user;
}

int dispatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
             std::istream& in) {
    CliContext context(out, err, in);
    const auto parsed = parse_globals(args, context);
    if (const int* exit_code = std::get_if<int>(&parsed)) {
        return *exit_code;
    }
    const size_t i = std::get<size_t>(parsed);
    const std::string& name = args[i];
    const std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                        args.end());
    if (name == "help") {
        return run_help(rest, context);
    }
    const CommandInfo* command = find_command(name);
    if (command == nullptr) {
        return unknown_command(err, name);
    }
    if (wants_help(rest)) {
        out << command_help(context, *command);
        return k_exit_ok;
    }
    if (name == "run" || name == "serve" || name == "log") {
        install_shutdown_handlers();
    }
    return command->run(context, rest);
}

} // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            std::istream& in) {
    try {
        return dispatch(args, out, err, in);
    } catch (const std::exception& e) {
        err << "amzconn-host: internal error: " << e.what() << " (please report it)\n";
    } catch (...) {
        err << "amzconn-host: internal error (please report it)\n";
    }
    return k_exit_internal;
}

} // namespace amzconn::refhost
