# Order mapping speed: searchOrders page JSON -> host order documents (no I/O), orders per second
# on one core, printed next to raw Boost.JSON parse speed of the same bytes. The parser-only
# library comes from tests/adapters/orders.
if(TARGET amzconn_orders_test_parser)
    # With the plugin's StoreConfig -> OrderSettings mapping, as in tests/adapters/orders.
    add_executable(amzconn_bench_orders_map ${CMAKE_CURRENT_LIST_DIR}/orders_map.cpp
        "${PROJECT_SOURCE_DIR}/plugin/src/orders/order_settings.cpp")
    target_include_directories(amzconn_bench_orders_map PRIVATE "${PROJECT_SOURCE_DIR}/plugin/src")
    target_link_libraries(amzconn_bench_orders_map PRIVATE
        amzconn::order_rules amzconn_orders_test_parser amzconn::config Boost::json
        amzconn::settings)
endif()
