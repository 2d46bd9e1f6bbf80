#!/usr/bin/env python3
"""What one durable commit per order must write: the floor under disk_written_per_db_growth.

Input: a host database kept by `amzconn_bench_orders_e2e --keep-db FILE`. Like the benchmark's
round B, it writes the rows that import stored (its sales orders, customers and log lines, the
log lines spread evenly over the orders) with plain SQLite into fresh files, one transaction per
order, WAL and synchronous=NORMAL as the host. It prints, per variant of schema and settings,
the bytes the kernel counts as written (/proc/self/io write_bytes, as getrusage's ru_oublock)
over the database's growth; then, for the host's own schema, the WAL frames one commit appends,
by B-tree. Usage: wal_floor.py HOST_DB [ORDERS_FOR_FRAME_COUNT]
"""
import collections
import os
import sqlite3
import struct
import sys

OPTIONAL_INDEXES = ["entities_idempotency_key", "entities_amazon_order_id", "entities_code",
                    "entities_email", "entities_product", "entities_store", "connection_log_ts"]

# name, page size, WAL pages before a checkpoint (bytes / page size), drop AUTOINCREMENT,
# indexes left out
VARIANTS = [
    ("host schema, 4 MiB WAL (before)", 1024, 4096, False, []),
    ("host schema, 32 MiB WAL (now)", 1024, 32768, False, []),
    ("host schema, 64 MiB WAL", 1024, 65536, False, []),
    ("no secondary index, no AUTOINCREMENT, 64 MiB WAL", 1024, 65536, True, OPTIONAL_INDEXES),
    ("the same with 512-byte pages", 512, 131072, True, OPTIONAL_INDEXES),
]


def load(path):
    src = sqlite3.connect(path)
    entities = src.execute("SELECT kind, key, doc, created_at, updated_at FROM entities WHERE "
                           "kind IN ('sales_order', 'customer') ORDER BY id").fetchall()
    logs = src.execute("SELECT ts, level, store, reference, message FROM connection_log "
                       "ORDER BY id").fetchall()
    schema = [r[0] for r in src.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid")]
    return entities, logs, schema


def written_bytes():
    with open("/proc/self/io") as io:
        for line in io:
            if line.startswith("write_bytes"):
                return int(line.split()[1])
    return 0


def size(path):
    return sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))


def fresh(path, page, wal_pages, schema):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in (f"page_size={page}", "journal_mode=WAL", "synchronous=NORMAL",
                   "secure_delete=ON", f"wal_autocheckpoint={wal_pages}"):
        db.execute("PRAGMA " + pragma)
    for sql in schema:
        db.execute(sql)
    return db


def replay(db, entities, logs, max_orders=None):
    orders = max(1, sum(1 for e in entities if e[0] == "sales_order"))
    next_log, order = 0, 0
    db.execute("BEGIN IMMEDIATE")
    for row in entities:
        db.execute("INSERT INTO entities (kind, key, doc, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?)", row)
        if row[0] != "sales_order":
            continue
        order += 1
        while next_log < len(logs) and next_log * orders < len(logs) * order:
            db.execute("INSERT INTO connection_log (ts, level, store, reference, message) "
                       "VALUES (?, ?, ?, ?, ?)", logs[next_log])
            next_log += 1
        db.execute("COMMIT")
        if max_orders and order >= max_orders:
            return order
        db.execute("BEGIN IMMEDIATE")
    db.execute("COMMIT")
    return order


def variant(path, entities, logs, schema, name, page, wal_pages, no_autoinc, dropped):
    kept = [s.replace("AUTOINCREMENT", "") if no_autoinc else s for s in schema]
    kept = [s for s in kept if not any(f"INDEX {d} " in s for d in dropped)]
    db = fresh(path, page, wal_pages, kept)
    before_size, before_written = size(path), written_bytes()
    orders = replay(db, entities, logs)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # as the host's last close does
    db.close()
    written, growth = written_bytes() - before_written, size(path) - before_size
    print(f"{name:50s} {written / growth:5.2f} x  ({written / orders:6.0f} B written, "
          f"{growth / orders:5.0f} B growth per order)")


def frames_per_commit(path, entities, logs, schema, orders):
    """The WAL frames of the first `orders` commits, by the B-tree that owns each page."""
    db = fresh(path, 1024, 0, schema)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    commits = replay(db, entities, logs, orders)
    owner = {}
    try:
        owner = {page: name for name, page in db.execute("SELECT name, pageno FROM dbstat")}
    except sqlite3.OperationalError:
        pass  # no dbstat in this SQLite: frames are counted, not named
    with open(path + "-wal", "rb") as wal:
        data = wal.read()
    db.close()
    counts, frame, pos = collections.Counter(), 24 + 1024, 32
    while pos + frame <= len(data):
        page = struct.unpack(">I", data[pos:pos + 4])[0]
        counts["page 1 (header: the file grew)" if page == 1 else owner.get(page, "?")] += 1
        pos += frame
    total = sum(counts.values())
    print(f"\nWAL frames per commit, host schema, first {commits} orders: "
          f"{total / commits:.2f} ({total * frame / commits:.0f} bytes)")
    for name, n in counts.most_common():
        print(f"  {name:40s} {n / commits:5.2f}")


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(sys.argv) > 1 else 1
    entities, logs, schema = load(sys.argv[1])
    scratch = os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "wal_floor.db")
    print(f"{sum(1 for e in entities if e[0] == 'sales_order')} orders, one commit each; "
          "written / growth of the database:")
    for name, page, wal_pages, no_autoinc, dropped in VARIANTS:
        variant(scratch, entities, logs, schema, name, page, wal_pages, no_autoinc, dropped)
    frames_per_commit(scratch, entities, logs, schema,
                      int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(scratch + suffix):
            os.remove(scratch + suffix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
