// Secrets at rest: every value in the secrets table is sealed (secret_box.hpp) with the key in
// the key file, and the key's id is recorded in the database, so a missing or wrong key file is
// reported (with what to do) instead of being silently replaced. Callers serialise access (the
// SqliteHost mutex); each writing call is one transaction.
#pragma once

#include "secret_box.hpp"
#include "sqlite_db.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::refhost {

class SecretStore {
  public:
    explicit SecretStore(std::filesystem::path key_file) : m_key_file(std::move(key_file)) {}

    const std::filesystem::path& key_file() const { return m_key_file; }

    // Seals the clear-text values an older amzconn-host stored; returns how many. Nothing is
    // read or created when there are none.
    Result<size_t> seal_clear_text(Database& db);
    // The value, or nullopt when the table has no secret of that name.
    Result<std::optional<std::string>> get(Database& db, std::string_view name);
    Outcome set(Database& db, std::string_view name, std::string_view value);
    Result<std::vector<std::string>> names(Database& db);
    // Seals every value with a new key, then puts that key in the key file; returns how many.
    // Interrupted at any point, every secret stays readable (see key()).
    Result<size_t> rotate_key(Database& db);
    // Deletes every secret and forgets the key id: the way out when the key file is lost.
    Result<size_t> reset(Database& db);

  private:
    // The key the table is sealed with; created on first use when no key id is recorded.
    Result<SecretKey> key(Database& db);
    Result<SecretKey> finish_rotation(const SecretKey& pending);
    Error key_problem(Database& db, const std::string& recorded_id,
                      const std::optional<SecretKey>& found) const;

    std::filesystem::path m_key_file;
};

} // namespace amzconn::refhost
