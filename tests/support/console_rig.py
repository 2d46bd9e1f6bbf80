#!/usr/bin/env python3
"""The rig the admin console's browser tests share: a real amzconn-sandbox (Amazon), the reference
host serving the console (`amzconn-host serve --http 127.0.0.1:0`) with the real plugin and the demo
config, and Debian's Chromium driven headless by Selenium. A test script defines its cases and ends
with `sys.exit(console_rig.main(CASES))`; screenshots go to the artifacts folder.

usage: SCRIPT CASE --bin DIR --plugin FILE --source DIR --work DIR
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
except ImportError:  # main() then skips; the names exist so test scripts still import
    webdriver = Service = By = Keys = Select = WebDriverWait = None
    StaleElementReferenceException = WebDriverException = Exception


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

    def start_serve(self, *options):
        """serve --http with OPTIONS added; the admin token is read from its output unless an
        option keeps it in the secret store."""
        out_path = os.path.join(self.work, "serve.out")
        proc = subprocess.Popen(
            [os.path.join(self.args.bin, "amzconn-host"), "--db", self.db, "--plugin",
             self.args.plugin, "serve", "--http", "127.0.0.1:0", "--poll", "1h", *options],
            stdout=open(out_path, "w"), stderr=open(os.path.join(self.work, "serve.log"), "w"))
        self.procs.append(proc)
        self.serve = proc
        self.url = self.wait_line(out_path, "console: http://", proc)
        self.url = "http://" + self.url.rstrip("/")
        if "--http-token-secret" not in options:
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


def main(cases):
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(cases))
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
        cases[args.case](rig)
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
