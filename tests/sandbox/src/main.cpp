// amzconn-sandbox: a local SP-API for tests, benchmarks and demos. See tests/sandbox/README.md.
#include "clock.hpp"
#include "sandbox.hpp"
#include "server.hpp"

#include <boost/asio/ssl/context.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <pthread.h>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

constexpr const char* k_help =
    R"(amzconn-sandbox: a local Amazon SP-API (orders, feeds, reports, listings,
FBA inventory, sellers, LWA tokens) with seller state, a deterministic order generator, a virtual
clock, usage plans, fault injection and a control API under /_sandbox/.

Usage:
  amzconn-sandbox [--port 0] [--scenario FILE.yaml|json] [--generate N] [--seed S]
                  [--rate-limits off|documented|FILE] [--tls-cert C --tls-key K]
                  [--clock real|virtual] [--start-time 2026-01-01T00:00:00Z] [--time-scale X]
                  [--static-examples DIR] [--faults FILE] [--max-lifetime SECONDS]
                  [--exit-on-stdin-eof] [--help]

Binds 127.0.0.1 only and prints "listening http://127.0.0.1:PORT" (https with TLS) as its first
line. Stops on SIGTERM/SIGINT, POST /_sandbox/shutdown, after --max-lifetime seconds (default
600) and, with --exit-on-stdin-eof, when stdin closes. Details: tests/sandbox/README.md.
)";

struct Cli {
    amzconn::sandbox::Options options;
    unsigned short port = 0;
    std::string tls_cert;
    std::string tls_key;
    bool virtual_clock = false;
    std::string start_time = "2026-01-01T00:00:00Z";
    double time_scale = 0.0;
    bool time_scale_set = false;
    long max_lifetime = 600;
    bool exit_on_stdin_eof = false;
};

int usage_error(const std::string& message) {
    std::cerr << "amzconn-sandbox: " << message
              << "\nRun amzconn-sandbox --help for the options.\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    using namespace amzconn::sandbox;
    Cli cli;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&](std::string& out) {
            if (i + 1 >= argc) {
                return false;
            }
            out = argv[++i];
            return true;
        };
        std::string v;
        try {
            if (arg == "--help" || arg == "-h") {
                std::cout << k_help;
                return 0;
            } else if (arg == "--exit-on-stdin-eof") {
                cli.exit_on_stdin_eof = true;
            } else if (!value(v)) {
                return usage_error(arg == "--port" || arg.rfind("--", 0) == 0
                                       ? arg + " needs a value"
                                       : "unexpected argument " + arg);
            } else if (arg == "--port") {
                const auto port = std::stoul(v);
                if (port > 65535) {
                    return usage_error("--port must be 0..65535");
                }
                cli.port = static_cast<unsigned short>(port);
            } else if (arg == "--scenario") {
                cli.options.scenario_path = v;
            } else if (arg == "--generate") {
                cli.options.generate = std::stoull(v);
            } else if (arg == "--seed") {
                cli.options.seed = std::stoull(v);
            } else if (arg == "--rate-limits") {
                cli.options.rate_limits = v;
            } else if (arg == "--tls-cert") {
                cli.tls_cert = v;
            } else if (arg == "--tls-key") {
                cli.tls_key = v;
            } else if (arg == "--clock") {
                if (v != "real" && v != "virtual") {
                    return usage_error("--clock must be real or virtual");
                }
                cli.virtual_clock = v == "virtual";
            } else if (arg == "--start-time") {
                cli.start_time = v;
            } else if (arg == "--time-scale") {
                cli.time_scale = std::stod(v);
                cli.time_scale_set = true;
            } else if (arg == "--static-examples") {
                cli.options.static_examples = v;
            } else if (arg == "--faults") {
                cli.options.faults_path = v;
            } else if (arg == "--max-lifetime") {
                cli.max_lifetime = std::stol(v);
            } else {
                return usage_error("unknown option " + arg);
            }
        } catch (const std::exception&) {
            return usage_error("bad value \"" + v + "\" for " + arg);
        }
    }
    if (cli.tls_cert.empty() != cli.tls_key.empty()) {
        return usage_error("--tls-cert and --tls-key go together");
    }
    const auto start = parse_rfc3339(cli.start_time);
    if (!start) {
        return usage_error("--start-time must be RFC 3339, e.g. 2026-01-01T00:00:00Z");
    }
    if (cli.time_scale_set && !cli.virtual_clock) {
        cli.virtual_clock = true; // a time scale only makes sense on the virtual clock
    }

    // Signals are taken synchronously by the main thread; every other thread inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    Clock clock(cli.virtual_clock, *start, cli.time_scale);
    Sandbox sandbox(cli.options, clock);
    if (auto r = sandbox.load(); !r) {
        std::cerr << "amzconn-sandbox: " << r.error().message << "\n";
        return 2;
    }
    std::optional<boost::asio::ssl::context> tls;
    if (!cli.tls_cert.empty()) {
        try {
            tls.emplace(boost::asio::ssl::context::tls_server);
            tls->set_options(
                boost::asio::ssl::context::no_sslv2 | boost::asio::ssl::context::no_sslv3 |
                boost::asio::ssl::context::no_tlsv1 | boost::asio::ssl::context::no_tlsv1_1);
            tls->use_certificate_chain_file(cli.tls_cert);
            tls->use_private_key_file(cli.tls_key, boost::asio::ssl::context::pem);
        } catch (const boost::system::system_error& e) {
            std::cerr << "amzconn-sandbox: cannot load --tls-cert/--tls-key: " << e.what() << "\n";
            return 2;
        }
    }
    Server server(sandbox, std::move(tls));
    const auto url = server.listen(cli.port);
    if (!url) {
        std::cerr << "amzconn-sandbox: " << url.error().message << "\n";
        return 2;
    }
    sandbox.set_base_url(*url);
    std::cout << "listening " << *url << std::endl;
    std::cerr << "amzconn-sandbox: serving " << *url << " (clock "
              << (cli.virtual_clock ? "virtual" : "real") << ", rate limits "
              << cli.options.rate_limits << ")\n";

    std::thread([&server]() { server.accept_loop(); }).detach();
    if (cli.exit_on_stdin_eof) {
        std::thread([]() {
            char buf[256];
            while (::read(STDIN_FILENO, buf, sizeof buf) > 0) {
            }
            std::cerr << "amzconn-sandbox: stdin closed, stopping\n";
            std::fflush(nullptr);
            std::_Exit(0);
        }).detach();
    }
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(std::max(1L, cli.max_lifetime));
    for (;;) {
        timespec wait{0, 100 * 1000 * 1000};
        const int sig = sigtimedwait(&signals, nullptr, &wait);
        if (sig == SIGTERM || sig == SIGINT) {
            std::cerr << "amzconn-sandbox: signal " << sig << ", stopping\n";
            break;
        }
        if (sandbox.shutdown_requested()) {
            // Give the shutdown reply a moment to leave.
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            std::cerr << "amzconn-sandbox: shutdown requested, stopping\n";
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            std::cerr << "amzconn-sandbox: --max-lifetime reached, stopping\n";
            break;
        }
    }
    // Connection threads may be stalled on purpose; end the process without joining them.
    std::fflush(nullptr);
    std::_Exit(0);
}
