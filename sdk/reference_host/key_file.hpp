// The key file secrets are sealed with: kept outside the database (beside it by default, or where
// the admin names it), created 0600 on first use, refused when every user may read it.
#pragma once

#include "secret_box.hpp"

#include <filesystem>
#include <optional>

namespace amzconn::refhost {

// The key, or nullopt when the file does not exist.
Result<std::optional<SecretKey>> read_key_file(const std::filesystem::path& file);

// Writes key to file with mode 0600, atomically (a complete file or none). With `exclusive` an
// existing file is kept and its key returned instead (another process created it first).
Result<SecretKey> write_key_file(const std::filesystem::path& file, const SecretKey& key,
                                 bool exclusive);

// Where `secret rotate-key` puts the new key until the database uses it.
std::filesystem::path pending_key_file(const std::filesystem::path& file);

// Renames the pending key file over `file` (atomically, synced).
Outcome promote_pending_key_file(const std::filesystem::path& file);

} // namespace amzconn::refhost
