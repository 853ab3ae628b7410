#!/bin/sh
# Runs one local service for Argus and ends it when Argus goes away, even after kill -9:
# Argus holds this script's standard input open, so end-of-file means Argus is gone.
# Usage: supervise.sh PIDFILE COMMAND [ARG...]
pidfile=$1
shift
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
echo "$child" > "$pidfile"
{ cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null; } &
watcher=$!
wait "$child"
status=$?
kill "$watcher" 2>/dev/null
rm -f "$pidfile"
exit $status
