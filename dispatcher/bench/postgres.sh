# Shared by the benchmarks that can run on PostgreSQL (sourced). PG_URL is the JDBC URL of a schema
# of its own (currentSchema=NAME; default: DB_URL, else the local server's schema `bench`), DB_USER
# (default postgres) and DB_PASSWORD its credentials. fresh_pg_schema drops and creates that schema
# with psql; PG_SETTINGS holds the dispatcher's options that point it there.
PG_URL=${DB_URL:-"jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bench"}
DB_USER=${DB_USER:-postgres}
PG_SETTINGS=("--spring.datasource.url=$PG_URL" "--spring.datasource.username=$DB_USER"
  "--spring.datasource.password=${DB_PASSWORD:-}")

fresh_pg_schema() {
  if ! command -v psql > /dev/null; then
    echo "psql is needed to reset the PostgreSQL schema" >&2
    exit 2
  fi
  local rest=${PG_URL#jdbc:postgresql://}
  local hostport=${rest%%/*}
  local database=${rest#*/}
  database=${database%%\?*}
  local schema
  schema=$(grep -oE 'currentSchema=[A-Za-z0-9_]+' <<< "$PG_URL" | cut -d= -f2 || true)
  if [[ -z "$schema" || "$schema" == public ]]; then
    echo "DB_URL must name a schema of its own (currentSchema=NAME): it is dropped before each run" >&2
    exit 2
  fi
  local host=${hostport%%:*} port=5432
  [[ "$hostport" == *:* ]] && port=${hostport##*:}
  PGPASSWORD=${DB_PASSWORD:-} psql -q -X -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$DB_USER" -d "$database" \
    -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema" > /dev/null
}
