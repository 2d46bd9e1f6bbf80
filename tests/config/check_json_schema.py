#!/usr/bin/python3
"""Checks the exported JSON Schema with python3-jsonschema: every example (converted with
`amzconn-config to-json`) and its effective config (defaults filled in) must validate, and a sample of bad configs must not. Also checks the
CLI's exit codes. Usage: check_json_schema.py AMZCONN_CONFIG EXAMPLES_DIR"""
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

HEAD = """stores:
  - alias: uk1
    marketplaces: {primary: UK}
    seller_id: A2EXAMPLE1
    credentials:
      lwa_client_id: ${secret:id}
      lwa_client_secret: ${secret:cs}
      refresh_token: ${secret:rt}
"""

# Each must be refused by the JSON Schema (and by the loader).
BAD = {
    "unknown key": HEAD + "    sync_levle: stock_only\n",
    "yes as boolean": HEAD + "    retired: yes\n",
    "leading-zero number": HEAD + "instance:\n  max_stores: 012\n",
    "quoted number": HEAD + "instance:\n  max_stores: \"5\"\n",
    "number out of range": HEAD + "instance:\n  max_stores: 0\n",
    "literal secret": HEAD.replace("${secret:cs}", "s3cr3t"),
    "unknown marketplace": HEAD.replace("primary: UK", "primary: XX"),
    "bad alias": HEAD.replace("alias: uk1", "alias: UK_1"),
    "missing seller id": HEAD.replace("    seller_id: A2EXAMPLE1\n", ""),
    "unknown choice": HEAD + "    sync_level: all\n",
    "bad interval": HEAD + "    schedules: {orders: 01h}\n",
    "empty store list": "stores: []\n",
    "number as text": HEAD + "    taxes: {charges_sales_account: 4000}\n",
    "bad date": HEAD + "    filters: {start_date: 31.01.2026}\n",
    "reference outside credentials": HEAD + "    display_name: ${env:X}\n",
    "schedule below its range": HEAD + "    schedules: {orders: 1m}\n",
    "schedule above its range": HEAD + "    schedules: {stock: 25h}\n",
    # The cross-key rules (config/schema CrossRule): validate and the schema's if/then.
    "completed with a single customer": HEAD + "    orders:\n      fbm: {customer: "
    "{strategy: single_customer, code: AMZ}, host_status: completed}\n",
    "single customer without a code": HEAD + "    orders:\n      fba: {enabled: true, "
    "warehouse: FBA, customer: {strategy: single_customer}}\n",
    "daily consolidation without a single customer": HEAD + "    orders:\n      fbm: "
    "{consolidation: daily}\n",
    "FBA import without a warehouse": HEAD + "    orders:\n      fba: {enabled: true}\n",
}

# Each must be accepted by both: the rules above refuse no more than they should.
GOOD = {
    "schedule at its floor": HEAD + "    schedules: {orders: 3m, stock: 24h}\n",
    "schedule in another unit": HEAD + "    schedules: {orders: 180s, prices: 7d}\n",
    "daily consolidation for a single customer": HEAD + "    orders:\n      fbm: {consolidation: "
    "daily, host_status: placed, customer: {strategy: single_customer, code: AMZ}}\n",
    "FBA import with its warehouse": HEAD + "    orders:\n      fba: {enabled: true, "
    "warehouse: FBA, host_status: completed}\n",
}


def run(args, env=None):
    return subprocess.run(args, capture_output=True, text=True, env=env, check=False)


def main():
    tool, examples = sys.argv[1], sys.argv[2]
    failures = []
    schema = json.loads(run([tool, "schema"]).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    names = sorted(n for n in os.listdir(examples) if n.endswith(".yaml"))
    if len(names) < 6:
        failures.append(f"expected 6 examples, found {names}")
    env = dict(os.environ, AMZCONN_SANDBOX_URL="http://127.0.0.1:18080",
               AMZCONN_DEMO_CLIENT_ID="x", AMZCONN_DEMO_CLIENT_SECRET="y",
               AMZCONN_DEMO_REFRESH_TOKEN="z")
    for name in names:
        path = os.path.join(examples, name)
        converted = run([tool, "to-json", path])
        if converted.returncode != 0:
            failures.append(f"{name}: to-json failed: {converted.stderr}")
            continue
        errors = list(validator.iter_errors(json.loads(converted.stdout)))
        for e in errors:
            failures.append(f"{name}: schema refused {list(e.absolute_path)}: {e.message}")
        checked = run([tool, "validate", path], env=env)
        if checked.returncode != 0:
            failures.append(f"{name}: amzconn-config validate exit {checked.returncode}: "
                            f"{checked.stdout}")
        effective = run([tool, "effective", path], env=env)
        if effective.returncode != 0:
            failures.append(f"{name}: effective failed: {effective.stderr}")
        else:
            for e in validator.iter_errors(json.loads(effective.stdout)):
                failures.append(f"{name}: schema refused the effective config "
                                f"{list(e.absolute_path)}: {e.message}")
        print(f"ok: {name} and its effective config accepted by the JSON Schema and the loader")

    with tempfile.TemporaryDirectory() as tmp:
        for label, text in BAD.items():
            path = os.path.join(tmp, "bad.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            converted = run([tool, "to-json", path])
            if converted.returncode != 0:
                failures.append(f"{label}: to-json failed: {converted.stderr}")
                continue
            if validator.is_valid(json.loads(converted.stdout)):
                failures.append(f"{label}: the JSON Schema accepted a bad config")
            checked = run([tool, "validate", path])
            if checked.returncode != 1 or "error:" not in checked.stdout:
                failures.append(f"{label}: validate should exit 1 with an error, got "
                                f"{checked.returncode}: {checked.stdout}")
            if "s3cr3t" in checked.stdout + checked.stderr:
                failures.append(f"{label}: a secret was echoed")
            print(f"ok: {label} refused")

        for label, text in GOOD.items():
            path = os.path.join(tmp, "good.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            converted = run([tool, "to-json", path])
            for e in validator.iter_errors(json.loads(converted.stdout)):
                failures.append(f"{label}: the JSON Schema refused {list(e.absolute_path)}: "
                                f"{e.message}")
            checked = run([tool, "validate", path])
            if checked.returncode != 0:
                failures.append(f"{label}: validate refused it: {checked.stdout}")
            print(f"ok: {label} accepted")

    # The schema file's own promises: an $id, writeOnly beside x-secret, examples that validate.
    if not schema.get("$id", "").endswith("/amzconn-settings.schema.json"):
        failures.append(f"$id {schema.get('$id')} does not name the installed file")
    credentials = schema["properties"]["stores"]["items"]["properties"]["credentials"]
    for key, prop in credentials["properties"].items():
        if not (prop.get("x-secret") and prop.get("writeOnly")):
            failures.append(f"credentials.{key}: no writeOnly beside x-secret")
        for example in prop.get("examples", []):
            if not validator.is_valid({"stores": [dict(
                    schema["examples"][0]["stores"][0],
                    credentials=dict(schema["examples"][0]["stores"][0]["credentials"],
                                     **{key: example}))]}):
                failures.append(f"credentials.{key}: example {example} is refused")
    for example in schema.get("examples", []):
        for e in validator.iter_errors(example):
            failures.append(f"the schema's example is refused: {e.message}")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "example.yaml")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(example, f)  # JSON is YAML
            checked = run([tool, "validate", path])
            if checked.returncode != 0:
                failures.append(f"validate refused the schema's example: {checked.stdout}")
    if not schema.get("examples"):
        failures.append("the schema has no examples")

    helped = run([tool, "--help"])
    if helped.returncode != 0 or "validate" not in helped.stdout:
        failures.append("--help does not describe the commands")

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
