# amzconn-sandbox benchmark: pages of 100 orders served per second with usage plans off.
if(TARGET amzconn_sandbox_process)
    add_executable(amzconn_bench_sandbox_pages ${CMAKE_CURRENT_LIST_DIR}/sandbox_pages.cpp)
    target_link_libraries(amzconn_bench_sandbox_pages PRIVATE
        amzconn_sandbox_process CURL::libcurl Threads::Threads amzconn::settings)
    add_dependencies(amzconn_bench_sandbox_pages amzconn-sandbox)
endif()
