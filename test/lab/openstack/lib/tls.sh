# TLS in front of every API (scs-0125): a lab CA made once, a server certificate for 127.0.0.1/localhost, and
# Debian's haproxy terminating TLS on its own port per API (TLS port = HTTP port + 10000) with the Mozilla
# "intermediate" settings. The catalog lists the HTTPS addresses; daemons keep listening on plain HTTP on
# 127.0.0.1 behind it. Scenario weak-tls swaps one frontend for a weak one (tls_haproxy_write weak).

# $TLS_DIR and $LAB_CA (the CA certificate, a stable path) are set in common.sh.
TLS_CA_KEY=$TLS_DIR/ca.key
TLS_SERVER=$TLS_DIR/server.pem # certificate + key, read by haproxy
HAPROXY_CFG=/etc/haproxy/scs-lab.cfg
TLS_PORT_OFFSET=10000
# The frontend scenario weak-tls weakens (the image API): exactly one endpoint fails, the others stay strong.
TLS_WEAK_PORT=9292

# Mozilla Server Side TLS 5.7, intermediate (https://ssl-config.mozilla.org/guidelines/5.7.json), without the
# DHE suites (no DH parameters to manage; a subset of the level's list adheres to it).
TLS_CIPHERS=ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305
TLS_SUITES=TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256
TLS_CURVES=X25519:prime256v1:secp384r1
# weak-tls: TLS 1.0/1.1 and a CBC/SHA-1 suite outside the level, at OpenSSL security level 0 (Debian's
# OpenSSL refuses TLS < 1.2 at its default level 2).
TLS_WEAK_CIPHERS=ECDHE-ECDSA-AES128-SHA:$TLS_CIPHERS:@SECLEVEL=0

# tls_port HTTP-PORT: the HTTPS port in front of it.
tls_port() { echo $(($1 + TLS_PORT_OFFSET)); }

# The lab CA (ECDSA P-256, ten years) once per lab install; the server certificate (ECDSA P-256, 365 days:
# the intermediate level allows at most 366) renewed when missing, not from this CA, or expiring within 30 days.
tls_certificates() {
  install -d -m 0755 "$TLS_DIR"
  if [[ ! -s $TLS_CA_KEY || ! -s $LAB_CA ]]; then
    log "tls: creating the lab CA ($LAB_CA)"
    (
      umask 077
      openssl ecparam -name prime256v1 -genkey -noout -out "$TLS_CA_KEY"
    )
    openssl req -x509 -new -key "$TLS_CA_KEY" -sha256 -days 3650 -subj "/O=scs-cert lab/CN=scs-cert lab CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -out "$LAB_CA" 2>/dev/null
    chmod 0600 "$TLS_CA_KEY"
    chmod 0644 "$LAB_CA"
    rm -f "$TLS_SERVER"
  fi
  if [[ -s $TLS_SERVER ]] && openssl x509 -in "$TLS_SERVER" -noout -checkend 2592000 >/dev/null &&
    openssl verify -CAfile "$LAB_CA" "$TLS_SERVER" >/dev/null 2>&1; then
    return 0
  fi
  log "tls: issuing the server certificate for $HOST/localhost"
  local tmp
  tmp=$(mktemp -d)
  openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/key.pem"
  openssl req -new -key "$tmp/key.pem" -subj "/O=scs-cert lab/CN=$HOST" -out "$tmp/req.pem"
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=IP:$HOST,DNS:localhost" >"$tmp/ext.cnf"
  openssl x509 -req -in "$tmp/req.pem" -CA "$LAB_CA" -CAkey "$TLS_CA_KEY" -CAcreateserial \
    -CAserial "$TLS_DIR/ca.srl" -days 365 -sha256 -extfile "$tmp/ext.cnf" -out "$tmp/cert.pem" 2>/dev/null
  cat "$tmp/cert.pem" "$tmp/key.pem" >"$tmp/server.pem"
  install -m 0600 -o haproxy -g haproxy "$tmp/server.pem" "$TLS_SERVER"
  rm -rf "$tmp"
}

# tls_haproxy_config strong|weak: the haproxy configuration on stdout. One frontend per API of $LAB_APIS plus
# Keystone; each adds X-Forwarded-Proto (the services build their links from it) and HSTS.
tls_haproxy_config() {
  local mode=$1 name port path extra
  cat <<EOT
# written by scs-cert lab (test/lab/openstack/lib/tls.sh): TLS in front of the lab's APIs ($mode)
global
  log stderr format short local0 warning
  maxconn 4000
  ssl-default-bind-curves $TLS_CURVES
  ssl-default-bind-ciphers $TLS_CIPHERS
  ssl-default-bind-ciphersuites $TLS_SUITES
  ssl-default-bind-options prefer-client-ciphers ssl-min-ver TLSv1.2 no-tls-tickets
defaults
  mode http
  log global
  option httplog
  timeout connect 5s
  timeout client 300s
  timeout server 300s
  timeout http-request 60s
EOT
  while read -r name port path; do
    extra=""
    if [[ $mode == weak && $port == "$TLS_WEAK_PORT" ]]; then
      extra=" ssl-min-ver TLSv1.0 ciphers $TLS_WEAK_CIPHERS"
    fi
    cat <<EOT
frontend $name
  bind $HOST:$(tls_port "$port") ssl crt $TLS_SERVER$extra
  http-request set-header X-Forwarded-Proto https
  http-response set-header Strict-Transport-Security "max-age=63072000"
  default_backend $name
backend $name
  server $name $HOST:$port
EOT
  done < <(tls_frontends)
}

# name port path of every API behind haproxy: Keystone and the APIs `up` waits for.
tls_frontends() { printf 'keystone 5000 /v3\n%s\n' "$LAB_APIS"; }

# tls_haproxy_write strong|weak: writes the configuration; returns 1 when it did not change.
tls_haproxy_write() {
  local tmp
  tmp=$(mktemp)
  tls_haproxy_config "$1" >"$tmp"
  haproxy -c -q -f "$tmp" || die "haproxy rejects the generated configuration ($tmp)"
  if cmp -s "$tmp" "$HAPROXY_CFG"; then
    rm -f "$tmp"
    return 1
  fi
  install -m 0644 "$tmp" "$HAPROXY_CFG"
  rm -f "$tmp"
}

tls_configure() {
  tls_certificates
  tls_haproxy_write strong || true
}

# tls_start: haproxy unless it runs; the configuration it loaded is kept in $LAB_RUN/haproxy.cfg (tls_seed compares).
tls_start() {
  pid_alive haproxy || install -m 0644 "$HAPROXY_CFG" "$LAB_RUN/haproxy.cfg"
  start_daemon haproxy haproxy /usr/sbin/haproxy -db -f "$HAPROXY_CFG"
}

# tls_restart: haproxy with the configuration on disk; waits until Keystone answers through it.
tls_restart() {
  stop_daemon haproxy
  tls_start
  wait_https haproxy "https://$HOST:$(tls_port 5000)/v3" 30
}

# wait_https NAME URL [TIMEOUT]: like wait_http, through TLS, trusting the lab CA.
wait_https() {
  local name=$1 url=$2 timeout=${3:-180} t0=$SECONDS
  while ! curl -s -o /dev/null -m 3 --cacert "$LAB_CA" "$url"; do
    pid_alive "$name" || fail_service "$name" "process exited before answering $url"
    ((SECONDS - t0 < timeout)) || fail_service "$name" "no answer from $url within ${timeout}s"
    sleep 0.5
  done
}

# `seed baseline|reset`: the strong configuration back (haproxy restarted) if a scenario changed it.
tls_seed() {
  tls_haproxy_write strong || true
  if ! cmp -s "$HAPROXY_CFG" "$LAB_RUN/haproxy.cfg" || ! pid_alive haproxy; then
    log "haproxy: back to the intermediate TLS configuration (restart)"
    tls_restart
  fi
}
