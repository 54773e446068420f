#!/usr/bin/env bash
# Builds the site strictly into a new folder beside the last good one, and swaps it in only if the build
# succeeded. MkDocs empties its site folder before it finds a content error, so a build in place would leave
# nothing to serve or deploy; here a failed or interrupted build leaves the last good site byte for byte as it
# was, and removes what it wrote.
#
# Usage: scripts/build.sh [CONFIG [SITE]]   (default: mkdocs.yml and site; `make build` runs it)
# MKDOCS names the mkdocs command to run (make build: the one in .venv/).
set -euo pipefail

config="${1:-mkdocs.yml}"
shown="${2:-site}"
shown="${shown%/}"
site="$shown"
case "$site" in /*) ;; *) site="$PWD/$site" ;; esac
new="$site.new"
old="$site.old"

cleanup() {
  rm -rf -- "$new"
  # Between the two renames below the last good site is only in $old: never delete it then.
  if [ -e "$site" ]; then rm -rf -- "$old"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A swap interrupted between its two renames left the last good site in $old: put it back first.
if [ ! -e "$site" ] && [ -d "$old" ]; then mv -- "$old" "$site"; fi
rm -rf -- "$new" "$old"

if ! "${MKDOCS:-mkdocs}" build --strict --config-file "$config" --site-dir "$new"; then
  echo "The build failed: $shown/ is unchanged (it holds the last good build). Fix the errors above and build again." >&2
  exit 1
fi

# Two renames ($old and $new are folders of their own, never inside $site): the last good site is moved aside
# and the new one takes its name at once.
if [ -e "$site" ]; then mv -- "$site" "$old"; fi
mv -- "$new" "$site"
