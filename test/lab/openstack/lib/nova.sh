# Nova: API (uwsgi, :8774), conductor, scheduler, and two compute services with the fake driver (no
# hypervisor): hosts lab-compute and lab-compute-2, one per availability zone (aggregates made by `seed`,
# lib/baseline.sh). [cinder] cross_az_attach = False: a volume attaches only to servers of its own AZ; so a
# server that asks for no zone is scheduled to az1 (default_schedule_zone), where volumes without a zone go too,
# and a resize or migration stays in its zone (as on a one-host lab: no other host for it).

NOVA_HOST=lab-compute     # the fake OVS agent reports both hosts
NOVA_HOST2=lab-compute-2  # second nova-compute: nova.conf plus $NOVA_COMPUTE2_CONF (its own `host =`)
NOVA_COMPUTE2_CONF=/etc/nova/nova-compute-2.conf

nova_configure() {
  local f=/etc/nova/nova.conf
  {
    log_section
    cat <<EOT
[DEFAULT]
compute_driver = fake.FakeDriver
host = $NOVA_HOST
my_ip = $HOST
state_path = /var/lib/nova
instances_path = /var/lib/nova/instances
default_availability_zone = nova
default_schedule_zone = ${LAB_AZS[0]}
enabled_apis = osapi_compute
osapi_compute_listen = $HOST
osapi_compute_workers = 1
periodic_fuzzy_delay = 0
transport_url = $(rabbit_url)
[api]
auth_strategy = keystone
[api_database]
connection = $(db_url nova nova_api)
[database]
connection = $(db_url nova nova)
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 5
[filter_scheduler]
enabled_filters = ComputeFilter,ComputeCapabilitiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
[oslo_concurrency]
lock_path = /var/lock/nova
[vnc]
enabled = false
[spice]
enabled = false
[oslo_messaging_notifications]
driver = noop
[cinder]
cross_az_attach = False
[keystone]
cafile = $LAB_CA
[barbican]
verify_ssl_path = $LAB_CA
EOT
    authtoken nova
    auth_section placement nova
    auth_section neutron nova
    auth_section glance nova
    auth_section cinder nova
    echo "os_region_name = $REGION"
    # Service tokens: since the fix for bug #2004555 Cinder lets only a service delete an in-use volume
    # attachment; without them Cinder asks Nova with the user's token, which fails for application-
    # credential tokens ("Using a delegated token to create another token"), and a deleted server's
    # volume stays in-use.
    auth_section service_user nova
    echo "send_service_user_token = true"
  } | ini_merge "$f"
  # Debian's defaults for a floating pool and service name that the lab does not have.
  ini_del "$f" neutron default_floating_pool
  ini_del "$f" neutron service_name
  svc_dirs nova /var/lib/nova /var/lib/nova/instances /var/lock/nova
  printf '# written by scs-cert lab: the second fake compute host (read after nova.conf)\n[DEFAULT]\nhost = %s\n' \
    "$NOVA_HOST2" >"$NOVA_COMPUTE2_CONF"
}

nova_schema() {
  marker nova-schema && return 0
  db_create nova nova_api nova nova_cell0
  {
    as nova nova-manage api_db sync &&
      as nova nova-manage cell_v2 map_cell0 --database_connection "$(db_url nova nova_cell0)" &&
      { as nova nova-manage cell_v2 list_cells | grep -q ' cell1 ' || as nova nova-manage cell_v2 create_cell --name cell1; } &&
      as nova nova-manage db sync
  } >>"$LAB_LOG/nova-manage.log" 2>&1 || fail_service nova-manage "schema setup failed"
  mark nova-schema
}

nova_start() {
  uwsgi_app nova-api nova 8774 /usr/bin/nova-api-wsgi 2 1 # one thread per worker: eventlet + RPC casts
  start_daemon nova-conductor nova /usr/bin/nova-conductor --config-file /etc/nova/nova.conf
  start_daemon nova-scheduler nova /usr/bin/nova-scheduler --config-file /etc/nova/nova.conf
  start_daemon nova-compute nova "$LAB_BIN/lab-nova-compute" --config-file /etc/nova/nova.conf
  start_daemon nova-compute-2 nova "$LAB_BIN/lab-nova-compute" --config-file /etc/nova/nova.conf \
    --config-file "$NOVA_COMPUTE2_CONF"
}

# nova_restart_for_config: nova-api and both computes read nova.conf again (the cross-AZ attach rule is
# checked in the API and again in the compute service); waits for the API and a fresh heartbeat of each.
nova_restart_for_config() {
  local since t0=$SECONDS
  stop_daemons nova-api nova-compute nova-compute-2
  since=$(date -u +%FT%T)
  nova_start
  wait_http nova-api "http://$HOST:8774/" 120
  until api GET "$NOVA/os-services?binary=nova-compute" | jq -e --arg s "$since" \
    '[.services[] | select(.state == "up" and .updated_at > $s)] | length >= 2' >/dev/null; do
    pid_alive nova-compute || fail_service nova-compute "process exited"
    pid_alive nova-compute-2 || fail_service nova-compute-2 "process exited"
    ((SECONDS - t0 < 180)) || fail_service nova-compute "no heartbeat of both compute hosts within 180s"
    sleep 1
  done
}
