// gzip compression for feed processing reports and report documents (Amazon's GZIP algorithm).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace amzconn::sandbox {

std::string gzip_compress(std::string_view data);
std::optional<std::string> gzip_decompress(std::string_view data);

} // namespace amzconn::sandbox
