#!/usr/bin/env python3
"""The admin console end to end (stores, Manage data, products, logs, configuration, sign-in and
CSRF) in headless Chromium, on the rig in tests/support/console_rig.py. Each case proves one rule
against the sandbox's state (what Amazon holds) where it can.

usage: console_test.py CASE --bin DIR --plugin FILE --source DIR --work DIR"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from console_rig import By, Keys, Select, WebDriverWait, main  # noqa: E402


# -- the cases: each one rule ----------------------------------------------------------------
def case_store_closed(rig):
    """Closing a store in the page makes the next import call Amazon for nothing."""
    rig.sign_in()
    assert rig.text("#status-demo") == "open"
    rig.screenshot("stores-open")
    rig.press_enter(rig.find("#toggle-demo"))
    assert rig.text("#status-demo") == "closed"
    assert "Store demo is now closed." in rig.text(".alert-success")
    rig.screenshot("stores-closed")
    assert "closed" in rig.host("store", "list").splitlines()[1]  # the CLI sees the same store
    before = rig.amazon_calls()
    status, report = rig.run_job("import_orders")
    rig.screenshot("import-closed")
    assert status == "store_closed", report
    assert rig.amazon_calls() == before, "a closed store's import called Amazon"
    rig.get("/stores")
    rig.press_enter(rig.find("#toggle-demo"))
    assert rig.text("#status-demo") == "open"
    status, report = rig.run_job("import_orders")
    assert status == "ok", report
    assert rig.amazon_calls() > before, "the reopened store's import should call Amazon"
    rig.get("/stores")
    assert "never" not in rig.find(".store-tile").text, "the tile should show the last import"


def case_lead_time(rig):
    """A lead time edited in the page reaches Amazon's listing on the next export."""
    rig.sign_in()
    status, report = rig.run_until_done("import_products")
    assert status == "ok", report
    rig.get("/products?store=demo&search=SKU-FBM-1")
    rig.check_labels()
    rig.screenshot("products")
    box = rig.find("input[data-sku='SKU-FBM-1']")
    box.send_keys(Keys.CONTROL + "a")
    rig.press_enter(box, "4")  # the keyboard submits the row's form
    assert "Lead time of SKU-FBM-1 saved" in rig.text(".alert-success")
    assert rig.find("input[data-sku='SKU-FBM-1']").get_attribute("value") == "4"
    rig.screenshot("lead-time-saved")
    # The sync switch in place, as `product set --sync off`: the host product says so.
    rig.get("/products?store=demo&search=SKU-FBM-DE")
    assert rig.text("[data-sync='SKU-FBM-DE']") == "on"
    rig.press_enter(rig.find("[data-sync-toggle='SKU-FBM-DE']"))
    assert "Sync of SKU-FBM-DE saved" in rig.text(".alert-success")
    assert rig.text("[data-sync='SKU-FBM-DE']") == "off"
    listed = json.loads(rig.host("products", "--store", "demo", "--search", "SKU-FBM-DE"))
    assert listed and all(row["sync"] == "off" for row in listed), listed
    rig.screenshot("sync-off")
    rig.press_enter(rig.find("a[href*='sku=SKU-FBM-DE']"))  # explain_stock of the SKU
    assert rig.text("#report-status") == "ok"
    assert "SKU-FBM-DE" in rig.text("#report")
    rig.screenshot("explain-stock")
    status, report = rig.run_until_done("export_stock")
    assert status == "ok", report
    rig.time_passes("1m")
    status, report = rig.run_job("poll_feeds")
    assert status == "ok", report
    handling = {listing["marketplace_id"]: listing.get("handling_time")
                for listing in rig.amazon()["listings"] if listing["sku"] == "SKU-FBM-1"}
    assert 4 in handling.values(), f"Amazon's SKU-FBM-1 handling times: {handling}"


def case_missing_orders(rig):
    """A missing-orders import by id shows its report, and the order reaches the host."""
    rig.sign_in()  # serve's first pass (import_orders among its jobs) is done by now
    rig.sandbox_post("/_sandbox/generate", {"count": 20, "seed": 11})  # orders the host lacks
    held = rig.host("dump", "--json")
    order = next(o["orderId"] for o in rig.amazon()["orders"]
                 if o["marketplaceId"] in ("A1F83G8C2ARO7P", "A1PA6795UKMFR9")
                 and o["fulfilledBy"] != "AMAZON" and o["status"] == "UNSHIPPED"
                 and o["orderId"] not in held)
    rig.get("/jobs")
    Select(rig.find("#job")).select_by_value("import_missing_orders")
    assert rig.find("#order_ids").is_displayed()
    # Amazon answers slowly (a trickled body), so the page shows the job running, then the
    # script's polling brings the report without a reload by hand.
    rig.sandbox_post("/_sandbox/faults",
                     {"faults": [{"operation": "*", "kind": "trickle", "bytes_per_s": 400}]})
    status, report = rig.run_job("import_missing_orders", order_ids=order)
    assert rig.saw_running, "the status page should have shown the job running"
    rig.screenshot("missing-orders-report")
    assert status == "ok", report
    assert report.startswith("import_missing_orders demo: ok"), report
    # The host's progress service reported the order (the page shows its last line).
    assert rig.last_progress.startswith(f"import_missing_orders demo: 1/1 {order}"), \
        rig.last_progress
    assert order in rig.host("dump", "--json"), "the order should be in the host now"
    rig.get("/log?" + urllib.parse.urlencode({"reference": order, "level": "ALL"}))
    rig.check_labels()
    rows = rig.driver.find_elements(By.CSS_SELECTOR, "#log tbody tr")
    assert rows and all(order in row.text for row in rows), "the log filtered by reference"
    rig.screenshot("log-reference")


def case_csrf(rig):
    """A POST without the session's CSRF token is refused (403) and changes nothing."""
    rig.sign_in()
    cookie = rig.driver.get_cookie("amzconn_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict", cookie
    for form in ({"store": "demo", "open": "0"},
                 {"store": "demo", "open": "0", "csrf": "0" * 64}):
        request = urllib.request.Request(
            rig.url + "/stores/toggle", data=urllib.parse.urlencode(form).encode(),
            headers={"Cookie": f"amzconn_console={cookie['value']}",
                     "Content-Type": "application/x-www-form-urlencoded"}, method="POST")
        try:
            urllib.request.urlopen(request)
            raise AssertionError("a POST without the CSRF token was accepted")
        except urllib.error.HTTPError as refused:
            assert refused.code == 403, refused.code
    assert "open" in rig.host("store", "list").splitlines()[1], "the store must still be open"
    # The pages carry a strict CSP and no caching.
    with urllib.request.urlopen(rig.url + "/login") as answer:
        assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
        assert answer.headers["Cache-Control"] == "no-store"


def case_sign_in(rig):
    """Only the admin token signs in; every page's forms have labels and work from the keyboard."""
    rig.get("/stores")
    assert rig.driver.current_url.endswith("/login")
    rig.check_labels()
    rig.press_enter(rig.driver.switch_to.active_element, "not-the-token")
    assert "not the admin token" in rig.text(".alert-danger")
    rig.screenshot("wrong-token")
    rig.sign_in()
    for path in ("/stores", "/jobs", "/products?store=demo", "/log?level=ERROR&store=demo"):
        rig.get(path)
        rig.check_labels()
        assert not rig.driver.find_elements(By.CSS_SELECTOR, "script:not([src])"), path
    rig.get("/log")
    Select(rig.find("#level")).select_by_value("INFO")
    rig.press_enter(rig.find("#store"), "demo")
    assert "level=INFO" in rig.driver.current_url and "store=demo" in rig.driver.current_url
    assert rig.driver.find_elements(By.CSS_SELECTOR, "#log tbody tr"), "the demo store has entries"
    levels = {row.text for row in rig.driver.find_elements(By.CSS_SELECTOR, "#log .badge")}
    assert levels <= {"ERROR", "INFO"}, levels
    rig.screenshot("log-info")
    rig.press_enter(rig.find("nav button[type=submit]"))  # sign out
    rig.get("/stores")
    assert rig.driver.current_url.endswith("/login")


def case_config(rig):
    """The configuration form comes from the settings schema; validate's errors show at their
    fields with the key path; a valid form gives YAML that `amzconn-host validate` accepts."""
    rig.sign_in()
    rig.get("/config")
    rig.check_labels()
    for name in ("stores[0].alias", "stores[0].orders.fbm.warehouse", "instance.max_stores"):
        assert rig.driver.find_elements(By.CSS_SELECTOR, f"[name='{name}']"), name
    rig.press_enter(rig.find("[name='instance.max_stores']"), "0")  # Enter validates
    box = rig.find("[name='instance.max_stores']")
    assert "is-invalid" in box.get_attribute("class")
    error = rig.find("#" + box.get_attribute("id") + "-error")
    assert error.get_attribute("id") in box.get_attribute("aria-describedby")
    assert error.text.startswith("instance.max_stores: error:"), error.text
    assert rig.find("[name='stores[0].seller_id']").get_attribute("value") == "A2SANDBOXSELLER"
    rig.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    rig.screenshot("config-errors")
    box.send_keys(Keys.CONTROL + "a", Keys.DELETE)
    rig.press_enter(rig.find("#config-validate"))
    yaml_text = rig.text("#config-yaml")
    rig.screenshot("config-valid")
    assert not rig.driver.find_elements(By.CSS_SELECTOR, ".is-invalid")
    path = os.path.join(rig.work, "from-console.yaml")
    with open(path, "w") as f:
        f.write(yaml_text + "\n")
    assert "valid" in rig.host("validate", path), yaml_text
    assert "alias: \"demo\"" in yaml_text and "warehouse: \"MAIN\"" in yaml_text, yaml_text


def on_page(rig, path, wanted):
    """Opens PATH until the browser ends up at a URL ending in WANTED (a page that calls the
    plugin redirects to the running job's status)."""
    rig.get(path)
    return rig.driver.current_url.endswith(wanted)


def case_scheduled_job(rig):
    """While serve's scheduled import runs (Amazon answering slowly), the pages keep answering:
    one that calls the plugin shows that job's progress; once it ends the Stores page is back,
    serve has recorded the run and the job's log is written."""
    rig.serve.terminate()
    rig.serve.wait(timeout=30)
    rig.start_serve("--poll", "1s")  # the last --poll wins: look for due jobs every second
    rig.sign_in()
    # New orders over the next minute; searchOrders' answer trickles (seconds).
    rig.sandbox_post("/_sandbox/generate", {"count": 12, "seed": 11, "live_hours": 0.01})
    rig.sandbox_post("/_sandbox/faults", {"faults": [
        {"operation": "searchOrders", "kind": "trickle", "bytes_per_s": 300, "count": 5}]})
    rig.time_passes("8m")  # import_orders (every 3m) is due; serve starts it within a second
    WebDriverWait(rig.driver, 90).until(
        lambda d: on_page(rig, "/stores", "/jobs/status")
        and "import_orders for store demo" in rig.settled_text("#job-state"))
    state = rig.settled_text("#job-state")
    assert "(scheduled by serve" in state and "running." in state, state
    rig.screenshot("scheduled-job-running")
    # A page that does not call the plugin answers at once: the job is still running after it.
    rig.get("/log?level=ALL")
    assert rig.driver.current_url.endswith("/log?level=ALL"), rig.driver.current_url
    rig.get("/jobs/progress")
    progress = json.loads(rig.driver.find_element(By.TAG_NAME, "body").text)
    assert progress["running"] and progress["job"] == "import_orders", progress
    WebDriverWait(rig.driver, 240).until(lambda d: on_page(rig, "/stores", "/stores"))
    assert rig.text("#status-demo") == "open"
    # When it started: 00:11 or a little later (a job serve ran first, e.g. one whose report asked
    # to run again sooner, may have waited for Amazon on the virtual clock).
    with open(os.path.join(rig.work, "serve.log")) as serve_log:
        runs = [line.split()[0] for line in serve_log
                if line.split()[1:3] == ["import_orders", "demo:"]]
    ran = runs[-1]
    assert ran >= "2026-03-01T00:11:00Z", runs
    assert ran in rig.text(".store-tile"), "serve records the scheduled run"
    rig.screenshot("scheduled-job-done")
    # The job read Amazon's new orders (still PENDING at Amazon, so they wait) and ended as a job
    # does: its summary is in the log another process reads.
    log = rig.host("log", "--store", "demo", "--level", "ALL", "--since", "1h")
    waiting = [line for line in log.splitlines() if line.startswith(ran)
               and "waits: Amazon status PENDING" in line]
    assert waiting, log
    assert ran + " INFO demo - import_orders ok:" in log, log


CASES = {
    "scheduled_job": case_scheduled_job,
    "config": case_config,
    "store_closed": case_store_closed,
    "lead_time": case_lead_time,
    "missing_orders": case_missing_orders,
    "csrf": case_csrf,
    "sign_in": case_sign_in,
}



if __name__ == "__main__":
    sys.exit(main(CASES))
