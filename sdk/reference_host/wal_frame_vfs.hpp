// A SQLite VFS over the platform's own that writes each WAL frame (its 24-byte header and its
// page) with one write call instead of two: the same bytes at the same offsets, in the same order.
#pragma once

namespace amzconn::refhost {

// The VFS's name for sqlite3_open_v2, registered on first use (not as the default); nullptr when
// SQLite has no default VFS to wrap, and the caller opens with the default.
const char* wal_frame_vfs_name();

// How many frames this process has written with one call so far (for diagnostics and tests).
unsigned long long wal_frames_joined();

} // namespace amzconn::refhost
