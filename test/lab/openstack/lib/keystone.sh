# Keystone (uwsgi, :5000): one process, one thread, because the token cache is per process.

keystone_configure() {
  local f=/etc/keystone/keystone.conf
  {
    log_section
    cat <<EOT
[database]
connection = $(db_url keystone keystone)
[token]
provider = fernet
[cache]
enabled = true
backend = oslo_cache.dict
[identity]
password_hash_rounds = 4
[catalog]
driver = sql
EOT
    proxy_headers
  } | ini_merge "$f"
  # Debian's file names a template catalog; the lab's catalog must come from the database.
  ini_del "$f" catalog template_file
  svc_dirs keystone /var/lib/keystone /var/log/keystone /var/lock/keystone /etc/keystone/fernet-keys \
    /etc/keystone/credential-keys
  chmod 700 /etc/keystone/fernet-keys /etc/keystone/credential-keys
}

keystone_schema() {
  marker keystone-schema && return 0
  db_create keystone keystone
  as keystone keystone-manage db_sync >>"$LAB_LOG/keystone-manage.log" 2>&1 ||
    fail_service keystone-manage "db_sync failed"
  as keystone keystone-manage fernet_setup --keystone-user keystone --keystone-group keystone \
    >>"$LAB_LOG/keystone-manage.log" 2>&1 || fail_service keystone-manage "fernet_setup failed"
  as keystone keystone-manage credential_setup --keystone-user keystone --keystone-group keystone \
    >>"$LAB_LOG/keystone-manage.log" 2>&1 || fail_service keystone-manage "credential_setup failed"
  # bootstrap also creates roles member and reader with the implications admin -> member -> reader.
  as keystone keystone-manage bootstrap --bootstrap-password "$ADMIN_PASS" --bootstrap-username admin \
    --bootstrap-project-name admin --bootstrap-role-name admin --bootstrap-service-name keystone \
    --bootstrap-region-id "$REGION" --bootstrap-admin-url "https://$HOST:15000/v3" \
    --bootstrap-public-url "https://$HOST:15000/v3" --bootstrap-internal-url "https://$HOST:15000/v3" \
    >>"$LAB_LOG/keystone-manage.log" 2>&1 || fail_service keystone-manage "bootstrap failed"
  mark keystone-schema
}

keystone_start() {
  uwsgi_app keystone keystone 5000 /usr/bin/keystone-wsgi-public 1 1
  wait_http keystone "http://$HOST:5000/v3" 60
}
