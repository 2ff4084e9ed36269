# Cinder: API (eventlet, :8776), scheduler, volume (sparse-file driver, "local" connector), backup (POSIX).
# Two backends in one cinder-volume (a child process each), one per storage AZ: `lab` in az1 (the default
# zone, where cinder-backup runs too) and `lab2` in az2; both report volume_backend_name `lab`, so every
# volume type lands on either.

CINDER_HOST=lab-storage

cinder_configure() {
  local f=/etc/cinder/cinder.conf
  install -m 0644 "$LAB_DIR/helpers/scs_lab_volume.py" /usr/local/lib/python3.11/dist-packages/scs_lab_volume.py
  {
    log_section
    cat <<EOT
[DEFAULT]
host = $CINDER_HOST
my_ip = $HOST
state_path = /var/lib/cinder
auth_strategy = keystone
osapi_volume_listen = $HOST
osapi_volume_listen_port = 8776
osapi_volume_workers = 1
enabled_backends = lab,lab2
storage_availability_zone = ${LAB_AZS[0]}
default_availability_zone = ${LAB_AZS[0]}
az_cache_duration = 5
backup_driver = cinder.backup.drivers.posix.PosixBackupDriver
backup_posix_path = /var/lib/cinder/backup
glance_api_servers = http://$HOST:9292
transport_url = $(rabbit_url)
[lab]
volume_driver = scs_lab_volume.FileVolumeDriver
volume_backend_name = lab
backend_availability_zone = ${LAB_AZS[0]}
[lab2]
volume_driver = scs_lab_volume.FileVolumeDriver
volume_backend_name = lab
backend_availability_zone = ${LAB_AZS[1]}
[barbican]
verify_ssl_path = $LAB_CA
[database]
connection = $(db_url cinder cinder)
[oslo_concurrency]
lock_path = /var/lock/cinder
[oslo_messaging_notifications]
driver = noop
EOT
    authtoken cinder
    auth_section nova cinder
  } | ini_merge "$f"
  # Debian ships enabled_backends = lvm with an [lvm] section (volume group pkgosvg0).
  ini_del "$f" lvm
  svc_dirs cinder /var/lib/cinder /var/lib/cinder/backup /var/lib/cinder/lab-volumes /var/lock/cinder
}

cinder_schema() {
  marker cinder-schema && return 0
  db_create cinder cinder
  as cinder cinder-manage --config-file /etc/cinder/cinder.conf db sync >>"$LAB_LOG/cinder-manage.log" 2>&1 ||
    fail_service cinder-manage "db sync failed"
  mark cinder-schema
}

cinder_start() {
  local c=(--config-file /etc/cinder/cinder.conf)
  start_daemon cinder-api cinder /usr/bin/cinder-api "${c[@]}"
  start_daemon cinder-scheduler cinder /usr/bin/cinder-scheduler "${c[@]}"
  start_daemon cinder-volume cinder "$LAB_BIN/lab-cinder-volume" "${c[@]}"
  start_daemon cinder-backup cinder "$LAB_BIN/lab-cinder-backup" "${c[@]}"
}
