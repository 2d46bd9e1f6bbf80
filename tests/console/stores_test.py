#!/usr/bin/env python3
"""The admin console's stores in headless Chromium, on the rig in tests/support/console_rig.py:
Connect to Amazon through the sandbox's consent page (Amazon's website authorization workflow)
and the admin token kept in the host's secret store. Each case proves one rule against the
sandbox's state (what Amazon holds) and the host's secret store.

usage: stores_test.py CASE --bin DIR --plugin FILE --source DIR --work DIR"""
import glob
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from console_rig import By, main  # noqa: E402

SECRET = "demo-refresh"
ISSUED = "sandbox-refresh-"  # every refresh token the sandbox issues has it: Atzr|sandbox-refresh-N


def host_run(rig, *words, stdin=None):
    """An amzconn-host command on the test's database, whatever its exit: (code, out, err)."""
    done = subprocess.run(
        [os.path.join(rig.args.bin, "amzconn-host"), "--db", rig.db, "--plugin", rig.args.plugin,
         *words], input=stdin, capture_output=True, text=True, check=False, timeout=240)
    return done.returncode, done.stdout, done.stderr


def install_connectable(rig):
    """The demo config with an SP-API application and the refresh token by secret reference."""
    with open(os.path.join(rig.work, "demo.yaml")) as f:
        demo = f.read()
    env_ref = "refresh_token: ${env:AMZCONN_DEMO_REFRESH_TOKEN}"
    assert env_ref in demo, "the demo config no longer takes its refresh token from the env"
    demo = demo.replace(env_ref, "refresh_token: ${secret:" + SECRET + "}")
    demo = demo.replace("    seller_id: A2SANDBOXSELLER",
                        "    seller_id: A2SANDBOXSELLER\n"
                        "    application_id: amzn1.sp.solution.demo-app\n"
                        "    application_draft: true")
    path = os.path.join(rig.work, "connectable.yaml")
    with open(path, "w") as f:
        f.write(demo)
    code, out, err = host_run(rig, "install", path)
    assert code == 0, out + err
    assert f"warning: secret '{SECRET}' is not set yet" in out and "Connect to Amazon" in out, out


def lwa_grant(rig, refresh_token):
    """The sandbox's LWA answer to a refresh-token grant: its HTTP status."""
    form = urllib.parse.urlencode({
        "grant_type": "refresh_token", "refresh_token": refresh_token,
        "client_id": os.environ["AMZCONN_DEMO_CLIENT_ID"],
        "client_secret": os.environ["AMZCONN_DEMO_CLIENT_SECRET"]}).encode()
    try:
        with urllib.request.urlopen(rig.sandbox + "/auth/o2/token", data=form) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def assert_token_nowhere(rig, pages):
    """No issued refresh token in serve's output, the connection log, the pages or the database
    file in clear text."""
    for name in ("serve.out", "serve.log"):
        with open(os.path.join(rig.work, name)) as f:
            assert ISSUED not in f.read(), f"{name} shows the refresh token"
    code, log, err = host_run(rig, "log", "--level", "ALL")
    assert code == 0 and ISSUED not in log, "the connection log shows the refresh token"
    assert "connected store demo (seller id A2SANDBOXSELLER)" in log, log[-2000:]
    for page in pages:
        assert ISSUED not in page, "a page shows the refresh token"
    for path in glob.glob(rig.db + "*"):
        with open(path, "rb") as f:
            assert ISSUED.encode() not in f.read(), f"{path} holds the refresh token in clear"


def case_connect_amazon(rig):
    """Connect to Amazon: the tile's button goes through Amazon's consent page and back, and the
    refresh token LWA issued is in the host's secret store (an import with it works against
    Amazon, which now refuses any other), shown and logged nowhere; a wrong or replayed state is
    refused."""
    rig.sign_in()
    rig.check_labels()
    assert rig.text("#token-demo") == "from ${env:AMZCONN_DEMO_REFRESH_TOKEN}"
    # The demo config names no SP-API application: the page says what to change.
    rig.press_enter(rig.find("#connect-demo"))
    assert "set stores[].application_id" in rig.text(".alert-danger"), rig.text(".alert-danger")
    rig.screenshot("connect-needs-application")
    install_connectable(rig)
    code, out, err = host_run(rig, "check", "--store", "demo")
    assert code != 0 and f"secret set {SECRET}" in out + err, out + err  # not connected yet
    rig.get("/stores")
    assert rig.text("#token-demo") == f"not connected (secret {SECRET} not set)"
    rig.screenshot("stores-before-connect")
    rig.press_enter(rig.find("#connect-demo"))  # to Amazon's consent page, and back
    callback = rig.driver.current_url
    assert callback.startswith(rig.url + "/stores/connect/callback?"), callback
    query = urllib.parse.parse_qs(urllib.parse.urlparse(callback).query)
    assert query["selling_partner_id"] == ["A2SANDBOXSELLER"], query
    assert "is connected to Amazon" in rig.text(".alert-success"), rig.text("main")
    rig.screenshot("connected")
    pages = [rig.driver.page_source]
    assert SECRET in rig.host("secret", "list").split()
    # Amazon holds the issued token: a token it did not issue is refused now, and the host's
    # import (a new process, reading the secret store) gets through with the stored one.
    assert lwa_grant(rig, "Atzr|demo-refresh-token") == 400
    code, out, err = host_run(rig, "check", "--store", "demo")
    assert code == 0, out + err
    code, out, err = host_run(rig, "run", "import_orders", "--store", "demo", "--json")
    assert code == 0 and json.loads(out)["status"] == "ok", out + err
    # The same answer again (a replay), a state never issued, and no connect cookie: refused.
    rig.driver.get(callback)
    assert "used already" in rig.text(".alert-danger")
    rig.screenshot("replayed-state")
    pages.append(rig.driver.page_source)
    forged = dict(query, state=["0" * 64])
    rig.driver.get(rig.url + "/stores/connect/callback?" + urllib.parse.urlencode(forged, True))
    assert "used already" in rig.text(".alert-danger")
    rig.find("#back-to-stores").click()  # a same-site link: the session is still signed in
    assert rig.driver.current_url.endswith("/stores"), rig.driver.current_url
    assert rig.text("#token-demo") == f"in secret {SECRET}"
    rig.screenshot("stores-connected")
    pages.append(rig.driver.page_source)
    assert_token_nowhere(rig, pages)


def case_admin_token_secret(rig):
    """serve --http-token-secret NAME signs in with the token kept in the host's secret store and
    prints none; a missing or short secret stops serve with what to do."""
    rig.serve.terminate()
    rig.serve.wait(timeout=30)
    code, out, err = host_run(rig, "serve", "--http", "127.0.0.1:0", "--once",
                              "--http-token-secret", "console-admin")
    assert code == 1 and "secret set console-admin" in err, err
    host_run(rig, "secret", "set", "console-admin", stdin="short\n")
    code, out, err = host_run(rig, "serve", "--http", "127.0.0.1:0", "--once",
                              "--http-token-secret", "console-admin")
    assert code == 1 and "at least 16 characters" in err, err
    kept = "kept-admin-token-0123456789abcdef"
    code, out, err = host_run(rig, "secret", "set", "console-admin", stdin=kept + "\n")
    assert code == 0, err
    rig.start_serve("--http-token-secret", "console-admin")
    with open(os.path.join(rig.work, "serve.out")) as f:
        printed = f.read()
    assert "admin token kept in secret console-admin" in printed, printed
    assert kept not in printed and "console: admin token " not in printed, printed
    rig.get("/login")
    rig.check_labels()
    assert "--http-token-secret" in rig.text("#token-help")
    rig.press_enter(rig.find("#token"), "not-the-kept-token")
    assert "not the admin token" in rig.text(".alert-danger")
    rig.press_enter(rig.find("#token"), kept)
    assert rig.driver.current_url.endswith("/stores"), rig.driver.current_url
    assert rig.text("#status-demo") == "open"
    rig.screenshot("signed-in-with-kept-token")


CASES = {
    "connect_amazon": case_connect_amazon,
    "admin_token_secret": case_admin_token_secret,
}

if __name__ == "__main__":
    sys.exit(main(CASES))
