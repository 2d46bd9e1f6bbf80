// Benchmark: order import end to end (amzconn-sandbox -> plugin -> amzconn-host over SQLite).
//
// Rounds interleave A B A B (median of --rounds, at least 5):
//   A  a fresh sandbox (usage plans off) and a fresh host database; `amzconn-host run
//      import_orders` until ok. The host's CPU and disk writes come from the kernel's accounts
//      of the host processes themselves (getrusage RUSAGE_CHILDREN around the runs: user +
//      system time, and ru_oublock, the block-layer bytes /proc/PID/io calls write_bytes).
//   B  the baseline: the very rows round A's host stored (entities and log lines), written with
//      plain SQLite into a fresh file with the host's own schema, pragmas and indexes, one
//      transaction per order, statements prepared once; measured in this process. It is the
//      floor for storing these orders in this database, with no connector, no checks, no reads.
// Then one more import gives the host's virtual time next to the lower bound searchOrders' plan
// allows: the client paces itself by the documented usage plans on the host's virtual clock,
// always. The sandbox enforces no plan in any round: its own virtual clock cannot follow the
// host's from another process, so it would refuse calls the plans allow (see the README).
//
// Each figure is one line a script can read: `name: value unit (ratio vs baseline)`.
// Usage: amzconn_bench_orders_e2e [--orders N] [--rounds R] [--seed S] [--faults RATE]
//        [--keep-db FILE] (a copy of the last round's host database, for tests/bench/wal_floor.py)
#include "rig.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sqlite3.h>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace amzconn::integration;
namespace json = boost::json;

namespace {

struct Options {
    int orders = 10000;
    int rounds = 5;
    int seed = 1;
    double fault_rate = 0.0;
    std::string keep_db; // where to copy the host database of the last round (--keep-db)
};

// CPU seconds and bytes written to the block layer, from one getrusage account.
struct Usage {
    double cpu_s = 0;
    double written_bytes = 0;
};

Usage usage(int who) {
    rusage ru{};
    ::getrusage(who, &ru);
    const auto seconds = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    // ru_oublock counts 512-byte units: the kernel's write_bytes / 512.
    return Usage{seconds(ru.ru_utime) + seconds(ru.ru_stime),
                 static_cast<double>(ru.ru_oublock) * 512.0};
}

Usage operator-(const Usage& a, const Usage& b) {
    return Usage{a.cpu_s - b.cpu_s, a.written_bytes - b.written_bytes};
}

// The database's size on disk: the file and a write-ahead log a connection left behind.
double db_bytes(const std::string& db) {
    double total = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(db + suffix, ec);
        total += ec ? 0.0 : static_cast<double>(size);
    }
    return total;
}

struct Round {
    double host_cpu_ms_per_order = 0;
    double host_written_per_growth = 0;
    double orders_per_s = 0;
    double raw_cpu_ms_per_order = 0;
    double raw_written_per_growth = 0;
    double raw_orders_per_s = 0;
    int64_t spapi_calls = 0;
    int64_t search_calls = 0;
    int64_t token_calls = 0;
    size_t imported = 0;
    bool exact = false;
};

// Merchant orders of every status too; with a sandbox seller on UK and DE only, the store reads
// all N generated orders.
std::string all_orders_config() {
    std::string yaml = demo_config("bench");
    const auto swap = [&](const std::string& from, const std::string& to) {
        yaml.replace(yaml.find(from), from.size(), to);
    };
    swap("fbm: {statuses: [unshipped], warehouse: MAIN}",
         "fbm: {statuses: [unshipped, shipped], warehouse: MAIN}");
    return yaml;
}

std::vector<std::string> sandbox_args(const std::string& scenario) {
    return {"--scenario", scenario, "--rate-limits", "off"};
}

void check(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
    }
}

struct Db {
    explicit Db(const std::string& path) {
        check(sqlite3_open(path.c_str(), &db), db, path.c_str());
    }
    ~Db() { sqlite3_close_v2(db); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    void exec(const std::string& sql) const {
        check(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), db, sql.c_str());
    }
    sqlite3* db = nullptr;
};

struct Stmt {
    Stmt(const Db& db, const char* sql) {
        check(sqlite3_prepare_v2(db.db, sql, -1, &s, nullptr), db.db, sql);
    }
    ~Stmt() { sqlite3_finalize(s); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    sqlite3_stmt* s = nullptr;
};

// One stored row: the table's columns as text or integers, in insert order.
struct Row {
    bool entity = false; // else a log line
    bool ends_order = false;
    std::vector<std::string> text;
    std::vector<int64_t> numbers;
};

// The rows the host wrote during the import (id above the ones seed and install wrote).
std::vector<Row> imported_rows(const std::string& host_db, int64_t entity_floor,
                               int64_t log_floor) {
    Db db(host_db);
    std::vector<Row> entities;
    Stmt e(db,
           "SELECT kind, key, doc, created_at, updated_at FROM entities WHERE id > ? ORDER BY id");
    sqlite3_bind_int64(e.s, 1, entity_floor);
    while (sqlite3_step(e.s) == SQLITE_ROW) {
        Row row{true, false, {}, {}};
        for (int c = 0; c < 3; ++c) {
            row.text.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(e.s, c)));
        }
        row.numbers = {sqlite3_column_int64(e.s, 3), sqlite3_column_int64(e.s, 4)};
        row.ends_order = row.text[0] == "sales_order";
        entities.push_back(std::move(row));
    }
    std::vector<Row> logs;
    Stmt l(db, "SELECT ts, level, store, reference, message FROM connection_log WHERE id > ? "
               "ORDER BY id");
    sqlite3_bind_int64(l.s, 1, log_floor);
    while (sqlite3_step(l.s) == SQLITE_ROW) {
        Row row{false, false, {}, {sqlite3_column_int64(l.s, 0), sqlite3_column_int64(l.s, 1)}};
        for (int c = 2; c < 5; ++c) {
            row.text.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(l.s, c)));
        }
        logs.push_back(std::move(row));
    }
    // Log lines spread evenly over the orders' transactions.
    std::vector<Row> rows;
    const size_t orders = std::max<size_t>(
        1, static_cast<size_t>(std::count_if(entities.begin(), entities.end(),
                                             [](const Row& r) { return r.ends_order; })));
    size_t order = 0;
    size_t next_log = 0;
    for (auto& row : entities) {
        const bool ends = row.ends_order;
        rows.push_back(std::move(row));
        if (ends) {
            ++order;
            while (next_log < logs.size() && next_log * orders < logs.size() * order) {
                rows.push_back(std::move(logs[next_log++]));
            }
            rows.back().ends_order = true;
        }
    }
    return rows;
}

int64_t max_id(const std::string& host_db, const char* table) {
    Db db(host_db);
    Stmt s(db, (std::string("SELECT COALESCE(MAX(id), 0) FROM ") + table).c_str());
    check(sqlite3_step(s.s), db.db, table);
    return sqlite3_column_int64(s.s, 0);
}

// Round B: the rows into a fresh file with the host's schema; returns CPU and bytes per order.
struct Raw {
    double cpu_ms_per_order = 0;
    double written_per_growth = 0;
    double orders_per_s = 0;
};

Raw raw_inserts(const std::string& host_db, const std::string& dir, const std::vector<Row>& rows,
                size_t orders) {
    const std::string file = dir + "/raw.db";
    std::filesystem::remove(file);
    std::string schema;
    int64_t page_size = 4096;
    {
        Db host(host_db);
        Stmt page(host, "PRAGMA page_size");
        if (sqlite3_step(page.s) == SQLITE_ROW) {
            page_size = sqlite3_column_int64(page.s, 0);
        }
        Stmt s(host, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE "
                     "'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid");
        while (sqlite3_step(s.s) == SQLITE_ROW) {
            schema += reinterpret_cast<const char*>(sqlite3_column_text(s.s, 0));
            schema += ";\n";
        }
    }
    Db db(file);
    // The host's page size and WAL bound (32 MiB, sdk/reference_host/sqlite_db.cpp), so both
    // write the same pages.
    db.exec("PRAGMA page_size=" + std::to_string(page_size) +
            "; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON; "
            "PRAGMA wal_autocheckpoint=" +
            std::to_string(32 * 1024 * 1024 / page_size) + ";");
    db.exec(schema);
    const double before_bytes = db_bytes(file);
    const Usage before = usage(RUSAGE_SELF);
    const auto start = std::chrono::steady_clock::now();
    {
        Stmt begin(db, "BEGIN IMMEDIATE");
        Stmt commit(db, "COMMIT");
        Stmt entity(db, "INSERT INTO entities (kind, key, doc, created_at, updated_at) VALUES "
                        "(?, ?, ?, ?, ?)");
        Stmt log(db, "INSERT INTO connection_log (ts, level, store, reference, message) VALUES "
                     "(?, ?, ?, ?, ?)");
        bool open = false;
        for (const auto& row : rows) {
            if (!open) {
                check(sqlite3_step(begin.s), db.db, "BEGIN");
                sqlite3_reset(begin.s);
                open = true;
            }
            sqlite3_stmt* s = row.entity ? entity.s : log.s;
            const int first_text = row.entity ? 1 : 3;
            const int first_number = row.entity ? 4 : 1;
            for (size_t i = 0; i < row.text.size(); ++i) {
                sqlite3_bind_text(s, first_text + static_cast<int>(i), row.text[i].data(),
                                  static_cast<int>(row.text[i].size()), SQLITE_STATIC);
            }
            for (size_t i = 0; i < row.numbers.size(); ++i) {
                sqlite3_bind_int64(s, first_number + static_cast<int>(i), row.numbers[i]);
            }
            check(sqlite3_step(s), db.db, "INSERT");
            sqlite3_reset(s);
            if (row.ends_order) {
                check(sqlite3_step(commit.s), db.db, "COMMIT");
                sqlite3_reset(commit.s);
                open = false;
            }
        }
        if (open) {
            check(sqlite3_step(commit.s), db.db, "COMMIT");
        }
    }
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); // as the host's last close does
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const Usage used = usage(RUSAGE_SELF) - before;
    const double growth = db_bytes(file) - before_bytes;
    const auto n = static_cast<double>(std::max<size_t>(orders, 1));
    return Raw{1000.0 * used.cpu_s / n, growth > 0 ? used.written_bytes / growth : 0.0, n / wall};
}

int64_t call_count(const json::object& calls, const char* operation) {
    return calls.contains(operation) ? calls.at(operation).to_number<int64_t>() : 0;
}

bool host_equals_sandbox(const DemoRig& rig) {
    // Amazon serves nothing updated in the last 2 minutes; the generator puts late arrivals
    // there. The next scheduled run picks them up: let 5 minutes pass and run once more before
    // comparing (the figures cover the first, measured import).
    rig.sandbox.advance(300);
    rig.host.ok({"clock", "advance", "5m"});
    rig.import_until_ok(5);
    const auto state = rig.sandbox.state();
    const auto dump = rig.host.dump();
    const auto c = compare(dump, state, "bench", [](const json::object& order) {
        const auto status = str(order.at("status"));
        if (str(order.at("fulfilledBy")) == "AMAZON") {
            return status == "SHIPPED";
        }
        return status == "UNSHIPPED" || status == "SHIPPED" || status == "PARTIALLY_SHIPPED";
    });
    // Stale counts FBM orders imported already shipped, whose host status this rig does not
    // model; lost, duplicated and extra are the figures that must be 0.
    if (c.lost != 0 || c.duplicated != 0 || c.extra != 0) {
        std::fprintf(stderr, "host vs sandbox: %s\n", c.summary().c_str());
        return false;
    }
    return true;
}

// Round A then round B on its rows.
Round run_round(const Options& options, const std::string& scenario) {
    DemoRig rig(options.orders, options.seed, sandbox_args(scenario), all_orders_config(), "bench");
    if (options.fault_rate > 0) {
        rig.set_faults(json::object{
            {"random", json::object{{"rate", options.fault_rate},
                                    {"seed", options.seed},
                                    {"kinds", json::array{"status", "throttle", "reset_mid_body",
                                                          "truncated_json", "duplicate_page",
                                                          "repeat_token", "reject_token"}}}}});
    }
    const std::string db = rig.host.db();
    const int64_t entity_floor = max_id(db, "entities");
    const int64_t log_floor = max_id(db, "connection_log");
    const double before_bytes = db_bytes(db);
    const Usage before = usage(RUSAGE_CHILDREN);
    const auto start = std::chrono::steady_clock::now();
    rig.import_until_ok(60);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const Usage host = usage(RUSAGE_CHILDREN) - before;
    const double growth = db_bytes(db) - before_bytes;

    Round round;
    const auto state = rig.sandbox.state();
    const auto& calls = state.at("calls").as_object();
    for (const auto& [op, n] : calls) {
        (op == "token" ? round.token_calls : round.spapi_calls) += n.to_number<int64_t>();
    }
    round.search_calls = call_count(calls, "searchOrders");
    const auto rows = imported_rows(db, entity_floor, log_floor);
    round.imported = static_cast<size_t>(std::count_if(rows.begin(), rows.end(), [](const Row& r) {
        return r.entity && r.text[0] == "sales_order";
    }));
    const auto n = static_cast<double>(std::max<size_t>(round.imported, 1));
    round.host_cpu_ms_per_order = 1000.0 * host.cpu_s / n;
    round.host_written_per_growth = growth > 0 ? host.written_bytes / growth : 0.0;
    round.orders_per_s = n / wall;

    if (!options.keep_db.empty()) {
        std::filesystem::copy_file(db, options.keep_db,
                                   std::filesystem::copy_options::overwrite_existing);
    }
    const Raw raw = raw_inserts(db, rig.dir.path(), rows, round.imported);
    round.raw_cpu_ms_per_order = raw.cpu_ms_per_order;
    round.raw_written_per_growth = raw.written_per_growth;
    round.raw_orders_per_s = raw.orders_per_s;
    round.exact = host_equals_sandbox(rig);
    return round;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

template <typename F>
double median_of(const std::vector<Round>& rounds, F field) {
    std::vector<double> values;
    for (const auto& r : rounds) {
        values.push_back(field(r));
    }
    return median(values);
}

// The client's pacing by the documented usage plans: virtual seconds on the host clock.
double virtual_seconds(const Options& options, const std::string& scenario) {
    DemoRig rig(options.orders, options.seed, sandbox_args(scenario), all_orders_config(), "bench");
    const int64_t start = rig.host.clock_ms();
    rig.import_until_ok(60);
    return static_cast<double>(rig.host.clock_ms() - start) / 1000.0;
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help")) {
            std::printf(
                "usage: amzconn_bench_orders_e2e [--orders N] [--rounds R] [--seed S] "
                "[--faults RATE] [--keep-db FILE]\n"
                "  imports N generated sandbox orders into a fresh reference host R times\n"
                "  (default 10000 orders, 5 rounds), each round followed by the raw SQLite\n"
                "  inserts of the same rows, then once under the documented usage plans; prints\n"
                "  medians as `name: value unit (ratio vs baseline)`. With --faults 0.2 the\n"
                "  sandbox injects random faults; every round checks that the host equals the\n"
                "  sandbox (0 lost, 0 duplicated). --keep-db FILE copies the last round's host\n"
                "  database to FILE (input for tests/bench/wal_floor.py).\n");
            std::exit(0);
        }
        if (i + 1 < argc && !std::strcmp(argv[i], "--orders")) {
            options.orders = std::atoi(argv[++i]);
        } else if (i + 1 < argc && !std::strcmp(argv[i], "--rounds")) {
            options.rounds = std::max(1, std::atoi(argv[++i]));
        } else if (i + 1 < argc && !std::strcmp(argv[i], "--seed")) {
            options.seed = std::atoi(argv[++i]);
        } else if (i + 1 < argc && !std::strcmp(argv[i], "--faults")) {
            options.fault_rate = std::atof(argv[++i]);
        } else if (i + 1 < argc && !std::strcmp(argv[i], "--keep-db")) {
            options.keep_db = argv[++i];
        } else {
            std::fprintf(stderr, "unknown argument %s: see --help\n", argv[i]);
            std::exit(1);
        }
    }
    return options;
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    try {
        amzconn::testing::TempDir scenario_dir;
        const auto scenario = write_file(scenario_dir.path(), "scenario.yaml",
                                         "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE]\n");
        std::vector<Round> rounds;
        bool exact = true;
        for (int i = 0; i < options.rounds; ++i) {
            rounds.push_back(run_round(options, scenario));
            const Round& r = rounds.back();
            exact = exact && r.exact;
            std::printf("round %d: host %.3f ms/order, %.2f x growth written, %.0f orders/s | "
                        "raw %.3f ms/order, %.2f x growth written, %.0f orders/s\n",
                        i + 1, r.host_cpu_ms_per_order, r.host_written_per_growth, r.orders_per_s,
                        r.raw_cpu_ms_per_order, r.raw_written_per_growth, r.raw_orders_per_s);
        }
        const double cpu =
            median_of(rounds, [](const Round& r) { return r.host_cpu_ms_per_order; });
        const double raw_cpu =
            median_of(rounds, [](const Round& r) { return r.raw_cpu_ms_per_order; });
        const double written =
            median_of(rounds, [](const Round& r) { return r.host_written_per_growth; });
        const double raw_written =
            median_of(rounds, [](const Round& r) { return r.raw_written_per_growth; });
        const double rate = median_of(rounds, [](const Round& r) { return r.orders_per_s; });
        const double raw_rate =
            median_of(rounds, [](const Round& r) { return r.raw_orders_per_s; });
        const Round& last = rounds.back();
        const double imported = static_cast<double>(std::max<size_t>(last.imported, 1));
        // searchOrders returns 100 orders a page: the floor of calls for N orders.
        const double pages = static_cast<double>((options.orders + 99) / 100);
        const double per_1000 = 1000.0 * static_cast<double>(last.spapi_calls) / imported;
        const double search_per_1000 = 1000.0 * static_cast<double>(last.search_calls) / imported;
        const double floor_per_1000 = 1000.0 * pages / imported;
        const double virtual_s = virtual_seconds(options, scenario);
        // searchOrders: 0.0056 requests/s, burst 20 (spapi-facts.md §3.2).
        const double bound_s = pages > 20 ? (pages - 20) / 0.0056 : 0.0;

        std::printf("orders: %zu imported of %d generated (seed %d, fault rate %.2f, %d rounds, "
                    "medians)\n",
                    last.imported, options.orders, options.seed, options.fault_rate,
                    options.rounds);
        std::printf("host_cpu_per_order: %.3f ms (%.2fx raw SQLite inserts of the same rows, "
                    "%.3f ms)\n",
                    cpu, raw_cpu > 0 ? cpu / raw_cpu : 0.0, raw_cpu);
        std::printf("disk_written_per_db_growth: %.2f x (%.2fx raw SQLite inserts of the same "
                    "rows, %.2f x)\n",
                    written, raw_written > 0 ? written / raw_written : 0.0, raw_written);
        std::printf("orders_per_second: %.0f orders/s (%.2fx raw SQLite inserts of the same rows, "
                    "%.0f orders/s)\n",
                    rate, raw_rate > 0 ? rate / raw_rate : 0.0, raw_rate);
        std::printf("spapi_calls_per_1000_orders: %.1f calls (searchOrders %.1f, %.3fx its floor "
                    "of %.1f at 100 orders a page)\n",
                    per_1000, search_per_1000,
                    floor_per_1000 > 0 ? search_per_1000 / floor_per_1000 : 0.0, floor_per_1000);
        std::printf("token_calls_per_run: %lld calls (LWA, apart from SP-API calls)\n",
                    static_cast<long long>(last.token_calls));
        std::printf("virtual_time: %.0f s (%.3fx the usage-plan lower bound of %.0f s: %.0f "
                    "pages, rate 0.0056/s, burst 20)\n",
                    virtual_s, bound_s > 0 ? virtual_s / bound_s : 0.0, bound_s, pages);
        std::printf("host_vs_sandbox: %s\n",
                    exact ? "exact (0 lost, 0 duplicated, 0 extra)" : "MISMATCH (see stderr)");
        return exact ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "benchmark failed: %s\n", e.what());
        return 2;
    }
}
