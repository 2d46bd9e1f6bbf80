// amzconn-host: the reference host executable (all logic lives in amzconn_refhost_lib).
#include "cli.hpp"

#include <iostream>

int main(int argc, char** argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        args.emplace_back(argv[i]);
    }
    return amzconn::refhost::run_cli(args, std::cout, std::cerr, std::cin);
}
