#!/usr/bin/env python3
"""Writes the seed corpora under tests/fuzz/corpus/<target>/ (committed; rerun after a model or
docs change): order pages from the examples in Amazon's Orders 2026-01-01 model, processing
reports from the feed schema's example, entity documents from sdk/docs/entities.md, and a few
hand-made inputs. The config fuzzer also reads config/examples/ directly.

Usage: tests/fuzz/make_seeds.py [path/to/shared]   (default: ../shared beside the repository)
"""
import json
import pathlib
import re
import sys

here = pathlib.Path(__file__).resolve().parent
repo = here.parent.parent
shared = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else repo.parent / "shared"
corpus = here / "corpus"


def write(target, name, text):
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def examples(node):
    """Every response example body in an OpenAPI (Swagger 2) document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "examples" and isinstance(value, dict):
                for body in value.values():
                    yield body
            elif key == "x-amzn-api-sandbox" and isinstance(value, dict):
                for case in value.get("static", []) + value.get("dynamic", []):
                    if "response" in case:
                        yield case["response"]
            else:
                yield from examples(value)
    elif isinstance(node, list):
        for value in node:
            yield from examples(value)


def order_pages():
    model = json.loads((shared / "spapi-models/models/orders_2026-01-01.json").read_text())
    for i, body in enumerate(examples(model["paths"])):
        write("order_page", f"model_{i:02d}.json", json.dumps(body, indent=1))
    write("order_page", "empty_page.json", '{"orders": [], "pagination": {}}')
    write("order_page", "bad_orders.json", '{"orders": {"orderId": 1}}')


def processing_reports():
    schemas = shared / "spapi-models/schemas"
    example = (schemas / "listings-feed-processing-report-schema-v2.example.json").read_text()
    write("processing_report", "schema_example.json", example)
    write("processing_report", "feed_level_error.json", json.dumps({
        "header": {"sellerId": "A1", "version": "2.0", "feedId": "50001"},
        "issues": [{"code": "4000", "severity": "ERROR", "message": "Feed rejected"}],
        "summary": {"errors": 1, "warnings": 0, "messagesProcessed": 5,
                    "messagesAccepted": 0, "messagesInvalid": 5}}))
    write("processing_report", "warnings_only.json", json.dumps({
        "header": {"sellerId": "A1", "version": "2.0", "feedId": "50002"},
        "issues": [{"messageId": 2, "code": "18", "severity": "WARNING",
                    "message": "Slow", "attributeName": "fulfillment_availability"}],
        "summary": {"errors": 0, "warnings": 1, "messagesProcessed": 5,
                    "messagesAccepted": 5, "messagesInvalid": 0}}))


def listings_reports():
    header = "item-name\tseller-sku\tprice\tquantity\tfulfillment-channel\tstatus"
    write("listings_report", "merchant_listings.tsv",
          header + "\nMug\tMUG-1\t9.99\t5\tDEFAULT\tActive\nCup\tCUP-2\t4.50\t0\tAMAZON_NA\tInactive\n")
    write("listings_report", "bom_crlf.tsv",
          "\ufeffseller-sku\tprice\r\nA-1\t5\r\n\r\nB-2\t\r\n")
    write("listings_report", "short_row.tsv", "a\tb\n1\t2\t3\n")
    write("listings_report", "header_only.tsv", "seller-sku")


def entities():
    doc = (repo / "sdk/docs/entities.md").read_text()
    kind = None
    count = 0
    for line_kind, block in re.findall(r"^## `(\w+)`|```json\n(.*?)```", doc, re.S | re.M):
        if line_kind:
            kind = line_kind
        elif kind:
            write("entity", f"{kind}_{count:02d}.txt", f"{kind}\n{block}")
            count += 1
    write("entity", "unknown_kind.txt", 'invoice\n{"id": 1}')
    write("entity", "not_json.txt", 'warehouse\n{"code":')


order_pages()
processing_reports()
listings_reports()
entities()
write("config", "not_a_mapping.yaml", "- just\n- a list\n")
print(f"seeds written under {corpus}")
