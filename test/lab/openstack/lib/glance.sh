# Glance (eventlet glance-api, :9292), file store under /var/lib/glance/images.

glance_configure() {
  local f=/etc/glance/glance-api.conf
  {
    log_section
    cat <<EOT
[DEFAULT]
bind_host = $HOST
bind_port = 9292
workers = 1
enabled_backends = fs:file
[database]
connection = $(db_url glance glance)
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = /var/lib/glance/images
[os_glance_staging_store]
filesystem_store_datadir = /var/lib/glance/staging
[os_glance_tasks_store]
filesystem_store_datadir = /var/lib/glance/tasks_work_dir
[paste_deploy]
flavor = keystone
[oslo_concurrency]
lock_path = /var/lock/glance
EOT
    authtoken glance
  } | ini_merge "$f"
  # Debian's datadir sits in [glance_store]; with enabled_backends it is read from the backend's section.
  ini_del "$f" glance_store filesystem_store_datadir
  svc_dirs glance /var/lib/glance /var/lib/glance/images /var/lib/glance/staging \
    /var/lib/glance/tasks_work_dir /var/lock/glance
}

glance_schema() {
  marker glance-schema && return 0
  db_create glance glance
  as glance glance-manage --config-file /etc/glance/glance-api.conf db_sync >>"$LAB_LOG/glance-manage.log" 2>&1 ||
    fail_service glance-manage "db_sync failed"
  mark glance-schema
}

glance_start() { start_daemon glance-api glance /usr/bin/glance-api --config-file /etc/glance/glance-api.conf; }
