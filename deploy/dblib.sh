# Shared by backup.sh and restore.sh: the settings, and a client options file so no password shows in `ps`.
APP_DIR=${APP_DIR:-/srv/dogpass/current}

load_settings() {
  if [ -z "${DATABASE_URL:-}" ] || [ -z "${UPLOAD_DIR:-}" ]; then
    if [ -f "$APP_DIR/.env" ]; then
      local saved_db=${DATABASE_URL:-} saved_uploads=${UPLOAD_DIR:-}
      set -a; . "$APP_DIR/.env"; set +a
      DATABASE_URL=${saved_db:-$DATABASE_URL}; UPLOAD_DIR=${saved_uploads:-$UPLOAD_DIR}
    fi
  fi
  : "${DATABASE_URL:?DATABASE_URL is not set (nor in $APP_DIR/.env)}"
  : "${UPLOAD_DIR:?UPLOAD_DIR is not set (nor in $APP_DIR/.env)}"
  export DATABASE_URL UPLOAD_DIR
  eval "$(python3 - "$DATABASE_URL" <<'PY'
import shlex, sys
from urllib.parse import unquote, urlsplit
url = urlsplit(sys.argv[1])
if not url.scheme.startswith("mysql"):
    sys.exit(f"DATABASE_URL must be MariaDB/MySQL (mysql+pymysql://...), not {url.scheme}")
values = {"DB_HOST": url.hostname or "127.0.0.1", "DB_PORT": str(url.port or 3306),
          "DB_USER": unquote(url.username or "root"), "DB_PASSWORD": unquote(url.password or ""),
          "DB_NAME": url.path.lstrip("/")}
print("\n".join(f"{k}={shlex.quote(v)}" for k, v in values.items()))
PY
)"
}

client_defaults_file() {
  local file
  file=$(mktemp)
  chmod 600 "$file"
  printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword=%s\n' "$DB_HOST" "$DB_PORT" "$DB_USER" "$DB_PASSWORD" > "$file"
  echo "$file"
}
