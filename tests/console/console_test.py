#!/usr/bin/env python3
"""The admin console end to end: a real amzconn-sandbox (Amazon), the reference host serving the
console (`amzconn-host serve --http 127.0.0.1:0`) with the real plugin and the demo config, and
Debian's Chromium driven headless by Selenium. Each case proves one rule against the sandbox's state
(what Amazon holds) where it can; screenshots go to the artifacts folder.

usage: console_test.py CASE --bin DIR --plugin FILE --source DIR --work DIR
Exit 77 (ctest SKIP_RETURN_CODE) only when Chromium, chromedriver or Selenium is missing."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SKIP = 77
START = "2026-03-01T00:00:00Z"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    webdriver = None


def left_document(element):
    """True once ELEMENT's page has been replaced. Chromedriver says so with a stale-element
    error, or, when it asks in the middle of the navigation, that the node no longer belongs to
    the document."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise

class Rig:
    """The sandbox, the host database with the demo store, serve --http and a browser."""

    def __init__(self, args):
        self.args = args
        self.work = os.path.join(args.work, args.case)
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.artifacts = os.path.join(args.work, "artifacts")
        os.makedirs(self.artifacts, exist_ok=True)
        self.db = os.path.join(self.work, "amzconn.db")
        self.procs = []
        self.driver = None
        self.shot = 0

    # -- processes -------------------------------------------------------------------------
    def start_sandbox(self):
        out = open(os.path.join(self.work, "sandbox.out"), "w")
        err = open(os.path.join(self.work, "sandbox.log"), "w")
        proc = subprocess.Popen(
            [os.path.join(self.args.bin, "amzconn-sandbox"), "--port", "0", "--generate", "30",
             "--seed", "7", "--clock", "virtual", "--start-time", START, "--max-lifetime", "600"],
            stdout=out, stderr=err)
        self.procs.append(proc)
        self.sandbox = self.wait_line(os.path.join(self.work, "sandbox.out"), "listening ")
        os.environ.update({
            "AMZCONN_SANDBOX_URL": self.sandbox,
            "AMZCONN_DEMO_CLIENT_ID": "amzn1.application-oa2-client.demo",
            "AMZCONN_DEMO_CLIENT_SECRET": "demo-client-secret",
            "AMZCONN_DEMO_REFRESH_TOKEN": "Atzr|demo-refresh-token",
        })

    @staticmethod
    def wait_line(path, prefix, proc=None):
        for _ in range(600):
            with open(path) as f:
                for line in f:
                    if line.startswith(prefix):
                        return line[len(prefix):].strip()
            if proc is not None and proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"no '{prefix}' line in {path}")

    def host(self, *words):
        """An amzconn-host command on the test's database; its stdout."""
        done = subprocess.run(
            [os.path.join(self.args.bin, "amzconn-host"), "--db", self.db, "--plugin",
             self.args.plugin, *words], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise AssertionError(f"amzconn-host {' '.join(words)} failed: {done.stderr}")
        return done.stdout

    def setup_host(self):
        src = self.args.source
        self.host("clock", "set", START)
        self.host("seed", os.path.join(src, "dist/demo/host-data.yaml"))
        # The demo config, plus the product attribute the sync switch is kept in.
        with open(os.path.join(src, "config/examples/demo.yaml")) as f:
            demo = f.read()
        anchor = "      lead_time_attribute: amazon_lead_time"
        assert anchor in demo, "config/examples/demo.yaml no longer names the lead-time attribute"
        config = os.path.join(self.work, "demo.yaml")
        with open(config, "w") as f:
            f.write(demo.replace(anchor, "      skip_attribute: amazon_skip\n" + anchor))
        self.host("install", config)

    def start_serve(self):
        out_path = os.path.join(self.work, "serve.out")
        proc = subprocess.Popen(
            [os.path.join(self.args.bin, "amzconn-host"), "--db", self.db, "--plugin",
             self.args.plugin, "serve", "--http", "127.0.0.1:0", "--poll", "1h"],
            stdout=open(out_path, "w"), stderr=open(os.path.join(self.work, "serve.log"), "w"))
        self.procs.append(proc)
        self.url = self.wait_line(out_path, "console: http://", proc)
        self.url = "http://" + self.url.rstrip("/")
        self.token = self.wait_line(out_path, "console: admin token ", proc).split()[0]

    def start_browser(self):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--disable-gpu"):
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(120)

    def stop(self):
        if self.driver is not None:
            self.driver.quit()
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()

    # -- Amazon (the sandbox) --------------------------------------------------------------
    def amazon(self):
        with urllib.request.urlopen(self.sandbox + "/_sandbox/state") as answer:
            return json.load(answer)

    def amazon_calls(self):
        return sum(self.amazon().get("calls", {}).values())

    def sandbox_post(self, path, body):
        request = urllib.request.Request(
            self.sandbox + path, data=json.dumps(body).encode(),
            headers={"content-type": "application/json"}, method="POST")
        urllib.request.urlopen(request).read()

    def time_passes(self, words):
        """Both clocks move: the host's by WORDS, the sandbox's to the same time."""
        now = self.host("clock", "advance", words).split()[0]
        self.sandbox_post("/_sandbox/clock", {"set": now})

    # -- the browser -----------------------------------------------------------------------
    def screenshot(self, name):
        self.shot += 1
        self.driver.save_screenshot(
            os.path.join(self.artifacts, f"{self.args.case}-{self.shot:02d}-{name}.png"))

    def get(self, path):
        self.driver.get(self.url + path)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def text(self, css):
        return self.find(css).text

    def press_enter(self, element, text=""):
        """Types TEXT and Enter into ELEMENT, then waits for the page the form or link leads to."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.send_keys(text + Keys.ENTER)
        WebDriverWait(self.driver, 240).until(lambda d: left_document(old))

    def settled_text(self, css):
        """The text of CSS once the page shows it; a page that reloads itself meanwhile (a job's
        status page does when the job ends) is read again rather than half-read."""
        return WebDriverWait(self.driver, 240, ignored_exceptions=(
            StaleElementReferenceException, WebDriverException)).until(
                lambda d: d.find_element(By.CSS_SELECTOR, css).text)

    def sign_in(self):
        self.get("/")
        assert self.driver.current_url.endswith("/login"), self.driver.current_url
        field = self.driver.switch_to.active_element  # autofocus: the token field
        assert field.get_attribute("id") == "token", "the token field should have the focus"
        self.press_enter(field, self.token)
        assert self.driver.current_url.endswith("/stores"), self.driver.current_url

    def check_labels(self):
        """Every visible form control has a label (label[for] or aria-label)."""
        for control in self.driver.find_elements(By.CSS_SELECTOR, "input, select, textarea"):
            if control.get_attribute("type") == "hidden":
                continue
            cid = control.get_attribute("id")
            labelled = control.get_attribute("aria-label") or (
                cid and self.driver.find_elements(By.CSS_SELECTOR, f"label[for='{cid}']"))
            assert labelled, f"{self.driver.current_url}: a control without a label: " \
                f"{control.get_attribute('outerHTML')}"

    def run_job(self, job, store="demo", **fields):
        """Runs JOB from Manage data with the keyboard; returns (status, report text)."""
        self.get("/jobs")
        self.check_labels()
        Select(self.find("#store")).select_by_value(store)
        Select(self.find("#job")).select_by_value(job)
        for name, value in fields.items():
            box = self.find(f"#{name}")
            box.clear()
            box.send_keys(value)
        self.press_enter(self.find("#run"))  # the job's status page, polling its progress
        assert self.driver.current_url.endswith("/jobs/status"), self.driver.current_url
        self.saw_running = "running." in self.settled_text("main")
        WebDriverWait(self.driver, 240).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#report-status, #job-error"))
        self.last_progress = self.settled_text("#progress")
        return self.settled_text("#report-status"), self.settled_text("#report")

    def run_until_done(self, job, **fields):
        """Runs JOB; while it says retry_later (Amazon's report not ready), time passes."""
        for _ in range(6):
            status, report = self.run_job(job, **fields)
            if status != "retry_later":
                return status, report
            self.time_passes("2m")
        raise AssertionError(f"{job} still retry_later: {report}")


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
    alias = rig.find("[name='stores[0].alias']")
    alias.send_keys("toolongalias")
    Select(rig.find("[name='stores[0].marketplaces.primary']")).select_by_value("UK")
    rig.press_enter(rig.find("[name='stores[0].seller_id']"), "A2EXAMPLE1")
    alias = rig.find("[name='stores[0].alias']")
    assert "is-invalid" in alias.get_attribute("class")
    error = rig.find("#" + alias.get_attribute("id") + "-error")
    assert error.get_attribute("id") in alias.get_attribute("aria-describedby")
    assert error.text.startswith("stores[0].alias: error:"), error.text
    assert rig.find("[name='stores[0].seller_id']").get_attribute("value") == "A2EXAMPLE1"
    rig.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", alias)
    rig.screenshot("config-errors")
    alias.clear()
    alias.send_keys("uk1")
    for key, value in (("lwa_client_id", "${secret:lwa-id}"),
                       ("lwa_client_secret", "${secret:lwa-secret}"),
                       ("refresh_token", "${secret:uk1-refresh}")):
        rig.find(f"[name='stores[0].credentials.{key}']").send_keys(value)
    for section in ("stores[0].orders.fbm",):  # folded: Enter unfolds it
        rig.driver.find_element(
            By.XPATH, f"//summary[code[text()='{section}']]").send_keys(Keys.ENTER)
    rig.find("[name='stores[0].orders.fbm.warehouse']").send_keys("MAIN")
    rig.press_enter(rig.find("#config-validate"))
    yaml_text = rig.text("#config-yaml")
    rig.screenshot("config-valid")
    assert not rig.driver.find_elements(By.CSS_SELECTOR, ".is-invalid")
    path = os.path.join(rig.work, "from-console.yaml")
    with open(path, "w") as f:
        f.write(yaml_text + "\n")
    assert "valid" in rig.host("validate", path), yaml_text
    assert "alias: \"uk1\"" in yaml_text and "warehouse: \"MAIN\"" in yaml_text, yaml_text


CASES = {
    "config": case_config,
    "store_closed": case_store_closed,
    "lead_time": case_lead_time,
    "missing_orders": case_missing_orders,
    "csrf": case_csrf,
    "sign_in": case_sign_in,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(CASES))
    for option in ("--bin", "--plugin", "--source", "--work"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    if webdriver is None or not os.path.exists(CHROMIUM) or not os.path.exists(CHROMEDRIVER):
        print("skipped: needs chromium, chromium-driver and python3-selenium "
              "(dist/install-deps.sh installs them)")
        return SKIP
    rig = Rig(args)
    try:
        rig.start_sandbox()
        rig.setup_host()
        rig.start_serve()
        rig.start_browser()
        CASES[args.case](rig)
    except Exception:
        if rig.driver is not None:
            rig.screenshot("failure")
            print(f"--- the page at the failure: {rig.driver.current_url}")
            for main in rig.driver.find_elements(By.TAG_NAME, "main"):
                print(main.text[:3000])
        for log in ("serve.log", "sandbox.log"):
            path = os.path.join(rig.work, log)
            if os.path.exists(path):
                with open(path) as f:
                    print(f"--- {log} (last lines)\n" + "".join(f.readlines()[-30:]))
        raise
    finally:
        rig.stop()
    print(f"ok: {args.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
