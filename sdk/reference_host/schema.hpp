// Versioned schema of the reference host's SQLite file: an ordered list of migrations, each applied
// in its own transaction and recorded in schema_version.
#pragma once

#include "sqlite_db.hpp"

namespace amzconn::refhost {

// The version a fully migrated file reports.
int64_t current_schema_version();

// Brings the file up to current_schema_version(); refuses a file written by a newer host.
Outcome migrate(Database& db);

// The version recorded in the file (0 for an empty file).
Result<int64_t> schema_version(Database& db);

} // namespace amzconn::refhost
