#!/usr/bin/env bash
# Load test of the main pages as production serves them: gunicorn (2 sync workers), whitenoise,
# DEBUG off, the data set loaded into a throwaway SQLite database (or DATABASE_URL if set).
# Loopback only, bounded in time. Prints requests/s and latency per page.
#   benchmarks/load_test.sh [seconds per page, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-5}
PY=${PY:-.venv/bin/python}
command -v wrk >/dev/null || { echo "load_test: needs wrk (apt-get install wrk)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/plancompare-load.XXXXXX)
export SECRET_KEY=load-test-only DEBUG=0 ALLOWED_HOSTS=127.0.0.1 SECURE_COOKIES=0
export DATABASE_URL=${DATABASE_URL:-sqlite:///$WORK/db.sqlite3}
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$PY manage.py migrate --noinput -v0
$PY manage.py import_plans fixtures/ >/dev/null
$PY manage.py collectstatic --noinput -v0
"$(dirname "$PY")/gunicorn" plancompare.wsgi -w 2 -b "127.0.0.1:$PORT" --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

printf '%-55s %10s %10s %10s\n' page "req/s" "p50" "p99"
for path in "$@" ${PAGES:-/ /versions/us-28/ /compare/us-28/e3-counterproposal/ "/compare/?v=us-28&v=e3-counterproposal&v=geneva-19&v=peace-framework-20" /threads/armed-forces-cap/ "/provisions/?q=armed+forces" /api/versions/}; do
    [[ "$path" == /* ]] || continue
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path")
    if [ "$status" != 200 ]; then printf '%-55s %s\n' "$path" "HTTP $status (skipped)"; continue; fi
    # A timeout far above any response time, so that slow responses count in p99.
    wrk -t1 -c8 -d"${DURATION}s" --timeout 60s --latency "http://127.0.0.1:$PORT$path" >"$WORK/wrk.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
    printf '%-55s %10s %10s %10s\n' "$path" "$rps" "$p50" "$p99"
done
