# Project-wide compile settings as INTERFACE targets (ccache's standard_settings / standard_warnings).
# Every target links amzconn_settings PRIVATE; nothing here leaks into installed packages.

add_library(amzconn_settings INTERFACE)
add_library(amzconn::settings ALIAS amzconn_settings)
target_compile_features(amzconn_settings INTERFACE cxx_std_20)
target_compile_options(amzconn_settings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference -Wformat=2
    -Wimplicit-fallthrough)
target_compile_options(amzconn_settings INTERFACE
    $<$<COMPILE_LANGUAGE:C>:-Wno-old-style-cast -Wno-non-virtual-dtor -Wno-overloaded-virtual>)
if(AMZCONN_WERROR)
    target_compile_options(amzconn_settings INTERFACE -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # Optimised GCC 12 builds see through libstdc++ and report -Wrestrict for `"x" + std::string`
    # (GCC bug 105329) and -Wnull-dereference inside <streambuf>: false positives in system
    # headers. They stay visible as warnings there; they no longer fail the release build.
    target_compile_options(amzconn_settings INTERFACE
        $<$<NOT:$<CONFIG:Debug>>:-Wno-error=restrict -Wno-error=null-dereference>)
endif()

if(AMZCONN_SANITIZE)
    # ASan + UBSan, no recovery: any finding fails the test that hit it.
    set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    add_compile_options(${_san})
    add_link_options(${_san})
    # A host built against this build's static SDK libraries must link the same runtimes.
    set(AMZCONN_SANITIZER_FLAGS ${_san})
    # GCC 12 reports false maybe-uninitialized warnings inside libstdc++ (<regex>, std::function)
    # once sanitizer instrumentation is on; the normal builds keep the warning.
    target_compile_options(amzconn_settings INTERFACE -Wno-maybe-uninitialized)
endif()

option(AMZCONN_SANITIZE_THREAD "Build everything with ThreadSanitizer (preset tsan)" OFF)
if(AMZCONN_SANITIZE_THREAD)
    if(AMZCONN_SANITIZE)
        message(FATAL_ERROR "AMZCONN_SANITIZE (ASan) and AMZCONN_SANITIZE_THREAD cannot be combined")
    endif()
    set(_tsan -fsanitize=thread -fno-omit-frame-pointer)
    add_compile_options(${_tsan})
    add_link_options(${_tsan})
    set(AMZCONN_SANITIZER_FLAGS ${_tsan})
    # GCC 12 warns (-Wtsan) at every std::atomic_thread_fence, which TSan does not model:
    # Boost.Asio's handler recycling (the sandbox) uses one in every handler. As with ASan,
    # instrumentation gives false maybe-uninitialized warnings inside libstdc++; and the preset's
    # -O1 Debug build meets the optimised builds' <streambuf> -Wnull-dereference false positive.
    target_compile_options(amzconn_settings INTERFACE -Wno-tsan -Wno-maybe-uninitialized
        -Wno-error=null-dereference)
endif()

if(AMZCONN_BUILD_FUZZERS)
    # Coverage feedback for libFuzzer everywhere, plus ASan + UBSan; only the fuzz targets link
    # the libFuzzer driver (-fsanitize=fuzzer, tests/fuzz/CMakeLists.txt).
    set(_fuzz -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
        -fno-omit-frame-pointer)
    add_compile_options(${_fuzz})
    add_link_options(-fsanitize=address,undefined)
endif()
