// Reserving the stock formula's large transient arrays (100,000 listing results, nodes, index
// slots, planned sends: megabytes each, filled once and dropped after the run) on transparent
// huge pages where the kernel offers them on request, so that filling one costs one page fault
// per 2 MiB instead of one per 4 KiB. A hint only: the contents and the results are the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <sys/mman.h>
#include <vector>

namespace amzconn::stock {

// Arrays below this size keep the allocator's pages as they are.
inline constexpr std::size_t k_huge_page_bytes = std::size_t{2} << 20U;

// Asks for huge pages over the whole 2 MiB pages inside [data, data + bytes). The memory is the
// allocator's and stays so; pages already touched are left as they are.
inline void advise_huge_pages(const void* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
    const auto start = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t begin = (start + k_huge_page_bytes - 1) & ~(k_huge_page_bytes - 1);
    const std::uintptr_t end = (start + bytes) & ~(k_huge_page_bytes - 1);
    if (end > begin) {
        (void)::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
    }
#else
    (void)data;
    (void)bytes;
#endif
}

// vector::reserve, with the new storage on huge pages when it spans at least two of them.
template <typename T>
void reserve_large(std::vector<T>& vector, std::size_t count) {
    vector.reserve(count);
    if (vector.capacity() * sizeof(T) >= 2 * k_huge_page_bytes) {
        advise_huge_pages(vector.data(), vector.capacity() * sizeof(T));
    }
}

} // namespace amzconn::stock
