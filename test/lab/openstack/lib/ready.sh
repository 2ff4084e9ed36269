# Readiness: every API answers HTTP, nova-compute is mapped into cell1, cinder-volume/-backup report up.

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
}

# Before this, server creation fails (no host in cell1) and volumes go to error (no volume service).
wait_compute_and_volume() {
  admin_login
  local t0=$SECONDS admin_pid
  admin_pid=$(ks_id projects admin)
  until api GET "$NOVA/os-hypervisors" | jq -e '.hypervisors | length > 0' >/dev/null; do
    pid_alive nova-compute || fail_service nova-compute "process exited"
    ((SECONDS - t0 < 180)) || fail_service nova-compute "no hypervisor in cell1 after 180s"
    sleep 1
  done
  local svc
  for svc in cinder-volume cinder-backup; do
    until api GET "$CINDER/$admin_pid/os-services?binary=$svc" |
      jq -e '[.services[] | select(.state == "up")] | length > 0' >/dev/null; do
      pid_alive "$svc" || fail_service "$svc" "process exited"
      ((SECONDS - t0 < 180)) || fail_service "$svc" "not reported up after 180s"
      sleep 1
    done
  done
}
