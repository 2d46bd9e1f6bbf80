#!/usr/bin/env python3
"""The console's feed log and charts in headless Chromium, on the rig in
tests/support/console_rig.py: what the pages show is checked against what Amazon (the sandbox)
holds and counted, and against `amzconn-host dump --json`.

usage: logs_test.py CASE --bin DIR --plugin FILE --source DIR --work DIR"""
import json
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from console_rig import By, Select, WebDriverWait, main  # noqa: E402
from orders_test import amazon_order, host_orders, open_fbm_order  # noqa: E402

DE = "A1PA6795UKMFR9"
ACK_FEED = "POST_ORDER_ACKNOWLEDGEMENT_DATA"
REJECTED_SKU = "SKU-FBM-DE"
# Requests the sandbox counts that are not SP-API operations with a usage plan.
NOT_OPERATIONS = {"token", "uploadDocument", "downloadDocument", "consent", "control"}


def export_and_poll(rig, reject=None):
    """export_stock, then (when REJECT names a DE listing) Amazon turns that listing into an FBA
    one before it processes the feed, so the feed's message setting its quantity is refused
    (8026); time passes and poll_feeds reads the processing reports."""
    status, report = rig.run_until_done("export_stock")
    assert status == "ok", report
    if reject is not None:
        listing = next(l for l in rig.amazon()["listings"]
                       if l["sku"] == reject and l["marketplace_id"] == DE)
        listing = {k: v for k, v in listing.items() if k != "last_updated"}
        listing["channel"] = "AMAZON_EU"
        rig.sandbox_post("/_sandbox/listings", {"listings": [listing]})
    rig.time_passes("1m")
    status, report = rig.run_job("poll_feeds")
    assert status == "ok", report


def listings_feeds(rig):
    return [f for f in rig.amazon()["feeds"] if f["feedType"] == "JSON_LISTINGS_FEED"]


def cell(row, css):
    return row.find_element(By.CSS_SELECTOR, css).get_attribute("textContent").strip()


def no_browser_errors(rig):
    try:
        entries = rig.driver.get_log("browser")
    except Exception:  # a driver without the log: the chart checks below still hold
        return
    # The console serves no favicon; the browser asks for one on its own.
    severe = [e for e in entries
              if e.get("level") == "SEVERE" and "favicon.ico" not in e.get("message", "")]
    assert not severe, f"errors in the browser console: {severe}"


def table_rows(rig, table_id):
    """{first cell: [other cells]} of a table, read whether or not it is folded away."""
    rows = {}
    for row in rig.driver.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr"):
        cells = [c.get_attribute("textContent").strip()
                 for c in row.find_elements(By.CSS_SELECTOR, "th, td")]
        rows[cells[0]] = cells[1:]
    return rows


def drawn(rig, table_id):
    """The datasets Chart.js draws on the table's canvas."""
    return rig.driver.execute_script(
        "const c = Chart.getChart(document.getElementById(arguments[0]));"
        "return c ? c.data.datasets.map(d => d.data) : null;", table_id + "-chart")


# -- the cases: each one rule ----------------------------------------------------------------
def case_feed_log(rig):
    """The feed log lists each submitted feed with Amazon's status and counts, and per feed each
    listing's result with Amazon's error code and text as its processing report has them."""
    rig.sign_in()
    export_and_poll(rig, reject=REJECTED_SKU)
    feeds = listings_feeds(rig)
    assert feeds and all(f["status"] == "DONE" for f in feeds), feeds
    refused = next(f for f in feeds
                   if any(i.get("sku") == REJECTED_SKU for i in f["report"]["issues"]))
    issue = next(i for i in refused["report"]["issues"] if i.get("sku") == REJECTED_SKU)
    rig.get("/feeds")
    rig.check_labels()
    assert not rig.driver.find_elements(By.CSS_SELECTOR, "script:not([src])")  # CSP: none inline
    rig.screenshot("feed-log")
    for feed in feeds:
        row = rig.find(f"#feeds tr[data-feed='{feed['feedId']}']")
        summary = feed["report"]["summary"]
        assert "DONE" in row.text and "JSON_LISTINGS_FEED" in row.text, row.text
        assert cell(row, ".accepted") == str(summary["messagesAccepted"]), row.text
        assert cell(row, ".rejected") == str(summary["messagesInvalid"]), row.text
    assert cell(rig.find(f"#feeds tr[data-feed='{refused['feedId']}']"), ".rejected") == "1"
    rig.press_enter(rig.find("#store"), "nosuch")  # the store filter, from the keyboard
    assert "store=nosuch" in rig.driver.current_url
    assert not rig.driver.find_elements(By.CSS_SELECTOR, "#feeds tbody tr")
    rig.find("#store").clear()
    rig.press_enter(rig.find("#store"), "demo")
    assert len(rig.driver.find_elements(By.CSS_SELECTOR, "#feeds tbody tr")) == len(feeds)
    rig.press_enter(rig.find(f"#feeds tr[data-feed='{refused['feedId']}'] a"))
    assert "/feeds/show" in rig.driver.current_url, rig.driver.current_url
    row = rig.find(f"#feed-results tr[data-sku='{REJECTED_SKU}'][data-marketplace='{DE}']")
    assert cell(row, ".result") == "rejected", row.text
    assert cell(row, ".severity") == issue["severity"], row.text
    assert cell(row, ".code") == issue["code"], row.text
    assert cell(row, ".message") == issue["message"], (row.text, issue)
    rig.screenshot("feed-results")
    rig.press_enter(rig.driver.find_element(By.LINK_TEXT, "Show only listings with issues"))
    skus = {r.get_attribute("data-sku")
            for r in rig.driver.find_elements(By.CSS_SELECTOR, "#feed-results tbody tr")}
    assert skus == {REJECTED_SKU}, skus
    # The host keeps what the page shows: the feed entity has each message's result.
    held = {f["feed_id"]: f for f in json.loads(rig.host("dump", "--json"))["feeds"]}
    results = held[refused["feedId"]]["results"]
    assert [r["result"] for r in results if r["sku"] == REJECTED_SKU] == ["rejected"], results


def ack_results(feed):
    """{Amazon order id: (ResultMessageCode, ResultDescription)} of the refusals in the
    acknowledgement feed's processing report as the sandbox (Amazon) wrote it, and its summary."""
    root = ET.fromstring(feed["report"])
    refusals = {r.findtext("AdditionalInfo/AmazonOrderID"):
                (r.findtext("ResultMessageCode"), r.findtext("ResultDescription"))
                for r in root.iter("Result")}
    summary = {e.tag: e.text for e in root.find(".//ProcessingSummary")}
    return refusals, summary


def case_cancel_feed_log(rig):
    """A cancellation's acknowledgement feed shows in the feed log as an order acknowledgement
    feed, and its page lists each Amazon order with its result as Amazon processed it: the
    accepted one, and the refused one with Amazon's code and text."""
    rig.sign_in()  # serve's first pass imported the demo store's orders
    held = host_orders(rig)
    kept = open_fbm_order(rig, held)
    lost = open_fbm_order(rig, held, avoid=(kept["reference"],))
    for order in (kept, lost):
        rig.host("event", "cancelled", "--json", "--order", order["idempotency_key"],
                 "--reason", "NoInventory")
    # Amazon cancels the second order itself before the feed is processed: the seller's
    # cancellation of it is refused.
    rig.sandbox_post("/_sandbox/amazon_cancellations", {"cancellations": [
        {"order_id": lost["reference"], "order_item_id": item["orderItemId"], "by": "AMAZON",
         "reason": "GeneralAdjustment"}
        for item in amazon_order(rig, lost["reference"])["items"]]})
    assert amazon_order(rig, lost["reference"])["status"] == "CANCELLED"
    for _ in range(6):  # the batch delay passes; the feed goes and its report is read
        rig.time_passes("6m")
        status, report = rig.run_job("send_cancellations")
        held_feeds = json.loads(rig.host("dump", "--json"))["feeds"]
        if any(f["type"] == ACK_FEED and f["status"] == "DONE" for f in held_feeds):
            break
    else:
        raise AssertionError(f"the acknowledgement feed never finished: {report}")
    feeds = [f for f in rig.amazon()["feeds"] if f["feedType"] == ACK_FEED]
    assert len(feeds) == 1 and feeds[0]["status"] == "DONE", feeds
    feed = feeds[0]
    refusals, summary = ack_results(feed)
    assert set(refusals) == {lost["reference"]}, refusals
    code, text = refusals[lost["reference"]]
    # What Amazon holds: the kept order cancelled with the seller's reason, the lost one not.
    assert amazon_order(rig, kept["reference"])["status"] == "CANCELLED"
    def reasons(order):
        return [c["reason"] for c in amazon_order(rig, order["reference"])["cancellations"]]
    assert "NoInventory" in reasons(kept) and "NoInventory" not in reasons(lost)

    rig.get("/feeds")
    rig.check_labels()
    rig.screenshot("feed-log")
    row = rig.find(f"#feeds tr[data-feed='{feed['feedId']}']")
    assert cell(row, ".type").startswith("Order acknowledgement"), row.text
    assert ACK_FEED in cell(row, ".type"), row.text
    assert "DONE" in row.text, row.text
    assert cell(row, ".accepted") == summary["MessagesSuccessful"] == "1", (row.text, summary)
    assert cell(row, ".rejected") == summary["MessagesWithError"] == "1", (row.text, summary)
    for other in rig.driver.find_elements(By.CSS_SELECTOR, "#feeds td.type"):
        if "JSON_LISTINGS_FEED" in other.text:
            assert other.text.startswith("Listings"), other.text
    rig.press_enter(row.find_element(By.CSS_SELECTOR, "a"))
    assert "/feeds/show" in rig.driver.current_url, rig.driver.current_url
    assert f"Order acknowledgement ({ACK_FEED})" in rig.text("#feed-summary"), \
        rig.text("#feed-summary")
    accepted = rig.find(f"#feed-results tr[data-order='{kept['reference']}']")
    assert cell(accepted, ".result") == "accepted", accepted.text
    assert cell(accepted, ".code") == "" and cell(accepted, ".message") == "", accepted.text
    refused = rig.find(f"#feed-results tr[data-order='{lost['reference']}']")
    assert cell(refused, ".result") == "rejected", refused.text
    assert cell(refused, ".code") == code, (refused.text, code)
    assert cell(refused, ".message") == text, (refused.text, text)
    rig.screenshot("feed-orders")
    rig.press_enter(rig.driver.find_element(By.LINK_TEXT, "Show only orders with issues"))
    shown = {r.get_attribute("data-order")
             for r in rig.driver.find_elements(By.CSS_SELECTOR, "#feed-results tbody tr")}
    assert shown == {lost["reference"]}, shown
    # No buyer data in the feed log beyond the Amazon order id.
    held = next(f for f in json.loads(rig.host("dump", "--json"))["feeds"]
                if f["type"] == ACK_FEED)
    assert sorted(held["orders"]) == sorted([kept["reference"], lost["reference"]]), held
    assert all(set(r) <= {"amazon_order_id", "order_item_ids", "result", "issues"}
               for r in held["results"]), held


def case_charts(rig):
    """The charts draw with Chart.js without a browser error, and their tables (the text
    alternative) show the host's imported orders, the stock feeds it sent and exactly the SP-API
    calls Amazon counted, against each operation's usage plan."""
    rig.sign_in()  # serve's first pass imported orders meanwhile
    export_and_poll(rig)
    rig.get("/charts")
    rig.check_labels()
    assert not rig.driver.find_elements(By.CSS_SELECTOR, "script:not([src])")  # CSP: none inline
    WebDriverWait(rig.driver, 60).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "canvas[data-drawn='true']"))
    rig.screenshot("charts")
    no_browser_errors(rig)
    assert len(rig.driver.find_elements(By.CSS_SELECTOR, "canvas[data-drawn='true']")) == 3
    for canvas in rig.driver.find_elements(By.CSS_SELECTOR, "canvas"):
        assert canvas.get_attribute("role") == "img" and canvas.get_attribute("aria-label")
    held = json.loads(rig.host("dump", "--json"))
    amazon = rig.amazon()

    orders = table_rows(rig, "orders")
    assert len(orders) == 14, orders
    assert sum(int(v[0]) for v in orders.values()) == len(held["sales_orders"]) > 0, orders
    assert orders["2026-03-01"] == [str(len(held["sales_orders"]))], orders
    assert drawn(rig, "orders") == [[int(v[0]) for v in orders.values()]]

    pushes = table_rows(rig, "pushes")
    assert len(pushes) == 48, pushes
    now_hour = pushes["2026-03-01 00:00"]
    assert now_hour == [str(sum(f["message_count"] for f in held["feeds"])),
                        str(amazon["calls"].get("patchListingsItem", 0)),
                        str(len(held["feeds"]))], (now_hour, held["feeds"])
    assert len(held["feeds"]) == len(listings_feeds(rig)) > 0

    usage = table_rows(rig, "usage")
    counted = {op: n for op, n in amazon["calls"].items() if op not in NOT_OPERATIONS}
    assert {label.split(": ", 1)[1]: int(v[0]) for label, v in usage.items()} == counted, \
        (usage, amazon["calls"])
    search = usage["demo: searchOrders"]  # documented plan 0.0056/s, burst 20
    assert search[1:4] == ["0.0056", "20", str(int(20 + 0.0056 * 86400))], search
    assert search[4] == f"{counted['searchOrders'] * 100 / (20 + 0.0056 * 86400):.1f}", search
    assert drawn(rig, "usage") == [[None if v[4] == "-" else float(v[4]) for v in usage.values()]]
    # Thirty days, from the keyboard.
    Select(rig.find("#days")).select_by_value("30")
    rig.press_enter(rig.find("#show-days"))
    assert "days=30" in rig.driver.current_url, rig.driver.current_url
    assert len(table_rows(rig, "orders")) == 30


CASES = {
    "feed_log": case_feed_log,
    "cancel_feed_log": case_cancel_feed_log,
    "charts": case_charts,
}

if __name__ == "__main__":
    sys.exit(main(CASES))
