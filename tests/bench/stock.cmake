# Stock benchmarks: compute + delta for 100,000 SKUs x 5 warehouses with BOMs, and building a
# 25,000-message JSON_LISTINGS_FEED document. Built, never run by ctest.
add_executable(amzconn_bench_stock_compute ${CMAKE_CURRENT_LIST_DIR}/stock_compute.cpp)
target_link_libraries(amzconn_bench_stock_compute PRIVATE amzconn::stock amzconn::settings)
