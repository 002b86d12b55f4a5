#!/usr/bin/env python3
"""Rewrite expected/*.out made when test/fixtures/setup.sql still echoed its
body: the body becomes the single '\\set ECHO none' line psql now prints."""
import re, sys, glob
for path in sys.argv[1:] or glob.glob('expected/*.out'):
    s = open(path).read()
    pat = re.compile(r'(\\i test/fixtures/setup\.sql\n)-- Shared regression fixture:.*?\n\$t\$;\n', re.S)
    n = pat.sub(r'\1\\set ECHO none\n', s)
    if n != s:
        open(path, 'w').write(n)
        print('rewrote', path)
