#!/usr/bin/env python3
"""The console's orders (issue 15 item 5) in headless Chromium, on the rig in
tests/support/console_rig.py: the order list and its filters against `amzconn-host dump --json`,
an order's detail page, Ship and Cancel proved by what Amazon (the sandbox) holds once the feed or
call is processed, a double submit that sends nothing twice, and the failed-order queue whose
orders, retried from the page, end up in the host once.

usage: orders_test.py CASE --bin DIR --plugin FILE --source DIR --work DIR"""
import copy
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from console_rig import By, Select, WebDriverWait, main  # noqa: E402

MARKETPLACES = {"A1F83G8C2ARO7P": "UK", "A1PA6795UKMFR9": "DE"}
# Bootstrap scrolls smoothly: a screenshot right after a smooth scroll catches it midway.
SCROLL_TO = "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})"
CANCEL_REASONS = ["NoInventory", "ShippingAddressUndeliverable", "CustomerExchange",
                  "BuyerCanceled", "GeneralAdjustment", "CarrierCreditDecision",
                  "RiskAssessmentInformationNotValid", "CarrierCoverageFailure", "CustomerReturn",
                  "MerchandiseNotReceived"]


# -- helpers ---------------------------------------------------------------------------------
def host_orders(rig):
    return json.loads(rig.host("dump", "--json"))["sales_orders"]


def channel(order):
    return "FBA" if order.get("metadata", {}).get("amazon_fulfillment_channel") == "AFN" else "FBM"


def listed_keys(rig):
    """The keys of the orders the list shows (every page), and its caption."""
    keys = []
    caption = rig.text("#order-count")
    while True:
        keys += [row.get_attribute("data-order")
                 for row in rig.driver.find_elements(By.CSS_SELECTOR, "#orders tbody tr")]
        nxt = rig.driver.find_elements(
            By.XPATH, "//li[contains(@class,'active')]/following-sibling::li[1]/a")
        if not nxt:
            return keys, caption
        rig.press_enter(nxt[0])


def open_fbm_order(rig, held, avoid=()):
    """A placed (unshipped) FBM order the host holds and Amazon has UNSHIPPED."""
    amazon = {o["orderId"]: o for o in rig.amazon()["orders"]}
    for order in sorted(held, key=lambda o: o["idempotency_key"]):
        ref = order["reference"]
        if channel(order) == "FBM" and order["status"] == "placed" and ref not in avoid \
                and amazon.get(ref, {}).get("status") == "UNSHIPPED":
            return order
    raise AssertionError("no unshipped FBM order in the host")


def post_form(rig, path, fields):
    """A POST with the browser's session cookie and the page's CSRF token; the HTTP status."""
    cookie = rig.driver.get_cookie("amzconn_console")
    csrf = rig.find("input[name=csrf]").get_attribute("value")
    request = urllib.request.Request(
        rig.url + path, data=urllib.parse.urlencode({**fields, "csrf": csrf}).encode(),
        headers={"Cookie": f"amzconn_console={cookie['value']}",
                 "Content-Type": "application/x-www-form-urlencoded"}, method="POST")
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def job_report(rig):
    """On a job's status page (after a form started the job): its status and report."""
    assert rig.driver.current_url.endswith("/jobs/status"), rig.driver.current_url
    WebDriverWait(rig.driver, 240).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#report-status, #job-error"))
    return rig.settled_text("#report-status"), rig.settled_text("#report")


def detail(rig, key):
    rig.get("/orders/detail?" + urllib.parse.urlencode({"id": key}))
    rig.check_labels()


def amazon_order(rig, order_id):
    return next(o for o in rig.amazon()["orders"] if o["orderId"] == order_id)


# -- the cases -------------------------------------------------------------------------------
def case_orders_filter(rig):
    """The order list shows the host's orders newest first; each filter keeps exactly the orders
    `dump --json` says match; the detail page shows the order's lines, charges, taxes, metadata
    and its log trail."""
    rig.sign_in()  # serve's first pass imported the demo store's orders
    # More orders than one page holds (25): Amazon gets more, the host imports them by date.
    rig.sandbox_post("/_sandbox/generate", {"count": 60, "seed": 11})
    status, report = rig.run_job("import_missing_orders", **{"from": "01152026"})  # mm dd yyyy
    assert status == "ok", report
    held = host_orders(rig)
    assert len(held) > 25, f"the imports should have brought a second page: {len(held)}"
    rig.press_enter(rig.driver.find_element(By.LINK_TEXT, "Orders"))
    rig.check_labels()
    rig.screenshot("orders")
    keys, caption = listed_keys(rig)
    assert caption.endswith("page 1 of 2"), caption  # listed_keys goes on to page 2
    assert sorted(keys) == sorted(o["idempotency_key"] for o in held), caption
    dates = [next(o["order_date"] for o in held if o["idempotency_key"] == k) for k in keys]
    assert dates == sorted(dates, reverse=True), "newest first"
    # Fulfilment and marketplace, from the keyboard (Enter in the search box submits).
    rig.get("/orders")
    Select(rig.find("#channel")).select_by_value("FBM")
    Select(rig.find("#marketplace")).select_by_value("A1PA6795UKMFR9")
    rig.press_enter(rig.find("#search"))
    keys, caption = listed_keys(rig)
    want = {o["idempotency_key"] for o in held if channel(o) == "FBM"
            and o["metadata"]["marketplace"] == "A1PA6795UKMFR9"}
    assert want and set(keys) == want, (caption, keys, want)
    rig.screenshot("orders-fbm-de")
    # Status, store and a date range.
    ordered = sorted(o["order_date"][:10] for o in held)
    low, high = ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]
    query = {"store": "demo", "status": "placed", "channel": "FBA", "from": low, "to": high}
    rig.get("/orders?" + urllib.parse.urlencode(query))
    keys, _ = listed_keys(rig)
    want = {o["idempotency_key"] for o in held if o["status"] == "placed" and channel(o) == "FBA"
            and low <= o["order_date"][:10] <= high}
    assert set(keys) == want, (keys, want)
    rig.get("/orders?" + urllib.parse.urlencode({"channel": "FBA"}))
    keys, _ = listed_keys(rig)
    assert set(keys) == {o["idempotency_key"] for o in held if channel(o) == "FBA"}
    # Search by the Amazon order id, then open the order from the keyboard.
    order = max(held, key=lambda o: (len(o["lines"]), len(o.get("charges", []))))
    rig.get("/orders")
    rig.press_enter(rig.find("#search"), order["reference"])
    keys, _ = listed_keys(rig)
    assert keys == [order["idempotency_key"]], keys
    rig.press_enter(rig.find(f"tr[data-order='{order['idempotency_key']}'] a"))
    rig.check_labels()
    assert "/orders/detail?id=" in rig.driver.current_url
    assert order["reference"] in rig.text("h1")
    assert len(rig.driver.find_elements(By.CSS_SELECTOR, "#order-lines tbody tr")) == \
        len(order["lines"])
    assert len(rig.driver.find_elements(By.CSS_SELECTOR, "#order-charges tbody tr")) == \
        len(order.get("charges", []))
    lines_text = rig.text("#order-lines")
    assert all(line["sku"] in lines_text and line["unit_price"] in lines_text
               for line in order["lines"]), lines_text
    metadata = rig.text("#order-metadata")
    for key in ("amazon_order_id", "marketplace", "amazon_fulfillment_channel"):
        assert f"{key} {order['metadata'][key]}" in metadata, metadata
    assert order["totals"]["tax"] in rig.text("#order-taxes")
    trail = rig.driver.find_elements(By.CSS_SELECTOR, "#order-log tbody tr")
    assert any("order imported" in row.text for row in trail), [r.text for r in trail]
    logged = rig.host("log", "--reference", order["reference"], "--level", "ALL", "--json")
    assert len(trail) == len([line for line in logged.splitlines() if line.strip()]), logged
    rig.screenshot("order-detail")
    # Of the buyer, the page shows no more than the city and country.
    ship_to = order.get("ship_to", {})
    page = rig.text("main")
    for field in ("name", "line1", "phone", "postal_code"):
        if ship_to.get(field):
            assert ship_to[field] not in page, f"the detail page shows the buyer's {field}"


def case_order_ship(rig):
    """Ship on an FBM order's page confirms the package to Amazon with its carrier and tracking;
    a second submit sends nothing and records no second shipment."""
    rig.sign_in()
    order = open_fbm_order(rig, host_orders(rig))
    key, ref = order["idempotency_key"], order["reference"]
    detail(rig, key)
    rig.driver.execute_script(SCROLL_TO,
                              rig.find("#ship-form"))
    rig.screenshot("before-ship")
    rig.find("#carrier").send_keys("Royal Mail")
    rig.press_enter(rig.find("#tracking"), "RM123456789GB")  # Enter submits the Ship form
    status, report = job_report(rig)
    rig.screenshot("ship-report")
    assert status == "ok", report
    assert report.startswith("confirm_shipments demo: ok"), report
    shipments = amazon_order(rig, ref)["shipments"]
    assert [s["trackingNumber"] for s in shipments] == ["RM123456789GB"], shipments
    assert shipments[0]["carrierCode"] == "Royal Mail" or \
        shipments[0].get("carrierName") == "Royal Mail", shipments
    assert amazon_order(rig, ref)["status"] == "SHIPPED"
    confirmations = rig.amazon()["confirmations"]
    # A double submit (the same form again, or another tracking number) changes nothing.
    detail(rig, key)
    assert rig.text(".shipment-tracking") == "RM123456789GB"
    trail = rig.text("#order-log")
    assert "console: an admin sent order_shipped; the plugin answered ok" in trail, trail
    assert not rig.driver.find_elements(By.CSS_SELECTOR, "#ship-form")
    for tracking in ("RM123456789GB", "RM000000000GB"):
        assert post_form(rig, "/orders/ship", {"id": key, "tracking": tracking}) == 409
    assert post_form(rig, "/orders/cancel", {"id": key, "reason": "NoInventory"}) == 409
    assert rig.amazon()["confirmations"] == confirmations
    assert len(amazon_order(rig, ref)["shipments"]) == 1
    held = json.loads(rig.host("dump", "--json"))["shipments"]
    assert len([s for s in held if s["order"] == key]) == 1, held
    rig.screenshot("after-ship")


def case_order_cancel(rig):
    """Cancel with a reason from Amazon's list on an FBM order's page: once the batch delay has
    passed, the acknowledgement feed cancels the order at Amazon; a second submit (Cancel or
    Ship) records nothing."""
    rig.sign_in()
    order = open_fbm_order(rig, host_orders(rig))
    key, ref = order["idempotency_key"], order["reference"]
    detail(rig, key)
    reasons = [o.get_attribute("value") for o in Select(rig.find("#reason")).options]
    assert reasons == CANCEL_REASONS, reasons
    Select(rig.find("#reason")).select_by_value("CustomerExchange")
    rig.driver.execute_script(SCROLL_TO,
                              rig.find("#cancel-form"))
    rig.screenshot("before-cancel")
    rig.press_enter(rig.find("#cancel"))  # Enter on the button submits the form
    status, report = job_report(rig)
    rig.screenshot("cancel-report")
    assert status in ("ok", "partial"), report
    assert report.startswith("send_cancellations demo"), report
    detail(rig, key)
    assert rig.text(".cancellation-reason") == "CustomerExchange"
    trail = rig.text("#order-log")
    assert "console: an admin sent order_cancelled; the plugin answered queued" in trail, trail
    assert post_form(rig, "/orders/cancel", {"id": key, "reason": "NoInventory"}) == 409
    assert post_form(rig, "/orders/ship", {"id": key, "tracking": "RM1GB"}) == 409
    assert not [s for s in json.loads(rig.host("dump", "--json"))["shipments"]
                if s["order"] == key]
    held = json.loads(rig.host("dump", "--json"))["cancellations"]
    assert [c["reason"] for c in held if c["order"] == key] == ["CustomerExchange"], held
    # The batch delay passes; the feed goes and Amazon processes it.
    for _ in range(6):
        rig.time_passes("6m")
        status, report = rig.run_job("send_cancellations")
        if amazon_order(rig, ref)["status"] == "CANCELLED":
            break
    else:
        raise AssertionError(f"Amazon did not cancel {ref}: {amazon_order(rig, ref)}; {report}")
    items = amazon_order(rig, ref)["items"]
    assert all(item["quantityCancelled"] == item["quantityOrdered"] for item in items), items
    feeds = [f for f in rig.amazon()["feeds"]
             if f["feedType"] == "POST_ORDER_ACKNOWLEDGEMENT_DATA"]
    assert len(feeds) == 1, feeds
    rig.screenshot("cancelled")


def sandbox_order(rig, order_id):
    """Amazon's whole order, read through SP-API's getOrder as a seller would."""
    token_request = urllib.request.Request(
        rig.sandbox + "/auth/o2/token", data=json.dumps({
            "grant_type": "refresh_token",
            "refresh_token": os.environ["AMZCONN_DEMO_REFRESH_TOKEN"],
            "client_id": os.environ["AMZCONN_DEMO_CLIENT_ID"],
            "client_secret": os.environ["AMZCONN_DEMO_CLIENT_SECRET"]}).encode(),
        headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(token_request) as answer:
        token = json.load(answer)["access_token"]
    included = "BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES,TAX"
    request = urllib.request.Request(
        f"{rig.sandbox}/orders/2026-01-01/orders/{order_id}?includedData={included}",
        headers={"x-amz-access-token": token})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)["order"]


def copy_of(order, new_id, bad):
    """ORDER under NEW_ID (its items renumbered), served corrupted when BAD."""
    twin = copy.deepcopy(order)
    twin["orderId"] = new_id
    for n, item in enumerate(twin.get("orderItems", [])):
        item["orderItemId"] = new_id.replace("-", "")[:12] + f"{n:02d}"
    if bad:
        twin["_sandbox_bad"] = "bad_field"  # createdTime not a date-time: the import parks it
    return twin


def case_failed_retry(rig):
    """Orders that failed to import wait in the failed-order queue with their error; once the
    cause is gone, Retry (one order) and Retry all (the store's queue) from the page import
    each of them into the host exactly once."""
    rig.sign_in()
    source = open_fbm_order(rig, host_orders(rig))
    full = sandbox_order(rig, source["reference"])
    ids = ["026-5550000-0000001", "026-5550000-0000002"]
    rig.sandbox_post("/_sandbox/orders", {"orders": [copy_of(full, i, True) for i in ids]})
    status, report = rig.run_job("import_missing_orders", order_ids=",".join(ids))
    assert "parked" in report, report
    rig.get("/orders")
    rig.press_enter(rig.driver.find_element(By.LINK_TEXT, "Failed-order queue"))
    rig.check_labels()
    rows = rig.driver.find_elements(By.CSS_SELECTOR, "#failed-orders tbody tr")
    assert sorted(r.get_attribute("data-failed") for r in rows) == ids, [r.text for r in rows]
    reason = rig.text(f"tr[data-failed='{ids[0]}'] .failed-reason")
    assert "createdTime" in reason, reason
    rig.screenshot("failed-queue")
    # Amazon serves both orders readably now.
    rig.sandbox_post("/_sandbox/orders", {"orders": [copy_of(full, i, False) for i in ids]})
    rig.press_enter(rig.find(f"button[data-retry='{ids[0]}']"))
    status, report = job_report(rig)
    rig.screenshot("retry-one-report")
    assert status == "ok", report
    assert report.startswith("import_missing_orders demo: ok"), report
    rig.get("/orders/failed")
    rows = rig.driver.find_elements(By.CSS_SELECTOR, "#failed-orders tbody tr")
    assert [r.get_attribute("data-failed") for r in rows] == [ids[1]]
    rig.press_enter(rig.find("#retry-all-demo"))
    status, report = job_report(rig)
    assert status == "ok", report
    assert report.startswith("retry_failed_orders demo: ok"), report
    rig.get("/orders/failed")
    assert not rig.driver.find_elements(By.CSS_SELECTOR, "#failed-orders tbody tr")
    rig.screenshot("queue-empty")
    held = host_orders(rig)
    for order_id in ids:
        assert len([o for o in held if o["reference"] == order_id]) == 1, order_id
    failed = json.loads(rig.host("dump", "--json"))["failed_orders"]
    assert all("resolved_at" in f for f in failed if f["amazon_order_id"] in ids), failed


CASES = {name[len("case_"):]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    sys.exit(main(CASES))
