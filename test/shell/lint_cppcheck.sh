#!/usr/bin/env bash
# cppcheck over src/*.c must be clean (the -Werror build is the test command's
# first step; clang-tidy runs in `make lint`).
set -eu
cd "$(dirname "$0")/../.."
LINT_BUILD=0 LINT_TIDY=0 bash scripts/lint.sh
