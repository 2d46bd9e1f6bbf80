/* amzconn host <-> plugin contract, version 1 (C ABI).
 *
 * The only thing that crosses the shared-object boundary. Plain C types and UTF-8 JSON text; no C++
 * objects, no exceptions. Every table starts with struct_size / abi_major / abi_minor so either
 * side can refuse the other before anything else runs. Whoever allocates also frees: strings passed
 * in are borrowed for the duration of the call; results are written into a sink owned by the
 * caller.
 *
 * Compatibility rule (GStreamer, DuckDB C_STRUCT): a host loads a plugin when the majors are equal
 * and the plugin's minor is not newer than the host's. New functions are appended at the end of a
 * table and bump the minor; callers check struct_size before touching a field added after 1.0.
 */
#ifndef AMZCONN_ABI_H
#define AMZCONN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AMZC_ABI_MAJOR 1
#define AMZC_ABI_MINOR 0

/* The one exported symbol of a plugin (a Boost.DLL alias), of type amzc_entry_fn. */
#define AMZC_ENTRY_POINT_NAME "amzconn_plugin_entry"

/* A borrowed UTF-8 string: valid only during the call that received it; not NUL-terminated. */
typedef struct amzc_str {
    const char* data;
    size_t size;
} amzc_str;

/* Where a callee writes a result. The callee may call write several times (chunks are appended);
 * the receiver copies what it needs. write must not throw or longjmp. */
typedef struct amzc_sink {
    void* ctx;
    void (*write)(void* ctx, const char* data, size_t size);
} amzc_sink;

/* Outcome of every call. On anything but AMZC_OK the callee writes a human-readable message
 * (what went wrong and what to do next) into the call's `err` sink. */
typedef enum amzc_status {
    AMZC_OK = 0,
    AMZC_RETRY_LATER = 1,     /* transient: try again (a report may say when) */
    AMZC_BAD_INPUT = 2,       /* the caller's input is wrong: config, arguments, payload */
    AMZC_AUTH_FAILED = 3,     /* credentials revoked, rotated or missing: re-authorize */
    AMZC_NOT_FOUND = 4,       /* the named store, job, key or entity does not exist */
    AMZC_CONFLICT = 5,        /* compare-and-set lost, lease held by another worker, duplicate */
    AMZC_CANCELLED = 6,       /* stopped on request (cancel, SIGTERM) at a safe point */
    AMZC_NOT_IMPLEMENTED = 7, /* the operation exists in the contract but this build lacks it */
    AMZC_INCOMPATIBLE = 8,    /* ABI or table mismatch */
    AMZC_INTERNAL = 9         /* a bug or an unexpected failure inside the callee */
} amzc_status;

/* Connection-log levels. */
typedef enum amzc_log_level {
    AMZC_LOG_ERROR = 0,
    AMZC_LOG_INFO = 1,
    AMZC_LOG_DEBUG = 2
} amzc_log_level;

/* State versions for compare-and-set: a key that does not exist has version 0; every successful put
 * returns the new version (> 0). */
#define AMZC_VERSION_ANY (INT64_C(-1))   /* put unconditionally */
#define AMZC_VERSION_ABSENT (INT64_C(0)) /* put only if the key does not exist yet */

/* Host services, implemented by the host, borrowed by the plugin for the life of an instance.
 * Every function may be called from any plugin worker thread; the host serialises as it needs.
 * JSON documents are described in sdk/docs/. */
typedef struct amzc_host_v1 {
    uint32_t struct_size;
    uint32_t abi_major;
    uint32_t abi_minor;
    uint32_t reserved0;
    void* ctx;

    /* Durable state: opaque UTF-8 values in a namespace (e.g. "store:uk1").
     * state_get writes {"value": "...", "version": N} or returns AMZC_NOT_FOUND. */
    amzc_status (*state_get)(void* ctx, amzc_str ns, amzc_str key, amzc_sink out, amzc_sink err);
    /* Compare-and-set: expected_version is AMZC_VERSION_ANY, AMZC_VERSION_ABSENT or the version
     * last read; a mismatch returns AMZC_CONFLICT and changes nothing. *new_version receives the
     * version. */
    amzc_status (*state_put)(void* ctx, amzc_str ns, amzc_str key, amzc_str value,
                             int64_t expected_version, int64_t* new_version, amzc_sink err);
    /* Lists keys of a namespace starting with prefix: writes [{"key","value","version"}...]. */
    amzc_status (*state_list)(void* ctx, amzc_str ns, amzc_str prefix, amzc_sink out,
                              amzc_sink err);
    /* Removes a key if its version matches (AMZC_VERSION_ANY: always). */
    amzc_status (*state_delete)(void* ctx, amzc_str ns, amzc_str key, int64_t expected_version,
                                amzc_sink err);

    /* Entities (sdk/docs/entities.md). query: filter is a JSON object of field equalities plus
     * optional "limit"/"after" (the "id" of the previous page's last document); writes a JSON
     * array of documents ordered by id, each with its "id" added. */
    amzc_status (*entity_query)(void* ctx, amzc_str kind, amzc_str filter_json, amzc_sink out,
                                amzc_sink err);
    /* Upsert idempotent on key (e.g. a sales order's idempotency key): writes
     * {"id": "...", "created": true|false, "changed": true|false}. */
    amzc_status (*entity_upsert)(void* ctx, amzc_str kind, amzc_str key, amzc_str doc_json,
                                 amzc_sink out, amzc_sink err);

    /* All-or-nothing batch over state and entities: ops_json is an array of
     * {"op":"state_put","ns","key","value","expected_version"} | {"op":"state_delete",...} |
     * {"op":"upsert","kind","key","doc"}. Writes the per-op results as an array, or, if any op
     * fails (a CAS conflict, a bad document), applies nothing and returns that op's status. */
    amzc_status (*transact)(void* ctx, amzc_str ops_json, amzc_sink out, amzc_sink err);

    /* Connection log: one entry; store and reference (Amazon order id, feed id, request id) may be
     * empty. The plugin never puts secrets or buyer data in a message. */
    void (*log)(void* ctx, int32_t level, amzc_str store, amzc_str reference, amzc_str message);

    /* Secrets by reference: a host secret name; writes the value. Callers wipe their copy. */
    amzc_status (*secret_get)(void* ctx, amzc_str name, amzc_sink out, amzc_sink err);

    /* Clock: milliseconds since the Unix epoch (UTC). Real, or virtual in tests. */
    int64_t (*now_ms)(void* ctx);
    /* Waits on the host clock (a virtual clock advances at once). Returns AMZC_CANCELLED when the
     * host is shutting down and the plugin should stop at a safe point. */
    amzc_status (*sleep_ms)(void* ctx, int64_t ms);

    /* Progress of long work: done of total (total 0 = unknown). */
    void (*progress)(void* ctx, amzc_str job, amzc_str store, uint64_t done, uint64_t total,
                     amzc_str message);

    void* reserved[8];
} amzc_host_v1;

/* Opaque plugin instance: created by the plugin, destroyed by the plugin. */
typedef struct amzc_instance amzc_instance;

/* The plugin's table, a static inside the plugin; valid while the library is loaded. */
typedef struct amzc_plugin_v1 {
    uint32_t struct_size;
    uint32_t abi_major;
    uint32_t abi_minor;
    uint32_t reserved0;

    /* Side-effect-free description: id, version, abi, jobs with default schedules, actions, the
     * settings JSON Schema. Callable without an instance. */
    amzc_status (*manifest)(amzc_sink out, amzc_sink err);

    /* Validates a config without an instance and without I/O. file_name is used in diagnostics;
     * context_json may carry {"installed": {...}} for install-time checks (or be empty). Writes
     * {"ok": bool, "diagnostics": [{"file","line","column","severity","path","message"}...]}, and
     * for a valid config "plan": [{"alias","retired","summary":[{"topic","text"}...]}...] (what it
     * will do, for a review step before install); the status is AMZC_BAD_INPUT when any diagnostic
     * is an error. */
    amzc_status (*validate_config)(amzc_str file_name, amzc_str yaml, amzc_str context_json,
                                   amzc_sink out, amzc_sink err);

    /* Creates an instance bound to host services (borrowed until destroy). No network I/O. */
    amzc_status (*create)(const amzc_host_v1* host, amzc_instance** out_instance, amzc_sink err);
    /* Stops workers, joins threads, frees the instance. The host may unload after this returns. */
    void (*destroy)(amzc_instance* instance);
    /* Asks running calls to stop at their next safe point (thread-safe). */
    void (*cancel)(amzc_instance* instance);

    /* Validates (against what is installed) and stores the config; creates or updates stores.
     * Writes a report {"stores":[...], "diagnostics":[...]}. Nothing is stored on any error. */
    amzc_status (*install)(amzc_instance* instance, amzc_str file_name, amzc_str yaml,
                           amzc_sink out, amzc_sink err);
    /* Writes [{"alias","display_name","open","sync_level","marketplaces",...}]. */
    amzc_status (*list_stores)(amzc_instance* instance, amzc_sink out, amzc_sink err);
    /* Opens (open != 0) or closes a store; persisted in host state and written to the log. */
    amzc_status (*set_store_open)(amzc_instance* instance, amzc_str store, int32_t open,
                                  amzc_sink out, amzc_sink err);
    /* Tests a store's connection: writes {"store","ok","marketplaces":[...],"message"}. */
    amzc_status (*check)(amzc_instance* instance, amzc_str store, amzc_sink out, amzc_sink err);
    /* Runs a named job from the manifest for one store (empty: every store it applies to).
     * args_json is an object of string values. Writes the job report (sdk/docs/entities.md). */
    amzc_status (*run_job)(amzc_instance* instance, amzc_str job, amzc_str store,
                           amzc_str args_json, amzc_sink out, amzc_sink err);
    /* An event from the host: {"kind":"stock_changed","skus":[...]} |
     * {"kind":"order_shipped",...} | {"kind":"order_cancelled",...}. The plugin records it durably
     * before returning AMZC_OK. Writes a small report. */
    amzc_status (*handle_event)(amzc_instance* instance, amzc_str event_json, amzc_sink out,
                                amzc_sink err);

    void* reserved[8];
} amzc_plugin_v1;

/* The entry point: the host passes its ABI version; the plugin returns its table (never NULL for a
 * well-formed plugin; the host still checks every field before use). */
typedef const amzc_plugin_v1* (*amzc_entry_fn)(uint32_t host_abi_major, uint32_t host_abi_minor);

#ifdef __cplusplus
}
#endif

#endif /* AMZCONN_ABI_H */
