// A plugin table claiming ABI 2.0, which this host (ABI 1.x) must refuse, naming both versions.
#include "amzconn/abi.h"

#include <boost/dll/alias.hpp>

namespace {

amzc_status manifest(amzc_sink, amzc_sink) {
    return AMZC_OK;
}

const amzc_plugin_v1 k_table = {sizeof(amzc_plugin_v1),
                                2,
                                0,
                                0,
                                &manifest,
                                nullptr,
                                nullptr,
                                nullptr,
                                nullptr,
                                nullptr,
                                nullptr,
                                nullptr,
                                nullptr,
                                nullptr,
                                nullptr,
                                {}};

} // namespace

namespace wrong_major {
const amzc_plugin_v1* entry(uint32_t, uint32_t) {
    return &k_table;
}
} // namespace wrong_major

BOOST_DLL_ALIAS(wrong_major::entry, amzconn_plugin_entry)
