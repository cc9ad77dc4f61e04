# Sourced by the benchmark scripts: which database they run on.
#   ASD_PROVIDER=Sqlite (default): a file in the data directory the script chooses.
#   ASD_PROVIDER=PostgreSql with ASD_CONNECTION='Host=...;Port=...;Database=...;Username=...': that database,
#   which must be empty for the generator; the scripts generate into it unless it already holds cases (needs psql).
# Defines: provider, is_sqlite, db_size (prints the database's size), db_exists DIR (true once generated).
provider=${ASD_PROVIDER:-Sqlite}
case "${provider,,}" in
    sqlite) is_sqlite=1 ;;
    postgresql|postgres|npgsql)
        is_sqlite=0
        : "${ASD_CONNECTION:?ASD_PROVIDER=PostgreSql needs ASD_CONNECTION (an Npgsql connection string)}"
        export Database__Provider=PostgreSql ConnectionStrings__AfterSales="$ASD_CONNECTION" ;;
    *) echo "ASD_PROVIDER: Sqlite or PostgreSql, not $provider" >&2; exit 2 ;;
esac

# psql's URI from the Npgsql keywords the scripts use (Host, Port, Database, Username, Password).
pg_uri() {
    local host=localhost port=5432 db=postgres user=postgres pass= kv k v
    IFS=';' read -ra kv <<<"$ASD_CONNECTION"
    for k in "${kv[@]}"; do
        v=${k#*=}; k=${k%%=*}
        case "${k,,}" in
            host|server) host=$v ;; port) port=$v ;; database) db=$v ;;
            username|"user id"|user) user=$v ;; password) pass=$v ;;
        esac
    done
    echo "postgresql://$user${pass:+:$pass}@$host:$port/$db"
}

db_size() { # $1: data directory
    if [ "$is_sqlite" = 1 ]; then du -h "$1/aftersales.db" | cut -f1
    else psql "$(pg_uri)" -Atc "select pg_size_pretty(pg_database_size(current_database()))"; fi
}

db_exists() { # $1: data directory; on PostgreSQL: the database already holds cases
    if [ "$is_sqlite" = 1 ]; then [ -f "$1/aftersales.db" ]
    else [ "$(psql "$(pg_uri)" -Atc 'select exists(select 1 from "AfterSalesCases")' 2>/dev/null)" = t ]; fi
}
