# Phase "install": Debian's OpenStack (Zed) packages, non-interactive; a no-op when all are present.

LAB_PACKAGES=(
  crudini sqlite3 curl jq procps openssl sudo dmidecode haproxy
  mariadb-server python3-pymysql rabbitmq-server
  keystone python3-openstackclient python3-barbicanclient python3-octaviaclient
  glance-api placement-api
  nova-api nova-conductor nova-scheduler
  neutron-server
  cinder-api cinder-scheduler
  barbican-api octavia-api octavia-worker
)

install_packages() {
  # Maintainer scripts call invoke-rc.d; without systemd no package may start its daemon (101 = forbidden).
  if [[ ! -x /usr/sbin/policy-rc.d ]] || ! grep -q 'exit 101' /usr/sbin/policy-rc.d; then
    [[ -e /usr/sbin/policy-rc.d ]] && die "/usr/sbin/policy-rc.d exists and does not forbid service starts; move it away"
    printf '#!/bin/sh\n# written by scs-cert lab: packages must not start daemons\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    mark policy-rc.d-created
  fi
  local missing=() p
  for p in "${LAB_PACKAGES[@]}"; do
    dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    log "all ${#LAB_PACKAGES[@]} packages installed"
    return 0
  fi
  log "installing ${#missing[@]} packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get -q -o DPkg::Lock::Timeout=900)
  "${apt[@]}" update --error-on=any >"$LAB_LOG/apt.log" 2>&1 || {
    tail -n 20 "$LAB_LOG/apt.log" >&2
    die "apt-get update failed: is Debian's archive reachable? (log: $LAB_LOG/apt.log)"
  }
  "${apt[@]}" install -y --no-install-recommends "${LAB_PACKAGES[@]}" >>"$LAB_LOG/apt.log" 2>&1 || {
    tail -n 20 "$LAB_LOG/apt.log" >&2
    die "apt-get install failed (log: $LAB_LOG/apt.log)"
  }
}
