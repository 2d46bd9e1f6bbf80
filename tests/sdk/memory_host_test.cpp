// MemoryHost: the in-memory host other suites rely on keeps the host-service rules.
#include "memory_host.hpp"

#include <doctest/doctest.h>
#include <string>

using amzconn::Status;
using amzconn::testing::MemoryHost;

namespace {
const std::string k_w1 = R"({"code":"W1","name":"Main","is_fba":false})";
const std::string k_w2 = R"({"code":"W2","name":"FBA UK","is_fba":true})";
} // namespace

TEST_CASE("sdk: memory host transact applies every op or none") {
    MemoryHost host;
    const auto v = host.state_put("s", "cursor", "1", amzconn::k_version_absent);
    REQUIRE(v.ok());

    const std::string good =
        R"([{"op":"state_put","ns":"s","key":"cursor","value":"2","expected_version":)" +
        std::to_string(*v) + R"(},{"op":"upsert","kind":"warehouse","key":"W1","doc":)" + k_w1 +
        "}]";
    const auto applied = host.transact(good);
    REQUIRE_MESSAGE(applied.ok(), (applied.ok() ? "" : applied.error().message));
    CHECK(host.state_get("s", "cursor")->value == "2");
    CHECK(host.entity_count("warehouse") == 1);

    // The upsert is fine but the CAS is stale: nothing at all may change.
    const std::string stale =
        R"([{"op":"upsert","kind":"warehouse","key":"W2","doc":)" + k_w2 +
        R"(},{"op":"state_put","ns":"s","key":"cursor","value":"3","expected_version":)" +
        std::to_string(*v) + "}]";
    const auto refused = host.transact(stale);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status() == Status::conflict);
    CHECK(refused.error().message.starts_with("transact op[1]: state s/cursor is at version "));
    CHECK(host.entity_count("warehouse") == 1);
    CHECK(host.state_get("s", "cursor")->value == "2");
}

TEST_CASE("sdk: memory host refuses an invalid entity document with its path") {
    MemoryHost host;
    const auto r = host.entity_upsert("warehouse", "W1", R"({"code":"W1","name":"Main"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status() == Status::bad_input);
    CHECK(r.error().message == "warehouse.is_fba: is required");
    CHECK(host.entity_count("warehouse") == 0);

    host.set_validate_entities(false);
    CHECK(host.entity_upsert("warehouse", "W1", R"({"code":"W1"})").ok());
}

TEST_CASE("sdk: memory host upsert is idempotent on the key and reports changes") {
    MemoryHost host;
    const auto a = host.entity_upsert("warehouse", "W1", k_w1);
    const auto b = host.entity_upsert("warehouse", "W1", k_w1);
    const auto c =
        host.entity_upsert("warehouse", "W1", R"({"code":"W1","name":"Renamed","is_fba":false})");
    REQUIRE((a.ok() && b.ok() && c.ok()));
    CHECK(a->created);
    CHECK_FALSE(b->created);
    CHECK_FALSE(b->changed);
    CHECK(c->changed);
    CHECK(a->id == c->id);
    CHECK(host.entity_count("warehouse") == 1);
}

TEST_CASE("sdk: memory host queries filter by field and page by the id each document carries") {
    MemoryHost host;
    // W2 is created first: pages follow the host's ids, not the keys' order.
    const auto w2 = host.entity_upsert("warehouse", "W2", k_w2);
    const auto w1 = host.entity_upsert("warehouse", "W1", k_w1);
    REQUIRE((w1.ok() && w2.ok()));
    const auto with_id = [](const std::string& doc, const std::string& id) {
        return doc.substr(0, doc.size() - 1) + R"(,"id":")" + id + "\"}";
    };
    CHECK(*host.entity_query("warehouse", R"({"is_fba":false})") ==
          "[" + with_id(k_w1, w1->id) + "]");
    CHECK(*host.entity_query("warehouse", R"({"limit":1})") == "[" + with_id(k_w2, w2->id) + "]");
    CHECK(*host.entity_query("warehouse", R"({"after":")" + w2->id + "\"}") ==
          "[" + with_id(k_w1, w1->id) + "]");
    CHECK(*host.entity_query("warehouse", R"({"after":")" + w1->id + "\"}") == "[]");
    CHECK(*host.entity_query("product", "") == "[]");
    CHECK(host.entity_query("warehouse", "[1]").status() == Status::bad_input);
    CHECK(host.entity_query("warehouse", R"({"after":"W1"})").status() == Status::bad_input);
}

TEST_CASE("sdk: memory host injects a one-shot fault") {
    MemoryHost host;
    host.fail_next("state_put", amzconn::Error{Status::retry_later, "database is locked"});
    const auto first = host.state_put("s", "k", "v", amzconn::k_version_any);
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().message == "database is locked");
    CHECK(host.state_put("s", "k", "v", amzconn::k_version_any).ok());
}

TEST_CASE("sdk: memory host versions never repeat after delete and re-create") {
    MemoryHost host;
    const auto v1 = host.state_put("s", "k", "a", amzconn::k_version_absent);
    REQUIRE(v1.ok());
    REQUIRE(host.state_delete("s", "k", *v1).ok());
    const auto v2 = host.state_put("s", "k", "b", amzconn::k_version_absent);
    REQUIRE(v2.ok());
    CHECK(*v2 != *v1);
    CHECK(host.state_put("s", "k", "stale", *v1).status() == Status::conflict);
    CHECK(host.state_delete("s", "gone", amzconn::k_version_any).ok());
}
