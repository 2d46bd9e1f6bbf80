// A hand-written plugin table with chosen versions and size (RAW_MAJOR, RAW_MINOR, RAW_SIZE), to
// prove the loader refuses what the export macro would never produce.
#include "amzconn/abi.h"

#include <boost/dll/alias.hpp>
#include <cstddef>

namespace {

amzc_status manifest(amzc_sink, amzc_sink) {
    return AMZC_OK;
}

const amzc_plugin_v1 k_table = {RAW_SIZE, RAW_MAJOR, RAW_MINOR, 0,       &manifest, nullptr,
                                nullptr,  nullptr,   nullptr,   nullptr, nullptr,   nullptr,
                                nullptr,  nullptr,   nullptr,   {}};

} // namespace

namespace raw {
const amzc_plugin_v1* entry(uint32_t, uint32_t) {
    return &k_table;
}
} // namespace raw

BOOST_DLL_ALIAS(raw::entry, amzconn_plugin_entry)
