// Contract tests: the loader against real throwaway plugins built in this tree.
#include "amzconn/loader.hpp"
#include "amzconn/sink.hpp"
#include "memory_host.hpp"
#include "staged_plugin.hpp"

#include <atomic>
#include <cstddef>
#include <dlfcn.h>
#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using amzconn::Status;
using amzconn::host::create_connector;
using amzconn::host::load_plugin;
using amzconn::testing::MemoryHost;
using amzconn::testing::StagedPlugin;

namespace {

// True when the process has `file` mapped (i.e. the library is still loaded).
bool is_mapped(const fs::path& file) {
    std::ifstream maps("/proc/self/maps");
    const std::string text{std::istreambuf_iterator<char>(maps), std::istreambuf_iterator<char>()};
    return text.find(file.string()) != std::string::npos;
}

} // namespace

TEST_CASE("sdk: a good plugin loads and reports its ABI and manifest") {
    const StagedPlugin staged(AMZCONN_TEST_GOOD_PLUGIN);
    auto library = load_plugin(staged.file());
    REQUIRE_MESSAGE(library.ok(), (library.ok() ? "" : library.error().message));
    CHECK((*library)->abi_major() == AMZC_ABI_MAJOR);
    CHECK((*library)->abi_minor() == AMZC_ABI_MINOR);
    CHECK((*library)->path() == staged.file());
    const auto manifest = (*library)->manifest();
    REQUIRE_MESSAGE(manifest.ok(), (manifest.ok() ? "" : manifest.error().message));
    CHECK(*manifest == R"({"id":"test.good","version":"0.0.1","abi":"1.0"})");
}

TEST_CASE("sdk: validate_config returns the report both when clean and when it holds errors") {
    const StagedPlugin staged(AMZCONN_TEST_GOOD_PLUGIN);
    auto library = load_plugin(staged.file());
    REQUIRE(library.ok());
    const auto clean = (*library)->validate_config("a.yaml", "stores: {}", "");
    REQUIRE(clean.ok());
    CHECK(clean->ok);
    CHECK(clean->json == R"({"ok":true,"diagnostics":[]})");

    const auto bad = (*library)->validate_config("b.yaml", "bad: 1", "");
    REQUIRE(bad.ok());
    CHECK_FALSE(bad->ok);
    CHECK(bad->json.find(R"("file":"b.yaml")") != std::string::npos);
    CHECK(bad->json.find(R"("message":"bad value")") != std::string::npos);

    const auto crashed = (*library)->validate_config("c.yaml", "crash", "");
    REQUIRE_FALSE(crashed.ok());
    CHECK(crashed.status() == Status::internal);
    CHECK(crashed.error().message ==
          "plugin validate_config failed unexpectedly: validator crashed (a bug in the plugin; "
          "report it with the connection log)");
}

TEST_CASE("sdk: a plugin built for another ABI major is refused naming both versions") {
    const StagedPlugin staged(AMZCONN_TEST_WRONG_MAJOR_PLUGIN);
    auto library = load_plugin(staged.file());
    REQUIRE_FALSE(library.ok());
    CHECK(library.status() == Status::incompatible);
    CHECK(library.error().message ==
          "plugin " + staged.file().string() +
              " was built for amzconn ABI 2.0 but this host supports ABI 1.0: rebuild the plugin "
              "against this SDK or use a matching host");
}

TEST_CASE("sdk: a plugin with a newer ABI minor than the host is refused") {
    const StagedPlugin staged(AMZCONN_TEST_NEWER_MINOR_PLUGIN);
    auto library = load_plugin(staged.file());
    REQUIRE_FALSE(library.ok());
    CHECK(library.status() == Status::incompatible);
    CHECK(library.error().message ==
          "plugin " + staged.file().string() +
              " was built for amzconn ABI 1.1 but this host supports ABI 1.0 (a plugin may not be "
              "newer than its host): upgrade the host or rebuild the plugin against this SDK");
}

TEST_CASE("sdk: a plugin whose table is smaller than v1's is refused") {
    const StagedPlugin staged(AMZCONN_TEST_TOO_SMALL_PLUGIN);
    auto library = load_plugin(staged.file());
    REQUIRE_FALSE(library.ok());
    CHECK(library.status() == Status::incompatible);
    CHECK(library.error().message ==
          "plugin " + staged.file().string() +
              " declares amzconn ABI 1.0 but its function table is " +
              std::to_string(offsetof(amzc_plugin_v1, reserved)) + " bytes, smaller than the " +
              std::to_string(sizeof(amzc_plugin_v1)) +
              " bytes of ABI 1.0: the plugin is broken; rebuild it against this SDK");
}

TEST_CASE("sdk: a library without the entry point is refused as not an amzconn plugin") {
    const StagedPlugin staged(AMZCONN_TEST_NO_ENTRY_PLUGIN);
    auto library = load_plugin(staged.file());
    REQUIRE_FALSE(library.ok());
    CHECK(library.status() == Status::incompatible);
    CHECK(library.error().message == "plugin " + staged.file().string() +
                                         " does not export amzconn_plugin_entry: not an amzconn "
                                         "plugin?");
}

TEST_CASE("sdk: a missing plugin file is refused with its path") {
    auto library = load_plugin("/nonexistent/dir/libnothing.so");
    REQUIRE_FALSE(library.ok());
    CHECK(library.status() == Status::not_found);
    CHECK(library.error().message ==
          "plugin /nonexistent/dir/libnothing.so does not exist: check the path");
}

TEST_CASE("sdk: a file that is not a shared object is refused with dlerror's text") {
    const StagedPlugin staged(AMZCONN_TEST_GOOD_PLUGIN);
    {
        std::ofstream junk(staged.file(), std::ios::trunc);
        junk << std::string(4096, 'x'); // long enough that dlopen reads a header
    }
    auto library = load_plugin(staged.file());
    REQUIRE_FALSE(library.ok());
    CHECK(library.status() == Status::incompatible);
    const std::string& message = library.error().message;
    CHECK(message.starts_with("plugin " + staged.file().string() + " could not be loaded: "));
    CHECK_MESSAGE(message.find("invalid ELF header") != std::string::npos, message);
}

TEST_CASE("sdk: a world-writable plugin file is refused and the message says to chmod") {
    const StagedPlugin staged(AMZCONN_TEST_GOOD_PLUGIN);
    fs::permissions(staged.file(), fs::perms::others_write, fs::perm_options::add);
    auto library = load_plugin(staged.file());
    REQUIRE_FALSE(library.ok());
    CHECK(library.status() == Status::incompatible);
    CHECK(library.error().message == "plugin " + staged.file().string() +
                                         " is group- or world-writable (mode 0757), so another "
                                         "user could replace it: run chmod go-w " +
                                         staged.file().string());
}

TEST_CASE("sdk: a group-writable plugin file is refused") {
    const StagedPlugin staged(AMZCONN_TEST_GOOD_PLUGIN);
    fs::permissions(staged.file(), fs::perms::group_write, fs::perm_options::add);
    auto library = load_plugin(staged.file());
    REQUIRE_FALSE(library.ok());
    CHECK(library.status() == Status::incompatible);
    CHECK(library.error().message.find("(mode 0775)") != std::string::npos);
}

TEST_CASE("sdk: a plugin in a world-writable directory is refused") {
    const StagedPlugin staged(AMZCONN_TEST_GOOD_PLUGIN);
    fs::permissions(staged.dir(), fs::perms::all);
    auto library = load_plugin(staged.file());
    REQUIRE_FALSE(library.ok());
    CHECK(library.status() == Status::incompatible);
    CHECK(library.error().message ==
          "the directory " + staged.dir().string() + " of plugin " + staged.file().string() +
              " is group- or world-writable (mode 0777), so another user could replace the "
              "plugin: run chmod go-w " +
              staged.dir().string() + " or install the plugin elsewhere");
}

TEST_CASE("sdk: a plugin that throws in create is contained and reported as internal") {
    const StagedPlugin staged(AMZCONN_TEST_THROWS_PLUGIN);
    auto library = load_plugin(staged.file());
    REQUIRE(library.ok());
    MemoryHost host;
    auto connector = create_connector(*library, host);
    REQUIRE_FALSE(connector.ok());
    CHECK(connector.status() == Status::internal);
    CHECK(connector.error().message ==
          "plugin create failed unexpectedly: create exploded (a bug in the plugin; report it "
          "with the connection log)");
}

TEST_CASE("sdk: connector calls travel through the tables to the host and back") {
    const StagedPlugin staged(AMZCONN_TEST_GOOD_PLUGIN);
    auto library = load_plugin(staged.file());
    REQUIRE(library.ok());
    MemoryHost host;
    auto connector = create_connector(*library, host);
    REQUIRE(connector.ok());
    auto& handle = **connector;

    REQUIRE(handle.install("shop.yaml", "stores: {}").ok());
    const auto state = host.state_get("test", "installed");
    REQUIRE(state.ok());
    CHECK(state->value == "shop.yaml");
    const auto stores = handle.list_stores();
    REQUIRE(stores.ok());
    CHECK(*stores == R"(["shop.yaml"])");

    REQUIRE(handle.set_store_open("uk1", true).ok());
    const auto lines = host.log_lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].store == "uk1");
    CHECK(lines[0].message == "store opened");

    const auto checked = handle.check("nope");
    REQUIRE_FALSE(checked.ok());
    CHECK(checked.status() == Status::not_found);
    CHECK(checked.error().message == "no store named nope: install a config first");

    const auto thrown = handle.run_job("throw", "", "{}");
    REQUIRE_FALSE(thrown.ok());
    CHECK(thrown.status() == Status::internal);
    CHECK(thrown.error().message == "plugin run_job failed unexpectedly: job exploded (a bug in "
                                    "the plugin; report it with the connection log)");

    const auto event = handle.handle_event(R"({"kind":"stock_changed","skus":["A"]})");
    REQUIRE(event.ok());
    CHECK(*event == R"({"kind":"stock_changed","skus":["A"]})");

    CHECK(*handle.run_job("cancelled?", "", "{}") == "false");
    handle.cancel();
    CHECK(*handle.run_job("cancelled?", "", "{}") == "true");
}

TEST_CASE("sdk: the library stays loaded while an instance lives and unloads after") {
    const StagedPlugin staged(AMZCONN_TEST_GOOD_PLUGIN);
    MemoryHost host;
    {
        auto library = load_plugin(staged.file());
        REQUIRE(library.ok());
        auto connector = create_connector(std::move(*library), host);
        REQUIRE(connector.ok());
        // The caller's PluginLibrary reference is gone; only the handle keeps the library.
        CHECK(is_mapped(staged.file()));
        const auto job = (*connector)->run_job("sync", "uk1", "{}");
        REQUIRE(job.ok());
        CHECK(*job == R"({"job":"sync"})");
    }
    CHECK_FALSE(is_mapped(staged.file()));
}

TEST_CASE("sdk: a refused plugin is unloaded again") {
    const StagedPlugin staged(AMZCONN_TEST_WRONG_MAJOR_PLUGIN);
    auto library = load_plugin(staged.file());
    REQUIRE_FALSE(library.ok());
    CHECK_FALSE(is_mapped(staged.file()));
}

TEST_CASE("sdk: a C host can call the entry point with plain dlopen and dlsym") {
    const StagedPlugin staged(AMZCONN_TEST_GOOD_PLUGIN);
    void* handle = ::dlopen(staged.file().c_str(), RTLD_NOW | RTLD_LOCAL);
    REQUIRE(handle != nullptr);
    // The alias is a data symbol that holds the entry function's address (contract.md).
    void* symbol = ::dlsym(handle, AMZC_ENTRY_POINT_NAME);
    REQUIRE(symbol != nullptr);
    amzc_entry_fn entry = *static_cast<amzc_entry_fn*>(symbol);
    const amzc_plugin_v1* table = entry(AMZC_ABI_MAJOR, AMZC_ABI_MINOR);
    REQUIRE(table != nullptr);
    CHECK(table->struct_size == sizeof(amzc_plugin_v1));
    CHECK(table->abi_major == AMZC_ABI_MAJOR);
    std::string out;
    std::string err;
    CHECK(table->manifest(amzconn::string_sink(out), amzconn::string_sink(err)) == AMZC_OK);
    CHECK(out.find("\"id\":\"test.good\"") != std::string::npos);
    CHECK(::dlclose(handle) == 0);
}

TEST_CASE("sdk: concurrent loads, instances and unloads of one plugin all succeed") {
    const StagedPlugin staged(AMZCONN_TEST_GOOD_PLUGIN);
    std::atomic<int> good_runs{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                MemoryHost host;
                auto library = load_plugin(staged.file());
                if (!library) {
                    continue;
                }
                auto connector = create_connector(std::move(*library), host);
                if (connector && (*connector)->run_job("x", "", "{}").ok()) {
                    ++good_runs;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(good_runs == 40);
    CHECK_FALSE(is_mapped(staged.file()));
}
