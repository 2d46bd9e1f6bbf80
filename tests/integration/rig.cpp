#include "rig.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <curl/curl.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <set>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

void pump(int out, int err, std::string& out_text, std::string& err_text, int timeout_ms) {
    pollfd fds[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
    if (::poll(fds, 2, timeout_ms) <= 0) {
        return;
    }
    char buffer[8192];
    for (int i = 0; i < 2; ++i) {
        const int fd = i == 0 ? out : err;
        std::string& target = i == 0 ? out_text : err_text;
        while (true) {
            const auto n = ::read(fd, buffer, sizeof buffer);
            if (n <= 0) {
                break;
            }
            target.append(buffer, static_cast<size_t>(n));
        }
    }
}

size_t collect(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

} // namespace

std::string str(const json::value& value) {
    return value.is_string() ? std::string(value.as_string()) : std::string();
}

RunResult run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
              int deadline_s) {
    int out_pipe[2], err_pipe[2];
    if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) {
            ::_exit(127);
        }
        const int null_in = ::open("/dev/null", O_RDONLY);
        ::dup2(null_in, STDIN_FILENO);
        ::dup2(out_pipe[1], STDOUT_FILENO);
        ::dup2(err_pipe[1], STDERR_FILENO);
        for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], null_in}) {
            ::close(fd);
        }
        ::unsetenv("AMZCONN_FAILPOINTS");
        for (const auto& [name, value] : env) {
            ::setenv(name.c_str(), value.c_str(), 1);
        }
        std::vector<char*> args;
        for (const auto& arg : argv) {
            args.push_back(const_cast<char*>(arg.c_str()));
        }
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    const int out = out_pipe[0];
    const int err = err_pipe[0];
    ::fcntl(out, F_SETFL, O_NONBLOCK);
    ::fcntl(err, F_SETFL, O_NONBLOCK);
    RunResult result;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(deadline_s);
    int status = 0;
    while (true) {
        pump(out, err, result.out, result.err, 20);
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            break;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            result.err += "\n[test: killed after the deadline]\n";
            break;
        }
    }
    for (int i = 0; i < 3; ++i) {
        pump(out, err, result.out, result.err, 5);
    }
    ::close(out);
    ::close(err);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return result;
}

std::string http(const std::string& method, const std::string& url, const std::string& body,
                 const std::vector<std::string>& extra_headers) {
    CURL* curl = curl_easy_init();
    if (!curl) {
        throw std::runtime_error("curl_easy_init failed");
    }
    std::string response;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    for (const auto& header : extra_headers) {
        headers = curl_slist_append(headers, header.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    if (method != "GET") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    const CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (code != CURLE_OK) {
        throw std::runtime_error(method + " " + url + ": " + curl_easy_strerror(code));
    }
    if (status >= 300) {
        throw std::runtime_error(method + " " + url + ": HTTP " + std::to_string(status) + " " +
                                 response);
    }
    return response;
}

TempDir::TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "amzconn-integ-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
        throw std::runtime_error("mkdtemp failed");
    }
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

Sandbox::Sandbox(std::vector<std::string> args) {
    args.insert(args.end(), {"--max-lifetime", "600"});
    auto started = testing::SandboxProcess::start(args);
    if (!started) {
        throw std::runtime_error("sandbox did not start: " + started.error().message);
    }
    m_process = std::move(*started);
}

json::object Sandbox::state() const {
    return json::parse(http("GET", url() + "/_sandbox/state")).as_object();
}

void Sandbox::post(const std::string& path, const json::value& body) const {
    http("POST", url() + path, json::serialize(body));
}

int64_t Sandbox::calls(const std::string& operation) const {
    const auto s = state();
    const auto* n = s.at("calls").as_object().if_contains(operation);
    return n ? n->to_number<int64_t>() : 0;
}

int64_t Sandbox::total_calls() const {
    int64_t total = 0;
    const auto now = state();
    for (const auto& [op, n] : now.at("calls").as_object()) {
        if (op != "token") {
            total += n.to_number<int64_t>();
        }
    }
    return total;
}

json::object Sandbox::get_order(const std::string& order_id) const {
    const auto token = json::parse(http("POST", url() + "/auth/o2/token",
                                        "grant_type=refresh_token&refresh_token=Atzr%7Ctest&"
                                        "client_id=test&client_secret=test",
                                        {"Content-Type: application/x-www-form-urlencoded"}));
    const auto access = str(token.as_object().at("access_token"));
    const auto body = http("GET",
                           url() + "/orders/2026-01-01/orders/" + order_id +
                               "?includedData=BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,TAX,"
                               "PROMOTION,CANCELLATION,PACKAGES,PAYMENT,EXPENSE,FULFILLMENT_ORDERS",
                           "", {"x-amz-access-token: " + access});
    return json::parse(body).as_object().at("order").as_object();
}

void Sandbox::put_orders(std::vector<json::object> orders) const {
    json::array list;
    for (auto& order : orders) {
        order.erase("lastUpdatedTime");
        list.push_back(std::move(order));
    }
    post("/_sandbox/orders", json::object{{"orders", std::move(list)}});
}

void Sandbox::advance(int64_t seconds) const {
    post("/_sandbox/clock", json::object{{"advance_s", seconds}});
}

Host::Host(const std::string& dir, const std::string& sandbox_url)
    : m_db(dir + "/host.db"),
      m_env{{"AMZCONN_SANDBOX_URL", sandbox_url},
            {"AMZCONN_DEMO_CLIENT_ID", "amzn1.application-oa2-client.integration"},
            {"AMZCONN_DEMO_CLIENT_SECRET", "amzn1.oa2-cs.v1.CANARYSECRET0123456789"},
            {"AMZCONN_DEMO_REFRESH_TOKEN", "Atzr|CANARYREFRESH0123456789"}} {}

RunResult Host::cmd(std::vector<std::string> args,
                    const std::map<std::string, std::string>& extra_env) const {
    std::vector<std::string> argv{AMZCONN_HOST_BIN, "--db", m_db, "--plugin", AMZCONN_PLUGIN_SO};
    argv.insert(argv.end(), args.begin(), args.end());
    auto env = m_env;
    for (const auto& [k, v] : extra_env) {
        env[k] = v;
    }
    return run(argv, env);
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
    if (status == "SHIPPED" && str(order.at("fulfilledBy")) == "AMAZON") {
        return "shipped";
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
    host.ok({"install", write_file(dir.path(), alias + ".yaml",
                                   config_yaml.empty() ? demo_config(alias) : config_yaml)});
    host.ok({"seed", std::string(AMZCONN_SOURCE_DIR) + "/dist/demo/host-data.yaml"});
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
