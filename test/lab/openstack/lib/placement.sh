# Placement (uwsgi, :8778).

placement_configure() {
  {
    log_section
    cat <<EOT
[placement_database]
connection = $(db_url placement placement)
[api]
auth_strategy = keystone
EOT
    authtoken placement
  } | ini_merge /etc/placement/placement.conf
  svc_dirs placement /var/lib/placement /var/lock/placement
}

placement_schema() {
  marker placement-schema && return 0
  db_create placement placement
  as placement placement-manage db sync >>"$LAB_LOG/placement-manage.log" 2>&1 ||
    fail_service placement-manage "db sync failed"
  mark placement-schema
}

placement_start() { uwsgi_app placement placement 8778 /usr/bin/placement-api 1 4; }
