// How a value read from the file appears in a diagnostic: quoted, control characters escaped,
// long text cut, and never a value that looks like a credential (a pasted token or secret).
#pragma once

#include <string>
#include <string_view>

namespace amzconn::config::detail {

// Amazon token prefixes, PEM blocks, or a long unbroken run of token characters.
bool looks_like_credential(std::string_view value);

// Control characters as \n, \r, \t or \xNN, so one diagnostic stays one line.
std::string escape_controls(std::string_view text);

// "'value'" (escaped, at most 60 characters shown), or words saying a credential-like value is
// not shown.
std::string shown(std::string_view value);

} // namespace amzconn::config::detail
