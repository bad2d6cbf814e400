#!/usr/bin/env bash
# The package as a new user gets it: `pip install .` (no extras, not editable) into a fresh
# throwaway venv, versions constrained by requirements.lock, then `samverkan run` on one file of
# each supported format (txt, md, html, pdf, docx from corpus/sample). Fails loudly when a
# format cannot be read or a runtime dependency is missing from pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Build from a copy of the sources, so the checkout gets no build/ or egg-info.
mkdir "$work/src"
cp -r pyproject.toml README.md pipeline extractors models "$work/src/"
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
"$PY" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --upgrade pip
"$work/venv/bin/pip" install --quiet -c requirements.lock "$work/src"
"$work/venv/bin/pip" check
rm -rf "$work/src"

files=(
  corpus/sample/hammaro-ny-ordforande.txt
  corpus/sample/grums-nyhet-avsiktsforklaring.md
  corpus/sample/bastad-nyhet-overformyndare.html
  corpus/sample/avsiktsforklaring-karlstadsregionen.pdf
  corpus/sample/samverkansavtal-overformyndarnamnd.docx
)
status=0
(cd "$work" && "$work/venv/bin/samverkan" run --no-progress --db "$work/plain.db" "${files[@]/#/$OLDPWD/}") \
  > "$work/run.log" 2>&1 || status=$?
cat "$work/run.log"
if [ "$status" -ne 0 ] || grep -q Traceback "$work/run.log"; then
  echo "PLAIN INSTALL CHECK FAILED: samverkan run exited $status" >&2
  exit 1
fi
# Every file stored with text and with entities linked; the package came from the venv, not the checkout.
"$work/venv/bin/python" - "$work/plain.db" "${#files[@]}" <<'PYEOF'
import sqlite3, sys
import samverkan
db, expected = sys.argv[1], int(sys.argv[2])
assert "/venv/" in samverkan.__file__, f"samverkan imported from {samverkan.__file__}, not the fresh venv"
con = sqlite3.connect(db)
rows = con.execute("select format, length(text) from documents where is_current").fetchall()
formats = sorted(f for f, _ in rows)
errors = con.execute("select source_path, reason from ingest_errors").fetchall()
mentions = con.execute("select count(*) from mentions").fetchone()[0]
print(f"plain install: stored {formats}, {mentions} mentions, errors {errors}")
assert not errors, f"PLAIN INSTALL CHECK FAILED: {errors}"
assert len(rows) == expected and all(n > 100 for _, n in rows), f"PLAIN INSTALL CHECK FAILED: {rows}"
assert set(formats) >= {"txt", "html", "pdf", "docx"}, f"PLAIN INSTALL CHECK FAILED: formats {formats}"
assert mentions > 0, "PLAIN INSTALL CHECK FAILED: nothing extracted"
PYEOF
echo "plain install check: OK"
