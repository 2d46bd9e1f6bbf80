// SQLite appends a WAL frame as two writes, its 24-byte header and then its page right after it;
// each write is a system call that costs as much as the page's copy (an order's commit appends
// some 17 frames). This VFS holds a frame header back until the page that follows it arrives and
// writes both at once. Anything else done to the file first writes the held header, so the file
// holds the same bytes, in the same order, whenever SQLite or another process could look; a crash
// while a header is held loses a frame SQLite had not finished, which its recovery ignores
// anyway (the frame's checksum never matched). Every other call goes to the platform's VFS.
#include "wal_frame_vfs.hpp"

#include <atomic>
#include <cstring>
#include <mutex>
#include <sqlite3.h>

namespace amzconn::refhost {

namespace {

constexpr int k_frame_header = 24;
constexpr int k_largest_joined_page = 8192; // larger pages are written as SQLite wrote them

sqlite3_vfs* g_base = nullptr; // the platform's VFS, set once when this one is registered
std::atomic<unsigned long long> g_joined{0};

struct FrameFile {
    sqlite3_file base;  // pMethods: ours, set only once the real file is open
    sqlite3_file* real; // the platform's file, in the same allocation, after this struct
    bool wal;           // only a WAL file's frame headers are held
    bool held;          // a frame header is waiting for its page
    sqlite3_int64 held_offset;
    unsigned char header[k_frame_header];
};

FrameFile* frame_file(sqlite3_file* file) {
    return reinterpret_cast<FrameFile*>(file);
}

sqlite3_file* real_of(sqlite3_file* file) {
    return frame_file(file)->real;
}

int write_held(FrameFile* f) {
    if (!f->held) {
        return SQLITE_OK;
    }
    f->held = false;
    return f->real->pMethods->xWrite(f->real, f->header, k_frame_header, f->held_offset);
}

int frame_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    FrameFile* f = frame_file(file);
    if (f->wal && !f->held && amount == k_frame_header) {
        std::memcpy(f->header, data, k_frame_header);
        f->held = true;
        f->held_offset = offset;
        return SQLITE_OK;
    }
    if (f->held && offset == f->held_offset + k_frame_header && amount > 0 &&
        amount <= k_largest_joined_page) {
        unsigned char joined[k_frame_header + k_largest_joined_page];
        std::memcpy(joined, f->header, k_frame_header);
        std::memcpy(joined + k_frame_header, data, static_cast<size_t>(amount));
        f->held = false;
        g_joined.fetch_add(1, std::memory_order_relaxed);
        return f->real->pMethods->xWrite(f->real, joined, k_frame_header + amount, f->held_offset);
    }
    if (const int rc = write_held(f); rc != SQLITE_OK) {
        return rc;
    }
    return f->real->pMethods->xWrite(f->real, data, amount, offset);
}

// The calls that read, size, sync or lock the file see the held header written first.
template <typename Call>
int after_held(sqlite3_file* file, Call call) {
    if (const int rc = write_held(frame_file(file)); rc != SQLITE_OK) {
        return rc;
    }
    return call(real_of(file));
}

int frame_close(sqlite3_file* file) {
    const int held = write_held(frame_file(file));
    const int rc = real_of(file)->pMethods->xClose(real_of(file));
    return held != SQLITE_OK ? held : rc;
}

int frame_read(sqlite3_file* file, void* data, int amount, sqlite3_int64 offset) {
    return after_held(file,
                      [&](sqlite3_file* r) { return r->pMethods->xRead(r, data, amount, offset); });
}

int frame_truncate(sqlite3_file* file, sqlite3_int64 size) {
    return after_held(file, [&](sqlite3_file* r) { return r->pMethods->xTruncate(r, size); });
}

int frame_sync(sqlite3_file* file, int flags) {
    return after_held(file, [&](sqlite3_file* r) { return r->pMethods->xSync(r, flags); });
}

int frame_file_size(sqlite3_file* file, sqlite3_int64* size) {
    return after_held(file, [&](sqlite3_file* r) { return r->pMethods->xFileSize(r, size); });
}

int frame_lock(sqlite3_file* file, int level) {
    return after_held(file, [&](sqlite3_file* r) { return r->pMethods->xLock(r, level); });
}

int frame_unlock(sqlite3_file* file, int level) {
    return after_held(file, [&](sqlite3_file* r) { return r->pMethods->xUnlock(r, level); });
}

int frame_check_reserved(sqlite3_file* file, int* out) {
    return real_of(file)->pMethods->xCheckReservedLock(real_of(file), out);
}

int frame_file_control(sqlite3_file* file, int op, void* arg) {
    return after_held(file, [&](sqlite3_file* r) { return r->pMethods->xFileControl(r, op, arg); });
}

int frame_sector_size(sqlite3_file* file) {
    return real_of(file)->pMethods->xSectorSize(real_of(file));
}

int frame_device(sqlite3_file* file) {
    return real_of(file)->pMethods->xDeviceCharacteristics(real_of(file));
}

int frame_shm_map(sqlite3_file* file, int page, int size, int extend, void volatile** out) {
    return after_held(
        file, [&](sqlite3_file* r) { return r->pMethods->xShmMap(r, page, size, extend, out); });
}

int frame_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
    return after_held(file,
                      [&](sqlite3_file* r) { return r->pMethods->xShmLock(r, offset, n, flags); });
}

void frame_shm_barrier(sqlite3_file* file) {
    (void)write_held(frame_file(file)); // a barrier cannot fail; the next call reports it
    real_of(file)->pMethods->xShmBarrier(real_of(file));
}

int frame_shm_unmap(sqlite3_file* file, int delete_flag) {
    return after_held(file,
                      [&](sqlite3_file* r) { return r->pMethods->xShmUnmap(r, delete_flag); });
}

int frame_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
    return after_held(file,
                      [&](sqlite3_file* r) { return r->pMethods->xFetch(r, offset, amount, out); });
}

int frame_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
    return real_of(file)->pMethods->xUnfetch(real_of(file), offset, page);
}

// Version 3 methods; the wrapped file's own methods are at least that on every platform SQLite
// supports with WAL (shared memory and memory-mapped reads).
const sqlite3_io_methods k_methods = {
    3,
    frame_close,
    frame_read,
    frame_write,
    frame_truncate,
    frame_sync,
    frame_file_size,
    frame_lock,
    frame_unlock,
    frame_check_reserved,
    frame_file_control,
    frame_sector_size,
    frame_device,
    frame_shm_map,
    frame_shm_lock,
    frame_shm_barrier,
    frame_shm_unmap,
    frame_fetch,
    frame_unfetch,
};

int frame_open(sqlite3_vfs* /*vfs*/, const char* name, sqlite3_file* file, int flags,
               int* out_flags) {
    FrameFile* f = frame_file(file);
    f->base.pMethods = nullptr; // SQLite calls no method of a file that did not open
    f->real = reinterpret_cast<sqlite3_file*>(f + 1);
    f->wal = (flags & SQLITE_OPEN_WAL) != 0;
    f->held = false;
    f->held_offset = 0;
    const int rc = g_base->xOpen(g_base, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK || f->real->pMethods == nullptr) {
        return rc;
    }
    if (f->real->pMethods->iVersion < 3) {
        f->wal = false; // not expected; the frames are then written as SQLite writes them
    }
    f->base.pMethods = &k_methods;
    return SQLITE_OK;
}

int vfs_delete(sqlite3_vfs*, const char* name, int sync_dir) {
    return g_base->xDelete(g_base, name, sync_dir);
}
int vfs_access(sqlite3_vfs*, const char* name, int flags, int* out) {
    return g_base->xAccess(g_base, name, flags, out);
}
int vfs_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
    return g_base->xFullPathname(g_base, name, n, out);
}
void* vfs_dl_open(sqlite3_vfs*, const char* name) {
    return g_base->xDlOpen(g_base, name);
}
void vfs_dl_error(sqlite3_vfs*, int n, char* out) {
    g_base->xDlError(g_base, n, out);
}
void (*vfs_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
    return g_base->xDlSym(g_base, handle, symbol);
}
void vfs_dl_close(sqlite3_vfs*, void* handle) {
    g_base->xDlClose(g_base, handle);
}
int vfs_randomness(sqlite3_vfs*, int n, char* out) {
    return g_base->xRandomness(g_base, n, out);
}
int vfs_sleep(sqlite3_vfs*, int microseconds) {
    return g_base->xSleep(g_base, microseconds);
}
int vfs_current_time(sqlite3_vfs*, double* out) {
    return g_base->xCurrentTime(g_base, out);
}
int vfs_last_error(sqlite3_vfs*, int n, char* out) {
    return g_base->xGetLastError(g_base, n, out);
}
int vfs_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
    return g_base->xCurrentTimeInt64(g_base, out);
}

sqlite3_vfs g_vfs{};

bool register_vfs() {
    g_base = sqlite3_vfs_find(nullptr);
    if (g_base == nullptr || g_base->iVersion < 2 || g_base->xCurrentTimeInt64 == nullptr) {
        return false;
    }
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = static_cast<int>(sizeof(FrameFile)) + g_base->szOsFile;
    g_vfs.mxPathname = g_base->mxPathname;
    g_vfs.zName = "amzconn-wal-frames";
    g_vfs.xOpen = frame_open;
    g_vfs.xDelete = vfs_delete;
    g_vfs.xAccess = vfs_access;
    g_vfs.xFullPathname = vfs_full_pathname;
    g_vfs.xDlOpen = vfs_dl_open;
    g_vfs.xDlError = vfs_dl_error;
    g_vfs.xDlSym = vfs_dl_sym;
    g_vfs.xDlClose = vfs_dl_close;
    g_vfs.xRandomness = vfs_randomness;
    g_vfs.xSleep = vfs_sleep;
    g_vfs.xCurrentTime = vfs_current_time;
    g_vfs.xGetLastError = vfs_last_error;
    g_vfs.xCurrentTimeInt64 = vfs_current_time_int64;
    return sqlite3_vfs_register(&g_vfs, 0) == SQLITE_OK;
}

} // namespace

unsigned long long wal_frames_joined() {
    return g_joined.load(std::memory_order_relaxed);
}

const char* wal_frame_vfs_name() {
    static std::once_flag once;
    static bool registered = false;
    std::call_once(once, [] { registered = register_vfs(); });
    return registered ? g_vfs.zName : nullptr;
}

} // namespace amzconn::refhost
