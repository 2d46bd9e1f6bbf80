// The amzconn-host command line: `amzconn-host [--db FILE] [--plugin FILE] COMMAND ...`.
// A stable interface: exit 0 ok, 1 user error (bad config, unknown store, refused plugin),
// 2 internal error.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace amzconn::refhost {

// Runs one command line (without the program name) and returns the process exit code.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            std::istream& in);

} // namespace amzconn::refhost
