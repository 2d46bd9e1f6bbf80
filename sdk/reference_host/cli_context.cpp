#include "cli_context.hpp"

#include "plugin_locator.hpp"

#include <cstdlib>
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

std::filesystem::path default_db_path() {
    const char* state = std::getenv("XDG_STATE_HOME");
    const char* home = std::getenv("HOME");
    std::filesystem::path dir = state != nullptr && *state == '/' ? std::filesystem::path(state)
                                : home != nullptr && *home != '\0'
                                    ? std::filesystem::path(home) / ".local" / "state"
                                    : std::filesystem::current_path();
    return dir / "amzconn" / "amzconn.db";
}

std::filesystem::path CliContext::db_path() const {
    if (db_flag) {
        return *db_flag;
    }
    if (const char* env = std::getenv("AMZCONN_DB"); env != nullptr && *env != '\0') {
        return env;
    }
    return default_db_path();
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
        if (key_file_flag) {
            options.key_file = *key_file_flag;
        } else if (const char* env = std::getenv("AMZCONN_KEY_FILE"); env && *env != '\0') {
            options.key_file = env;
        }
        const auto file = db_path();
        std::error_code ec;
        m_created_db = !std::filesystem::exists(file, ec);
        if (m_created_db && !db_flag && !std::getenv("AMZCONN_DB")) {
            // The default location's directory, private like the database.
            if (std::filesystem::create_directories(file.parent_path(), ec)) {
                std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all,
                                             ec);
            }
        }
        TRY_ASSIGN(m_host, SqliteHost::open(file, std::move(options)));
        if (m_created_db) {
            m_err << "amzconn-host: created a new database " << file.string() << "\n";
        }
    }
    return m_host.get();
}

Result<std::shared_ptr<host::PluginLibrary>> CliContext::library() {
    if (!m_library) {
        TRY_ASSIGN(const auto location, locate_plugin(plugin_flag));
        TRY_ASSIGN(m_library, host::load_plugin(location.path));
    }
    return m_library;
}

Result<host::ConnectorHandle*> CliContext::connector() {
    if (!m_connector) {
        TRY_ASSIGN(auto* services, host());
        TRY_ASSIGN(auto lib, library());
        TRY_ASSIGN(m_connector, host::create_connector(lib, *services));
    }
    return m_connector.get();
}

int CliContext::fail(std::string_view what, const Error& error) {
    m_err << "amzconn-host: " << what << ": " << error.message << "\n";
    if (m_created_db) {
        m_err << "amzconn-host: note: " << db_path().string()
              << " is a new, empty database: pass --db FILE (or set AMZCONN_DB) to use yours\n";
    } else if (m_host && !db_flag) {
        // Not chosen on the command line: say which file the failure is about.
        m_err << "amzconn-host: note: using database " << db_path().string()
              << " ($AMZCONN_DB or the default; --db FILE picks another)\n";
    }
    return exit_code_for(error.status);
}

int CliContext::finish(std::string_view what, const Result<int>& body) {
    return body ? *body : fail(what, body.error());
}

} // namespace amzconn::refhost
