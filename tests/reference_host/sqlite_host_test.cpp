// SqliteHost against a real SQLite file: durability, compare-and-set, transactions, entities,
// log retention, migrations and the clock.
#include "amzconn/host_table.hpp"
#include "refhost_test_support.hpp"
#include "schema.hpp"
#include "sqlite_host.hpp"
#include "temp_dir.hpp"
#include "time_text.hpp"
#include "wal_frame_vfs.hpp"

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdlib>
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <thread>

using namespace amzconn;
using namespace amzconn::refhost;
using refhost_test::contains;
using refhost_test::open_host;
namespace json = boost::json;

namespace {

// A stand-in for amzconn::validate_entity: a warehouse needs a string "code".
Outcome needs_code(std::string_view kind, std::string_view doc) {
    auto parsed = json::parse(doc);
    if (kind == "warehouse" && (!parsed.is_object() || !parsed.as_object().contains("code") ||
                                !parsed.as_object().at("code").is_string())) {
        return Error{Status::bad_input, "warehouse.code: is required"};
    }
    return {};
}

// Accepts any JSON object, for tests about storage rather than document rules.
SqliteHostOptions any_document() {
    return SqliteHostOptions{EntityValidator{}, nullptr, {}};
}

json::array query(SqliteHost& host, std::string_view kind, std::string_view filter) {
    auto result = host.entity_query(kind, filter);
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    return json::parse(*result).as_array();
}

} // namespace

TEST_CASE("reference_host: state survives reopening the file") {
    testing::TempDir dir;
    int64_t version = 0;
    {
        auto host = open_host(dir / "host.db");
        auto put = host->state_put("store:uk1", "cursor", "2026-01-01T00:00:00Z", k_version_absent);
        REQUIRE(put.ok());
        version = *put;
        CHECK(version > 0);
    }
    auto host = open_host(dir / "host.db");
    auto got = host->state_get("store:uk1", "cursor");
    REQUIRE(got.ok());
    CHECK(got->value == "2026-01-01T00:00:00Z");
    CHECK(got->version == version);
    CHECK(host->state_get("store:uk1", "missing").status() == Status::not_found);
}

TEST_CASE("reference_host: compare-and-set conflicts are detected and change nothing") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db");
    auto first = host->state_put("ns", "k", "one", k_version_absent);
    REQUIRE(first.ok());

    SUBCASE("absent expected but the key exists") {
        auto again = host->state_put("ns", "k", "two", k_version_absent);
        CHECK(again.status() == Status::conflict);
    }
    SUBCASE("a stale version") {
        auto second = host->state_put("ns", "k", "two", *first);
        REQUIRE(second.ok());
        CHECK(*second > *first);
        auto stale = host->state_put("ns", "k", "three", *first);
        CHECK(stale.status() == Status::conflict);
        CHECK(host->state_get("ns", "k")->value == "two");
    }
    SUBCASE("delete with a wrong version") {
        CHECK(host->state_delete("ns", "k", *first + 100).status() == Status::conflict);
        CHECK(host->state_get("ns", "k").ok());
        CHECK(host->state_delete("ns", "k", *first).ok());
        CHECK(host->state_get("ns", "k").status() == Status::not_found);
    }
    SUBCASE("a re-created key never reuses an old version") {
        REQUIRE(host->state_delete("ns", "k", k_version_any).ok());
        auto recreated = host->state_put("ns", "k", "again", k_version_absent);
        REQUIRE(recreated.ok());
        CHECK(*recreated != *first);
        CHECK(host->state_put("ns", "k", "stale", *first).status() == Status::conflict);
    }
    SUBCASE("any version always writes") {
        CHECK(host->state_put("ns", "k", "forced", k_version_any).ok());
        CHECK(host->state_get("ns", "k")->value == "forced");
    }
}

TEST_CASE("reference_host: state_list returns the keys with a prefix in order") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db");
    REQUIRE(host->state_put("q", "out/2", "b", k_version_any).ok());
    REQUIRE(host->state_put("q", "out/1", "a", k_version_any).ok());
    REQUIRE(host->state_put("q", "other", "c", k_version_any).ok());
    REQUIRE(host->state_put("z", "out/3", "d", k_version_any).ok());
    auto listed = host->state_list("q", "out/");
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 2);
    CHECK((*listed)[0].key == "out/1");
    CHECK((*listed)[1].value == "b");
}

TEST_CASE("reference_host: a failed transact leaves nothing behind") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db", SqliteHostOptions{needs_code, nullptr, {}});
    auto existing = host->state_put("ns", "taken", "v", k_version_any);
    REQUIRE(existing.ok());

    SUBCASE("a CAS conflict in the last op") {
        const std::string ops = R"([
            {"op":"state_put","ns":"ns","key":"a","value":"1","expected_version":0},
            {"op":"upsert","kind":"warehouse","key":"W1","doc":{"code":"W1","name":"Main"}},
            {"op":"state_put","ns":"ns","key":"taken","value":"2","expected_version":0}])";
        auto result = host->transact(ops);
        CHECK(result.status() == Status::conflict);
        CHECK(result.error().message.find("op #2") != std::string::npos);
    }
    SUBCASE("a bad document") {
        const std::string ops = R"([
            {"op":"state_put","ns":"ns","key":"a","value":"1"},
            {"op":"upsert","kind":"warehouse","key":"W1","doc":{"name":"no code"}}])";
        auto result = host->transact(ops);
        CHECK(result.status() == Status::bad_input);
        CHECK(result.error().message.find("warehouse.code") != std::string::npos);
    }
    CHECK(host->state_get("ns", "a").status() == Status::not_found);
    CHECK(query(*host, "warehouse", "").empty());
    CHECK(host->state_get("ns", "taken")->version == *existing);
}

TEST_CASE("reference_host: a successful transact applies every op and reports each") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db", any_document());
    auto result = host->transact(R"([
        {"op":"state_put","ns":"ns","key":"a","value":"1","expected_version":0},
        {"op":"upsert","kind":"warehouse","key":"W1","doc":{"code":"W1"}},
        {"op":"state_delete","ns":"ns","key":"a"}])");
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    auto results = json::parse(*result).as_array();
    REQUIRE(results.size() == 3);
    CHECK(results[0].as_object().at("version").as_int64() > 0);
    CHECK(results[1].as_object().at("created").as_bool());
    CHECK(host->state_get("ns", "a").status() == Status::not_found);
    CHECK(query(*host, "warehouse", "").size() == 1);
}

TEST_CASE("reference_host: upsert is idempotent on kind and key") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db", any_document());
    const std::string doc = R"({"idempotency_key":"uk1:111-1","status":"placed","lines":[]})";
    auto first = host->entity_upsert("sales_order", "uk1:111-1", doc);
    REQUIRE(first.ok());
    CHECK(first->created);
    CHECK(first->changed);

    // Same content with keys in another order is the same document.
    auto same =
        host->entity_upsert("sales_order", "uk1:111-1",
                            R"({"lines":[],"status":"placed","idempotency_key":"uk1:111-1"})");
    REQUIRE(same.ok());
    CHECK(same->id == first->id);
    CHECK_FALSE(same->created);
    CHECK_FALSE(same->changed);

    auto changed = host->entity_upsert("sales_order", "uk1:111-1",
                                       R"({"idempotency_key":"uk1:111-1","status":"shipped"})");
    REQUIRE(changed.ok());
    CHECK(changed->id == first->id);
    CHECK_FALSE(changed->created);
    CHECK(changed->changed);
    auto all = query(*host, "sales_order", "");
    REQUIRE(all.size() == 1);
    CHECK(all[0].as_object().at("status").as_string() == "shipped");
    CHECK(all[0].as_object().at("id").as_string() == first->id);
}

TEST_CASE("reference_host: upsert refuses a document the validator rejects and writes nothing") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db", SqliteHostOptions{needs_code, nullptr, {}});
    auto refused = host->entity_upsert("warehouse", "W1", R"({"name":"Main"})");
    CHECK(refused.status() == Status::bad_input);
    CHECK(refused.error().message.find("warehouse.code") != std::string::npos);
    CHECK(host->entity_upsert("warehouse", "W1", "[1,2]").status() == Status::bad_input);
    CHECK(query(*host, "warehouse", "").empty());
}

TEST_CASE("reference_host: by default upsert applies the shared entity rules (amzconn_entities)") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db");
    auto refused = host->entity_upsert("warehouse", "MAIN", R"({"code":"MAIN","name":"Main"})");
    CHECK(refused.status() == Status::bad_input);
    CHECK(refused.error().message.find("is_fba") != std::string::npos);
    CHECK(host->entity_upsert("gadget", "X", R"({"code":"X"})").status() == Status::bad_input);
    auto accepted =
        host->entity_upsert("warehouse", "MAIN", R"({"code":"MAIN","name":"Main","is_fba":false})");
    CHECK(accepted.ok());
    CHECK(query(*host, "warehouse", "").size() == 1);
}

TEST_CASE("reference_host: transact applies the shared entity rules to a document given as an "
          "object or as text, and a swapped validator to both") {
    testing::TempDir dir;
    for (const bool swapped : {false, true}) {
        CAPTURE(swapped);
        auto host = swapped
                        ? open_host(dir / "swapped.db", SqliteHostOptions{needs_code, nullptr, {}})
                        : open_host(dir / "default.db");
        const std::string missing = swapped ? "warehouse.code" : "is_fba";
        const std::string doc = swapped ? R"({"name":"Main"})" : R"({"code":"MAIN","name":"Main"})";
        for (const auto& op :
             {R"([{"op":"upsert","kind":"warehouse","key":"MAIN","doc":)" + doc + "}]",
              R"([{"op":"upsert","kind":"warehouse","key":"MAIN","doc":)" +
                  boost::json::serialize(boost::json::value(doc)) + "}]"}) {
            auto refused = host->transact(op);
            CHECK(refused.status() == Status::bad_input);
            CHECK(refused.error().message.find(missing) != std::string::npos);
        }
        CHECK(query(*host, "warehouse", "").empty());
    }
}

TEST_CASE("reference_host: entity_query filters on fields, dotted paths, limit and after") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db", any_document());
    REQUIRE(host->entity_upsert(
                    "product", "A",
                    R"({"code":"A","is_assembly":false,"attributes":{"amazon_sku":"SKU-A"}})")
                .ok());
    REQUIRE(host->entity_upsert(
                    "product", "B",
                    R"({"code":"B","is_assembly":true,"attributes":{"amazon_sku":"SKU-B"}})")
                .ok());
    REQUIRE(
        host->entity_upsert("product", "C",
                            R"({"code":"C","is_assembly":true,"attributes":{"amazon.sku":"x"}})")
            .ok());
    REQUIRE(host->entity_upsert("warehouse", "A", R"({"code":"A"})").ok());

    CHECK(query(*host, "product", "").size() == 3);
    auto by_code = query(*host, "product", R"({"code":"B"})");
    REQUIRE(by_code.size() == 1);
    CHECK(by_code[0].as_object().at("code").as_string() == "B");

    auto by_path = query(*host, "product", R"({"attributes.amazon_sku":"SKU-A"})");
    REQUIRE(by_path.size() == 1);
    CHECK(by_path[0].as_object().at("code").as_string() == "A");

    CHECK(query(*host, "product", R"({"attributes.amazon.sku":"x"})").size() == 1);
    CHECK(query(*host, "product", R"({"is_assembly":true})").size() == 2);
    CHECK(query(*host, "product", R"({"code":"nope"})").empty());

    auto first_page = query(*host, "product", R"({"limit":2})");
    REQUIRE(first_page.size() == 2);
    const auto last_id = first_page[1].as_object().at("id").as_string();
    auto second_page = query(*host, "product", R"({"after":")" + std::string(last_id) + "\"}");
    REQUIRE(second_page.size() == 1);
    CHECK(second_page[0].as_object().at("code").as_string() == "C");

    CHECK(host->entity_query("product", "[1]").status() == Status::bad_input);
    CHECK(host->entity_query("product", R"({"limit":"many"})").status() == Status::bad_input);
}

// entity_query answers with the stored text and the id appended, not a second serialisation:
// the answer is the document as written with "id" last, an empty document included, and a
// document read back (id and all) and written again is stored unchanged.
TEST_CASE("reference_host: entity_query answers each document as stored with the host id last") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db", any_document());
    const auto first = host->entity_upsert("note", "a", R"({"text":"x \"q\" \u00e9","n":[1,2.5]})");
    const auto empty = host->entity_upsert("note", "b", "{}");
    REQUIRE(first.ok());
    REQUIRE(empty.ok());
    const auto answer = host->entity_query("note", "");
    REQUIRE(answer.ok());
    CHECK(*answer == R"([{"text":"x \"q\" é","n":[1,2.5E0],"id":")" + first->id + R"("},{"id":")" +
                         empty->id + R"("}])");

    const auto read_back = json::serialize(json::parse(*answer).as_array().at(0));
    const auto again = host->entity_upsert("note", "a", read_back);
    REQUIRE(again.ok());
    CHECK_FALSE(again->changed);
    CHECK(*host->entity_query("note", R"({"text":"x \"q\" é"})") ==
          "[" + json::serialize(json::parse(*answer).as_array().at(0)) + "]");
}

TEST_CASE("reference_host: log retention prunes old entries at the end of a job with a virtual "
          "clock") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db");
    REQUIRE(host->set_virtual_clock(*parse_rfc3339_ms("2026-01-01T00:00:00Z")).ok());
    host->log(LogLevel::info, "uk1", "", "old entry");
    REQUIRE(host->advance_clock(6LL * 24 * 3600 * 1000).ok());
    host->log(LogLevel::info, "uk1", "", "recent entry");
    REQUIRE(host->prune_log().ok());
    CHECK(host->read_log({})->size() == 2);

    REQUIRE(host->advance_clock(2LL * 24 * 3600 * 1000).ok()); // day 8: the first is past 7 days
    host->log(LogLevel::error, "uk1", "", "newest entry");
    CHECK(host->read_log({})->size() == 3); // a line written never prunes: the job's end does
    host->end_job();
    auto records = host->read_log({});
    REQUIRE(records.ok());
    REQUIRE(records->size() == 2);
    CHECK((*records)[0].message == "recent entry");

    SUBCASE("a shorter configured retention prunes more") {
        REQUIRE(host->set_log_retention_ms(3600 * 1000).ok());
        auto pruned = host->prune_log();
        REQUIRE(pruned.ok());
        CHECK(*pruned == 1);
        CHECK(host->read_log({})->size() == 1);
    }
}

TEST_CASE("reference_host: read_log filters by store, level and time") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db");
    REQUIRE(host->set_virtual_clock(1'000'000'000'000).ok());
    host->log(LogLevel::error, "uk1", "111-1", "failed");
    host->log(LogLevel::info, "de1", "", "opened");
    REQUIRE(host->advance_clock(3'600'000).ok());
    host->log(LogLevel::debug, "uk1", "", "details");

    LogQuery only_uk;
    only_uk.store = "uk1";
    CHECK(host->read_log(only_uk)->size() == 2);
    LogQuery errors;
    errors.max_level = LogLevel::error;
    auto error_records = host->read_log(errors);
    REQUIRE(error_records->size() == 1);
    CHECK((*error_records)[0].reference == "111-1");
    LogQuery recent;
    recent.since_ms = 1'000'000'000'000 + 1;
    CHECK(host->read_log(recent)->size() == 1);
}

TEST_CASE("reference_host: migrations run from an empty file and re-open at the current version") {
    testing::TempDir dir;
    {
        auto db = Database::open(dir / "host.db");
        REQUIRE(db.ok());
        CHECK(*schema_version(*db) == 0);
    }
    {
        auto host = open_host(dir / "host.db");
        CHECK(*host->schema_version() == current_schema_version());
    }
    auto host = open_host(dir / "host.db");
    CHECK(*host->schema_version() == current_schema_version());
    auto db = Database::open(dir / "host.db");
    REQUIRE(db.ok());
    auto rows = db->prepare("SELECT COUNT(*) FROM schema_version");
    REQUIRE(rows.ok());
    REQUIRE(*rows->step());
    CHECK(rows->column_int(0) == current_schema_version()); // each migration recorded once
}

TEST_CASE("reference_host: a file from a newer host is refused with both versions") {
    testing::TempDir dir;
    {
        auto db = Database::open(dir / "host.db");
        REQUIRE(db.ok());
        REQUIRE(migrate(*db).ok());
        REQUIRE(db->exec("INSERT INTO schema_version (version) VALUES (99)").ok());
    }
    auto refused = SqliteHost::open(dir / "host.db");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("99") != std::string::npos);
    CHECK(refused.error().message.find(std::to_string(current_schema_version())) !=
          std::string::npos);
}

TEST_CASE("reference_host: sleep_ms on a virtual clock advances it") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db");
    REQUIRE(host->set_virtual_clock(5'000).ok());
    CHECK(host->now_ms() == 5'000);
    REQUIRE(host->sleep_ms(60'000).ok());
    CHECK(host->now_ms() == 65'000);
    REQUIRE(host->use_real_clock().ok());
    CHECK(host->now_ms() > 1'700'000'000'000);
    CHECK(host->advance_clock(1).status() == Status::bad_input);
}

TEST_CASE("reference_host: secret_get reads the table, then AMZCONN_SECRET_ variables") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db");
    REQUIRE(host->secret_set("lwa-refresh", "from-table").ok());
    CHECK(*host->secret_get("lwa-refresh") == "from-table");
    ::setenv("AMZCONN_SECRET_UK1_CLIENT", "from-env", 1);
    CHECK(*host->secret_get("uk1.client") == "from-env");
    ::unsetenv("AMZCONN_SECRET_UK1_CLIENT");
    auto missing = host->secret_get("nope");
    CHECK(missing.status() == Status::not_found);
    CHECK(missing.error().message.find("AMZCONN_SECRET_NOPE") != std::string::npos);
}

TEST_CASE("reference_host: progress writes one escaped line naming job, store and counts") {
    testing::TempDir dir;
    std::ostringstream out;
    auto host = open_host(dir / "host.db", SqliteHostOptions{{}, &out, {}});
    host->progress("import_orders", "uk1", 300, 1000, "orders");
    host->progress("export_stock", "", 5, 0, "");
    host->progress("import_missing_orders", "uk1", 1, 2, "026-1\r\nFORGED\x1b[2J");
    CHECK(out.str() == "import_orders uk1: 300/1000 orders\nexport_stock: 5\n"
                       "import_missing_orders uk1: 1/2 026-1\\r\\nFORGED\\x1b[2J\n");
}

TEST_CASE("reference_host: schedules remember the last run per store and job") {
    testing::TempDir dir;
    {
        auto host = open_host(dir / "host.db");
        CHECK_FALSE(host->last_run("uk1", "import_orders")->has_value());
        REQUIRE(host->set_last_run("uk1", "import_orders", {42, std::nullopt}).ok());
        REQUIRE(host->set_last_run("uk1", "export_stock", {43, 60'043}).ok());
    }
    auto host = open_host(dir / "host.db");
    const auto orders = host->last_run("uk1", "import_orders");
    REQUIRE(orders->has_value());
    CHECK((*orders)->last_run_ms == 42);
    CHECK_FALSE((*orders)->retry_at_ms.has_value());
    const auto stock = host->last_run("uk1", "export_stock");
    REQUIRE(stock->has_value());
    CHECK((*stock)->last_run_ms == 43);
    CHECK((*stock)->retry_at_ms == 60'043);
}

TEST_CASE("reference_host: durations and RFC 3339 times parse exactly") {
    CHECK(*parse_duration_ms("2h") == 7'200'000);
    CHECK(*parse_duration_ms("1h30m") == 5'400'000);
    CHECK(*parse_duration_ms("7d") == 604'800'000);
    CHECK(*parse_duration_ms("250ms") == 250);
    CHECK(parse_duration_ms("2 hours").status() == Status::bad_input);
    CHECK(parse_duration_ms("").status() == Status::bad_input);
    CHECK(*parse_rfc3339_ms("1970-01-01T00:00:01Z") == 1000);
    CHECK(*parse_rfc3339_ms("2026-01-01T01:00:00+01:00") ==
          *parse_rfc3339_ms("2026-01-01T00:00:00Z"));
    CHECK(format_rfc3339(*parse_rfc3339_ms("2026-03-05T07:08:09.123Z")) ==
          "2026-03-05T07:08:09.123Z");
    CHECK(parse_rfc3339_ms("2026-02-30T00:00:00Z").status() == Status::bad_input);
}

TEST_CASE("reference_host: concurrent writers on one file lose no compare-and-set increment") {
    testing::TempDir dir;
    constexpr int k_threads = 4;
    constexpr int k_increments = 25;
    { auto create = open_host(dir / "host.db"); }
    std::vector<std::thread> workers;
    std::atomic<int> failures{0};
    for (int t = 0; t < k_threads; ++t) {
        workers.emplace_back([&] {
            // Each thread has its own connection, as separate processes would.
            auto opened = SqliteHost::open(dir / "host.db");
            if (!opened) {
                ++failures;
                return;
            }
            auto& host = **opened;
            for (int i = 0; i < k_increments; ++i) {
                while (true) {
                    auto current = host.state_get("counter", "n");
                    const int64_t version = current ? current->version : k_version_absent;
                    const int64_t value = current ? std::stoll(current->value) : 0;
                    auto put = host.state_put("counter", "n", std::to_string(value + 1), version);
                    if (put) {
                        break;
                    }
                    if (put.status() != Status::conflict && put.status() != Status::retry_later) {
                        ++failures;
                        return;
                    }
                }
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    CHECK(failures.load() == 0);
    auto host = open_host(dir / "host.db");
    CHECK(host->state_get("counter", "n")->value == std::to_string(k_threads * k_increments));
}

TEST_CASE("reference_host: the host services work through the C table a plugin receives") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db");
    const amzc_host_v1 table = make_host_table(*host);
    std::string out;
    std::string err;
    const std::string ops =
        R"([{"op":"state_put","ns":"n","key":"k","value":"v","expected_version":0},
        {"op":"upsert","kind":"warehouse","key":"MAIN",
         "doc":{"code":"MAIN","name":"Main","is_fba":false}}])";
    REQUIRE(table.transact(table.ctx, to_c_str(ops), string_sink(out), string_sink(err)) ==
            AMZC_OK);
    out.clear();
    REQUIRE(table.state_get(table.ctx, to_c_str("n"), to_c_str("k"), string_sink(out),
                            string_sink(err)) == AMZC_OK);
    CHECK(json::parse(out).as_object().at("value").as_string() == "v");
    int64_t version = 0;
    CHECK(table.state_put(table.ctx, to_c_str("n"), to_c_str("k"), to_c_str("w"),
                          AMZC_VERSION_ABSENT, &version, string_sink(err)) == AMZC_CONFLICT);
    CHECK(err.find("n/k") != std::string::npos);
    out.clear();
    REQUIRE(table.entity_query(table.ctx, to_c_str("warehouse"), to_c_str(R"({"code":"MAIN"})"),
                               string_sink(out), string_sink(err)) == AMZC_OK);
    CHECK(json::parse(out).as_array().size() == 1);
    err.clear();
    CHECK(table.entity_upsert(table.ctx, to_c_str("warehouse"), to_c_str("X"), to_c_str("{}"),
                              string_sink(out), string_sink(err)) == AMZC_BAD_INPUT);
    CHECK(err.find("warehouse") != std::string::npos);
}

TEST_CASE("reference_host: log lines go into the next write transaction and survive its rollback") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db");
    auto other = open_host(dir / "host.db"); // another process's view of the file
    host->log(LogLevel::info, "uk1", "111-1", "order imported");
    CHECK(other->read_log({})->empty()); // held back until a transaction or a flush

    // A refused compare-and-set rolls its transaction back: the line stays pending.
    REQUIRE(host->state_put("ns", "k", "v1", AMZC_VERSION_ABSENT).ok());
    CHECK(other->read_log({})->size() == 1); // written inside the state_put's transaction
    host->log(LogLevel::info, "uk1", "111-2", "second");
    CHECK_FALSE(host->state_put("ns", "k", "v2", AMZC_VERSION_ABSENT).ok());
    CHECK(other->read_log({})->size() == 1);
    REQUIRE(host->state_put("ns", "k2", "v", AMZC_VERSION_ABSENT).ok());
    auto lines = other->read_log({});
    REQUIRE(lines->size() == 2);
    CHECK((*lines)[1].message == "second");

    host->log(LogLevel::error, "uk1", "111-3", "failed");
    CHECK(other->read_log({})->size() == 3); // an error is written at once
    host->log(LogLevel::info, "uk1", "", "job done");
    host.reset(); // closing writes what is held back
    CHECK(other->read_log({})->size() == 4);
}

TEST_CASE("reference_host: the clock kept in memory follows another process's clock advance") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db");
    auto other = open_host(dir / "host.db");
    REQUIRE(host->set_virtual_clock(1'000'000).ok());
    CHECK(host->now_ms() == 1'000'000);
    CHECK(other->now_ms() == 1'000'000);
    REQUIRE(other->advance_clock(5'000).ok());
    CHECK(host->now_ms() == 1'005'000);
    REQUIRE(host->advance_clock(1'000).ok());
    CHECK(host->now_ms() == 1'006'000);
    CHECK(other->now_ms() == 1'006'000);
    REQUIRE(other->use_real_clock().ok());
    CHECK(host->now_ms() > 1'700'000'000'000);
}

TEST_CASE("reference_host: a kept statement comes back reset and unbound, and one in use is not "
          "shared") {
    testing::TempDir dir;
    auto db = Database::open(dir / "host.db");
    REQUIRE(db.ok());
    REQUIRE(db->exec("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);").ok());
    const std::string_view sql = "SELECT n FROM t WHERE n >= ? ORDER BY n";
    {
        auto first = db->prepare(sql);
        REQUIRE(first.ok());
        first->bind(1, int64_t{2});
        REQUIRE(first->step().value_or(false));
        CHECK(first->column_int(0) == 2);
        // The same text while the first is mid-way: its own statement, the first undisturbed.
        auto second = db->prepare(sql);
        REQUIRE(second.ok());
        second->bind(1, int64_t{3});
        REQUIRE(second->step().value_or(false));
        CHECK(second->column_int(0) == 3);
        REQUIRE(first->step().value_or(false));
        CHECK(first->column_int(0) == 3);
    }
    // Back from the cache: from the first row again, and the old binding gone (NULL matches none).
    auto again = db->prepare(sql);
    REQUIRE(again.ok());
    CHECK_FALSE(again->step().value_or(true));
    again->reset();
    again->bind(1, int64_t{1});
    REQUIRE(again->step().value_or(false));
    CHECK(again->column_int(0) == 1);
}

TEST_CASE("reference_host: the console reads when entities were first stored and the newest "
          "ones of a store without a big field") {
    testing::TempDir dir;
    auto host = open_host(dir / "host.db", any_document());
    REQUIRE(host->set_virtual_clock(1000).ok());
    REQUIRE(host->entity_upsert("feed", "uk1:1", R"({"store":"uk1","n":1,"results":[1]})").ok());
    REQUIRE(host->advance_clock(1000).ok());
    REQUIRE(host->entity_upsert("feed", "de1:2", R"({"store":"de1","n":2})").ok());
    REQUIRE(host->advance_clock(1000).ok());
    REQUIRE(host->entity_upsert("feed", "uk1:3", R"({"store":"uk1","n":3,"results":[3]})").ok());
    // An update keeps the time the entity was first stored.
    REQUIRE(host->entity_upsert("feed", "uk1:1", R"({"store":"uk1","n":1,"results":[9]})").ok());
    auto times = host->entity_created_times("feed", 2000);
    REQUIRE(times.ok());
    CHECK(*times == std::vector<int64_t>{2000, 3000});
    auto newest = host->newest_entities("feed", "uk1", 1, "results");
    REQUIRE(newest.ok());
    REQUIRE(newest->size() == 1);
    CHECK(json::parse(newest->front()) == json::parse(R"({"store":"uk1","n":3})"));
    auto all = host->newest_entities("feed", "", 10, "results");
    REQUIRE(all.ok());
    CHECK(all->size() == 3);
    CHECK(json::parse(all->back()) == json::parse(R"({"store":"uk1","n":1})"));
}

TEST_CASE("reference_host: a WAL frame written in one call is in the file when its commit "
          "returns, for a reader on SQLite's own VFS") {
    testing::TempDir dir;
    const auto file = dir / "frames.db";
    auto db = Database::open(file);
    REQUIRE(db);
    REQUIRE(db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"));
    sqlite3* reader = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* count = nullptr;
    REQUIRE(sqlite3_prepare_v2(reader, "SELECT count(*), max(body) FROM t", -1, &count, nullptr) ==
            SQLITE_OK);
    const auto joined_before = wal_frames_joined();
    for (int i = 0; i < 300; ++i) {
        // Bodies past one page: overflow pages, index-free appends and page splits all commit.
        const std::string body =
            std::to_string(1000 + i) + std::string(static_cast<size_t>(1500 + i % 700), 'x');
        REQUIRE(db->exec("BEGIN IMMEDIATE"));
        auto insert = db->prepare("INSERT INTO t (body) VALUES (?)");
        REQUIRE(insert);
        REQUIRE(insert->bind(1, body).run());
        REQUIRE(db->exec("COMMIT"));
        REQUIRE(sqlite3_step(count) == SQLITE_ROW);
        CHECK(sqlite3_column_int(count, 0) == i + 1);
        CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(count, 1))) == body);
        sqlite3_reset(count);
    }
    CHECK(wal_frames_joined() - joined_before >= 300);
    sqlite3_finalize(count);
    sqlite3_stmt* check = nullptr;
    REQUIRE(sqlite3_prepare_v2(reader, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(check) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok");
    sqlite3_finalize(check);
    sqlite3_close(reader);
}
