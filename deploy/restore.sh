#!/usr/bin/env bash
# deploy/restore.sh BACKUP_DIR: restores a backup made by deploy/backup.sh into an EMPTY database and an empty
# upload directory, then proves the app runs on them with every record intact (`flask --app wsgi ops verify`:
# schema at head, every row read, every ID number decrypts with this ID_ENCRYPTION_KEY, every upload file present
# with its recorded sha256, every application whole). Exits non-zero if anything is missing.
#
# The target is DATABASE_URL and UPLOAD_DIR from the environment (else $APP_DIR/.env): point them at a new
# database (it is created if missing) and a new directory, e.g.
#   DATABASE_URL=mysql+pymysql://dogpass:...@10.0.0.20/dogpass_restored UPLOAD_DIR=/srv/dogpass/uploads-restored \
#     deploy/restore.sh /backups/dogpass-20261201T020000Z
# It refuses a database that has tables or a directory that has files: a restore never overwrites live data.
set -euo pipefail
BACKUP=${1:?usage: deploy/restore.sh BACKUP_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/dblib.sh
. "$HERE/dblib.sh"
load_settings

(cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS)
CNF=$(client_defaults_file)
trap 'rm -f "$CNF"' EXIT
mariadb --defaults-extra-file="$CNF" -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4"
TABLES=$(mariadb --defaults-extra-file="$CNF" -N -e \
  "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$DB_NAME'")
if [ "$TABLES" != "0" ]; then
  echo "refused: database $DB_NAME already has $TABLES tables (restore only into an empty database)" >&2
  exit 2
fi
mkdir -p "$UPLOAD_DIR"
if [ -n "$(ls -A "$UPLOAD_DIR")" ]; then
  echo "refused: $UPLOAD_DIR is not empty (restore only into an empty directory)" >&2
  exit 2
fi
gunzip -c "$BACKUP/database.sql.gz" | mariadb --defaults-extra-file="$CNF" "$DB_NAME"
tar -C "$UPLOAD_DIR" -xzf "$BACKUP/uploads.tar.gz"
echo "restored $BACKUP into database $DB_NAME and $UPLOAD_DIR; verifying"
cd "$APP_DIR"
"${PYTHON:-$APP_DIR/.venv/bin/python}" -m flask --app wsgi ops verify
