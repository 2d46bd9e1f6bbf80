// The human form of a plugin manifest (`manifest` without --json): id, version, ABI, then one
// line per job (name, default interval, description, "not implemented"), the events it takes.
#pragma once

#include <string>
#include <string_view>

namespace amzconn::refhost {

std::string manifest_text(std::string_view manifest_json);

} // namespace amzconn::refhost
