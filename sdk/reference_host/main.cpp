// amzconn-host: the reference host executable (all logic lives in amzconn_refhost_lib).
#include "cli.hpp"

#include <csignal>
#include <iostream>

int main(int argc, char** argv) {
    // A reader that goes away (`amzconn-host run ... | head -c1`) must never kill a job midway:
    // writes to a closed pipe fail quietly instead, and the job finishes and records its work.
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        args.emplace_back(argv[i]);
    }
    return amzconn::refhost::run_cli(args, std::cout, std::cerr, std::cin);
}
