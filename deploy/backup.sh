#!/usr/bin/env bash
# deploy/backup.sh DEST_DIR: a consistent backup of DogPass while it runs: the database (mariadb-dump in one
# transaction's snapshot: nothing half-written, nothing locked) and then the uploaded photos (after the dump, so
# every upload the dump names has its file: a photo's file is written before its row is committed).
#
# Reads DATABASE_URL and UPLOAD_DIR from the environment, else from $APP_DIR/.env (default /srv/dogpass/current).
# Writes DEST_DIR/dogpass-<UTC time>/ with database.sql.gz, uploads.tar.gz and SHA256SUMS; prints that directory.
set -euo pipefail
DEST=${1:?usage: deploy/backup.sh DEST_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/dblib.sh
. "$HERE/dblib.sh"
load_settings

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$DEST/dogpass-$STAMP"
mkdir -p "$OUT"
CNF=$(client_defaults_file)
trap 'rm -f "$CNF"' EXIT

# --single-transaction: a REPEATABLE READ snapshot of InnoDB tables, taken without locking the service out. The
# database's name is not in the dump (no --databases), so it restores under any name.
mariadb-dump --defaults-extra-file="$CNF" --single-transaction --quick --hex-blob --routines --triggers \
  --default-character-set=utf8mb4 "$DB_NAME" \
  | gzip > "$OUT/database.sql.gz"
tar -C "$UPLOAD_DIR" -czf "$OUT/uploads.tar.gz" .
(cd "$OUT" && sha256sum database.sql.gz uploads.tar.gz > SHA256SUMS)
echo "$OUT"
