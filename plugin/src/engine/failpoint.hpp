// Crash points for the kill -9 tests of the reliability plan (CP1-CP6 order import, CP7 the LWA
// grant before its token is cached, CP8 and CP10 stock push; CP9 is an unanswered send, made by
// the sandbox; CP11a-CP11c shipment confirmation, see plugin/src/shipments/README.md). Compiled in
// only when the build
// defines AMZCONN_FAILPOINTS (the CMake option of that name: on in Debug test builds, off in
// release), so a release plugin ignores the environment. In a test build they are inert unless
// the host process has AMZCONN_FAILPOINTS set, e.g.
// "cp4_before_cursor_save=1,cp3_between_orders=7": the named point's N-th hit (1-based) kills the
// process with SIGKILL, as a power cut would.
#pragma once

#include <string_view>

namespace amzconn::plugin {

void failpoint(std::string_view name);

// Whether this build has crash points at all.
bool failpoints_compiled();

} // namespace amzconn::plugin
