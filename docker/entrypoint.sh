#!/bin/sh
# The image's entrypoint: apply pending migrations, then run the API (which also serves the web app).
# Runs as a plain process too (ENTITLE_APP_DIR points at a checkout with dist/ built); a test does exactly that.
set -eu
APP_DIR="${ENTITLE_APP_DIR:-/app}"
API="$APP_DIR/dist/apps/api/apps/api/src"

if [ -z "${DATABASE_URL:-}" ]; then
  echo "DATABASE_URL: required (postgres://user:password@host:5432/database)" >&2
  exit 78
fi

node "$API/database/migrate-cli.js" migrate
exec node --enable-source-maps "$API/main.js"
