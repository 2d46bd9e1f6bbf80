// What every amzconn-host command shares: the global options, the output streams, and the host,
// plugin library and connector, each opened on first use so a command that needs no plugin never
// loads one.
#pragma once

#include "amzconn/loader.hpp"
#include "sqlite_host.hpp"

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace amzconn::refhost {

enum ExitCode : int { k_exit_ok = 0, k_exit_user = 1, k_exit_internal = 2 };

// internal -> 2, every other failure (bad input, not found, refused plugin, ...) -> 1.
int exit_code_for(Status status);

// $XDG_STATE_HOME/amzconn/amzconn.db, else ~/.local/state/amzconn/amzconn.db.
std::filesystem::path default_db_path();

class CliContext {
  public:
    CliContext(std::ostream& out, std::ostream& err, std::istream& in)
        : m_out(out), m_err(err), m_in(in) {}
    CliContext(const CliContext&) = delete;
    CliContext& operator=(const CliContext&) = delete;
    ~CliContext();

    std::optional<std::string> db_flag; // --db, else $AMZCONN_DB, else default_db_path()
    std::optional<std::string> plugin_flag;
    std::optional<std::string> key_file_flag; // --key-file, else $AMZCONN_KEY_FILE

    std::ostream& out() { return m_out; }
    std::ostream& err() { return m_err; }
    std::istream& in() { return m_in; }

    // The database file this command uses.
    std::filesystem::path db_path() const;
    // Opens the database (creating it, and saying so on stderr, when it is missing).
    Result<SqliteHost*> host();
    // The plugin library: not_found when there is none, incompatible when the loader refuses it.
    Result<std::shared_ptr<host::PluginLibrary>> library();
    // A connector over host() and library().
    Result<host::ConnectorHandle*> connector();

    // Prints "amzconn-host: <what>: <message>" on stderr (and, when this command created the
    // database or did not get it from --db, which file that was) and returns the exit code for it.
    int fail(std::string_view what, const Error& error);
    // The exit code of a command body that passes failures up with TRY: its own on success,
    // else fail(what, error).
    int finish(std::string_view what, const Result<int>& body);

  private:
    std::ostream& m_out;
    std::ostream& m_err;
    std::istream& m_in;
    bool m_created_db = false;
    // Declared in this order so the connector goes first, then the library, then the host.
    std::unique_ptr<SqliteHost> m_host;
    std::shared_ptr<host::PluginLibrary> m_library;
    std::unique_ptr<host::ConnectorHandle> m_connector;
};

} // namespace amzconn::refhost
