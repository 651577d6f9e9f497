#!/usr/bin/env bash
# Compares the product's statements with and without row-level security (docs/row-level-security.md).
# Usage: reliability/row-level-security/explain.sh DATABASE   (a migrated, throw-away database; psql as postgres)
# Adds two workspaces (200,000 and 50,000 conversations), then runs each statement 5 times with
# `explain analyze` as the owner (RLS bypassed) and as convonite_app in the big workspace, printing the best 3.
set -euo pipefail
db=${1:?database}
here=$(dirname "$0")
psql_() { psql -X -q -h "${PGHOST:-127.0.0.1}" -U postgres -d "$db" "$@"; }
psql_ -f "$here/data.sql"
ws=$(psql_ -Atc "select id from workspace where name = 'perf 200000' order by id desc limit 1")
for mode in owner app; do
  for q in list cnt open_list search search_cnt search_common contacts contacts_page; do
    t=$( (sed "s/292/$ws/g" "$here/statements.sql"; for i in 1 2 3 4 5; do echo "explain (analyze, timing off, summary on) execute $q;"; done) \
      | psql_ -v mode=$mode | grep 'Execution Time' | awk '{print $3}' | sort -n | head -3 | tr '\n' ' ')
    echo "$mode $q: $t ms"
  done
done
