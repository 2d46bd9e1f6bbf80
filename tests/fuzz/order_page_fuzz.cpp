// Fuzzes the Orders 2026-01-01 parsers (searchOrders page and getOrder) on any body: they must
// return a value or an error, never crash, and a page never holds more than 100 orders.
#include "fuzz_check.hpp"
#include "spapi/order_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    using namespace amzconn::spapi::orders;

    const auto page = parse_search_orders(body, "fuzz-rid");
    if (page.ok()) {
        FUZZ_CHECK(page->orders.size() + page->rejected.size() <= 100);
        for (const auto& order : page->orders) {
            FUZZ_CHECK(!order.order_id.empty());
        }
        for (const auto& rejected : page->rejected) {
            FUZZ_CHECK(!rejected.error.message.empty());
        }
    } else {
        FUZZ_CHECK(!page.error().message.empty());
    }

    const auto order = parse_get_order(body, "fuzz-rid");
    if (order.ok()) {
        FUZZ_CHECK(!order->order_id.empty());
    } else {
        FUZZ_CHECK(!order.error().message.empty());
    }
    return 0;
}
