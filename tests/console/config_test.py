#!/usr/bin/env python3
"""The console's configuration form finished and the stores added and retired from the pages, in
headless Chromium on the rig in tests/support/console_rig.py: the installed config loads into the
form, a store is added, validate's errors show at their field, the review step shows what will
happen, Save and install installs it as `amzconn-host install` does; an installed alias is fixed;
a retired store keeps its data and calls Amazon for nothing.

usage: config_test.py CASE --bin DIR --plugin FILE --source DIR --work DIR"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from console_rig import By, Keys, Select, WebDriverException, main  # noqa: E402


def named(rig, name):
    return rig.find(f"[name='{name}']")


def unfold(rig, section):
    """Enter on a folded section's summary opens it, as a keyboard user would."""
    rig.driver.find_element(
        By.XPATH, f"//summary[code[text()='{section}']]").send_keys(Keys.ENTER)


def store_aliases(rig):
    return [store["alias"] for store in json.loads(rig.host("store", "list", "--json"))]


def case_config_install(rig):
    """The installed config loads into the form; a store added with a too-long alias gets the
    error at its field; fixed, the review says what will happen; Save and install installs it (the
    CLI's store list and the Stores tiles show it)."""
    rig.sign_in()
    rig.press_enter(rig.find("#add-store"))  # Stores page: Add a store
    assert rig.driver.current_url.endswith("/config?add=stores"), rig.driver.current_url
    rig.check_labels()
    # The installed demo store's values are in the fields; its alias is fixed.
    alias = named(rig, "stores[0].alias")
    assert alias.get_attribute("value") == "demo" and alias.get_attribute("readonly")
    assert named(rig, "stores[0].seller_id").get_attribute("value") == "A2SANDBOXSELLER"
    assert named(rig, "stores[0].stock.warehouses").get_attribute("value") == "MAIN"
    assert named(rig, "stores[0].prices.tiers").get_attribute("value") == \
        "{UK: retail-gbp, DE: retail-eur}"
    assert Select(named(rig, "stores[0].marketplaces.primary")).first_selected_option.text == "UK"
    rig.screenshot("config-loaded")
    # The new store's alias field has the focus: type a too-long alias, fill the rest.
    new_alias = rig.driver.switch_to.active_element
    assert new_alias.get_attribute("name") == "stores[1].alias", new_alias.get_attribute("name")
    new_alias.send_keys("toolongalias")
    Select(named(rig, "stores[1].marketplaces.primary")).select_by_value("FR")
    for key, value in (("endpoint", "${env:AMZCONN_SANDBOX_URL}"),
                       ("credentials.lwa_client_id", "${env:AMZCONN_DEMO_CLIENT_ID}"),
                       ("credentials.lwa_client_secret", "${env:AMZCONN_DEMO_CLIENT_SECRET}"),
                       ("credentials.refresh_token", "${env:AMZCONN_DEMO_REFRESH_TOKEN}")):
        named(rig, f"stores[1].{key}").send_keys(value)
    unfold(rig, "stores[1].orders.fbm")
    named(rig, "stores[1].orders.fbm.warehouse").send_keys("MAIN")
    rig.press_enter(named(rig, "stores[1].seller_id"), "A2SECONDSELLER")  # Enter validates
    alias = named(rig, "stores[1].alias")
    assert "is-invalid" in alias.get_attribute("class")
    error = rig.find("#" + alias.get_attribute("id") + "-error")
    assert error.text.startswith("stores[1].alias: error:"), error.text
    assert not rig.driver.find_elements(By.CSS_SELECTOR, "#config-install"), "no review yet"
    rig.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", alias)
    rig.screenshot("config-alias-error")
    alias.send_keys(Keys.CONTROL + "a")
    rig.press_enter(alias, "uk2")
    # The review: per store what will happen, from the plugin's plan.
    plan = rig.text("#plan-uk2")
    for words in ("Orders", "FBM orders in status unshipped are imported into warehouse MAIN",
                  "Stock", "every non-FBA warehouse", "Prices", "not sent to Amazon",
                  "Shipments", "Schedule", "import_orders every"):
        assert words in plan, f"'{words}' not in the review: {plan}"
    assert "warehouses MAIN (assemblies included)" in rig.text("#plan-demo")
    assert "new" in rig.text("#review h3:last-of-type")
    assert 'alias: "uk2"' in rig.text("#config-yaml")
    rig.check_labels()
    rig.screenshot("config-review")
    assert "uk2" not in store_aliases(rig), "nothing is installed before Save and install"
    rig.press_enter(rig.find("#config-install"))
    assert rig.driver.current_url.split("?")[0].endswith("/stores"), rig.driver.current_url
    assert "Installed the config: stores demo, uk2." in rig.text(".alert-success")
    assert rig.text("#status-uk2") == "closed"  # status.open is false by default
    assert rig.text("#status-demo") == "open"   # re-installing keeps an open store open
    rig.check_labels()
    rig.screenshot("stores-installed")
    assert store_aliases(rig) == ["demo", "uk2"]
    # The form now loads both stores, both aliases fixed.
    rig.get("/config")
    assert named(rig, "stores[1].alias").get_attribute("value") == "uk2"
    assert named(rig, "stores[1].alias").get_attribute("readonly")


def session_post(rig, path, form):
    """A POST with the browser's session cookie and the page's CSRF token; (status, body)."""
    cookie = rig.driver.get_cookie("amzconn_console")
    form = dict(form, csrf=rig.find("input[name='csrf']").get_attribute("value"))
    request = urllib.request.Request(
        rig.url + path, data=urllib.parse.urlencode(form).encode(),
        headers={"Cookie": f"amzconn_console={cookie['value']}",
                 "Content-Type": "application/x-www-form-urlencoded"}, method="POST")
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def case_alias_fixed(rig):
    """An installed store's alias cannot be changed: read-only in the form, and the server
    refuses a changed alias at validate and at install, with the reason, installing nothing; an
    install naming a missing secret is refused as `install` refuses it."""
    rig.sign_in()
    rig.get("/config")
    alias = named(rig, "stores[0].alias")
    try:
        alias.send_keys("x")  # read-only: the keyboard changes nothing
    except WebDriverException:
        pass  # chromedriver may refuse to type into it at all: the same rule
    assert alias.get_attribute("value") == "demo"
    # A form that changes it anyway (the attribute removed) is refused at the field.
    rig.driver.execute_script("arguments[0].removeAttribute('readonly')", alias)
    alias.send_keys(Keys.CONTROL + "a")
    rig.press_enter(alias, "demo2")
    alias = named(rig, "stores[0].alias")
    error = rig.find("#" + alias.get_attribute("id") + "-error")
    assert "store 'demo' is installed and its alias is fixed: keep 'demo'" in error.text, error.text
    assert alias.get_attribute("value") == "demo2" and alias.get_attribute("readonly")
    assert not rig.driver.find_elements(By.CSS_SELECTOR, "#config-install")
    rig.screenshot("alias-fixed")
    # Save and install with a renamed store's YAML is refused too, nothing written.
    rig.get("/config")
    rig.press_enter(rig.find("#config-validate"))
    yaml_text = rig.text("#config-yaml")
    assert 'alias: "demo"' in yaml_text, yaml_text
    status, body = session_post(rig, "/config/install",
                                {"yaml": yaml_text.replace('alias: "demo"', 'alias: "demo2"')})
    assert status == 422, status
    assert "Not installed: nothing was changed." in body
    assert "is installed and its alias is fixed" in body
    assert store_aliases(rig) == ["demo"]
    # As `install` does, a config naming a secret the host lacks is refused, saying which.
    secret = yaml_text.replace("${env:AMZCONN_DEMO_REFRESH_TOKEN}", "${secret:demo-refresh}")
    assert secret != yaml_text, yaml_text
    status, body = session_post(rig, "/config/install", {"yaml": secret})
    assert status == 422, status
    assert "secret &#39;demo-refresh&#39; is not set: run `amzconn-host secret set " \
        "demo-refresh`" in body, body[:3000]
    rig.get("/config")  # nothing half-written: the installed config is the one before
    assert named(rig, "stores[0].credentials.refresh_token").get_attribute("value") == \
        "${env:AMZCONN_DEMO_REFRESH_TOKEN}"
    # The reviewed YAML as it is installs.
    status, body = session_post(rig, "/config/install", {"yaml": yaml_text})
    assert status == 200 and "Installed the config: stores demo." in body, body[:2000]


def case_retire_store(rig):
    """Retiring a store from the Stores page keeps its orders in the host and stops its jobs: a
    run for it calls Amazon for nothing."""
    rig.sign_in()  # serve's first pass (import_orders among its jobs) is done by now
    orders = json.loads(rig.host("dump", "--json"))["sales_orders"]
    assert orders, "the demo store should have imported orders"
    rig.press_enter(rig.find("#retire-demo"))
    assert "/stores/retire" in rig.driver.current_url, rig.driver.current_url
    assert "orders, products and connection log stay in the host" in rig.text("main")
    rig.check_labels()
    rig.screenshot("retire-confirm")
    rig.press_enter(rig.find("#retire-confirm"))
    assert "Store demo is retired" in rig.text(".alert-success")
    assert rig.text("#status-demo") == "retired"
    assert not rig.driver.find_elements(By.CSS_SELECTOR, "#toggle-demo, #retire-demo")
    rig.check_labels()
    rig.screenshot("stores-retired")
    listed = json.loads(rig.host("store", "list", "--json"))
    assert listed[0]["retired"] and not listed[0]["open"] and not listed[0]["schedules"], listed
    kept = json.loads(rig.host("dump", "--json"))["sales_orders"]
    assert len(kept) == len(orders), "the retired store's orders stay in the host"
    before = rig.amazon_calls()
    status, report = rig.run_job("import_orders")
    assert status == "store_closed" and "retired" in report, report
    assert rig.amazon_calls() == before, "a retired store's job called Amazon"
    rig.get("/config")  # the form shows it retired
    assert Select(named(rig, "stores[0].retired")).first_selected_option.text == "true"


CASES = {
    "config_install": case_config_install,
    "alias_fixed": case_alias_fixed,
    "retire_store": case_retire_store,
}

if __name__ == "__main__":
    sys.exit(main(CASES))
