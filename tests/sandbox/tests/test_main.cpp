// doctest main for the sandbox suite: libcurl is initialised once, before any test runs.
#define DOCTEST_CONFIG_IMPLEMENT
#include <curl/curl.h>
#include <doctest/doctest.h>

int main(int argc, char** argv) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    doctest::Context context(argc, argv);
    const int result = context.run();
    curl_global_cleanup();
    return result;
}
