#include "rig.hpp"

#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace amzconn::integration {
namespace json = boost::json;

std::string str(const json::value& value) {
    return value.is_string() ? std::string(value.as_string()) : std::string();
}

const json::object* sandbox_order(const json::object& state, const std::string& id) {
    for (const auto& entry : state.at("orders").as_array()) {
        if (str(entry.at("orderId")) == id) {
            return &entry.as_object();
        }
    }
    return nullptr;
}

int64_t report_count(const json::object& report, const char* name) {
    const auto* counts = report.if_contains("counts");
    const auto* v = counts && counts->is_object() ? counts->as_object().if_contains(name) : nullptr;
    return v && v->is_int64() ? v->as_int64() : -1;
}

Host::Host(const std::string& dir, const std::string& sandbox_url)
    : m_db(dir + "/host.db"),
      m_env{{"AMZCONN_SANDBOX_URL", sandbox_url},
            {"AMZCONN_DEMO_CLIENT_ID", "amzn1.application-oa2-client.integration"},
            {"AMZCONN_DEMO_CLIENT_SECRET", "amzn1.oa2-cs.v1.CANARYSECRET0123456789"},
            {"AMZCONN_DEMO_REFRESH_TOKEN", "Atzr|CANARYREFRESH0123456789"}} {}

testing::ProcessResult Host::cmd(std::vector<std::string> args,
                                 const std::map<std::string, std::string>& extra_env) const {
    std::vector<std::string> argv{AMZCONN_HOST_BIN, "--db", m_db, "--plugin", AMZCONN_PLUGIN_SO};
    argv.insert(argv.end(), args.begin(), args.end());
    testing::ProcessOptions options{.unset_env = {"AMZCONN_FAILPOINTS"}, .env = m_env};
    for (const auto& [name, value] : extra_env) {
        options.env[name] = value;
    }
    return testing::run_process(argv, options);
}

std::string Host::ok(std::vector<std::string> args) const {
    std::string what;
    for (const auto& a : args) {
        what += a + " ";
    }
    auto result = cmd(std::move(args));
    if (result.exit_code != 0) {
        throw std::runtime_error("amzconn-host " + what + "failed (exit " +
                                 std::to_string(result.exit_code) + ", signal " +
                                 std::to_string(result.signal) + "): " + result.err + result.out);
    }
    return result.out;
}

int64_t Host::clock_ms() const {
    const auto text = ok({"clock", "show"});
    std::tm tm{};
    if (!::strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) {
        throw std::runtime_error("clock show printed no time: " + text);
    }
    return static_cast<int64_t>(::timegm(&tm)) * 1000;
}

json::object Host::dump() const {
    return json::parse(ok({"dump", "--json"})).as_object();
}

json::array Host::log() const {
    // log --json prints one object per line.
    json::array entries;
    std::istringstream lines(ok({"log", "--json", "--level", "debug"}));
    for (std::string line; std::getline(lines, line);) {
        entries.push_back(json::parse(line));
    }
    return entries;
}

int Host::import_until_ok(const std::string& store, int max_runs) const {
    for (int i = 1; i <= max_runs; ++i) {
        auto result = cmd({"run", "--json", "import_orders", "--store", store});
        if (result.exit_code == 0) {
            boost::system::error_code ec;
            auto report = json::parse(result.out, ec);
            if (!ec && report.is_object() && str(report.as_object().at("status")) == "ok") {
                return i;
            }
        }
        // A killed or throttled run leaves its lease until it expires: wait that out in
        // virtual time, never in real time.
        ok({"clock", "advance", "16m"});
    }
    throw std::runtime_error("import_orders never ended ok in " + std::to_string(max_runs) +
                             " runs");
}

std::string write_file(const std::string& dir, const std::string& name, const std::string& text) {
    const std::string path = dir + "/" + name;
    std::ofstream(path) << text;
    return path;
}

std::string demo_config(const std::string& alias, const std::string& extra_store_yaml) {
    std::ifstream in(std::string(AMZCONN_SOURCE_DIR) + "/config/examples/demo.yaml");
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    const std::string from = "alias: demo";
    yaml.replace(yaml.find(from), from.size(), "alias: " + alias);
    if (!yaml.empty() && yaml.back() != '\n') {
        yaml += '\n';
    }
    return yaml + extra_store_yaml;
}

bool demo_wants(const json::object& order) {
    const auto market = str(order.at("marketplaceId"));
    if (market != "A1F83G8C2ARO7P" && market != "A1PA6795UKMFR9") {
        return false;
    }
    const auto status = str(order.at("status"));
    if (str(order.at("fulfilledBy")) == "AMAZON") {
        return status == "SHIPPED";
    }
    // A partly shipped order still has items to ship: it counts as unshipped.
    return status == "UNSHIPPED" || status == "PARTIALLY_SHIPPED";
}

std::string expected_host_status(const json::object& order) {
    const auto status = str(order.at("status"));
    if (status == "CANCELLED") {
        return "cancelled";
    }
    if (status == "SHIPPED") {
        return "shipped"; // FBA shipped by Amazon, FBM confirmed (confirm_shipments)
    }
    return "placed";
}

std::string Comparison::summary() const {
    std::string text = "expected " + std::to_string(expected) + ", lost " + std::to_string(lost) +
                       ", duplicated " + std::to_string(duplicated) + ", extra " +
                       std::to_string(extra) + ", stale " + std::to_string(stale);
    for (size_t i = 0; i < problems.size() && i < 10; ++i) {
        text += "\n  " + problems[i];
    }
    return text;
}

Comparison compare(const json::object& dump, const json::object& state, const std::string& store,
                   const Wanted& wanted) {
    Comparison c;
    std::map<std::string, std::vector<const json::object*>> host;
    for (const auto& entry : dump.at("sales_orders").as_array()) {
        const auto& order = entry.as_object();
        if (str(order.at("store")) != store) {
            continue;
        }
        const auto id = str(order.at("metadata").as_object().at("amazon_order_id"));
        host[id].push_back(&order);
        if (str(order.at("idempotency_key")) != store + ":" + id) {
            ++c.duplicated;
            c.problems.push_back("host order " + id + " has key " +
                                 str(order.at("idempotency_key")));
        }
    }
    std::set<std::string> expected;
    for (const auto& entry : state.at("orders").as_array()) {
        const auto& order = entry.as_object();
        const auto id = str(order.at("orderId"));
        const auto found = host.find(id);
        if (!wanted(order)) {
            continue;
        }
        expected.insert(id);
        if (found == host.end()) {
            ++c.lost;
            c.problems.push_back("lost " + id + " (" + str(order.at("status")) + ")");
            continue;
        }
        if (found->second.size() > 1) {
            ++c.duplicated;
            c.problems.push_back("duplicated " + id);
        }
        const auto have = str(found->second.front()->at("status"));
        const auto want = expected_host_status(order);
        if (have != want) {
            ++c.stale;
            c.problems.push_back("stale " + id + ": host " + have + ", Amazon " +
                                 str(order.at("status")));
        }
    }
    c.expected = expected.size();
    std::map<std::string, std::string> summaries;
    for (const auto& entry : state.at("orders").as_array()) {
        const auto& order = entry.as_object();
        summaries[str(order.at("orderId"))] = str(order.at("marketplaceId")) + " " +
                                              str(order.at("fulfilledBy")) + " " +
                                              str(order.at("status"));
    }
    for (const auto& [id, orders] : host) {
        if (!expected.count(id)) {
            ++c.extra;
            c.problems.push_back("extra " + id + " (Amazon: " + summaries[id] + ", host " +
                                 str(orders.front()->at("status")) + ")");
        }
    }
    return c;
}

namespace {

std::vector<std::string> sandbox_args(int generate, int seed, std::vector<std::string> more) {
    std::vector<std::string> args{"--generate",   std::to_string(generate),
                                  "--seed",       std::to_string(seed),
                                  "--clock",      "virtual",
                                  "--start-time", "2026-03-01T00:00:00Z"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

} // namespace

DemoRig::DemoRig(int generate, int seed, const std::vector<std::string>& more_args,
                 const std::string& config_yaml, const std::string& store_alias)
    : sandbox(sandbox_args(generate, seed, more_args)), host(dir.path(), sandbox.url()),
      alias(store_alias) {
    host.ok({"clock", "set", "2026-03-01T00:00:00Z"});
    // Master data first: install checks a single customer against the host.
    host.ok({"seed", std::string(AMZCONN_SOURCE_DIR) + "/dist/demo/host-data.yaml"});
    host.ok({"install", write_file(dir.path(), alias + ".yaml",
                                   config_yaml.empty() ? demo_config(alias) : config_yaml)});
}

int DemoRig::import_until_ok(int max_runs) const {
    for (int i = 1; i <= max_runs; ++i) {
        auto result = host.cmd({"run", "--json", "import_orders", "--store", alias});
        if (result.exit_code == 0) {
            boost::system::error_code ec;
            auto report = json::parse(result.out, ec);
            if (!ec && report.is_object() && str(report.as_object().at("status")) == "ok") {
                return i;
            }
        }
        sandbox.advance(300);
        host.ok({"clock", "advance", "16m"});
    }
    throw std::runtime_error("import_orders never ended ok in " + std::to_string(max_runs) +
                             " runs");
}

void DemoRig::set_faults(const json::value& faults) const {
    sandbox.post("/_sandbox/faults", faults);
}

Comparison DemoRig::compare_now() const {
    return compare(host.dump(), sandbox.state(), alias, demo_wants);
}

} // namespace amzconn::integration
