#include "gzip.hpp"

#include <zlib.h>

namespace amzconn::spapi {

Result<std::string> gunzip(std::string_view data, size_t max_output) {
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        return Error{Status::internal, "zlib could not start"};
    }
    std::string out;
    char buf[16384];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            return Error{Status::bad_input,
                         "document is not valid gzip (" +
                             std::string(zs.msg != nullptr ? zs.msg : "truncated") +
                             "); download it again"};
        }
        out.append(buf, sizeof buf - zs.avail_out);
        if (out.size() > max_output) {
            inflateEnd(&zs);
            return Error{Status::bad_input,
                         "document expands beyond " + std::to_string(max_output) + " bytes"};
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            return Error{Status::bad_input, "gzip document is truncated; download it again"};
        }
    }
    inflateEnd(&zs);
    return out;
}

Result<std::string> gzip_compress(std::string_view data) {
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        return Error{Status::internal, "zlib could not start"};
    }
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs, Z_FINISH);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        return Error{Status::internal, "gzip compression failed"};
    }
    out.resize(zs.total_out);
    return out;
}

} // namespace amzconn::spapi
