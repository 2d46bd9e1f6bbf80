// The host side of the contract: loads a plugin .so (Boost.DLL, rtld_now | rtld_local), checks its
// versioned table, and owns connector instances so the library outlives every one of them.
#pragma once

#include "amzconn/abi.h"
#include "amzconn/host_services.hpp"
#include "amzconn/result.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace amzconn::host {

// What validate_config produced. `json` is the plugin's report
// {"ok": bool, "diagnostics": [{"file","line","column","severity","path","message"}...]} in BOTH
// cases: ok == false means the report holds at least one error (the plugin answered bad_input).
// A Result error from validate_config means no report exists at all (the plugin failed, e.g.
// Status::internal, and the Error's message says why).
struct ValidationReport {
    bool ok = false;
    std::string json;
};

// A loaded plugin library and its checked table. Held by shared_ptr: every ConnectorHandle keeps
// one, so the .so stays mapped while any instance lives. Thread-safe for concurrent const calls.
class PluginLibrary {
public:
    struct Impl;
    explicit PluginLibrary(std::unique_ptr<Impl> impl);
    ~PluginLibrary();
    PluginLibrary(const PluginLibrary&) = delete;
    PluginLibrary& operator=(const PluginLibrary&) = delete;

    const std::filesystem::path& path() const;
    uint32_t abi_major() const;
    uint32_t abi_minor() const;

    // The manifest JSON (id, version, abi, jobs, actions, settings schema).
    Result<std::string> manifest() const;
    // See ValidationReport for how a report with errors comes back.
    Result<ValidationReport> validate_config(std::string_view file_name, std::string_view yaml,
                                             std::string_view context_json) const;

    // The checked C table; valid while this object lives.
    const amzc_plugin_v1& table() const;

private:
    std::unique_ptr<Impl> m_impl;
};

// Loads `file` and checks it, refusing (Status::incompatible, or not_found for a missing file) a
// file that is missing or whose file or directory is group- or world-writable; a dlopen failure
// (with dlerror's text); a library without the amzconn_plugin_entry alias; a table whose ABI major
// differs, whose minor is newer than this host's, or whose struct_size is smaller than v1's.
// Every message names the file (and both versions when they are known). Load and unload are
// serialised process-wide.
Result<std::shared_ptr<PluginLibrary>> load_plugin(const std::filesystem::path& file);

// One connector instance. Owns the plugin instance, the host-services table handed to it, and a
// shared_ptr to its library. `host` is borrowed: it must outlive the handle. Calls may come from
// several threads if the plugin allows it; cancel() is always thread-safe.
class ConnectorHandle {
public:
    struct Impl;
    explicit ConnectorHandle(std::unique_ptr<Impl> impl);
    ~ConnectorHandle(); // destroys the instance (the plugin joins its workers), then drops the
                        // library
    ConnectorHandle(const ConnectorHandle&) = delete;
    ConnectorHandle& operator=(const ConnectorHandle&) = delete;

    Result<std::string> install(std::string_view file_name, std::string_view yaml);
    Result<std::string> list_stores();
    Result<std::string> set_store_open(std::string_view store, bool open);
    Result<std::string> check(std::string_view store);
    Result<std::string> run_job(std::string_view job, std::string_view store,
                                std::string_view args_json);
    Result<std::string> handle_event(std::string_view event_json);
    void cancel();

    const std::shared_ptr<PluginLibrary>& library() const;

private:
    std::unique_ptr<Impl> m_impl;
};

// Creates an instance bound to `host` (which must outlive the handle). A plugin that fails or
// throws in create comes back as an Error with the plugin's status and message.
Result<std::unique_ptr<ConnectorHandle>> create_connector(std::shared_ptr<PluginLibrary> library,
                                                          HostServices& host);

} // namespace amzconn::host
