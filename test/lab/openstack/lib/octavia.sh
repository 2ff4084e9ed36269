# Octavia without amphorae (uwsgi API :9876 + octavia-worker): every driver is a no-op, so a load balancer
# goes ACTIVE in about a second with a fake VIP.

octavia_configure() {
  local f=/etc/octavia/octavia.conf
  svc_dirs octavia /var/lib/octavia /var/lock/octavia /etc/octavia/certs /etc/octavia/policy.d
  chmod 700 /etc/octavia/certs
  # The no-op amphora flow still signs a server certificate: a throw-away CA.
  if [[ ! -s /etc/octavia/certs/ca.pem ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=scs-lab-octavia-ca \
      -keyout /etc/octavia/certs/ca.key -out /etc/octavia/certs/ca.pem 2>/dev/null
    chown octavia:octavia /etc/octavia/certs/ca.key /etc/octavia/certs/ca.pem
  fi
  {
    log_section
    cat <<EOT
[DEFAULT]
transport_url = $(rabbit_url)
[api_settings]
bind_host = $HOST
bind_port = 9876
auth_strategy = keystone
enabled_provider_drivers = amphora:The Octavia Amphora driver.,noop_driver:The no-op driver.
default_provider_driver = amphora
[database]
connection = $(db_url octavia octavia)
[controller_worker]
amphora_driver = amphora_noop_driver
compute_driver = compute_noop_driver
network_driver = network_noop_driver
image_driver = image_noop_driver
volume_driver = volume_noop_driver
loadbalancer_topology = SINGLE
workers = 1
client_ca = /etc/octavia/certs/ca.pem
[certificates]
ca_certificate = /etc/octavia/certs/ca.pem
ca_private_key = /etc/octavia/certs/ca.key
cert_manager = local_cert_manager
[oslo_messaging]
topic = octavia_prov
[oslo_concurrency]
lock_path = /var/lock/octavia
EOT
    authtoken octavia
    auth_section service_auth octavia
  } | ini_merge "$f"
  # Zed's Octavia wants load-balancer_member/_observer in both policy modes; map Keystone's member/reader.
  cat >/etc/octavia/policy.d/50-scs-lab.yaml <<'EOT'
# written by scs-cert lab: a plain member/reader may use load balancers of its project
"load-balancer:member_and_owner": "role:member and rule:load-balancer:owner"
"load-balancer:observer_and_owner": "role:reader and rule:load-balancer:owner"
EOT
}

octavia_schema() {
  marker octavia-schema && return 0
  db_create octavia octavia
  as octavia octavia-db-manage --config-file /etc/octavia/octavia.conf upgrade head \
    >>"$LAB_LOG/octavia-manage.log" 2>&1 || fail_service octavia-manage "upgrade head failed"
  mark octavia-schema
}

octavia_start() {
  uwsgi_app octavia-api octavia 9876 /usr/bin/octavia-wsgi 1 4
  start_daemon octavia-worker octavia /usr/bin/octavia-worker --config-file /etc/octavia/octavia.conf
}
