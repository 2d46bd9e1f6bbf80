// Debounced stock_changed events (issue 7 §4): the first caller per store becomes the flusher,
// waits the window (host sleep_ms: the virtual clock moves), then pushes every SKU recorded
// meanwhile in one go; callers during the window answer "coalesced"; a flusher that dies leaves
// its SKUs recorded for the next event.
#include "fixture.hpp"
#include "stock_rig.hpp"

#include <chrono>
#include <csignal>
#include <doctest/doctest.h>
#include <functional>
#include <set>
#include <thread>

namespace json = boost::json;
using namespace amzconn::stock_tests;

namespace {

constexpr int64_t k_window_ms = 2000; // plugin/src/stock_debounce.hpp

// Forwards every host service to a MemoryHost; the first sleep_ms (the flusher's debounce
// window) first runs a hook, so a test can deliver another event inside the window.
class HookedHost final : public amzconn::HostServices {
  public:
    HookedHost(amzconn::testing::MemoryHost& host, std::function<void()> hook)
        : m_host(host), m_hook(std::move(hook)) {}

    amzconn::Result<amzconn::StateValue> state_get(std::string_view ns,
                                                   std::string_view key) override {
        return m_host.state_get(ns, key);
    }
    amzconn::Result<int64_t> state_put(std::string_view ns, std::string_view key,
                                       std::string_view value, int64_t expected) override {
        return m_host.state_put(ns, key, value, expected);
    }
    amzconn::Result<std::vector<amzconn::StateEntry>> state_list(std::string_view ns,
                                                                 std::string_view prefix) override {
        return m_host.state_list(ns, prefix);
    }
    amzconn::Outcome state_delete(std::string_view ns, std::string_view key,
                                  int64_t expected) override {
        return m_host.state_delete(ns, key, expected);
    }
    amzconn::Result<std::string> entity_query(std::string_view kind,
                                              std::string_view filter) override {
        return m_host.entity_query(kind, filter);
    }
    amzconn::Result<amzconn::UpsertResult>
    entity_upsert(std::string_view kind, std::string_view key, std::string_view doc) override {
        return m_host.entity_upsert(kind, key, doc);
    }
    amzconn::Result<std::string> transact(std::string_view ops) override {
        return m_host.transact(ops);
    }
    void log(amzconn::LogLevel level, std::string_view store, std::string_view reference,
             std::string_view message) override {
        m_host.log(level, store, reference, message);
    }
    amzconn::Result<std::string> secret_get(std::string_view name) override {
        return m_host.secret_get(name);
    }
    int64_t now_ms() override { return m_host.now_ms(); }
    amzconn::Outcome sleep_ms(int64_t ms) override {
        if (m_hook) {
            auto hook = std::move(m_hook);
            m_hook = nullptr;
            hook();
        }
        return m_host.sleep_ms(ms);
    }
    void progress(std::string_view job, std::string_view store, uint64_t done, uint64_t total,
                  std::string_view message) override {
        m_host.progress(job, store, done, total, message);
    }

  private:
    amzconn::testing::MemoryHost& m_host;
    std::function<void()> m_hook;
};

std::unique_ptr<amzconn::host::ConnectorHandle> connector_over(amzconn::HostServices& host) {
    auto library = amzconn::host::load_plugin(AMZCONN_PLUGIN_PATH);
    REQUIRE_MESSAGE(library.ok(), (library.ok() ? "" : library.error().message));
    auto created = amzconn::host::create_connector(*library, host);
    REQUIRE(created.ok());
    return std::move(*created);
}

std::string event(const std::vector<std::string>& skus) {
    json::array list;
    for (const auto& sku : skus) {
        list.push_back(json::string(sku));
    }
    return json::serialize(json::object{{"kind", "stock_changed"}, {"skus", std::move(list)}});
}

json::object store_answer(const amzconn::Result<std::string>& answer) {
    REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.error().message));
    const auto doc = json::parse(*answer).as_object();
    REQUIRE(doc.at("reports").as_array().size() == 1);
    return doc.at("reports").at(0).as_object();
}

std::set<std::string> skus_of(const json::object& answer) {
    std::set<std::string> out;
    for (const auto& sku : answer.at("skus").as_array()) {
        out.emplace(sku.as_string());
    }
    return out;
}

} // namespace

TEST_CASE("stock_export: a stock_changed event reaches the sandbox within the debounce window") {
    Fixture f;
    f.product("GIFT-SET"); // no BOM here: each SKU shows exactly its own stock
    f.job("export_stock");
    f.poll_until_done();
    f.level("COASTER", "MAIN", 33, 0);
    const auto before = f.host.now_ms();
    const auto answer = store_answer(f.connector->handle_event(event({"COASTER"})));
    const auto elapsed = f.host.now_ms() - before; // the host's virtual clock
    CHECK(answer.at("status").as_string() == "flushed");
    CHECK(answer.at("rounds").as_int64() == 1);
    CHECK(answer.at("counts").at("patches").as_int64() >= 1);
    // The call returns after the push: Amazon already shows the new value.
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 33);
    CHECK(elapsed >= k_window_ms);
    CHECK(elapsed < 2 * k_window_ms);
    // Nothing stays recorded, and the flusher's lease is gone.
    auto pending = f.host.state_get("store:uk1", "stock/debounce");
    if (pending.ok()) {
        CHECK(pending->value.find("COASTER") == std::string::npos);
    }
    CHECK_FALSE(f.host.state_get("store:uk1", "lease.stock_debounce").ok());
}

TEST_CASE("stock_export: two stock_changed events within the window give one push with both SKUs") {
    Fixture f;
    f.product("GIFT-SET"); // no BOM here: each SKU shows exactly its own stock
    f.job("export_stock");
    f.poll_until_done();
    f.level("COASTER", "MAIN", 21, 0);
    f.level("MUG", "MAIN", 12, 0);
    auto second = connector_over(f.host);
    json::object coalesced;
    HookedHost hooked(f.host,
                      [&] { coalesced = store_answer(second->handle_event(event({"MUG"}))); });
    auto first = connector_over(hooked);
    const auto patches = f.sandbox.calls("patchListingsItem");
    const auto answer = store_answer(first->handle_event(event({"COASTER"})));
    CHECK(coalesced.at("status").as_string() == "coalesced");
    CHECK(coalesced.at("flusher").as_string() == answer.at("flusher").as_string());
    CHECK(answer.at("status").as_string() == "flushed");
    CHECK(answer.at("rounds").as_int64() == 1);
    const auto pushed = skus_of(answer);
    CHECK(pushed.count("COASTER") == 1);
    CHECK(pushed.count("MUG") == 1);
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 21);
    CHECK(f.listing("MUG").at("quantity").as_int64() == 12);
    // One push of one patch per SKU: nothing was sent twice.
    CHECK(f.sandbox.calls("patchListingsItem") - patches == 2);
    CHECK(answer.at("counts").at("patches").as_int64() == 2);
    CHECK(answer.at("pushes").as_array().size() == 1);
}

TEST_CASE("stock_export: many SKUs from two events within the window go in one feed") {
    std::string extra;
    for (int i = 0; i < 60; ++i) {
        extra += "  - {sku: X" + std::to_string(i) +
                 ", marketplace_id: A1F83G8C2ARO7P, channel: DEFAULT, quantity: 0}\n";
    }
    Fixture f(true, extra);
    std::vector<std::string> first_half, second_half;
    for (int i = 0; i < 60; ++i) {
        const auto sku = "X" + std::to_string(i);
        f.product(sku);
        f.level(sku, "MAIN", 1 + i % 5, 0);
        (i < 30 ? first_half : second_half).push_back(sku);
    }
    f.job("export_stock");
    f.poll_until_done();
    for (int i = 0; i < 60; ++i) {
        f.level("X" + std::to_string(i), "MAIN", 10 + i, 0);
    }
    auto second = connector_over(f.host);
    json::object coalesced;
    HookedHost hooked(f.host,
                      [&] { coalesced = store_answer(second->handle_event(event(second_half))); });
    auto first = connector_over(hooked);
    const auto feeds = f.sandbox.calls("createFeed");
    const auto patches = f.sandbox.calls("patchListingsItem");
    // 30 SKUs alone would go by patchListingsItem; with the other 30 they are one feed.
    const auto answer = store_answer(first->handle_event(event(first_half)));
    CHECK(coalesced.at("status").as_string() == "coalesced");
    CHECK(answer.at("rounds").as_int64() == 1);
    CHECK(skus_of(answer).size() == 60);
    CHECK(f.sandbox.calls("createFeed") - feeds == 1);
    CHECK(f.sandbox.calls("patchListingsItem") == patches);
    f.poll_until_done();
    for (int i = 0; i < 60; ++i) {
        CAPTURE(i);
        CHECK(f.listing("X" + std::to_string(i)).at("quantity").as_int64() == 10 + i);
    }
}

#ifdef AMZCONN_FAILPOINTS // the plugin's crash points are in test builds only

TEST_CASE("stock_export: a flusher killed in its window leaves the SKUs for the next event") {
    for (int seed = 61; seed <= 63; ++seed) {
        CAPTURE(seed);
        StockRig rig(seed);
        // The next run follows a listings report that is not ready yet.
        auto baseline = StockRig::report(rig.run("export_stock"));
        for (int i = 0; i < 50 && baseline.at("counts").as_object().empty(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            baseline = StockRig::report(rig.run("export_stock"));
        }
        INFO(json::serialize(baseline));
        REQUIRE(baseline.at("counts").at("feeds").as_int64() == 1);
        rig.poll_until_done();
        std::map<std::string, std::pair<int64_t, int64_t>> levels;
        for (size_t i = 0; i < StockRig::k_fbm.size(); ++i) {
            levels[StockRig::k_fbm[i]] = {60 + seed + static_cast<int64_t>(i), 1};
        }
        rig.set_levels(levels);
        const auto patches = rig.sandbox_calls("patchListingsItem");
        const auto died = rig.event({"S1", "S2"}, "stock_debounce_window=1");
        INFO(died.err);
        CHECK(died.signal == SIGKILL);
        // While the dead flusher's lease lasts, an event is coalesced into its (lost) push.
        const auto waiting = StockRig::report(rig.event({"S3"}));
        CHECK(waiting.at("reports").at(0).at("status").as_string() == "coalesced");
        CHECK(rig.sandbox_calls("patchListingsItem") == patches);
        rig.advance_host("2m"); // the lease expires
        const auto next = StockRig::report(rig.event({"S4"}));
        const auto& answer = next.at("reports").at(0).as_object();
        CHECK(answer.at("status").as_string() == "flushed");
        CHECK(answer.at("skus").as_array().size() == 4);
        CHECK(rig.sandbox_calls("patchListingsItem") - patches == 4);
        rig.check_agree();
    }
}

TEST_CASE(
    "stock_export: a dead flusher's SKUs go with the next poll_feeds once its lease expired") {
    StockRig rig(64);
    auto baseline = StockRig::report(rig.run("export_stock"));
    for (int i = 0; i < 50 && baseline.at("counts").as_object().empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        baseline = StockRig::report(rig.run("export_stock"));
    }
    INFO(json::serialize(baseline));
    REQUIRE(baseline.at("counts").at("feeds").as_int64() == 1);
    rig.poll_until_done();
    rig.set_levels({{"S1", {71, 1}}, {"S2", {72, 1}}});
    const auto patches = rig.sandbox_calls("patchListingsItem");
    const auto died = rig.event({"S1", "S2"}, "stock_debounce_window=1");
    CHECK(died.signal == SIGKILL);
    // While the lease lasts, poll_feeds leaves the flusher's SKUs alone.
    const auto early = StockRig::report(rig.run("poll_feeds"));
    CHECK(early.at("left_over_push").at("status").as_string() == "coalesced");
    CHECK(rig.sandbox_calls("patchListingsItem") == patches);
    rig.advance_host("2m"); // the lease expires
    const auto late = StockRig::report(rig.run("poll_feeds"));
    INFO(json::serialize(late));
    CHECK(late.at("left_over_push").at("status").as_string() == "flushed");
    CHECK(late.at("left_over_push").at("skus").as_array().size() == 2);
    CHECK(rig.sandbox_calls("patchListingsItem") - patches == 2);
    rig.check_agree();
    // Nothing waits any more: the next poll pushes nothing.
    const auto after = StockRig::report(rig.run("poll_feeds"));
    CHECK_FALSE(after.contains("left_over_push"));
}

#endif // AMZCONN_FAILPOINTS
