// host_table.hpp + host_api.hpp: the host-services C table in both directions, without a plugin.
#include "amzconn/host_api.hpp"
#include "amzconn/host_table.hpp"
#include "amzconn/sink.hpp"
#include "memory_host.hpp"

#include <cstddef>
#include <doctest/doctest.h>
#include <stdexcept>
#include <string>
#include <type_traits>

using amzconn::HostApi;
using amzconn::Status;
using amzconn::testing::MemoryHost;

namespace {

// A host whose every service throws: the thunks must contain it.
class ThrowingHost final : public amzconn::HostServices {
public:
    amzconn::Result<amzconn::StateValue> state_get(std::string_view, std::string_view) override {
        throw std::runtime_error("disk on fire");
    }
    amzconn::Result<int64_t> state_put(std::string_view, std::string_view, std::string_view,
                                       int64_t) override {
        throw std::runtime_error("disk on fire");
    }
    amzconn::Result<std::vector<amzconn::StateEntry>> state_list(std::string_view,
                                                                 std::string_view) override {
        throw 42; // not even a std::exception
    }
    amzconn::Outcome state_delete(std::string_view, std::string_view, int64_t) override {
        throw std::runtime_error("disk on fire");
    }
    amzconn::Result<std::string> entity_query(std::string_view, std::string_view) override {
        throw std::runtime_error("disk on fire");
    }
    amzconn::Result<amzconn::UpsertResult> entity_upsert(std::string_view, std::string_view,
                                                         std::string_view) override {
        throw std::runtime_error("disk on fire");
    }
    amzconn::Result<std::string> transact(std::string_view) override {
        throw std::runtime_error("disk on fire");
    }
    void log(amzconn::LogLevel, std::string_view, std::string_view, std::string_view) override {
        throw std::runtime_error("disk on fire");
    }
    amzconn::Result<std::string> secret_get(std::string_view) override {
        throw std::runtime_error("disk on fire");
    }
    int64_t now_ms() override { throw std::runtime_error("clock on fire"); }
    amzconn::Outcome sleep_ms(int64_t) override { throw std::runtime_error("clock on fire"); }
    void progress(std::string_view, std::string_view, uint64_t, uint64_t,
                  std::string_view) override {
        throw std::runtime_error("disk on fire");
    }
};

} // namespace

TEST_CASE("sdk: host table thunks turn a throwing host into AMZC_INTERNAL with a message") {
    ThrowingHost host;
    const amzc_host_v1 table = amzconn::make_host_table(host);
    std::string out;
    std::string err;
    const amzc_status status =
        table.state_get(table.ctx, amzconn::to_c_str("ns"), amzconn::to_c_str("k"),
                        amzconn::string_sink(out), amzconn::string_sink(err));
    CHECK(status == AMZC_INTERNAL);
    CHECK(out.empty());
    CHECK(err == "host service state_get failed unexpectedly: disk on fire (a bug in the host; "
                 "see its log)");

    err.clear();
    CHECK(table.state_list(table.ctx, amzconn::to_c_str("ns"), amzconn::to_c_str(""),
                           amzconn::string_sink(out), amzconn::string_sink(err)) == AMZC_INTERNAL);
    CHECK(err == "host service state_list failed unexpectedly: unknown exception (a bug in the "
                 "host; see its log)");

    CHECK(table.sleep_ms(table.ctx, 5) == AMZC_INTERNAL);
    CHECK(table.now_ms(table.ctx) > 0); // falls back to the real clock
    table.log(table.ctx, AMZC_LOG_INFO, amzconn::to_c_str(""), amzconn::to_c_str(""),
              amzconn::to_c_str("dropped, never thrown"));
}

TEST_CASE("sdk: HostApi over a throwing host returns internal errors instead of throwing") {
    ThrowingHost host;
    const amzc_host_v1 table = amzconn::make_host_table(host);
    HostApi api(&table);
    const auto put = api.state_put("ns", "k", "v", amzconn::k_version_any);
    REQUIRE_FALSE(put.ok());
    CHECK(put.status() == Status::internal);
    const auto upsert = api.entity_upsert("warehouse", "W1", "{}");
    REQUIRE_FALSE(upsert.ok());
    CHECK(upsert.error().message.find("entity_upsert failed unexpectedly") != std::string::npos);
    CHECK_NOTHROW(api.progress("job", "uk1", 1, 2, "half"));
}

TEST_CASE("sdk: state compare-and-set travels through HostApi and the host table") {
    MemoryHost host;
    const amzc_host_v1 table = amzconn::make_host_table(host);
    HostApi api(&table);

    const auto missing = api.state_get("store:uk1", "cursor");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.status() == Status::not_found);

    const auto v1 =
        api.state_put("store:uk1", "cursor", "2026-01-01T00:00:00Z", amzconn::k_version_absent);
    REQUIRE(v1.ok());
    CHECK(*v1 > 0);
    const auto again = api.state_put("store:uk1", "cursor", "x", amzconn::k_version_absent);
    REQUIRE_FALSE(again.ok());
    CHECK(again.status() == Status::conflict);

    const auto v2 = api.state_put("store:uk1", "cursor", "quote \" and \\ and \n", *v1);
    REQUIRE(v2.ok());
    CHECK(*v2 != *v1);
    const auto stale = api.state_put("store:uk1", "cursor", "lost update", *v1);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.status() == Status::conflict);
    CHECK(stale.error().message == "state store:uk1/cursor is at version " + std::to_string(*v2) +
                                       ", not " + std::to_string(*v1) + ": re-read it and retry");

    const auto got = api.state_get("store:uk1", "cursor");
    REQUIRE(got.ok());
    CHECK(got->value == "quote \" and \\ and \n");
    CHECK(got->version == *v2);

    REQUIRE(api.state_put("store:uk1", "other", "1", amzconn::k_version_any).ok());
    REQUIRE(api.state_put("store:de1", "cursor", "1", amzconn::k_version_any).ok());
    const auto listed = api.state_list("store:uk1", "cur");
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);
    CHECK((*listed)[0].key == "cursor");

    CHECK(api.state_delete("store:uk1", "cursor", *v1).status() == Status::conflict);
    CHECK(api.state_delete("store:uk1", "cursor", *v2).ok());
    CHECK(api.state_get("store:uk1", "cursor").status() == Status::not_found);
}

TEST_CASE("sdk: HostApi carries upserts, queries, secrets, clock and progress") {
    MemoryHost host;
    host.set_secret("lwa", "s3cret");
    const amzc_host_v1 table = amzconn::make_host_table(host);
    HostApi api(&table);

    const std::string doc = R"({"code":"W1","name":"Main","is_fba":false})";
    const auto first = api.entity_upsert("warehouse", "W1", doc);
    REQUIRE(first.ok());
    CHECK(first->created);
    CHECK(first->changed);
    const auto second = api.entity_upsert("warehouse", "W1", doc);
    REQUIRE(second.ok());
    CHECK_FALSE(second->created);
    CHECK_FALSE(second->changed);
    CHECK(second->id == first->id);

    const auto query = api.entity_query("warehouse", R"({"is_fba":false})");
    REQUIRE(query.ok());
    CHECK(*query == R"([{"code":"W1","name":"Main","is_fba":false,"id":")" + first->id + "\"}]");

    const auto secret = api.secret_get("lwa");
    REQUIRE(secret.ok());
    CHECK(*secret == "s3cret");
    CHECK(api.secret_get("nope").status() == Status::not_found);

    const int64_t before = api.now_ms();
    REQUIRE(api.sleep_ms(1500).ok());
    CHECK(api.now_ms() == before + 1500);
    host.set_shutting_down(true);
    CHECK(api.sleep_ms(1).status() == Status::cancelled);

    api.progress("import_orders", "uk1", 3, 10, "page 1");
    REQUIRE(host.progress_lines().size() == 1);
    CHECK(host.progress_lines()[0].done == 3);
}

TEST_CASE("sdk: HostApi escapes CR, LF and control bytes in every field of a log line") {
    MemoryHost host;
    const amzc_host_v1 table = amzconn::make_host_table(host);
    HostApi api(&table);

    // An order id from Amazon that tries to end the line and forge the next one.
    const std::string forged = "202-1\r\n2026-01-01 ERROR uk1 - secret leaked";
    api.log(amzconn::LogLevel::info, "uk\n1", forged, "order " + forged + " imported\x1b[31m");
    api.progress("import_orders", "uk1", 1, 2, "read " + forged);

    const auto lines = host.log_lines();
    REQUIRE(lines.size() == 1);
    const auto& line = lines[0];
    for (const std::string* field : {&line.store, &line.reference, &line.message}) {
        CHECK(field->find_first_of("\r\n\x1b") == std::string::npos);
    }
    CHECK(line.store == "uk\\n1");
    CHECK(line.reference == "202-1\\r\\n2026-01-01 ERROR uk1 - secret leaked");
    CHECK(line.message == "order 202-1\\r\\n2026-01-01 ERROR uk1 - secret leaked "
                         "imported\\x1b[31m");
    REQUIRE(host.progress_lines().size() == 1);
    CHECK(host.progress_lines()[0].message.find_first_of("\r\n") == std::string::npos);

    // Clean text reaches the host unchanged, however long.
    const std::string long_message(2000, 'x');
    api.log(amzconn::LogLevel::error, "uk1", "202-0000001-0000001", long_message);
    CHECK(host.log_lines().back().reference == "202-0000001-0000001");
    CHECK(host.log_lines().back().message == long_message);
}

TEST_CASE("sdk: HostApi refuses to touch fields beyond a short host table") {
    MemoryHost host;
    amzc_host_v1 table = amzconn::make_host_table(host);
    table.struct_size = static_cast<uint32_t>(offsetof(amzc_host_v1, state_put));
    HostApi api(&table);
    CHECK_FALSE(api.complete());
    CHECK(api.state_get("ns", "k").status() == Status::not_found); // state_get is within reach
    const auto put = api.state_put("ns", "k", "v", amzconn::k_version_any);
    REQUIRE_FALSE(put.ok());
    CHECK(put.status() == Status::not_implemented);
    CHECK(put.error().message ==
          "the host does not provide state_put (its services table is too "
          "small or the entry is empty): upgrade the host to amzconn ABI 1.0");
    api.log(amzconn::LogLevel::info, "", "", "dropped");
    CHECK(host.log_lines().empty());
    CHECK(api.now_ms() > amzconn::testing::MemoryHost::k_default_start_ms); // real clock fallback

    HostApi empty;
    CHECK(empty.transact("[]").status() == Status::not_implemented);
}

TEST_CASE("sdk: HostApi reports a malformed host answer as an internal error") {
    amzc_host_v1 table{};
    table.struct_size = sizeof(amzc_host_v1);
    table.state_get = [](void*, amzc_str, amzc_str, amzc_sink out, amzc_sink) {
        amzconn::write_to(out, R"({"value": 12})");
        return AMZC_OK;
    };
    HostApi api(&table);
    const auto got = api.state_get("ns", "k");
    REQUIRE_FALSE(got.ok());
    CHECK(got.status() == Status::internal);
    CHECK(
        got.error().message ==
        R"(host state_get returned a malformed document; expected {"value": "...", "version": N} (a bug in the host))");
}

TEST_CASE("sdk: string sinks append chunks and views round-trip") {
    std::string target = "a";
    const amzc_sink sink = amzconn::string_sink(target);
    sink.write(sink.ctx, "bc", 2);
    amzconn::write_to(sink, "de");
    CHECK(target == "abcde");
    const amzc_str s = amzconn::to_c_str("héllo");
    CHECK(amzconn::to_view(s) == "héllo");
    CHECK(amzconn::to_view(amzc_str{nullptr, 5}).empty());
    amzconn::write_to(amzconn::null_sink(), "ignored");
}

TEST_CASE("sdk: state values with control characters and non-ASCII survive the boundary") {
    MemoryHost host;
    const amzc_host_v1 table = amzconn::make_host_table(host);
    HostApi api(&table);
    const std::string value =
        std::string("tab\there \x01 nul-free é 日本 \xF0\x9F\x93\xA6 \"q\" \\ /") + "\r\n";
    REQUIRE(api.state_put("ns", "k", value, amzconn::k_version_any).ok());
    const auto got = api.state_get("ns", "k");
    REQUIRE(got.ok());
    CHECK(got->value == value);
    const auto listed = api.state_list("ns", "");
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);
    CHECK((*listed)[0].value == value);
}

TEST_CASE("sdk: HostApi is a copyable value over a borrowed table") {
    static_assert(std::is_copy_constructible_v<HostApi>);
    static_assert(std::is_copy_assignable_v<HostApi>);
    MemoryHost host;
    const amzc_host_v1 table = amzconn::make_host_table(host);
    const HostApi original(&table);
    HostApi copy = original;
    REQUIRE(copy.state_put("ns", "k", "v", amzconn::k_version_absent).ok());
    CHECK(copy.table() == original.table());
    CHECK(copy.complete());
}

TEST_CASE("sdk: HostApi survives malformed JSON from a host without crashing") {
    static std::string answer;
    amzc_host_v1 table{};
    table.struct_size = sizeof(amzc_host_v1);
    table.state_list = [](void*, amzc_str, amzc_str, amzc_sink out, amzc_sink) {
        amzconn::write_to(out, answer);
        return AMZC_OK;
    };
    HostApi api(&table);
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    for (const std::string& bad :
         {std::string(""), std::string("["), std::string("[{\"key\":\"a"), std::string("[1,]"),
          std::string(R"([{"key":"\ud800","value":"x","version":1}])"),
          std::string(R"([{"key":"a","value":"x","version":1.5}])"),
          std::string(R"([{"key":"a","value":"x","version":1}] trailing)"),
          std::string("[\"raw\ncontrol\"]"), deep}) {
        answer = bad;
        const auto listed = api.state_list("ns", "");
        INFO("answer: " << bad.substr(0, 60));
        REQUIRE_FALSE(listed.ok());
        CHECK(listed.status() == Status::internal);
    }
    answer = R"( [ {"version": 3, "value": "\u00e9\ud83d\udce6", "key": "k"} ] )";
    const auto listed = api.state_list("ns", "");
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);
    CHECK((*listed)[0].value == "é\xF0\x9F\x93\xA6");
    CHECK((*listed)[0].version == 3);
}
