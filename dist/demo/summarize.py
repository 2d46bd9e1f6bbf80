#!/usr/bin/env python3
"""The demo's human summaries: a few lines that matter after each step of dist/demo.sh.

Each subcommand reads JSON files the demo saved (Amazon's state from the sandbox's
/_sandbox/state, the host's `dump --json`, `log --json`, an event's `--json` answer) and prints
short indented lines. `check-*` subcommands exit 1 with a message when a step did not do what
the demo says it does, so the demo fails instead of telling a story that is not true.
"""
import json
import sys
from collections import Counter

# The demo store's marketplaces (config/examples/demo.yaml: primary UK, further DE).
MARKETS = {"A1F83G8C2ARO7P": "UK", "A1PA6795UKMFR9": "DE"}
SHOWN = 4  # orders listed per kind of change; the rest are counted


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def store_orders(state):
    return {o["orderId"]: o for o in state["orders"] if o["marketplaceId"] in MARKETS}


def channel(order):
    return "FBA" if order["fulfilledBy"] == "AMAZON" else "FBM"


def buyer_request(order):
    for item in order["items"]:
        request = (item.get("cancellation") or {}).get("cancellationRequest")
        if request:
            return request.get("cancelReason", "no reason given")
    return None


def listed(ids, describe):
    for order_id in ids[:SHOWN]:
        print(f"     {order_id}  {describe(order_id)}")
    if len(ids) > SHOWN:
        print(f"     ... and {len(ids) - SHOWN} more")


def manifest(path):
    m = load(path)
    print(f"{m['id']} {m['version']}  ABI {m['abi']['major']}.{m['abi']['minor']}  "
          f"settings: {len(json.dumps(m['settings_schema']))} bytes of JSON Schema")
    for job in m["jobs"]:
        every = job["default_interval_s"]
        state = "ready" if job["implemented"] else "not implemented in this build"
        print(f"  job {job['name']:<22} every {str(every) + ' s' if every else 'on demand':<10} "
              f"{state}")


def amazon_orders(path):
    """What Amazon holds for the store's marketplaces, by channel and status."""
    orders = store_orders(load(path)).values()
    counts = Counter((channel(o), o["status"]) for o in orders)
    print(f"   Amazon holds {len(orders)} order(s) in UK and DE:")
    for ch in ("FBM", "FBA"):
        parts = [f"{s.lower()} {n}" for (c, s), n in sorted(counts.items()) if c == ch]
        print(f"     {ch}: " + ", ".join(parts))


def host_orders(path):
    """The host's sales orders by Amazon channel and host status."""
    orders = load(path)["sales_orders"]
    counts = Counter((o["metadata"].get("amazon_fulfillment_channel", "?"), o["status"])
                     for o in orders)
    print(f"   the host holds {len(orders)} sales order(s):")
    for ch, name in (("MFN", "FBM"), ("AFN", "FBA")):
        parts = [f"{s} {n}" for (c, s), n in sorted(counts.items()) if c == ch]
        if parts:
            print(f"     {name}: " + ", ".join(parts))


def amazon_changes(before_path, after_path, want_requests="0"):
    """What happened on Amazon (the sandbox) between two of its states; fails with fewer than
    want_requests new buyer cancellation requests."""
    before, after = store_orders(load(before_path)), store_orders(load(after_path))
    arrived = sorted(k for k in after if k not in before)
    changed = sorted(k for k in after
                     if k in before and after[k]["lastUpdatedTime"] != before[k]["lastUpdatedTime"])
    fba_shipped = [k for k in arrived + changed
                   if channel(after[k]) == "FBA" and after[k]["status"] == "SHIPPED"]
    fbm_shipped = [k for k in changed if channel(after[k]) == "FBM"
                   and before[k]["status"] == "UNSHIPPED" and after[k]["status"] != "UNSHIPPED"
                   and not after[k]["shipments"]]
    requests = [k for k in arrived + changed
                if buyer_request(after[k]) and not (k in before and buyer_request(before[k]))]
    cancelled = [k for k in arrived + changed if after[k]["status"] == "CANCELLED"]
    print(f"   on Amazon: {len(arrived)} order(s) arrived, {len(changed)} known order(s) changed")
    counts = Counter(f"{channel(after[k])} {after[k]['status'].lower()}" for k in arrived)
    if counts:
        print("     arrived: " + ", ".join(f"{n} {what}" for what, n in sorted(counts.items())))
    print(f"     {len(fba_shipped)} FBA order(s) shipped by Amazon, {len(fbm_shipped)} FBM "
          f"order(s) shipped by the seller in Seller Central, {len(requests)} buyer "
          f"cancellation request(s), {len(cancelled)} cancelled before payment")
    listed(requests, lambda k: f"{after[k]['status']}, the buyer asks to cancel "
                               f"({buyer_request(after[k])})")
    if len(requests) < int(want_requests):
        sys.exit(f"demo: the demo promises at least {want_requests} buyer cancellation request(s)")


def import_writes(log_path, since_id):
    """The orders the host wrote after log entry since_id: (new, updated), each [(id, text)]."""
    since = int(since_id)
    new, updated = [], []
    for entry in load_lines(log_path):
        if entry["id"] <= since or entry["level"] != "INFO":
            continue
        message = entry["message"]
        if message.startswith("order imported as "):
            new.append((entry["reference"], message[len("order imported as "):]))
        elif message.startswith("order updated: "):
            updated.append((entry["reference"], message[len("order updated: "):]))
    return new, updated


def import_changes(log_path, since_id):
    """The orders the last import wrote, from its INFO lines in the connection log."""
    new, updated = import_writes(log_path, since_id)
    print(f"   the host wrote {len(new)} new and {len(updated)} updated order(s):")
    groups = (("new FBM", [r for r in new if "(MFN" in r[1]]),
              ("new FBA", [r for r in new if "(MFN" not in r[1]]), ("updated", updated))
    for title, rows in groups:
        if rows:
            print(f"   {title}:")
            text = dict(rows)
            listed([r for r, _ in rows], lambda k: text[k])


def check_import(log_path, since_id, want_new, want_updated, want_fba="0"):
    """Fails unless the import after since_id wrote at least the orders the demo promises."""
    new, updated = import_writes(log_path, since_id)
    fba = sum("(MFN" not in text for _, text in new)
    if len(new) < int(want_new) or len(updated) < int(want_updated) or fba < int(want_fba):
        sys.exit(f"demo: the import wrote {len(new)} new ({fba} FBA) and {len(updated)} updated "
                 f"order(s); the demo promises at least {want_new} ({want_fba} FBA) and "
                 f"{want_updated}")


def shipments(path, *ids):
    """What Amazon holds for the orders the host shipped."""
    orders = {o["orderId"]: o for o in load(path)["orders"]}
    for order_id in ids:
        o = orders[order_id]
        print(f"   {order_id} {o['status']}")
        for s in o["shipments"]:
            units = sum(i["quantity"] for i in s["orderItems"])
            carrier = " ".join(p for p in (s["carrierCode"], s.get("carrierName", "")) if p)
            print(f"     package {s['packageReferenceId']}: {carrier}, tracking "
                  f"{s['trackingNumber']}, {units} unit(s)")


def check_shipped(path, *ids):
    orders = {o["orderId"]: o for o in load(path)["orders"]}
    for order_id in ids:
        if not orders[order_id]["shipments"]:
            sys.exit(f"demo: Amazon holds no shipment for {order_id}")


def listings(path, *skus):
    """Amazon's listings of the store's marketplaces: what the stock export left there."""
    for listing in load(path)["listings"]:
        market = MARKETS.get(listing["marketplace_id"])
        if market is None or (skus and listing["sku"] not in skus):
            continue
        price = listing.get("price") or {}
        fba = listing["channel"].startswith("AMAZON")
        quantity = "Amazon counts FBA stock" if fba else f"quantity {listing['quantity']}"
        print(f"   {listing['sku']:<11} {market} {listing['channel']:<9} {quantity}, "
              f"price {price.get('amount', '-')} {price.get('currency', '')}, "
              f"handling {listing.get('handling_time', '-')} day(s)")


def check_listing(path, sku, market, quantity):
    """Fails unless Amazon's listing of sku in market (UK, DE) holds quantity."""
    for listing in load(path)["listings"]:
        if listing["sku"] == sku and MARKETS.get(listing["marketplace_id"]) == market:
            if listing["quantity"] != int(quantity):
                sys.exit(f"demo: Amazon's {sku} in {market} holds quantity {listing['quantity']}, "
                         f"the demo expects {quantity}")
            return
    sys.exit(f"demo: Amazon has no listing {sku} in {market}")


def event(path):
    """The plugin's answer to a host event, in a line or two."""
    answer = load(path)
    reports = answer.get("reports", [answer])
    for report in reports:
        counts = report.get("counts", {})
        shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        what = report.get("shipment") or ", ".join(report.get("skus", []))
        print(f"   {answer.get('kind', 'event')} {report.get('store', '')} {what}: "
              f"{report.get('status')}" + (f" ({shown})" if shown else ""))
        for message in report.get("messages", [])[:2]:
            print(f"     {message}")


def last_log_id(path):
    entries = load_lines(path)
    print(entries[-1]["id"] if entries else 0)


def pick_orders(path, kind, count, *exclude):
    """Orders of the demo store for a step: ID SKU QUANTITY per line (the first item).

    kind: open (FBM, unshipped, no buyer request), requested (FBM, unshipped, the buyer asks to
    cancel), fbm-shipped, fba-shipped."""
    wanted = {
        "open": lambda o: channel(o) == "FBM" and o["status"] == "UNSHIPPED"
        and not buyer_request(o),
        "requested": lambda o: channel(o) == "FBM" and o["status"] == "UNSHIPPED"
        and buyer_request(o),
        "fbm-shipped": lambda o: channel(o) == "FBM" and o["status"] == "SHIPPED",
        "fba-shipped": lambda o: channel(o) == "FBA" and o["status"] == "SHIPPED",
    }[kind]
    picked = [o for k, o in sorted(store_orders(load(path)).items())
              if k not in exclude and wanted(o)][:int(count)]
    if len(picked) < int(count):
        sys.exit(f"demo: Amazon has {len(picked)} {kind} order(s), the step needs {count}")
    for o in picked:
        item = o["items"][0]
        print(o["orderId"], item["sellerSku"], item.get("quantityOrdered", 1))


def order_status(path, *ids):
    """Amazon's status of the orders a step changed."""
    orders = store_orders(load(path))
    for order_id in ids:
        print(f"   {order_id} {orders[order_id]['status']}")


def check_status(path, status, *ids):
    orders = store_orders(load(path))
    for order_id in ids:
        if orders[order_id]["status"] != status:
            sys.exit(f"demo: Amazon shows {order_id} {orders[order_id]['status']}, the demo "
                     f"expects {status}")


def host_entities(path, group, want="0"):
    """The host's cancellation or return entities (dump --json), a line each."""
    docs = load(path).get(group, [])
    for doc in docs[:SHOWN]:
        doc = doc.get("doc", doc)
        if group == "returns":
            lines = ", ".join(f"{l.get('sku')} x{l.get('quantity')} ({l.get('reason', '-')}"
                              + (f", {l['disposition']}" if l.get("disposition") else "") + ")"
                              for l in doc.get("lines", []))
            print(f"   return {doc.get('return_id')} of {doc.get('order')}: "
                  f"{doc.get('status')}; {lines}")
        else:
            lines = ", ".join(f"{l['sku']} x{l['quantity']}" for l in doc.get("lines", []))
            print(f"   cancellation of {doc.get('order')}: {doc.get('reason')}"
                  + (f"; {lines}" if lines else "; the whole order"))
    if len(docs) > SHOWN:
        print(f"   ... and {len(docs) - SHOWN} more")
    if len(docs) < int(want):
        sys.exit(f"demo: the host holds {len(docs)} {group}, the demo expects {want}")


def product_list(path, want="1"):
    """The product list admins see (amzconn-host products): a few rows."""
    rows = load(path)
    for row in rows[:SHOWN]:
        sent = row.get("last_sent") or {}
        market = MARKETS.get(row.get("marketplace"), row.get("marketplace"))
        print(f"   {row.get('sku'):<11} {market} ASIN {row.get('asin') or '-'}, host product "
              f"{row.get('product') or '-'}, sync {row.get('sync', '-')}, lead time "
              f"{row.get('lead_time_days', '-')} day(s) ({row.get('lead_time_source', '-')})"
              + (f", last sent quantity {sent.get('quantity')} ({sent.get('amazon_answer')})"
                 if sent.get("amazon_answer") else ""))
    if len(rows) > SHOWN:
        print(f"   ... and {len(rows) - SHOWN} more")
    if len(rows) < int(want):
        sys.exit(f"demo: the product list has {len(rows)} row(s), the demo expects {want}")


def check_handling(path, sku, market, days):
    """Fails unless Amazon's listing of sku in market holds a handling time of days."""
    for listing in load(path)["listings"]:
        if listing["sku"] == sku and MARKETS.get(listing["marketplace_id"]) == market:
            if listing.get("handling_time") != int(days):
                sys.exit(f"demo: Amazon's {sku} in {market} has handling time "
                         f"{listing.get('handling_time')}, the demo expects {days}")
            return
    sys.exit(f"demo: Amazon has no listing {sku} in {market}")


COMMANDS = {
    "manifest": manifest,
    "amazon-orders": amazon_orders,
    "host-orders": host_orders,
    "amazon-changes": amazon_changes,
    "import-changes": import_changes,
    "check-import": check_import,
    "shipments": shipments,
    "check-shipped": check_shipped,
    "listings": listings,
    "check-listing": check_listing,
    "event": event,
    "last-log-id": last_log_id,
    "pick-orders": pick_orders,
    "order-status": order_status,
    "check-status": check_status,
    "host-entities": host_entities,
    "product-list": product_list,
    "check-handling": check_handling,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit("usage: summarize.py " + "|".join(COMMANDS) + " FILE ...")
    COMMANDS[sys.argv[1]](*sys.argv[2:])
