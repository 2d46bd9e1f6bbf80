// The amzconn-host command table: each command's name, one-line summary, --help text and runner.
#pragma once

#include "cli_context.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace amzconn::refhost {

using CommandArgs = std::vector<std::string>;

struct CommandInfo {
    std::string_view name;
    std::string_view summary;
    std::string_view help; // full usage text printed by `amzconn-host COMMAND --help`
    int (*run)(CliContext& context, const CommandArgs& args);
    // When set, `--help` and `help COMMAND` print this instead of `help`: for help that depends
    // on what the loaded plugin handles (event).
    std::string (*describe)(CliContext& context) = nullptr;
};

// The help text of a command: describe(context) when it has one, else help.
std::string command_help(CliContext& context, const CommandInfo& command);

// Every command, in the order `amzconn-host --help` lists them.
const std::vector<CommandInfo>& commands();

// Defined in the cmd_*.cpp files.
CommandInfo manifest_command();
CommandInfo validate_command();
CommandInfo install_command();
CommandInfo seed_command();
CommandInfo check_command();
CommandInfo run_command();
CommandInfo store_command();
CommandInfo products_command();
CommandInfo product_command();
CommandInfo event_command();
CommandInfo log_command();
CommandInfo dump_command();
CommandInfo serve_command();
CommandInfo secret_command();
CommandInfo clock_command();

} // namespace amzconn::refhost
