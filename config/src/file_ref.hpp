// Where a ${file:/path} credential may live: a direct absolute path (no '.', '..' or empty
// parts) whose existing folders are real folders (not symbolic links) that only their owner can
// write (reliability test plan §2.4, the OpenSSH StrictModes rule).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace amzconn::config::detail {

// What is wrong with the path, or nullopt. Folders that do not exist (yet) are not judged.
std::optional<std::string> file_ref_problem(std::string_view path);

// The same rule for a file named by a plain setting (`what` names it in the message), which must
// also exist as a regular file.
std::optional<std::string> existing_file_problem(std::string_view path, std::string_view what);

} // namespace amzconn::config::detail
