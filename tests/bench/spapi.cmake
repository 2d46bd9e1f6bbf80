# SP-API client benchmark: searchOrders pages fetched and parsed per second against the sandbox
# (limits off), next to a raw Boost.JSON parse of the same bytes.
if(TARGET amzconn_spapi)
    add_executable(spapi_search_orders_bench ${CMAKE_CURRENT_LIST_DIR}/spapi_search_orders.cpp)
    target_link_libraries(spapi_search_orders_bench PRIVATE amzconn::spapi amzconn::test_support
        amzconn::settings)
    if(TARGET amzconn_sandbox_process)
        target_link_libraries(spapi_search_orders_bench PRIVATE amzconn_sandbox_process)
        target_compile_definitions(spapi_search_orders_bench PRIVATE AMZCONN_HAVE_SANDBOX=1)
    endif()
endif()
