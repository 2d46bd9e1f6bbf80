// amzconn-host as a real process: help, exit codes, config, stores, jobs, events, seed/dump, log,
// secrets, clock, serve and plugin refusal.
#include "child_process.hpp"
#include "refhost_test_support.hpp"
#include "sqlite_host.hpp"
#include "temp_dir.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <csignal>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <thread>

using namespace amzconn;
using namespace amzconn::refhost;
using refhost_test::contains;
using refhost_test::k_host;
using testing::ProcessResult;
namespace json = boost::json;

namespace {

const std::string k_plugin = AMZCONN_REFHOST_TEST_PLUGIN;
const std::string k_wrong_major = AMZCONN_REFHOST_WRONG_MAJOR_PLUGIN;

// A database and the test plugin in a fresh directory; run() invokes amzconn-host on them.
class Fixture {
  public:
    std::filesystem::path db() const { return m_dir / "host.db"; }

    ProcessResult run(std::vector<std::string> args, const std::string& stdin_text = "",
                      const std::string& plugin = k_plugin) const {
        std::vector<std::string> argv = {k_host, "--db", db().string(), "--plugin", plugin};
        argv.insert(argv.end(), args.begin(), args.end());
        auto result = testing::run_process(argv, {.stdin_text = stdin_text});
        INFO("amzconn-host " << args.front() << " stderr: " << result.err);
        return result;
    }

    std::filesystem::path write(const std::string& name, const std::string& text) const {
        const auto path = m_dir / name;
        std::ofstream(path) << text;
        return path;
    }

    std::vector<std::string> host_argv(std::vector<std::string> args) const {
        std::vector<std::string> argv = {k_host, "--db", db().string(), "--plugin", k_plugin};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }

    // Installs stores uk1 and de1 and opens uk1.
    void install_two_stores() const {
        const auto config = write("stores.yaml", "store: uk1\nstore: de1\n");
        REQUIRE(run({"install", config.string()}).exit_code == 0);
        REQUIRE(run({"store", "open", "uk1"}).exit_code == 0);
    }

    // log --json: one object per line.
    json::array log_json(std::vector<std::string> filters = {}) const {
        std::vector<std::string> args = {"log", "--json"};
        args.insert(args.end(), filters.begin(), filters.end());
        auto result = run(args);
        REQUIRE(result.exit_code == 0);
        json::array entries;
        std::istringstream lines(result.out);
        for (std::string line; std::getline(lines, line);) {
            entries.push_back(json::parse(line));
        }
        return entries;
    }

  private:
    testing::TempDir m_dir;
};

size_t count_messages(const json::array& log, std::string_view message) {
    size_t count = 0;
    for (const auto& entry : log) {
        if (entry.as_object().at("message").as_string() == message) {
            ++count;
        }
    }
    return count;
}

const std::string k_seed_yaml = R"(warehouses:
  - {code: MAIN, name: Main warehouse, is_fba: false}
  - {code: FBA-UK, name: Amazon UK, is_fba: true}
products:
  - code: MUG-BLUE
    description: Blue mug
    is_assembly: false
    tracking: none
    attributes: {amazon_sku: MUG-B-1}
  - code: GIFT-SET
    description: Gift set
    is_assembly: true
    bom: [{component: MUG-BLUE, quantity: 1}]
    tracking: none
stock_levels:
  - {product: MUG-BLUE, warehouse: MAIN, on_hand: 40, allocated: 3}
price_tiers:
  - name: Amazon UK
    currency: GBP
    prices: {MUG-BLUE: 9.99, GIFT-SET: "24.50"}
customers:
  - {code: AMZ-UK, name: Amazon UK customers}
)";

} // namespace

TEST_CASE("reference_host: --help works on the program and on every command") {
    Fixture fx;
    auto top = fx.run({"--help"});
    CHECK(top.exit_code == 0);
    const std::vector<std::string> names = {"manifest", "validate", "install", "seed", "check",
                                            "run",      "store",    "event",   "log",  "dump",
                                            "serve",    "secret",   "clock"};
    for (const auto& name : names) {
        CAPTURE(name);
        CHECK(contains(top.out, "  " + name));
        auto help = fx.run({name, "--help"});
        CHECK(help.exit_code == 0);
        CHECK(contains(help.out, "usage: amzconn-host"));
        CHECK(contains(help.out, name));
    }
    CHECK(fx.run({"store", "open", "--help"}).exit_code == 0);
}

TEST_CASE("reference_host: --version, help and help COMMAND") {
    Fixture fx;
    auto version = fx.run({"--version"});
    CHECK(version.exit_code == 0);
    CHECK(version.out.starts_with("amzconn-host "));
    auto help = fx.run({"help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "usage: amzconn-host"));
    auto log_help = fx.run({"help", "log"});
    CHECK(log_help.exit_code == 0);
    CHECK(log_help.out == fx.run({"log", "--help"}).out);
    auto unknown = fx.run({"help", "lgo"});
    CHECK(unknown.exit_code == 1);
    CHECK(contains(unknown.err, "unknown command 'lgo' (did you mean log?)"));
}

TEST_CASE("reference_host: an unknown command or job names the near one") {
    Fixture fx;
    fx.install_two_stores();
    auto command = fx.run({"sercet", "list"});
    CHECK(command.exit_code == 1);
    CHECK(contains(command.err, "(did you mean secret?)"));
    auto job = fx.run({"run", "pnig", "--store", "uk1"});
    CHECK(job.exit_code == 1);
    CHECK(contains(job.err, "unknown job pnig"));
    CHECK(contains(job.err, "(did you mean ping?)"));
}

TEST_CASE("reference_host: without --db the documented default database is used and named") {
    testing::TempDir home;
    auto run = [&](std::vector<std::string> args) {
        std::vector<std::string> argv = {
            "/usr/bin/env", "-u",       "AMZCONN_DB", "XDG_STATE_HOME=" + (home / "state").string(),
            k_host,         "--plugin", k_plugin};
        argv.insert(argv.end(), args.begin(), args.end());
        return testing::run_process(argv);
    };
    const auto expected = home / "state" / "amzconn" / "amzconn.db";
    auto first = run({"store", "list"});
    CHECK(first.exit_code == 0);
    CHECK(contains(first.err, "created a new database " + expected.string()));
    CHECK(std::filesystem::exists(expected));
    auto failed = run({"run", "ping", "--store", "uk1"});
    CHECK(failed.exit_code == 1);
    CHECK_FALSE(contains(failed.err, "created a new database")); // it exists now
    CHECK(contains(failed.err, "note: using database " + expected.string()));
    std::filesystem::remove(expected);
    auto fresh_failure = run({"run", "ping", "--store", "uk1"});
    CHECK(fresh_failure.exit_code == 1);
    CHECK(contains(fresh_failure.err, expected.string() + " is a new, empty database: pass --db"));
}

TEST_CASE("reference_host: user errors exit 1 with a message saying what to do") {
    Fixture fx;
    auto unknown = fx.run({"frobnicate"});
    CHECK(unknown.exit_code == 1);
    CHECK(contains(unknown.err, "unknown command 'frobnicate'"));
    auto bad_option = fx.run({"log", "--colour"});
    CHECK(bad_option.exit_code == 1);
    CHECK(contains(bad_option.err, "unknown option --colour"));
    auto no_command = testing::run_process({k_host});
    CHECK(no_command.exit_code == 1);
    auto bad_level = fx.run({"log", "--level", "LOUD"});
    CHECK(bad_level.exit_code == 1);
    CHECK(contains(bad_level.err, "ERROR, INFO, DEBUG or ALL"));
    auto bad_db = testing::run_process({k_host, "--db", "/nonexistent/dir/x.db", "log"});
    CHECK(bad_db.exit_code == 1);
    CHECK(contains(bad_db.err, "/nonexistent/dir/x.db"));
}

TEST_CASE("reference_host: log, seed, secret and clock never load the plugin") {
    Fixture fx;
    const std::string missing = "/nonexistent/libamzconn_plugin.so";
    const auto data = fx.write("data.yaml", k_seed_yaml);
    CHECK(fx.run({"log"}, "", missing).exit_code == 0);
    CHECK(fx.run({"seed", data.string()}, "", missing).exit_code == 0);
    CHECK(fx.run({"secret", "set", "token"}, "value\n", missing).exit_code == 0);
    CHECK(fx.run({"clock", "set", "2026-01-01T00:00:00Z"}, "", missing).exit_code == 0);
    auto needs = fx.run({"manifest"}, "", missing);
    CHECK(needs.exit_code == 1);
    CHECK(contains(needs.err, missing));
}

TEST_CASE("reference_host: a plugin built for another ABI major is refused with exit 1 naming both "
          "versions") {
    Fixture fx;
    for (const auto& command : {"manifest", "store"}) {
        CAPTURE(command);
        auto refused = command == std::string("store")
                           ? fx.run({"store", "list"}, "", k_wrong_major)
                           : fx.run({"manifest"}, "", k_wrong_major);
        CHECK(refused.exit_code == 1);
        CHECK(contains(refused.err, k_wrong_major));
        CHECK(contains(refused.err, "2.0"));
        CHECK(contains(refused.err, "1.0"));
    }
}

TEST_CASE("reference_host: manifest prints the plugin's manifest") {
    Fixture fx;
    auto text = fx.run({"manifest"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.starts_with("test.refhost 0.0.1 (ABI 1.0)\njobs:\n  ping  every 60s\n  wait\n"));
    auto compact = fx.run({"manifest", "--json"});
    REQUIRE(compact.exit_code == 0);
    CHECK(json::parse(compact.out).as_object().at("id").as_string() == "test.refhost");
}

TEST_CASE("reference_host: validate prints file:line:col diagnostics and exits 1 on any error") {
    Fixture fx;
    const auto bad = fx.write("bad.yaml", "store: uk1\n  bad: yes\n    warn: old\n");
    auto failed = fx.run({"validate", bad.string()});
    CHECK(failed.exit_code == 1);
    CHECK(contains(failed.out, bad.string() + ":2:3: error: stores.uk1.bad: value is not allowed"));
    CHECK(
        contains(failed.out, bad.string() + ":3:5: warning: stores.uk1.warn: value is deprecated"));

    const auto warned = fx.write("warned.yaml", "store: uk1\nwarn: old\n");
    auto passed = fx.run({"validate", warned.string()});
    CHECK(passed.exit_code == 0);
    CHECK(contains(passed.out, "warning"));

    auto as_json = fx.run({"validate", bad.string(), "--json"});
    CHECK(as_json.exit_code == 1);
    CHECK_FALSE(json::parse(as_json.out).as_object().at("ok").as_bool());

    CHECK(fx.run({"validate", (fx.db().parent_path() / "missing.yaml").string()}).exit_code == 1);
}

TEST_CASE(
    "reference_host: install refuses a config naming secrets the host does not have, naming each") {
    Fixture fx;
    const auto config = fx.write("secrets.yaml", "store: uk1\n"
                                                 "client: ${secret:lwa-client}\n"
                                                 "secret: ${secret:lwa-secret}\n"
                                                 "token: ${secret:uk1-token}\n");
    auto refused = fx.run({"install", config.string()});
    CHECK(refused.exit_code == 1);
    CHECK(contains(refused.out, config.string() + ":2:9: error: secret 'lwa-client' is not set: "
                                                  "run `amzconn-host secret set lwa-client`"));
    CHECK(contains(refused.out, ":3:9: error: secret 'lwa-secret' is not set"));
    CHECK(contains(refused.out, ":4:8: error: secret 'uk1-token' is not set"));
    CHECK(contains(refused.err, "nothing was installed"));
    CHECK(json::parse(fx.run({"store", "list", "--json"}).out).as_array().empty());

    REQUIRE(fx.run({"secret", "set", "lwa-client"}, "id\n").exit_code == 0);
    REQUIRE(fx.run({"secret", "set", "lwa-secret"}, "secret\n").exit_code == 0);
    auto one_left = fx.run({"install", config.string()});
    CHECK(one_left.exit_code == 1);
    CHECK_FALSE(contains(one_left.out, "lwa-client"));
    CHECK(contains(one_left.out, "uk1-token"));
    REQUIRE(fx.run({"secret", "set", "uk1-token"}, "token\n").exit_code == 0);
    CHECK(fx.run({"install", config.string()}).exit_code == 0);
}

TEST_CASE("reference_host: install refuses a config with errors and stores nothing") {
    Fixture fx;
    const auto bad = fx.write("bad.yaml", "store: uk1\nbad: yes\n");
    auto refused = fx.run({"install", bad.string()});
    CHECK(refused.exit_code == 1);
    CHECK(contains(refused.out, ":2:1: error:"));
    CHECK(contains(refused.err, "nothing was installed"));
    auto list = fx.run({"store", "list", "--json"});
    REQUIRE(list.exit_code == 0);
    CHECK(json::parse(list.out).as_array().empty());

    // A report from the plugin's install-time checks is printed like validate's.
    const auto clash = fx.write("clash.yaml", "store: uk1\nclash: yes\n");
    auto clashed = fx.run({"install", clash.string()});
    CHECK(clashed.exit_code == 1);
    CHECK(contains(clashed.out,
                   clash.string() + ":1:1: error: stores: alias clashes with an installed store"));
    CHECK(json::parse(fx.run({"store", "list", "--json"}).out).as_array().empty());
}

TEST_CASE("reference_host: install, store open/close, check and run drive the connector") {
    Fixture fx;
    const auto config = fx.write("stores.yaml", "store: uk1\nstore: de1\n");
    auto installed = fx.run({"install", config.string()});
    REQUIRE(installed.exit_code == 0);
    CHECK(contains(installed.out, "stores uk1, de1"));

    auto listed = fx.run({"store", "list"});
    CHECK(listed.out.starts_with("ALIAS\tSTATUS\tNAME\tSYNC\tMARKETPLACES\tSCHEDULES\n"));
    CHECK(contains(listed.out,
                   "uk1\tclosed\tStore uk1\tfull\tA1F83G8C2ARO7P\tping=60s,unfinished=60s\n"));
    auto opened = fx.run({"store", "open", "uk1"});
    CHECK(opened.exit_code == 0);
    CHECK(contains(opened.out, "store uk1 is open"));
    auto as_json = json::parse(fx.run({"store", "list", "--json"}).out).as_array();
    REQUIRE(as_json.size() == 2);
    CHECK(as_json[0].as_object().at("open").as_bool());
    CHECK_FALSE(as_json[1].as_object().at("open").as_bool());
    CHECK(fx.run({"store", "close", "uk1"}).exit_code == 0);
    CHECK(contains(fx.run({"store", "list"}).out, "uk1\tclosed"));

    auto unknown = fx.run({"store", "open", "nope"});
    CHECK(unknown.exit_code == 1);
    CHECK(contains(unknown.err, "unknown store nope"));

    auto checked = fx.run({"check"});
    CHECK(checked.exit_code == 0);
    CHECK(contains(checked.out, "uk1: ok: reachable"));
    CHECK(contains(checked.out, "de1: ok"));
    CHECK(fx.run({"check", "--store", "nope"}).exit_code == 1);
    auto failed_json = fx.run({"check", "--store", "nope", "--json"});
    CHECK(failed_json.exit_code == 1);
    const auto failed_entry = json::parse(failed_json.out).as_array().at(0).as_object();
    CHECK(failed_entry.at("store").as_string() == "nope");
    CHECK_FALSE(failed_entry.at("ok").as_bool());
    CHECK(failed_entry.at("status").as_string() == "not_found");

    auto ran = fx.run({"run", "ping", "--store", "uk1", "--arg", "since=2026-01-01", "--json"});
    REQUIRE(ran.exit_code == 0);
    auto report = json::parse(ran.out).as_object();
    CHECK(report.at("status").as_string() == "ok");
    CHECK(report.at("args").as_object().at("since").as_string() == "2026-01-01");
    CHECK(contains(ran.err, "ping uk1: 1/1 pinged")); // the progress line
    CHECK_FALSE(contains(ran.out, "1/1 pinged"));     // never mixed into the report
    auto summary = fx.run({"run", "ping", "--store", "uk1"});
    REQUIRE(summary.exit_code == 0);
    CHECK(summary.out == "ping uk1: ok, pinged=1\n  args: {}\n");

    auto unfinished = fx.run({"run", "unfinished", "--store", "uk1"});
    CHECK(unfinished.exit_code == 1);
    CHECK(contains(unfinished.err, "not implemented"));
    auto unknown_job = fx.run({"run", "nosuchjob"});
    CHECK(unknown_job.exit_code == 1);
    CHECK(contains(unknown_job.err, "unknown job nosuchjob"));
    CHECK(fx.run({"run", "ping", "--arg", "novalue"}).exit_code == 1);
}

TEST_CASE("reference_host: events are built from the command line and handed to the plugin") {
    Fixture fx;
    auto stock = fx.run({"event", "stock-changed", "MUG-BLUE", "GIFT-SET", "--json"});
    REQUIRE(stock.exit_code == 0);
    auto stock_event = json::parse(stock.out).as_object().at("event").as_object();
    CHECK(stock_event.at("kind").as_string() == "stock_changed");
    CHECK(stock_event.at("skus").as_array().size() == 2);

    auto shipped = fx.run({"event", "shipped", "uk1:111-2223333-4444444", "--carrier", "Royal Mail",
                           "--tracking", "RM123", "--service", "Tracked 48", "--json"});
    REQUIRE(shipped.exit_code == 0);
    auto shipped_event = json::parse(shipped.out).as_object().at("event").as_object();
    CHECK(shipped_event.at("kind").as_string() == "order_shipped");
    CHECK(shipped_event.at("order").as_string() == "uk1:111-2223333-4444444");
    CHECK(shipped_event.at("tracking").as_string() == "RM123");
    CHECK(shipped_event.at("service").as_string() == "Tracked 48");

    auto text = fx.run({"event", "stock-changed", "MUG-BLUE"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out ==
          "accepted: true\nevent: {\"kind\":\"stock_changed\",\"skus\":[\"MUG-BLUE\"]}\n");

    auto cancelled = fx.run({"event", "cancelled", "--order", "uk1:111", "--reason", "NoInventory",
                             "--lines", "MUG-BLUE:2", "--json"});
    REQUIRE(cancelled.exit_code == 0);
    const auto cancel_event = json::parse(cancelled.out).as_object().at("event").as_object();
    CHECK(cancel_event.at("reason").as_string() == "NoInventory");
    const auto& line = cancel_event.at("lines").as_array().at(0).as_object();
    CHECK(line.at("sku").as_string() == "MUG-BLUE");
    CHECK(line.at("quantity").as_int64() == 2);

    CHECK(fx.run({"event", "shipped", "uk1:111", "--carrier", "UPS"}).exit_code == 1);
    CHECK(fx.run({"event", "cancelled", "--reason", "NoInventory"}).exit_code == 1); // no order
    CHECK(fx.run({"event", "cancelled", "--order", "uk1:111", "--lines", "MUG:0"}).exit_code == 1);
    CHECK(fx.run({"event", "teleported", "x"}).exit_code == 1);
    CHECK(count_messages(fx.log_json(), "event received") == 4);
}

TEST_CASE("reference_host: event --help lists only the events the plugin's manifest handles") {
    Fixture fx; // the test plugin handles stock_changed and order_shipped
    auto help = fx.run({"event", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "event stock-changed SKU..."));
    CHECK(contains(help.out, "event shipped --order KEY"));
    CHECK_FALSE(contains(help.out, "event cancelled"));
    CHECK(fx.run({"help", "event"}).out == help.out);

    auto unloadable = fx.run({"event", "--help"}, "", "/nonexistent/libamzconn_plugin.so");
    CHECK(unloadable.exit_code == 0);
    CHECK(contains(unloadable.out, "event cancelled"));
    CHECK(contains(unloadable.out, "Could not read the plugin's manifest"));
}

// Installs store uk1 (closed, as new stores start) through the real plugin, its three secrets set.
static void install_real_store(const Fixture& fx, const std::string& real) {
    const auto config = fx.write("uk1.yaml", R"(stores:
  - alias: uk1
    marketplaces: {primary: UK}
    seller_id: A2EXAMPLE1UK
    endpoint: http://127.0.0.1:9
    credentials:
      lwa_client_id: ${secret:lwa-id}
      lwa_client_secret: ${secret:lwa-secret}
      refresh_token: ${secret:uk1-token}
)");
    for (const std::string name : {"lwa-id", "lwa-secret", "uk1-token"}) {
        REQUIRE(fx.run({"secret", "set", name}, "value\n", real).exit_code == 0);
    }
    REQUIRE(fx.run({"install", config.string()}, "", real).exit_code == 0);
}

TEST_CASE("reference_host: list_stores tells a host how the instance reaches Amazon, for Connect "
          "to Amazon's code exchange (real plugin)") {
    Fixture fx;
    const std::string real = AMZCONN_REAL_PLUGIN;
    const auto ca = fx.write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
    const auto config = fx.write("proxied.yaml", R"(instance:
  proxy: http://proxy.example:3128
  tls: {ca_file: )" + ca.string() + R"(}
  timeouts: {connect_s: 7}
stores:
  - alias: uk1
    marketplaces: {primary: UK}
    seller_id: A2EXAMPLE1UK
    application_id: amzn1.sp.solution.abc
    credentials:
      lwa_client_id: ${secret:lwa-id}
      lwa_client_secret: ${secret:lwa-secret}
      refresh_token: ${secret:uk1-token}
)");
    for (const std::string name : {"lwa-id", "lwa-secret"}) {
        REQUIRE(fx.run({"secret", "set", name}, "value\n", real).exit_code == 0);
    }
    auto installed = fx.run({"install", config.string()}, "", real);
    REQUIRE_MESSAGE(installed.exit_code == 0, (installed.out + installed.err));
    const auto listed = json::parse(fx.run({"store", "list", "--json"}, "", real).out).as_array();
    REQUIRE(listed.size() == 1);
    const auto& connect = listed[0].at("connect").as_object();
    CHECK(connect.at("proxy").as_string() == "http://proxy.example:3128");
    CHECK(connect.at("ca_file").as_string() == ca.string());
    CHECK(connect.at("connect_timeout_s").as_int64() == 7);
    CHECK(connect.at("refresh_token").as_string() == "${secret:uk1-token}"); // as written
}

TEST_CASE("reference_host: check with the real plugin names every missing secret and says "
          "`secret set NAME` for each") {
    Fixture fx;
    const std::string real = AMZCONN_REAL_PLUGIN;
    install_real_store(fx, real);
    REQUIRE(fx.run({"secret", "reset", "--yes"}, "", real).exit_code == 0);
    auto checked = fx.run({"check", "--store", "uk1"}, "", real);
    CHECK(checked.exit_code == 1);
    CHECK(contains(checked.err, "check uk1: stores.uk1.credentials: ${secret:lwa-id}"));
    CHECK(contains(checked.err, "run `amzconn-host secret set lwa-id`, `amzconn-host secret set "
                                "lwa-secret`, `amzconn-host secret set uk1-token`"));
}

TEST_CASE("reference_host: a job on a closed store prints store_closed, not ok (real plugin)") {
    Fixture fx;
    const std::string real = AMZCONN_REAL_PLUGIN;
    install_real_store(fx, real); // closed by default
    auto text = fx.run({"run", "import_orders", "--store", "uk1"}, "", real);
    CHECK(text.exit_code == 0);
    CHECK(text.out.starts_with("import_orders uk1: store_closed\n"));
    CHECK(contains(text.out, "store open uk1"));
    auto all = fx.run({"run", "import_orders"}, "", real); // every store: one line each
    CHECK(all.out.starts_with("import_orders uk1: store_closed\n"));
    auto as_json = fx.run({"run", "import_orders", "--store", "uk1", "--json"}, "", real);
    CHECK(json::parse(as_json.out).as_object().at("status").as_string() == "store_closed");
}

TEST_CASE("reference_host: store retire installs the config again with the store retired: it "
          "stops running, keeps its entry and cannot be opened (real plugin)") {
    Fixture fx;
    const std::string real = AMZCONN_REAL_PLUGIN;
    install_real_store(fx, real);
    REQUIRE(fx.run({"store", "open", "uk1"}, "", real).exit_code == 0);
    auto retired = fx.run({"store", "retire", "uk1"}, "", real);
    REQUIRE_MESSAGE(retired.exit_code == 0, retired.err);
    CHECK(contains(retired.out, "store uk1 is retired"));
    const auto listed = json::parse(fx.run({"store", "list", "--json"}, "", real).out).as_array();
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].at("retired").as_bool());
    CHECK_FALSE(listed[0].at("open").as_bool());
    CHECK(listed[0].at("schedules").as_object().empty()); // the scheduler runs nothing for it
    auto run = fx.run({"run", "import_orders", "--store", "uk1"}, "", real);
    CHECK(run.out.starts_with("import_orders uk1: store_closed\n"));
    CHECK(contains(run.out, "retired"));
    auto reopen = fx.run({"store", "open", "uk1"}, "", real);
    CHECK(reopen.exit_code == 1);
    CHECK(contains(reopen.err, "is retired in the config"));
    auto again = fx.run({"store", "retire", "uk1"}, "", real);
    CHECK(again.exit_code == 1);
    CHECK(contains(again.err, "already retired"));
    auto unknown = fx.run({"store", "retire", "zz9"}, "", real);
    CHECK(unknown.exit_code == 1);
    CHECK(contains(unknown.err, "no store 'zz9' in the installed config"));
    CHECK(contains(fx.run({"store", "--help"}, "", real).out, "retire  stop ALIAS for good"));
}

TEST_CASE("reference_host: validate --json of a valid config carries the plugin's plan of what it "
          "will do per store, intervals spelled as in the config, and prints it as text without "
          "--json (real plugin)") {
    Fixture fx;
    const std::string real = AMZCONN_REAL_PLUGIN;
    const auto config = fx.write("plan.yaml", R"(stores:
  - alias: uk1
    marketplaces: {primary: UK}
    seller_id: A2EXAMPLE1UK
    credentials:
      lwa_client_id: ${secret:lwa-id}
      lwa_client_secret: ${secret:lwa-secret}
      refresh_token: ${secret:uk1-token}
    orders:
      fbm: {statuses: [unshipped], warehouse: MAIN}
    stock: {warehouses: [MAIN, B2]}
    schedules: {orders: 3m}
)");
    auto checked = fx.run({"validate", config.string(), "--json"}, "", real);
    REQUIRE_MESSAGE(checked.exit_code == 0, checked.out);
    const auto plan = json::parse(checked.out).as_object().at("plan").as_array();
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].at("alias").as_string() == "uk1");
    std::string text;
    for (const auto& line : plan[0].at("summary").as_array()) {
        text += std::string(line.at("topic").as_string()) + ": " +
                std::string(line.at("text").as_string()) + "\n";
    }
    CHECK(
        contains(text, "Orders: FBM orders in status unshipped are imported into warehouse MAIN"));
    CHECK(contains(text, "Stock: quantity counted from warehouses MAIN, B2"));
    CHECK(contains(text, "; checked every 3m\n"));
    CHECK(contains(text, "Schedule: import_orders every 3m, reconcile_orders every 24h"));
    // Without --json the same plan follows "valid", as text.
    auto readable = fx.run({"validate", config.string()}, "", real);
    REQUIRE(readable.exit_code == 0);
    CHECK(contains(readable.out,
                   "valid (0 warning(s)); what it will do once installed:\nstore uk1\n"
                   "  Marketplaces: UK\n"));
    CHECK(contains(readable.out, "\n  Stock: quantity counted from warehouses MAIN, B2"));
}

TEST_CASE("reference_host: event shipped takes --order, --lines SKU:QTY and --ship-date") {
    Fixture fx;
    auto shipped = fx.run({"event", "shipped", "--order", "uk1:111-2223333-4444444", "--tracking",
                           "RM1", "--carrier", "Royal Mail", "--lines", "MUG:BLUE:2,TEA:1",
                           "--ship-date", "2026-03-01", "--json"});
    REQUIRE_MESSAGE(shipped.exit_code == 0, shipped.err);
    auto event = json::parse(shipped.out).as_object().at("event").as_object();
    CHECK(event.at("order").as_string() == "uk1:111-2223333-4444444");
    CHECK(event.at("shipped_at").as_string() == "2026-03-01T00:00:00Z");
    const auto& lines = event.at("lines").as_array();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].at("sku").as_string() == "MUG:BLUE"); // the quantity follows the last ':'
    CHECK(lines[0].at("quantity").as_int64() == 2);
    CHECK(lines[1].at("sku").as_string() == "TEA");
    CHECK_FALSE(event.contains("service"));

    auto bad_lines =
        fx.run({"event", "shipped", "--order", "uk1:1", "--tracking", "T", "--lines", "MUG:0"});
    CHECK(bad_lines.exit_code == 1);
    CHECK(contains(bad_lines.err, "SKU:QTY"));
    CHECK(fx.run({"event", "shipped", "--tracking", "T"}).exit_code == 1); // no order
}

TEST_CASE("reference_host: seed then dump --json shows the seeded data") {
    Fixture fx;
    const auto data = fx.write("data.yaml", k_seed_yaml);
    auto seeded = fx.run({"seed", data.string()});
    REQUIRE(seeded.exit_code == 0);
    CHECK(contains(seeded.out, "product 2 new"));

    auto again = fx.run({"seed", data.string()});
    REQUIRE(again.exit_code == 0);
    CHECK(contains(again.out, "product 0 new, 0 changed, 2 unchanged"));

    fx.install_two_stores();
    auto dumped = fx.run({"dump", "--json"});
    REQUIRE(dumped.exit_code == 0);
    const auto dump = json::parse(dumped.out).as_object();
    CHECK(dump.at("stores").as_array().size() == 2);
    CHECK(dump.at("warehouses").as_array().size() == 2);
    const auto& products = dump.at("products").as_array();
    REQUIRE(products.size() == 2);
    CHECK(products[0].as_object().at("attributes").as_object().at("amazon_sku").as_string() ==
          "MUG-B-1");
    CHECK(products[1].as_object().at("bom").as_array().size() == 1);
    CHECK(dump.at("stock_levels").as_array()[0].as_object().at("on_hand").as_int64() == 40);
    // An unquoted YAML decimal stays an exact string.
    CHECK(
        dump.at("price_tiers").as_array()[0].as_object().at("prices").as_object().at("MUG-BLUE") ==
        json::value("9.99"));
    CHECK(dump.at("customers").as_array().size() == 1);
    CHECK(dump.at("sales_orders").as_array().empty());
    CHECK(dump.at("failed_orders").as_array().empty());
    CHECK(dump.at("feeds").as_array().empty());

    auto human = fx.run({"dump"});
    CHECK(human.exit_code == 0);
    CHECK(contains(human.out, "products (2)"));
    CHECK(contains(human.out, "code=GIFT-SET"));
}

TEST_CASE("reference_host: seed accepts JSON and refuses bad documents, naming each, writing "
          "nothing") {
    Fixture fx;
    const auto good =
        fx.write("data.json", R"({"warehouses":[{"code":"W1","name":"One","is_fba":false}]})");
    CHECK(fx.run({"seed", good.string()}).exit_code == 0);

    const auto bad = fx.write("bad.yaml", R"(warehouses:
  - {code: W2, name: Two, is_fba: false}
  - {code: W3, name: Three}
products:
  - {description: no code}
gadgets: []
)");
    auto refused = fx.run({"seed", bad.string()});
    CHECK(refused.exit_code == 1);
    CHECK(contains(refused.out, bad.string() + ":3:5: warehouses[1]:"));
    CHECK(contains(refused.out, "products[0]: needs a string field \"code\""));
    CHECK(contains(refused.out, "unknown top-level key \"gadgets\""));
    CHECK(contains(refused.err, "nothing was written"));
    auto dumped = json::parse(fx.run({"dump", "--json"}).out).as_object();
    CHECK(dumped.at("warehouses").as_array().size() == 1); // W2 was valid but not written
}

TEST_CASE("reference_host: log filters by store, level and age") {
    Fixture fx;
    REQUIRE(fx.run({"clock", "set", "2026-01-01T00:00:00Z"}).exit_code == 0);
    fx.install_two_stores(); // logs "config installed" and "store opened" at 00:00
    REQUIRE(fx.run({"clock", "advance", "3h"}).exit_code == 0);
    REQUIRE(fx.run({"run", "ping", "--store", "uk1"}).exit_code == 0); // INFO + DEBUG at 03:00
    REQUIRE(fx.run({"run", "ping", "--store", "de1"}).exit_code == 0);

    CHECK(fx.log_json().size() == 6);
    auto uk = fx.log_json({"--store", "uk1"});
    CHECK(uk.size() == 3);
    CHECK(count_messages(fx.log_json({"--store", "uk1", "--since", "2h"}), "store opened") == 0);
    CHECK(fx.log_json({"--store", "uk1", "--since", "2h"}).size() == 2);
    CHECK(count_messages(fx.log_json({"--level", "INFO"}), "ping details") == 0);
    CHECK(count_messages(fx.log_json({"--level", "all"}), "ping details") == 2);
    CHECK(fx.log_json({"--level", "ERROR"}).empty());

    auto text = fx.run({"log", "--store", "uk1", "--since", "2h"});
    CHECK(contains(text.out, "2026-01-01T03:00:00Z INFO uk1 - ping ran"));
    // --since and --until take a duration ago or a time.
    CHECK(fx.log_json({"--until", "2026-01-01T01:00:00Z"}).size() == 2);
    CHECK(fx.log_json({"--since", "2h", "--until", "2026-01-01T03:00:00Z"}).size() == 4);
    CHECK(fx.log_json({"--since", "2026-01-01T01:00:00Z", "--until", "1m"}).empty());
    CHECK(fx.run({"log", "--until", "someday"}).exit_code == 1);
}

TEST_CASE("reference_host: log --store with an alias the log has never seen exits 1 and names "
          "the near "
          "one") {
    Fixture fx;
    fx.install_two_stores();
    auto unknown = fx.run({"log", "--store", "uk2"});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.out.empty());
    CHECK(contains(unknown.err, "no entries for store 'uk2' (did you mean uk1?)"));
}

TEST_CASE("reference_host: log --reference filters, and --json prints one object per line") {
    Fixture fx;
    {
        auto host = SqliteHost::open(fx.db());
        REQUIRE(host.ok());
        (*host)->log(LogLevel::info, "uk1", "026-1111111-1111111", "imported");
        (*host)->log(LogLevel::error, "uk1", "026-2222222-2222222", "failed");
    }
    auto one = fx.log_json({"--reference", "026-2222222-2222222"});
    REQUIRE(one.size() == 1);
    CHECK(one[0].as_object().at("message").as_string() == "failed");
    auto lines = fx.run({"log", "--json"});
    CHECK(std::count(lines.out.begin(), lines.out.end(), '\n') == 2);
}

TEST_CASE(
    "reference_host: log and dump escape CR, LF and ESC in every field, so no line is forged") {
    Fixture fx;
    const std::string forged = "026-1\r\n2026-01-01T00:00:00Z ERROR uk1 - FORGED\x1b[2J";
    {
        auto host = SqliteHost::open(fx.db());
        REQUIRE(host.ok());
        (*host)->log(LogLevel::info, "uk1", forged, "message\nFORGED\x1b[31m");
        auto stored = (*host)->read_log({});
        REQUIRE(stored.ok());
        REQUIRE(stored->size() == 1);
        CHECK(stored->front().reference.find_first_of("\r\n\x1b") == std::string::npos);
    }
    auto text = fx.run({"log"});
    REQUIRE(text.exit_code == 0);
    CHECK(std::count(text.out.begin(), text.out.end(), '\n') == 1);
    CHECK(text.out.find('\x1b') == std::string::npos);
    CHECK(contains(text.out, "026-1\\r\\n2026-01-01T00:00:00Z ERROR uk1 - FORGED\\x1b[2J"));
    CHECK(contains(text.out, "message\\nFORGED\\x1b[31m"));

    const auto data = fx.write(
        "data.json", R"({"customers":[{"code":"C1","name":"Evil\r\nproducts (9)\u001b[2J"}]})");
    REQUIRE(fx.run({"seed", data.string()}).exit_code == 0);
    auto dumped = fx.run({"dump"});
    REQUIRE(dumped.exit_code == 0);
    CHECK_FALSE(contains(dumped.out, "\nproducts (9)"));
    CHECK(dumped.out.find('\x1b') == std::string::npos);
    CHECK(contains(dumped.out, "name=Evil\\r\\nproducts (9)\\x1b[2J"));
}

TEST_CASE("reference_host: log --follow prints new entries until SIGTERM") {
    Fixture fx;
    fx.install_two_stores();
    testing::ChildProcess follow(fx.host_argv({"log", "--follow", "--store", "uk1"}));
    for (int i = 0; i < 2000 && !contains(follow.poll_out(), "store opened"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(contains(follow.poll_out(), "store opened"));
    REQUIRE(fx.run({"run", "ping", "--store", "uk1"}).exit_code == 0);
    for (int i = 0; i < 2000 && !contains(follow.poll_out(), "ping ran"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(contains(follow.poll_out(), "ping ran"));
    follow.send_signal(SIGTERM);
    auto stopped = follow.wait();
    CHECK(stopped.exit_code == 0);
}

TEST_CASE("reference_host: install keeps the log for instance.log_retention_days and log never "
          "prunes") {
    Fixture fx;
    REQUIRE(fx.run({"clock", "set", "2026-01-01T00:00:00Z"}).exit_code == 0);
    fx.install_two_stores(); // default 7 days
    REQUIRE(fx.run({"clock", "advance", "2d"}).exit_code == 0);
    REQUIRE(fx.run({"run", "ping", "--store", "uk1"}).exit_code == 0);
    CHECK(fx.log_json().size() == 4);
    CHECK(fx.run({"log", "--retention", "1h"}).exit_code == 1); // not a read command's job

    const auto config =
        fx.write("short.yaml", "instance:\n  log_retention_days: 1\nstore: uk1\nstore: de1\n");
    auto installed = fx.run({"install", config.string()});
    REQUIRE(installed.exit_code == 0);
    CHECK(contains(installed.err, "connection log kept 1 day(s) (instance.log_retention_days)"));
    CHECK(contains(installed.err, "pruned 2 older entries"));
    CHECK(count_messages(fx.log_json(), "ping ran") == 1);
    CHECK(count_messages(fx.log_json(), "store opened") == 0);
}

TEST_CASE(
    "reference_host: secret set reads stdin, never echoes the value, and the host serves it") {
    Fixture fx;
    auto stored = fx.run({"secret", "set", "uk1-refresh"}, "Atzr|s3cr3t-value\n");
    CHECK(stored.exit_code == 0);
    CHECK_FALSE(contains(stored.out + stored.err, "s3cr3t"));
    CHECK(fx.run({"secret", "set", "empty"}, "").exit_code == 1);
    auto host = SqliteHost::open(fx.db());
    REQUIRE(host.ok());
    CHECK((*host)->secret_get("uk1-refresh").value_or("") == "Atzr|s3cr3t-value");
}

TEST_CASE("reference_host: clock set, advance and real") {
    Fixture fx;
    auto set = fx.run({"clock", "set", "2026-01-01T00:00:00Z"});
    CHECK(set.exit_code == 0);
    CHECK(set.out == "2026-01-01T00:00:00Z (virtual)\n");
    auto advanced = fx.run({"clock", "advance", "2h"});
    CHECK(advanced.out == "2026-01-01T02:00:00Z (virtual)\n");
    CHECK(fx.run({"clock", "advance", "soon"}).exit_code == 1);
    CHECK(fx.run({"clock", "set", "yesterday"}).exit_code == 1);
    auto real = fx.run({"clock", "real"});
    CHECK(real.exit_code == 0);
    CHECK(contains(real.out, "(real)"));
    CHECK(fx.run({"clock", "advance", "1h"}).exit_code == 1);
}

TEST_CASE("reference_host: serve runs due jobs once per schedule and remembers the last run") {
    Fixture fx;
    REQUIRE(fx.run({"clock", "set", "2026-01-01T00:00:00Z"}).exit_code == 0);
    fx.install_two_stores(); // uk1 open, de1 closed; ping every 60 s
    auto first = fx.run({"serve", "--once"});
    REQUIRE(first.exit_code == 0);
    CHECK(contains(first.err, "ping uk1: ok"));
    CHECK(count_messages(fx.log_json(), "ping ran") == 1);

    REQUIRE(fx.run({"serve", "--once"}).exit_code == 0); // not due yet
    CHECK(count_messages(fx.log_json(), "ping ran") == 1);

    REQUIRE(fx.run({"clock", "advance", "61s"}).exit_code == 0);
    REQUIRE(fx.run({"serve", "--once"}).exit_code == 0);
    auto log = fx.log_json();
    CHECK(count_messages(log, "ping ran") == 2);
    for (const auto& entry : log) { // the closed store never ran
        CHECK(entry.as_object().at("store").as_string() != "de1");
    }
    // A scheduled job that fails leaves an ERROR entry naming it, and serve goes on.
    auto errors = fx.log_json({"--level", "ERROR", "--store", "uk1"});
    REQUIRE(errors.size() == 2);
    CHECK(contains(std::string(errors[0].as_object().at("message").as_string()),
                   "scheduled job unfinished failed: job unfinished is not implemented"));
}

TEST_CASE("reference_host: serve runs a job again when its report asks (retry_after_s), sooner "
          "or later than its schedule") {
    Fixture fx;
    REQUIRE(fx.run({"clock", "set", "2026-01-01T00:00:00Z"}).exit_code == 0);
    fx.install_two_stores(); // ping every 60 s
    struct Env {
        explicit Env(const char* value) { ::setenv("AMZCONN_TEST_PING_RETRY_AFTER_S", value, 1); }
        ~Env() { ::unsetenv("AMZCONN_TEST_PING_RETRY_AFTER_S"); }
        Env(const Env&) = delete;
        Env& operator=(const Env&) = delete;
    };
    {
        const Env soon("20");
        auto first = fx.run({"serve", "--once"});
        REQUIRE(first.exit_code == 0);
        CHECK(contains(first.err, "ping uk1: retry_later, runs again in 20 s"));
        REQUIRE(fx.run({"clock", "advance", "19s"}).exit_code == 0);
        REQUIRE(fx.run({"serve", "--once"}).exit_code == 0);
        CHECK(count_messages(fx.log_json(), "ping ran") == 1); // not yet
        REQUIRE(fx.run({"clock", "advance", "1s"}).exit_code == 0);
        REQUIRE(fx.run({"serve", "--once"}).exit_code == 0); // 20 s on, not the 60 s schedule
        CHECK(count_messages(fx.log_json(), "ping ran") == 2);
    }
    {
        const Env late("300"); // e.g. throttled: not before Amazon's time, though 60 s passed
        REQUIRE(fx.run({"clock", "advance", "20s"}).exit_code == 0);
        REQUIRE(fx.run({"serve", "--once"}).exit_code == 0);
        CHECK(count_messages(fx.log_json(), "ping ran") == 3);
        REQUIRE(fx.run({"clock", "advance", "61s"}).exit_code == 0);
        REQUIRE(fx.run({"serve", "--once"}).exit_code == 0);
        CHECK(count_messages(fx.log_json(), "ping ran") == 3);
    }
    REQUIRE(fx.run({"clock", "advance", "240s"}).exit_code == 0);
    REQUIRE(fx.run({"serve", "--once"}).exit_code == 0); // 301 s on: due, and done this time
    CHECK(count_messages(fx.log_json(), "ping ran") == 4);
    // An ok report puts the job back on its schedule.
    REQUIRE(fx.run({"clock", "advance", "59s"}).exit_code == 0);
    REQUIRE(fx.run({"serve", "--once"}).exit_code == 0);
    CHECK(count_messages(fx.log_json(), "ping ran") == 4);
    REQUIRE(fx.run({"clock", "advance", "1s"}).exit_code == 0);
    REQUIRE(fx.run({"serve", "--once"}).exit_code == 0);
    CHECK(count_messages(fx.log_json(), "ping ran") == 5);
}

TEST_CASE("reference_host: serve stops cleanly on SIGTERM") {
    Fixture fx;
    fx.install_two_stores();
    testing::ChildProcess serve(fx.host_argv({"serve", "--poll", "50ms"}));
    // Wait (bounded) until the first scheduled run has happened.
    for (int i = 0; i < 2000 && !contains(serve.poll_err(), "ping uk1: ok"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(contains(serve.poll_err(), "ping uk1: ok"));
    serve.send_signal(SIGTERM);
    auto stopped = serve.wait();
    CHECK(stopped.exit_code == 0);
    CHECK(contains(stopped.err, "serve: stopped cleanly"));
}

TEST_CASE("reference_host: run asks a long job to stop at a safe point on SIGTERM") {
    Fixture fx;
    fx.install_two_stores();
    testing::ChildProcess job(fx.host_argv({"run", "wait", "--store", "uk1"}));
    bool started = false;
    for (int i = 0; i < 500 && !started; ++i) {
        started = count_messages(fx.log_json(), "wait started") == 1;
        if (!started) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    REQUIRE(started);
    job.send_signal(SIGTERM);
    auto stopped = job.wait();
    CHECK(stopped.exit_code == 1);
    CHECK(contains(stopped.err, "cancelled"));
    CHECK(count_messages(fx.log_json(), "wait stopped at a safe point") == 1);
}

TEST_CASE("reference_host: sleep_ms on a real clock returns cancelled promptly on SIGTERM") {
    Fixture fx;
    fx.install_two_stores();
    // The job sleeps 10 minutes on the host clock; the test's 2-minute process deadline would
    // kill it (and fail the checks) if SIGTERM did not end the sleep.
    testing::ChildProcess job(fx.host_argv({"run", "sleep", "--store", "uk1"}));
    bool started = false;
    for (int i = 0; i < 500 && !started; ++i) {
        started = count_messages(fx.log_json(), "sleep started") == 1;
        if (!started) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    REQUIRE(started);
    job.send_signal(SIGTERM);
    auto stopped = job.wait();
    CHECK(stopped.exit_code == 1);
    INFO("stderr: " << stopped.err);
    CHECK(contains(stopped.err, "sleep ended early"));
    CHECK(contains(stopped.err, "shutting down"));
}

TEST_CASE("reference_host: dump shows orders with lines, charges and metadata, failed orders "
          "and feeds") {
    Fixture fx;
    fx.install_two_stores();
    auto first = fx.run({"run", "make_order", "--json"});
    REQUIRE(first.exit_code == 0);
    CHECK(json::parse(first.out).as_array()[0].as_object().at("created").as_bool());
    auto again = fx.run({"run", "make_order", "--json"}); // idempotent on the order's key
    REQUIRE(again.exit_code == 0);
    const auto second_results = json::parse(again.out);
    const auto& second = second_results.as_array()[0].as_object();
    CHECK_FALSE(second.at("created").as_bool());
    CHECK_FALSE(second.at("changed").as_bool());

    auto dumped = fx.run({"dump", "--json"});
    REQUIRE(dumped.exit_code == 0);
    const auto dump = json::parse(dumped.out).as_object();
    const auto& orders = dump.at("sales_orders").as_array();
    REQUIRE(orders.size() == 1);
    const auto& order = orders[0].as_object();
    CHECK(order.at("lines").as_array()[0].as_object().at("unit_price").as_string() == "9.99");
    CHECK(order.at("charges").as_array()[0].as_object().at("account").as_string() == "4100");
    CHECK(order.at("metadata").as_object().at("fulfillment_channel").as_string() == "MFN");
    CHECK(dump.at("failed_orders").as_array().size() == 1);
    CHECK(dump.at("feeds").as_array()[0].as_object().at("feed_id").as_string() == "50012345678");

    auto human = fx.run({"dump"});
    CHECK(contains(human.out, "idempotency_key=uk1:026-1234567-1234567"));
    CHECK(contains(human.out, "line sku=MUG-BLUE-UK product=MUG-BLUE quantity=2 unit_price=9.99"));
    CHECK(contains(human.out, "charge kind=shipping amount=3.99"));
    CHECK(contains(human.out, "metadata fulfillment_channel=MFN"));
    CHECK(contains(human.out, "reason=SKU MUG-RED-UK is not mapped to a product"));
}

TEST_CASE("reference_host: dump without a plugin still shows host data and a refused plugin "
          "exits 1") {
    Fixture fx;
    const auto data = fx.write("data.json", R"({"customers":[{"code":"C1","name":"One"}]})");
    REQUIRE(fx.run({"seed", data.string()}).exit_code == 0);
    auto without = fx.run({"dump", "--json"}, "", "/nonexistent/libamzconn_plugin.so");
    REQUIRE(without.exit_code == 0);
    const auto dump = json::parse(without.out).as_object();
    CHECK(dump.at("stores").is_null());
    CHECK(dump.at("customers").as_array().size() == 1);
    CHECK(contains(without.err, "stores not shown"));

    auto refused = fx.run({"dump"}, "", k_wrong_major);
    CHECK(refused.exit_code == 1);
    CHECK(contains(refused.err, "2.0"));
}

TEST_CASE("reference_host: serve --http listens on loopback only unless told otherwise, prints its "
          "URL and token once, and stops cleanly on SIGTERM") {
    Fixture fx;
    fx.install_two_stores();
    auto remote = fx.run({"serve", "--http", "0.0.0.0:0", "--once"});
    CHECK(remote.exit_code == 1);
    CHECK(contains(remote.err, "loopback only"));
    CHECK(contains(remote.err, "--http-allow-remote"));
    CHECK(fx.run({"serve", "--http", "localhost", "--once"}).exit_code == 1);
    CHECK(fx.run({"serve", "--http-allow-remote", "--once"}).exit_code == 1);

    testing::ChildProcess serve(fx.host_argv({"serve", "--http", "127.0.0.1:0", "--poll", "50ms"}));
    for (int i = 0; i < 2000 && !contains(serve.poll_out(), "console: admin token "); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(contains(serve.poll_out(), "console: http://127.0.0.1:"));
    REQUIRE(contains(serve.poll_out(), "console: admin token "));
    serve.send_signal(SIGTERM);
    auto stopped = serve.wait();
    CHECK(stopped.exit_code == 0);
    CHECK(contains(stopped.err, "serve: stopped cleanly"));
    // The token is printed once, on stdout, and goes nowhere else (not the log).
    const auto token_at = stopped.out.find("console: admin token ") + 21;
    const std::string token = stopped.out.substr(token_at, 48);
    CHECK(token.size() == 48);
    for (const auto& entry : fx.log_json()) {
        CHECK_FALSE(contains(std::string(entry.as_object().at("message").as_string()), token));
    }
    CHECK_FALSE(contains(stopped.err, token));
}
