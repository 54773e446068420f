#!/usr/bin/env bash
# Prints "true" when the commits from BASE to HEAD change anything outside content/ (code, templates, docs,
# tests, the workflows), so the whole test suite must run, and "false" when they change content/ alone: the
# content check (make check, the strict build, the link check) then covers the change.
#
# Usage: scripts/code-changed.sh BASE [HEAD]
set -euo pipefail

changed="$(git diff --name-only "${1:?usage: scripts/code-changed.sh BASE [HEAD]}" "${2:-HEAD}")"
if [ -n "$changed" ] && ! grep -qv '^content/' <<<"$changed"; then
  echo false
else
  echo true
fi
