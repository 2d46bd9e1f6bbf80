// gzip decompression (zlib) for feed and report documents, bounded in output size.
#pragma once

#include "amzconn/result.hpp"

#include <string>
#include <string_view>

namespace amzconn::spapi {

Result<std::string> gunzip(std::string_view data, size_t max_output);
Result<std::string> gzip_compress(std::string_view data);

} // namespace amzconn::spapi
