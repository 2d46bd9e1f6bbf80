# Shipment confirmation end to end (reference host -> plugin -> amzconn-sandbox): 1,000 host
# shipments confirmed, with the client pacing confirmShipment by its documented usage plan
# (2/s, burst 10) on the host's virtual clock; virtual time next to the plan's lower bound.
add_executable(amzconn_bench_shipments_e2e ${CMAKE_CURRENT_LIST_DIR}/shipments_e2e.cpp)
target_link_libraries(amzconn_bench_shipments_e2e PRIVATE amzconn_integration_rig SQLite::SQLite3
    amzconn::settings)
