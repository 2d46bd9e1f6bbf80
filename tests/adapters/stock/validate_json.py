#!/usr/bin/python3
"""Validates JSON_LISTINGS_FEED documents written by the stock tests.

usage: validate_json.py SCHEMA_DIR FEED.json [FEED.json ...]

Each document must validate against listings-feed-schema-v2.json and each of its messages against
listings-feed-message-schema-v2.json. Prints every problem; exits 1 if there is any.
"""
import json
import os
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) < 3 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help") else 2
    schema_dir = sys.argv[1]
    with open(os.path.join(schema_dir, "listings-feed-schema-v2.json"), encoding="utf-8") as f:
        feed_schema = json.load(f)
    with open(os.path.join(schema_dir, "listings-feed-message-schema-v2.json"), encoding="utf-8") as f:
        message_schema = json.load(f)
    feed_validator = jsonschema.Draft7Validator(feed_schema)
    message_validator = jsonschema.Draft7Validator(message_schema)
    problems = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        for error in feed_validator.iter_errors(document):
            problems += 1
            print(f"{path}: feed schema: {list(error.absolute_path)}: {error.message}")
        for index, message in enumerate(document.get("messages", [])):
            for error in message_validator.iter_errors(message):
                problems += 1
                print(f"{path}: message {index}: {list(error.absolute_path)}: {error.message}")
    print(f"validated {len(sys.argv) - 2} document(s), {problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
