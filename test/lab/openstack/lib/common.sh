# Shared helpers for the OpenStack lab scripts: paths, logging, phase timing, daemon start/stop, waits.
# Sourced by up/down/status/seed; never executed on its own.

set -o errexit -o nounset -o pipefail
shopt -s inherit_errexit # command substitutions fail like the commands in them

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Machine-wide runtime state (pid files, logs, secrets, first-time markers). The lab is a singleton per
# machine (fixed ports, databases in /var/lib), so its state lives with the machine, not with a checkout.
LAB_VAR=${SCS_LAB_VAR:-/var/lib/scs-lab}
LAB_RUN=$LAB_VAR/run
LAB_LOG=$LAB_VAR/log
LAB_MARK=$LAB_VAR/markers
LAB_SECRETS=$LAB_VAR/secrets.env
LAB_BIN=$LAB_VAR/bin # launchers and the fake agent, copied from helpers/ so the lab outlives a checkout
# The lab CA (lib/tls.sh): a stable path for clients (clouds.yaml `cacert:`, OS_CACERT) and the services.
TLS_DIR=$LAB_VAR/tls
LAB_CA=$TLS_DIR/ca.pem
# Per-checkout output (git-ignored): clouds.yaml / secure.yaml for scs-cert and its tests.
LAB_STATE=${SCS_LAB_STATE:-$LAB_DIR/state}
export LC_ALL=C.UTF-8
# Nothing the lab calls may go through a proxy: everything is on 127.0.0.1.
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
HOST=127.0.0.1
REGION=RegionOne
# Compute and storage AZs share their names (Nova creates boot volumes in the server's AZ): host lab-compute and
# backend lab in az1, host lab-compute-2 and backend lab2 in az2.
LAB_AZS=(az1 az2)

LAB_T0=${LAB_T0:-$(date +%s.%N)}
PHASE_T0=$LAB_T0

log() { printf '[lab %6.1fs] %s\n' "$(elapsed)" "$*" >&2; }
die() {
  printf '[lab %6.1fs] ERROR: %s\n' "$(elapsed)" "$*" >&2
  exit 1
}
elapsed() { awk -v a="$LAB_T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }

# phase NAME: closes the previous phase (prints its duration) and opens the next.
PHASE_NAME=""
phase() {
  local now
  now=$(date +%s.%N)
  if [[ -n $PHASE_NAME ]]; then
    printf '[lab %6.1fs] phase %-34s %6.1fs\n' "$(elapsed)" "$PHASE_NAME" \
      "$(awk -v a="$PHASE_T0" -v b="$now" 'BEGIN{printf "%.1f", b-a}')" >&2
    printf '%s\t%s\n' "$PHASE_NAME" "$(awk -v a="$PHASE_T0" -v b="$now" 'BEGIN{printf "%.1f", b-a}')" \
      >>"$LAB_LOG/timings.tsv"
  fi
  PHASE_NAME=${1:-}
  PHASE_T0=$now
}

need_root() { [[ $(id -u) -eq 0 ]] || die "the lab must run as root (it installs packages and starts daemons)"; }

init_dirs() {
  install -d -m 0755 "$LAB_VAR" "$LAB_RUN" "$LAB_LOG" "$LAB_MARK" "$LAB_BIN"
  install -d -m 0755 "$LAB_STATE"
}

marker() { [[ -e $LAB_MARK/$1 ]]; }
mark() { touch "$LAB_MARK/$1"; }

# Random secret (alphanumeric, 24 chars) generated once per lab install and kept in $LAB_SECRETS.
load_secrets() {
  if [[ ! -s $LAB_SECRETS ]]; then
    umask 077
    {
      local k
      for k in ADMIN_PASS MEMBER_PASS MEMBER_ADMIN_PASS APPCRED_SECRET SERVICE_PASS DB_PASS; do
        printf '%s=%s\n' "$k" "$(openssl rand -hex 12)"
      done
      printf 'BARBICAN_KEK=%s\n' "$(openssl rand -base64 32)"
    } >"$LAB_SECRETS"
    umask 022
  fi
  # shellcheck disable=SC1090
  source "$LAB_SECRETS"
}

# ---- configuration files -------------------------------------------------------------------------

# ini FILE SECTION KEY VALUE  /  ini_del FILE SECTION [KEY]  /  ini_merge FILE <<<"[section] key = value ..."
# Debian's shipped files are kept; only the keys the lab needs are changed. crudini starts Python (≈ 80 ms),
# so each service merges one fragment instead of setting keys one by one.
ini() { crudini --set "$1" "$2" "$3" "$4"; }
ini_del() { crudini --del "$@"; }
ini_merge() { crudini --merge "$1"; }

# auth_section SECTION USER: ini fragment with service credentials (for [keystone_authtoken], [placement], ...).
auth_section() {
  cat <<EOT
[$1]
auth_url = http://$HOST:5000/v3
auth_type = password
project_name = service
project_domain_name = Default
user_domain_name = Default
username = $2
password = $SERVICE_PASS
region_name = $REGION
cafile = $LAB_CA
EOT
}
# authtoken USER: the [keystone_authtoken] fragment of an API service (its catalog lookups go through the
# HTTPS endpoints, hence `cafile` in auth_section), and X-Forwarded-Proto from haproxy honoured so that the
# links a service builds (version documents, hrefs) name https and the TLS port.
authtoken() {
  auth_section keystone_authtoken "$1"
  cat <<EOT
www_authenticate_uri = https://$HOST:15000
service_token_roles_required = true
EOT
  proxy_headers
}
proxy_headers() { printf '[oslo_middleware]\nenable_proxy_headers_parsing = true\n'; }
db_url() { printf 'mysql+pymysql://%s:%s@%s/%s?charset=utf8' "$1" "$DB_PASS" "$HOST" "$2"; }
rabbit_url() { printf 'rabbit://guest:guest@%s:5672/' "$HOST"; }

# oslo.log fragment: no log files (empty values are "unset"), everything to stderr, which start_daemon
# appends to $LAB_LOG/<name>.log.
log_section() {
  cat <<EOT
[DEFAULT]
log_dir =
log_file =
use_stderr = true
debug = false
EOT
}

# ---- daemons ---------------------------------------------------------------------------------------

pid_alive() {
  local f=$LAB_RUN/$1.pid p
  [[ -s $f ]] || return 1
  p=$(<"$f")
  [[ -d /proc/$p ]] && [[ $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) != Z ]]
}

# start_daemon NAME USER CMD...: runs CMD as USER, leader of its own session (so stop can find all its
# processes by session id), stdin from /dev/null, output appended to $LAB_LOG/NAME.log.
# Skipped when the pid file names a live process.
start_daemon() {
  local name=$1 user=$2
  shift 2
  if pid_alive "$name"; then
    log "$name already running (pid $(<"$LAB_RUN/$name.pid"))"
    return 0
  fi
  local home
  home=$(getent passwd "$user" | cut -d: -f6)
  printf '\n==== %s start %s ====\n' "$name" "$(date -Is)" >>"$LAB_LOG/$name.log"
  # setsid does not fork here (a background job of a non-interactive shell is no group leader), and
  # setpriv execs, so $! is the daemon itself and its session id.
  setsid setpriv --reuid="$user" --regid="$user" --init-groups \
    env HOME="$home" USER="$user" LOGNAME="$user" "$@" </dev/null >>"$LAB_LOG/$name.log" 2>&1 &
  echo $! >"$LAB_RUN/$name.pid"
}

# start_root_daemon NAME CMD...: the same for daemons that drop privileges themselves (mariadbd).
start_root_daemon() {
  local name=$1
  shift
  if pid_alive "$name"; then
    log "$name already running (pid $(<"$LAB_RUN/$name.pid"))"
    return 0
  fi
  printf '\n==== %s start %s ====\n' "$name" "$(date -Is)" >>"$LAB_LOG/$name.log"
  setsid "$@" </dev/null >>"$LAB_LOG/$name.log" 2>&1 &
  echo $! >"$LAB_RUN/$name.pid"
}

# sessions_of PID...: sessions to sweep for recorded leaders: their own, plus those of descendants that
# made themselves session leaders (octavia-worker's cotyledon master calls setsid()). One ps for all.
sessions_of() {
  ps -eo pid=,ppid=,sid= | awk -v roots=" $* " '
    { pid[NR]=$1; ppid[$1]=$2; sid[$1]=$3 }
    END {
      n = split(roots, r, " "); for (i = 1; i <= n; i++) { isroot[r[i]] = 1; print r[i] }
      for (i in pid) { p=pid[i]; q=p
        while (q != "" && q > 1 && !(q in isroot)) q=ppid[q]
        if ((q in isroot) && sid[p] == p) print p }
    }' | sort -u
}
procs_in_sessions() { # SID... -> live pids
  ps -eo pid=,sid=,stat= | awk -v s=" $* " 'index(s, " " $2 " ") && $3 !~ /^Z/ {print $1}'
}

# stop_daemons NAME...: SIGTERM every process of the daemons' sessions at once, SIGKILL what is left after
# 20 s, remove the pid files. One signal round and one poll loop for all (polling per daemon in parallel
# costs more CPU than the daemons need to exit).
stop_daemons() {
  local name leaders=() sids pids i
  for name in "$@"; do
    [[ -s $LAB_RUN/$name.pid ]] && leaders+=("$(<"$LAB_RUN/$name.pid")")
  done
  if ((${#leaders[@]})); then
    sids=$(sessions_of "${leaders[@]}" | tr '\n' ' ')
    pids=$(procs_in_sessions $sids)
    if [[ -n $pids ]]; then
      # shellcheck disable=SC2086
      kill -TERM $pids 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do
        pids=$(procs_in_sessions $sids)
        [[ -z $pids ]] && break
        sleep 0.2
      done
      if [[ -n $pids ]]; then
        log "still running after 20s, SIGKILL: $(ps -o pid=,args= -p "${pids//$'\n'/,}" | cut -c1-80 | tr '\n' ';')"
        # shellcheck disable=SC2086
        kill -KILL $pids 2>/dev/null || true
      fi
    fi
  fi
  for name in "$@"; do rm -f "$LAB_RUN/$name.pid"; done
}
stop_daemon() { stop_daemons "$1"; }

# Prints the end of a daemon's log (used when something does not come up).
log_tail() { echo "---- last 40 lines of $LAB_LOG/$1.log ----" >&2; tail -n 40 "$LAB_LOG/$1.log" >&2 || true; }

# fail_service NAME WHAT: the one place a start failure is reported.
fail_service() {
  log_tail "$1"
  die "service $1: $2 (full log: $LAB_LOG/$1.log)"
}

# wait_http NAME URL [TIMEOUT]: until the URL answers HTTP with any status; fails naming the service.
wait_http() {
  local name=$1 url=$2 timeout=${3:-180} t0=$SECONDS
  while ! curl -s -o /dev/null -m 3 "$url"; do
    pid_alive "$name" || fail_service "$name" "process exited before answering $url"
    ((SECONDS - t0 < timeout)) || fail_service "$name" "no answer from $url within ${timeout}s"
    sleep 0.5
  done
}

# as USER CMD...: run a tool (schema manager etc.) as the service user.
as() {
  local u=$1
  shift
  setpriv --reuid="$u" --regid="$u" --init-groups env HOME="$(getent passwd "$u" | cut -d: -f6)" "$@"
}

# uwsgi_app NAME USER PORT WSGI_SCRIPT PROCESSES THREADS [EXTRA uwsgi ARGS...]
# --lazy-apps: each worker loads the app after fork (no DB/RPC connection shared across fork);
# --die-on-term: SIGTERM stops instead of reloading; "Connection: close": uwsgi's --http-socket does not
# keep connections alive, so pooling clients (Node's fetch) must not try to reuse them.
uwsgi_app() {
  local name=$1 user=$2 port=$3 script=$4 procs=$5 threads=$6
  shift 6
  start_daemon "$name" "$user" /usr/bin/uwsgi_python311 --master --die-on-term --no-orphans --lazy-apps \
    --http-socket "$HOST:$port" --wsgi-file "$script" --processes "$procs" --threads "$threads" \
    --enable-threads --need-app --buffer-size 65535 --procname-prefix-spaced "$name" \
    --add-header "Connection: close" "$@"
}

# svc_dirs USER DIR...: directories systemd-tmpfiles would create, owned by the service user.
svc_dirs() {
  local u=$1
  shift
  install -d -o "$u" -g "$u" "$@"
}
