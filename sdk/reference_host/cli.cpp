#include "cli.hpp"

#include "cli_args.hpp"
#include "commands.hpp"
#include "shutdown.hpp"

#include <exception>
#include <iomanip>
#include <ostream>

namespace amzconn::refhost {

namespace {

void print_usage(std::ostream& out) {
    out << "usage: amzconn-host [--db FILE] [--plugin FILE] COMMAND [ARGS...]\n"
           "\n"
           "The amzconn reference host: runs the amzconn plugin over one SQLite file.\n"
           "\n"
           "global options:\n"
           "  --db FILE       the database (default ./amzconn.db; created when missing)\n"
           "  --plugin FILE   the plugin (default: $AMZCONN_PLUGIN, else libamzconn_plugin.so\n"
           "                  beside this program, else the installed one)\n"
           "  --help          this help; `amzconn-host COMMAND --help` for a command's help\n"
           "\n"
           "commands:\n";
    for (const auto& command : commands()) {
        out << "  " << std::left << std::setw(10) << command.name << command.summary << "\n";
    }
    out << "\n"
           "exit status: 0 ok, 1 user error (bad config or data, unknown store, refused plugin),\n"
           "2 internal error\n";
}

int dispatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
             std::istream& in) {
    CliContext context(out, err, in);
    size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            print_usage(out);
            return k_exit_ok;
        }
        if (arg == "--db" || arg == "--plugin") {
            if (i + 1 >= args.size()) {
                err << "amzconn-host: option " << arg << " needs a value\n";
                return k_exit_user;
            }
            if (arg == "--db") {
                context.db_path = args[++i];
            } else {
                context.plugin_flag = args[++i];
            }
        } else if (arg.starts_with("--db=")) {
            context.db_path = arg.substr(5);
        } else if (arg.starts_with("--plugin=")) {
            context.plugin_flag = arg.substr(9);
        } else if (arg.starts_with("-")) {
            err << "amzconn-host: unknown option " << arg << " (see amzconn-host --help)\n";
            return k_exit_user;
        } else {
            break;
        }
    }
    if (i >= args.size()) {
        print_usage(err);
        err << "\namzconn-host: give a COMMAND\n";
        return k_exit_user;
    }
    const std::string& name = args[i];
    const std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                        args.end());
    for (const auto& command : commands()) {
        if (command.name != name) {
            continue;
        }
        if (wants_help(rest)) {
            out << command.help;
            return k_exit_ok;
        }
        if (name == "run" || name == "serve") {
            install_shutdown_handlers();
        }
        return command.run(context, rest);
    }
    err << "amzconn-host: unknown command '" << name << "' (see amzconn-host --help)\n";
    return k_exit_user;
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
