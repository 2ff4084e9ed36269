# Neutron (eventlet neutron-server, :9696; ML2/openvswitch without a data plane) and the fake OVS agent (one
# process reporting both compute hosts).

NEUTRON_CONF=(--config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugins/ml2/ml2_conf.ini)

neutron_configure() {
  local f=/etc/neutron/neutron.conf
  {
    log_section
    cat <<EOT
[DEFAULT]
core_plugin = ml2
service_plugins = router,qos
bind_host = $HOST
bind_port = 9696
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
transport_url = $(rabbit_url)
[database]
connection = $(db_url neutron neutron)
[oslo_concurrency]
lock_path = /var/lock/neutron
EOT
    authtoken neutron
    auth_section nova nova
  } | ini_merge "$f"
  # Debian names /etc/neutron/policy.json, which does not exist.
  ini_del "$f" oslo_policy policy_file
  cat <<'EOT' | ini_merge /etc/neutron/plugins/ml2/ml2_conf.ini
[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers = openvswitch
extension_drivers = port_security,qos
[ml2_type_vxlan]
vni_ranges = 1:1000
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:200
[ml2_type_flat]
flat_networks = external,physnet1
[securitygroup]
enable_ipset = false
EOT
  svc_dirs neutron /var/lib/neutron /var/lock/neutron
}

neutron_schema() {
  marker neutron-schema && return 0
  db_create neutron neutron
  as neutron neutron-db-manage "${NEUTRON_CONF[@]}" upgrade heads >>"$LAB_LOG/neutron-manage.log" 2>&1 ||
    fail_service neutron-manage "upgrade heads failed"
  mark neutron-schema
}

neutron_start() {
  start_daemon neutron-server neutron /usr/bin/neutron-server "${NEUTRON_CONF[@]}"
  start_daemon fake-ovs-agent neutron "$LAB_BIN/lab-fake-ovs-agent" "$NOVA_HOST,$NOVA_HOST2" "${NEUTRON_CONF[@]}"
}
