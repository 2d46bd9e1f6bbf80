#!/usr/bin/env python3
"""Source rules of the plugin that a compiler does not check (function lengths: dist/long_functions.py).

  source_rules_test.py job-names PLUGIN_SRC   every job name is written once: job names appear in
                                              string literals only in engine/job_names.hpp
Exits 1 and lists the offenders when a rule is broken.
"""
import os
import re
import sys


def sources(root):
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith((".cpp", ".hpp")):
                yield os.path.join(folder, name)


def job_names(src_root):
    names_file = os.path.join(src_root, "engine", "job_names.hpp")
    names = re.findall(r'= "(\w+)";', open(names_file).read())
    if len(names) < 9:
        print(f"{names_file}: found only {len(names)} job names")
        return 1
    bad = []
    for path in sources(src_root):
        if os.path.samefile(path, names_file):
            continue
        text = open(path).read()
        code = re.sub(r"(?m)^\s*//.*$", "", text)  # comment lines say what jobs do, in words
        for literal in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', code):
            for name in names:
                if re.search(r"\b" + name + r"\b", literal.group(1)):
                    bad.append(f"{path}: \"{literal.group(1)[:60]}\" writes {name} again; "
                               f"use job_names::{name}")
    for line in bad:
        print(line)
    print(f"{len(names)} job names checked, {len(bad)} written again")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "job-names":
        sys.exit(job_names(sys.argv[2]))
    print(__doc__)
    sys.exit(2)
