// Standard base64 (with '+', '/' and '=' padding, like Amazon's page tokens) for pagination tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace amzconn::sandbox {

std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view text);

} // namespace amzconn::sandbox
