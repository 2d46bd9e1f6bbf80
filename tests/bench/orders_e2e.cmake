# End-to-end order import into the reference host: orders per second with limits off, API calls
# per 1,000 imported orders, and virtual time for 10,000 orders under the documented usage plans
# next to the lower bound those plans allow. Shares the integration rig (tests/integration).
add_executable(amzconn_bench_orders_e2e ${CMAKE_CURRENT_LIST_DIR}/orders_e2e.cpp)
target_link_libraries(amzconn_bench_orders_e2e PRIVATE amzconn_integration_rig amzconn::settings)
