# End-to-end order import into the reference host, rounds interleaved with the raw SQLite inserts
# of the same rows: host CPU per order, disk bytes written per byte of database growth, orders
# per second (usage plans off), SP-API and token calls, and virtual time for N orders under the
# documented usage plans next to the lower bound those plans allow. Shares the integration rig.
add_executable(amzconn_bench_orders_e2e ${CMAKE_CURRENT_LIST_DIR}/orders_e2e.cpp)
target_link_libraries(amzconn_bench_orders_e2e PRIVATE amzconn_integration_rig SQLite::SQLite3
    amzconn::settings)
