// The host_settings table: small named values the host keeps in the database (clock mode, log
// retention, the state version sequence, the id of the key secrets are sealed with).
#pragma once

#include "sqlite_db.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace amzconn::refhost {

Result<std::optional<std::string>> read_setting(Database& db, std::string_view name);
// A setting holding a whole number; nullopt when it is absent or not a number.
Result<std::optional<int64_t>> read_int_setting(Database& db, std::string_view name);
Outcome write_setting(Database& db, std::string_view name, std::string_view value);
Outcome erase_setting(Database& db, std::string_view name);

} // namespace amzconn::refhost
