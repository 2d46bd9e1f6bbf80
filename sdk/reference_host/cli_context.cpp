#include "cli_context.hpp"

#include "plugin_locator.hpp"

#include <ostream>

namespace amzconn::refhost {

int exit_code_for(Status status) {
    switch (status) {
    case Status::ok:
        return k_exit_ok;
    case Status::internal:
        return k_exit_internal;
    default:
        return k_exit_user;
    }
}

CliContext::~CliContext() {
    m_connector.reset();
    m_library.reset();
    m_host.reset();
}

Result<SqliteHost*> CliContext::host() {
    if (!m_host) {
        SqliteHostOptions options;
        options.progress_out = &m_err;
        auto opened = SqliteHost::open(db_path, std::move(options));
        if (!opened) {
            return opened.error();
        }
        m_host = std::move(*opened);
    }
    return m_host.get();
}

Result<std::shared_ptr<host::PluginLibrary>> CliContext::library() {
    if (!m_library) {
        auto location = locate_plugin(plugin_flag);
        if (!location) {
            return location.error();
        }
        auto loaded = host::load_plugin(location->path);
        if (!loaded) {
            return loaded.error();
        }
        m_library = std::move(*loaded);
    }
    return m_library;
}

Result<host::ConnectorHandle*> CliContext::connector() {
    if (!m_connector) {
        auto services = host();
        if (!services) {
            return services.error();
        }
        auto lib = library();
        if (!lib) {
            return lib.error();
        }
        auto created = host::create_connector(*lib, **services);
        if (!created) {
            return created.error();
        }
        m_connector = std::move(*created);
    }
    return m_connector.get();
}

int CliContext::fail(std::string_view what, const Error& error) {
    m_err << "amzconn-host: " << what << ": " << error.message << "\n";
    return exit_code_for(error.status);
}

} // namespace amzconn::refhost
