// Process-wide shutdown latch set by SIGTERM/SIGINT: a self-pipe that becomes (and stays) readable,
// so any thread can wait on "time passed or shutdown requested" with poll(), promptly.
#pragma once

#include <cstdint>

namespace amzconn::refhost {

// Installs the SIGTERM/SIGINT handlers (idempotent). Call from main before starting work.
void install_shutdown_handlers();

// True once a shutdown was requested (by a signal or request_shutdown()).
bool shutdown_requested();

// Sets the latch from normal code (tests, fatal errors).
void request_shutdown();

// Waits up to ms milliseconds; returns false early when shutdown is requested.
bool wait_unless_shutdown(int64_t ms);

} // namespace amzconn::refhost
