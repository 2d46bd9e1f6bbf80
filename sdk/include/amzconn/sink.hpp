// Glue between the C ABI's borrowed strings / result sinks and std::string(_view).
// Used on both sides of the boundary; nothing here allocates on the other side's behalf.
#pragma once

#include "amzconn/abi.h"

#include <string>
#include <string_view>

namespace amzconn {

// A borrowed view as amzc_str: valid only as long as the viewed characters are.
inline amzc_str to_c_str(std::string_view text) noexcept {
    return amzc_str{text.data(), text.size()};
}

// An amzc_str as a view; a null data pointer reads as the empty string.
inline std::string_view to_view(amzc_str text) noexcept {
    return text.data == nullptr ? std::string_view{} : std::string_view{text.data, text.size};
}

namespace detail {
// write() must never throw across the C boundary: an allocation failure truncates instead.
inline void append_to_string(void* ctx, const char* data, size_t size) noexcept {
    if (ctx == nullptr || data == nullptr || size == 0) {
        return;
    }
    try {
        static_cast<std::string*>(ctx)->append(data, size);
    } catch (...) {
    }
}

inline void discard(void*, const char*, size_t) noexcept {}
} // namespace detail

// A sink that appends every chunk to `target`; target must outlive every use of the sink.
inline amzc_sink string_sink(std::string& target) noexcept {
    return amzc_sink{&target, &detail::append_to_string};
}

// A sink that drops everything (for callers that do not want a result).
inline amzc_sink null_sink() noexcept {
    return amzc_sink{nullptr, &detail::discard};
}

// Writes `text` into a sink supplied by the other side; a sink without write() is ignored.
inline void write_to(amzc_sink sink, std::string_view text) noexcept {
    if (sink.write != nullptr && !text.empty()) {
        sink.write(sink.ctx, text.data(), text.size());
    }
}

} // namespace amzconn
