#!/usr/bin/env python3
"""Lists C++ function definitions longer than a limit (default 80 lines, signature line to
closing brace), longest first: `dist/long_functions.py [--limit=N] plugin adapters config sdk`.
A brace-matching heuristic, not a parser: strings, chars and comments are skipped; a `{` opens
a function when the text before it ends in `)` (plus qualifiers or a constructor's initialiser
list) and is not a control statement, a type, or a lambda inside a function."""
import re, sys, os

LIMIT = 80
args = sys.argv[1:]
if not args or any(a in ('-h', '--help') for a in args):
    print(__doc__ + "\nExits 1 when a function is over the limit, so a test can run it.")
    sys.exit(0 if args else 2)
if args and args[0].startswith('--limit='):
    LIMIT = int(args[0].split('=')[1]); args = args[1:]

def strip(text):
    out = []; i = 0; n = len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2); j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = text.find(')' + m.group(1) + '"', i) + len(m.group(1)) + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:end])); i = end
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + ' ' * (j - i - 1) + c); i = j + 1
        else:
            out.append(c); i += 1
    return ''.join(out)

CONTROL = re.compile(r'\b(if|for|while|switch|catch|do|else|return|namespace|class|struct|enum|union)\b')

def scan(path):
    text = strip(open(path, encoding='utf-8', errors='replace').read())
    found = []
    stack = []  # entries: ('fn', start_line, name) or ('blk',)
    seg_start = 0
    line_of = lambda pos: text.count('\n', 0, pos) + 1
    for pos, c in enumerate(text):
        if c == '{':
            seg = text[seg_start:pos]
            in_fn = any(e[0] == 'fn' for e in stack)
            s = seg.strip()
            is_fn = False
            if re.match(r'^(template\s*<.*>\s*)?(struct|class|union|enum)\b', s, re.S):
                pass
            elif not in_fn and s and ')' in s and not s.startswith('#'):
                head = s.split('(')[0]
                tail = s[s.rfind(')') + 1:]
                if not CONTROL.search(head) and '=' not in head and \
                   re.fullmatch(r'[\s\w:&<>,*]*(->[\s\w:<>,&*]+)?(requires[^{]*)?', tail or ' ') is not None \
                   or (not CONTROL.search(head) and re.search(r'\)\s*:\s*\w', s)):
                    is_fn = True
            if is_fn:
                first = seg_start + len(seg) - len(seg.lstrip())
                name = re.findall(r'([~\w:]+)\s*\(', s)
                stack.append(('fn', line_of(first), name[0] if name else '?'))
            else:
                stack.append(('blk',))
            seg_start = pos + 1
        elif c == '}':
            if stack:
                e = stack.pop()
                if e[0] == 'fn':
                    length = line_of(pos) - e[1] + 1
                    found.append((length, e[1], e[2]))
            seg_start = pos + 1
        elif c == ';':
            seg_start = pos + 1
    return found

paths = []
for a in args:
    if os.path.isdir(a):
        for root, _, files in os.walk(a):
            paths += [os.path.join(root, f) for f in files if f.endswith(('.cpp', '.hpp', '.h'))]
    else:
        paths.append(a)
rows = []
for p in sorted(paths):
    for length, line, name in scan(p):
        if length > LIMIT:
            rows.append((length, f'{p}:{line}', name))
for length, where, name in sorted(rows, reverse=True):
    print(f'{length:5d}  {where}  {name}')
print(f'{len(rows)} function(s) over {LIMIT} lines', file=sys.stderr)
sys.exit(1 if rows else 0)
