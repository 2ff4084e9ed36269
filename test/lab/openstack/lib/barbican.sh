# Barbican (uwsgi, :9311): simple_crypto store, synchronous (no worker), secure-RBAC defaults so that a
# plain member may create/list/delete secrets (Zed's legacy policy wants admin or creator). Secret hrefs name
# the HTTPS endpoint (haproxy, lib/tls.sh).

barbican_configure() {
  {
    log_section
    cat <<EOT
[DEFAULT]
host_href = https://$HOST:19311
sql_connection = $(db_url barbican barbican)
db_auto_create = false
transport_url = $(rabbit_url)
[queue]
enable = false
[keystone_notifications]
enable = false
[secretstore]
enabled_secretstore_plugins = store_crypto
[crypto]
enabled_crypto_plugins = simple_crypto
[simple_crypto_plugin]
kek = $BARBICAN_KEK
[oslo_policy]
enforce_new_defaults = true
enforce_scope = false
EOT
    authtoken barbican
  } | ini_merge /etc/barbican/barbican.conf
  svc_dirs barbican /var/lib/barbican /var/lock/barbican
}

barbican_schema() {
  marker barbican-schema && return 0
  db_create barbican barbican
  as barbican barbican-manage db upgrade >>"$LAB_LOG/barbican-manage.log" 2>&1 ||
    fail_service barbican-manage "db upgrade failed"
  mark barbican-schema
}

barbican_start() {
  uwsgi_app barbican barbican 9311 /usr/bin/barbican-wsgi-api 1 4 \
    --paste config:/etc/barbican/barbican-api-paste.ini --no-default-app --chdir /var/lib/barbican
}
