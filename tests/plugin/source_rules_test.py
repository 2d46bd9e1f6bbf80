#!/usr/bin/env python3
"""Source rules of the plugin that a compiler does not check.

  source_rules_test.py job-names PLUGIN_SRC   every job name is written once: job names appear in
                                              string literals only in engine/job_names.hpp
  source_rules_test.py lengths PLUGIN_DIR N   no function body in PLUGIN_DIR is over N lines
                                              (from its signature's first line to its closing brace)
Exits 1 and lists the offenders when a rule is broken.
"""
import os
import re
import sys


def strip(src):
    out=[];i=0;n=len(src)
    while i<n:
        c=src[i]
        if src.startswith('//',i):
            j=src.find('\n',i); j=n if j<0 else j; out.append(' '*(j-i)); i=j; continue
        if src.startswith('/*',i):
            j=src.find('*/',i+2); j=n if j<0 else j+2; out.append(re.sub(r'[^\n]',' ',src[i:j])); i=j; continue
        m=re.match(r'R"([^(]*)\(',src[i:i+20])
        if m:
            end=')'+m.group(1)+'"'; j=src.find(end,i)+len(end); out.append(re.sub(r'[^\n]',' ',src[i:j])); i=j; continue
        if c in '"\'':
            j=i+1
            while j<n and src[j]!=c:
                j+= 2 if src[j]=='\\' else 1
            out.append(c+' '*(j-i-1)+c); i=j+1; continue
        out.append(c); i+=1
    return ''.join(out)
def scan(path, limit):
    src=strip(open(path).read()); res=[]
    stack=[]  # 'ns' | 'fn' | 'other'
    last=0; fnstart=None
    for i,c in enumerate(src):
        if c=='{':
            head=src[last:i]
            kind='other'
            if not any(k=='fn' for k in stack):
                h=head.strip()
                if re.search(r'\bnamespace\b[^;]*$',h) or re.search(r'\b(class|struct|union|enum)\b[^;()]*$',h) or re.search(r'extern\s+"?\s*"?$',h):
                    kind='ns'
                elif ')' in h and not h.endswith('=') and not re.search(r'=\s*$',h):
                    kind='fn'
                    sig=h.split(';')[-1].split('}')[-1].strip()
                    fnstart=(src.count('\n',0,i)+1 - sig.count('\n'), sig)
            stack.append(kind); last=i+1
        elif c=='}':
            k=stack.pop() if stack else 'other'
            if k=='fn' and not any(s=='fn' for s in stack):
                endline=src.count('\n',0,i)+1
                length=endline-fnstart[0]+1
                if length>limit:
                    name=re.sub(r'\s+',' ',fnstart[1])
                    name=name[:name.find('(')] if '(' in name else name
                    res.append((length,path,fnstart[0],name.split(' ')[-1]))
            last=i+1
        elif c==';':
            last=i+1
    return res

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


def lengths(root, limit):
    found = []
    for path in sources(root):
        found += scan(path, limit)
    for length, path, line, name in sorted(found, reverse=True):
        print(f"{path}:{line}: {name} is {length} lines (at most {limit})")
    print(f"{len(found)} function(s) over {limit} lines")
    return 1 if found else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "job-names":
        sys.exit(job_names(sys.argv[2]))
    if len(sys.argv) >= 4 and sys.argv[1] == "lengths":
        sys.exit(lengths(sys.argv[2], int(sys.argv[3])))
    print(__doc__)
    sys.exit(2)
