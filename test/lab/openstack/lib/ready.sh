# Readiness: every API answers HTTP (directly and through haproxy's TLS), both fake compute hosts are in cell1,
# both cinder-volume backends and cinder-backup report up.

# name port path — which daemon serves which URL (the daemon's log is shown when it does not answer).
LAB_APIS="placement 8778 /
glance-api 9292 /
neutron-server 9696 /
nova-api 8774 /
cinder-api 8776 /
barbican 9311 /
octavia-api 9876 /"

wait_apis() {
  local name port path
  while read -r name port path; do
    wait_http "$name" "http://$HOST:$port$path" 180
  done <<<"$LAB_APIS"
  while read -r name port path; do
    wait_https haproxy "https://$HOST:$(tls_port "$port")$path" 30
  done < <(tls_frontends)
}

# Before this, server creation fails (no host in cell1) and volumes go to error (no volume service).
wait_compute_and_volume() {
  admin_login
  local t0=$SECONDS admin_pid
  admin_pid=$(ks_id projects admin)
  until api GET "$NOVA/os-hypervisors" | jq -e '.hypervisors | length >= 2' >/dev/null; do
    pid_alive nova-compute || fail_service nova-compute "process exited"
    pid_alive nova-compute-2 || fail_service nova-compute-2 "process exited"
    ((SECONDS - t0 < 180)) || fail_service nova-compute "not both compute hosts in cell1 after 180s"
    sleep 1
  done
  local svc want
  for svc in cinder-volume cinder-backup; do
    want=1
    [[ $svc == cinder-volume ]] && want=2 # one service per backend: lab-storage@lab, lab-storage@lab2
    until api GET "$CINDER/$admin_pid/os-services?binary=$svc" |
      jq -e --argjson n "$want" '[.services[] | select(.state == "up")] | length >= $n' >/dev/null; do
      pid_alive "$svc" || fail_service "$svc" "process exited"
      ((SECONDS - t0 < 180)) || fail_service "$svc" "not reported up after 180s"
      sleep 1
    done
  done
}
