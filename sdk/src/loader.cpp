// The Boost.DLL loader behind amzconn/loader.hpp: permission checks before dlopen, the entry-point
// alias, version/size checks on the returned table, and instances that pin their library.
#include "amzconn/loader.hpp"

#include "amzconn/host_table.hpp"
#include "amzconn/sink.hpp"

#include <boost/dll/import.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstddef>
#include <cstdio>
#include <dlfcn.h>
#include <mutex>
#include <optional>
#include <sys/stat.h>
#include <system_error>
#include <utility>

namespace amzconn::host {

namespace {

using EntrySignature = const amzc_plugin_v1*(uint32_t, uint32_t);
using EntryFunction = decltype(boost::dll::import_alias<EntrySignature>(
    std::declval<boost::dll::shared_library>(), AMZC_ENTRY_POINT_NAME));

// dlopen/dlclose are not safe to run concurrently everywhere (Boost.DLL limitations.qbk).
std::mutex& load_mutex() {
    static std::mutex mutex;
    return mutex;
}

std::string version_text(uint32_t major, uint32_t minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

std::string host_version() {
    return version_text(AMZC_ABI_MAJOR, AMZC_ABI_MINOR);
}

Error incompatible(std::string message) {
    return Error{Status::incompatible, std::move(message)};
}

std::string octal_mode(mode_t mode) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777U));
    return buffer;
}

// A plugin anyone else can replace runs their code in the host: refuse it (as sshd does for keys).
Outcome check_permissions(const std::filesystem::path& shown, const std::filesystem::path& real) {
    struct stat file_info {};
    if (::stat(real.c_str(), &file_info) != 0) {
        return Error{Status::not_found, "plugin " + shown.string() +
                                            " cannot be read: check the path and permissions"};
    }
    if (!S_ISREG(file_info.st_mode)) {
        return incompatible("plugin " + shown.string() +
                            " is not a regular file: give the path of the plugin .so itself");
    }
    if ((file_info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        return incompatible("plugin " + shown.string() + " is group- or world-writable (mode " +
                            octal_mode(file_info.st_mode) +
                            "), so another user could replace it: run chmod go-w " + real.string());
    }
    const std::filesystem::path dir = real.parent_path();
    struct stat dir_info {};
    if (::stat(dir.c_str(), &dir_info) != 0) {
        return Error{Status::not_found, "the directory of plugin " + shown.string() +
                                            " cannot be read: " + dir.string()};
    }
    if ((dir_info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        return incompatible("the directory " + dir.string() + " of plugin " + shown.string() +
                            " is group- or world-writable (mode " + octal_mode(dir_info.st_mode) +
                            "), so another user could replace the plugin: run chmod go-w " +
                            dir.string() + " or install the plugin elsewhere");
    }
    return {};
}

// The table must be checked field by field before anything in it is called.
Outcome check_table(const std::filesystem::path& file, const amzc_plugin_v1* table) {
    const std::string name = file.string();
    if (table == nullptr) {
        return incompatible("plugin " + name + " returned no function table from " +
                            AMZC_ENTRY_POINT_NAME + ": it is broken; rebuild it against this SDK");
    }
    constexpr size_t k_header = offsetof(amzc_plugin_v1, reserved0) + sizeof(uint32_t);
    if (table->struct_size < k_header) {
        return incompatible("plugin " + name + " has a function table of " +
                            std::to_string(table->struct_size) +
                            " bytes, too small to carry its ABI version: rebuild it against this "
                            "SDK (ABI " +
                            host_version() + ")");
    }
    const std::string plugin_version = version_text(table->abi_major, table->abi_minor);
    if (table->abi_major != AMZC_ABI_MAJOR) {
        return incompatible("plugin " + name + " was built for amzconn ABI " + plugin_version +
                            " but this host supports ABI " + host_version() +
                            ": rebuild the plugin against this SDK or use a matching host");
    }
    if (table->abi_minor > AMZC_ABI_MINOR) {
        return incompatible("plugin " + name + " was built for amzconn ABI " + plugin_version +
                            " but this host supports ABI " + host_version() +
                            " (a plugin may not be newer than its host): upgrade the host or "
                            "rebuild the plugin against this SDK");
    }
    if (table->struct_size < sizeof(amzc_plugin_v1)) {
        return incompatible("plugin " + name + " declares amzconn ABI " + plugin_version +
                            " but its function table is " + std::to_string(table->struct_size) +
                            " bytes, smaller than the " + std::to_string(sizeof(amzc_plugin_v1)) +
                            " bytes of ABI " + host_version() +
                            ": the plugin is broken; rebuild it against this SDK");
    }
    const std::pair<bool, const char*> required[] = {
        {table->manifest != nullptr, "manifest"},
        {table->validate_config != nullptr, "validate_config"},
        {table->create != nullptr, "create"},
        {table->destroy != nullptr, "destroy"},
        {table->cancel != nullptr, "cancel"},
        {table->install != nullptr, "install"},
        {table->list_stores != nullptr, "list_stores"},
        {table->set_store_open != nullptr, "set_store_open"},
        {table->check != nullptr, "check"},
        {table->run_job != nullptr, "run_job"},
        {table->handle_event != nullptr, "handle_event"},
    };
    for (const auto& [present, field] : required) {
        if (!present) {
            return incompatible("plugin " + name + " (ABI " + plugin_version +
                                ") leaves the required function " + field +
                                " empty: the plugin is broken; rebuild it against this SDK");
        }
    }
    return {};
}

Error call_failed(amzc_status status, std::string err, std::string_view fn) {
    const Status s = status == AMZC_OK ? Status::internal : from_c(status);
    if (err.empty()) {
        err = "plugin " + std::string(fn) + " failed with status " + std::string(to_string(s)) +
              " and no message";
    }
    return Error{s, std::move(err)};
}

} // namespace

struct PluginLibrary::Impl {
    std::filesystem::path path;
    std::optional<EntryFunction> entry; // holds the shared_library: dlclose when it goes
    const amzc_plugin_v1* table = nullptr;
};

PluginLibrary::PluginLibrary(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

PluginLibrary::~PluginLibrary() {
    const std::lock_guard lock(load_mutex());
    m_impl.reset(); // the last reference to the shared_library: dlclose happens here
}

const std::filesystem::path& PluginLibrary::path() const {
    return m_impl->path;
}
uint32_t PluginLibrary::abi_major() const {
    return m_impl->table->abi_major;
}
uint32_t PluginLibrary::abi_minor() const {
    return m_impl->table->abi_minor;
}
const amzc_plugin_v1& PluginLibrary::table() const {
    return *m_impl->table;
}

Result<std::string> PluginLibrary::manifest() const {
    std::string out;
    std::string err;
    const amzc_status status = m_impl->table->manifest(string_sink(out), string_sink(err));
    if (status != AMZC_OK) {
        return call_failed(status, std::move(err), "manifest");
    }
    return out;
}

Result<ValidationReport> PluginLibrary::validate_config(std::string_view file_name,
                                                        std::string_view yaml,
                                                        std::string_view context_json) const {
    std::string out;
    std::string err;
    const amzc_status status =
        m_impl->table->validate_config(to_c_str(file_name), to_c_str(yaml), to_c_str(context_json),
                                       string_sink(out), string_sink(err));
    if (status == AMZC_OK) {
        return ValidationReport{true, std::move(out)};
    }
    if (status == AMZC_BAD_INPUT && !out.empty()) {
        return ValidationReport{false, std::move(out)};
    }
    return call_failed(status, std::move(err), "validate_config");
}

Result<std::shared_ptr<PluginLibrary>> load_plugin(const std::filesystem::path& file) {
    const std::lock_guard lock(load_mutex());
    std::error_code ec;
    const std::filesystem::path real = std::filesystem::canonical(file, ec);
    if (ec) {
        return Error{Status::not_found,
                     "plugin " + file.string() + " does not exist: check the path"};
    }
    TRY(check_permissions(file, real));

    boost::dll::shared_library library;
    ec.clear();
    library.load(real, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
    if (ec || !library.is_loaded()) {
        const char* why = ::dlerror();
        return incompatible("plugin " + file.string() + " could not be loaded: " +
                            (why != nullptr ? std::string(why) : ec.message()) +
                            ": check that it was built for this platform and its libraries are "
                            "installed");
    }
    if (!library.has(AMZC_ENTRY_POINT_NAME)) {
        return incompatible("plugin " + file.string() + " does not export " +
                            AMZC_ENTRY_POINT_NAME + ": not an amzconn plugin?");
    }

    auto impl = std::make_unique<PluginLibrary::Impl>();
    try {
        impl->path = file;
        impl->entry.emplace(
            boost::dll::import_alias<EntrySignature>(std::move(library), AMZC_ENTRY_POINT_NAME));
    } catch (const std::exception& e) {
        return incompatible("plugin " + file.string() + " does not export a usable " +
                            AMZC_ENTRY_POINT_NAME + " (" + e.what() + "): not an amzconn plugin?");
    }
    impl->table = (*impl->entry)(AMZC_ABI_MAJOR, AMZC_ABI_MINOR);
    if (auto checked = check_table(file, impl->table); !checked) {
        impl.reset(); // unloads while still holding the lock
        return checked.error();
    }
    // Constructed under the lock; its destructor takes the lock again, so never destroy it here.
    return std::make_shared<PluginLibrary>(std::move(impl));
}

struct ConnectorHandle::Impl {
    std::shared_ptr<PluginLibrary> library; // declared first: destroyed last
    std::unique_ptr<amzc_host_v1> host_table;
    amzc_instance* instance = nullptr;

    const amzc_plugin_v1& table() const { return library->table(); }

    template <typename Call>
    Result<std::string> invoke(std::string_view fn, Call&& call) {
        std::string out;
        std::string err;
        const amzc_status status = call(string_sink(out), string_sink(err));
        if (status != AMZC_OK) {
            return call_failed(status, std::move(err), fn);
        }
        return out;
    }
};

ConnectorHandle::ConnectorHandle(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

ConnectorHandle::~ConnectorHandle() {
    if (m_impl && m_impl->instance != nullptr) {
        m_impl->table().destroy(m_impl->instance);
        m_impl->instance = nullptr;
    }
}

Result<std::string> ConnectorHandle::install(std::string_view file_name, std::string_view yaml) {
    return m_impl->invoke("install", [&](amzc_sink out, amzc_sink err) {
        return m_impl->table().install(m_impl->instance, to_c_str(file_name), to_c_str(yaml), out,
                                       err);
    });
}

Result<std::string> ConnectorHandle::list_stores() {
    return m_impl->invoke("list_stores", [&](amzc_sink out, amzc_sink err) {
        return m_impl->table().list_stores(m_impl->instance, out, err);
    });
}

Result<std::string> ConnectorHandle::set_store_open(std::string_view store, bool open) {
    return m_impl->invoke("set_store_open", [&](amzc_sink out, amzc_sink err) {
        return m_impl->table().set_store_open(m_impl->instance, to_c_str(store), open ? 1 : 0, out,
                                              err);
    });
}

Result<std::string> ConnectorHandle::check(std::string_view store) {
    return m_impl->invoke("check", [&](amzc_sink out, amzc_sink err) {
        return m_impl->table().check(m_impl->instance, to_c_str(store), out, err);
    });
}

Result<std::string> ConnectorHandle::run_job(std::string_view job, std::string_view store,
                                             std::string_view args_json) {
    return m_impl->invoke("run_job", [&](amzc_sink out, amzc_sink err) {
        return m_impl->table().run_job(m_impl->instance, to_c_str(job), to_c_str(store),
                                       to_c_str(args_json), out, err);
    });
}

Result<std::string> ConnectorHandle::handle_event(std::string_view event_json) {
    return m_impl->invoke("handle_event", [&](amzc_sink out, amzc_sink err) {
        return m_impl->table().handle_event(m_impl->instance, to_c_str(event_json), out, err);
    });
}

void ConnectorHandle::cancel() {
    m_impl->table().cancel(m_impl->instance);
}

const std::shared_ptr<PluginLibrary>& ConnectorHandle::library() const {
    return m_impl->library;
}

Result<std::unique_ptr<ConnectorHandle>> create_connector(std::shared_ptr<PluginLibrary> library,
                                                          HostServices& host) {
    if (library == nullptr) {
        return Error{Status::bad_input,
                     "create_connector needs a loaded plugin: call load_plugin first"};
    }
    auto impl = std::make_unique<ConnectorHandle::Impl>();
    impl->library = std::move(library);
    impl->host_table = std::make_unique<amzc_host_v1>(make_host_table(host));
    std::string err;
    amzc_instance* instance = nullptr;
    const amzc_status status =
        impl->table().create(impl->host_table.get(), &instance, string_sink(err));
    if (status != AMZC_OK) {
        if (instance != nullptr) {
            impl->table().destroy(instance);
        }
        return call_failed(status, std::move(err), "create");
    }
    if (instance == nullptr) {
        return Error{Status::internal, "plugin " + impl->library->path().string() +
                                           " reported success from create but gave no instance "
                                           "(a bug in the plugin)"};
    }
    impl->instance = instance;
    return std::make_unique<ConnectorHandle>(std::move(impl));
}

} // namespace amzconn::host
