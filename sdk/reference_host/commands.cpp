#include "commands.hpp"

namespace amzconn::refhost {

const std::vector<CommandInfo>& commands() {
    static const std::vector<CommandInfo> table = {
        manifest_command(), validate_command(), install_command(), seed_command(),
        check_command(),    run_command(),      store_command(),   event_command(),
        log_command(),      dump_command(),     serve_command(),   secret_command(),
        clock_command(),    products_command(), product_command(),
    };
    return table;
}

std::string command_help(CliContext& context, const CommandInfo& command) {
    return command.describe != nullptr ? command.describe(context) : std::string(command.help);
}

} // namespace amzconn::refhost
