# Scenario weak-tls: haproxy's frontend of the image API (https://127.0.0.1:19292) also offers TLS 1.0 and 1.1
# and the CBC/SHA-1 suite ECDHE-ECDSA-AES128-SHA (OpenSSL security level 0); every other endpoint keeps the
# Mozilla intermediate settings. Restarts haproxy (≈ 1 s).
# Breaks: scs-0125-secure-connections (advisory), naming that endpoint, TLSv1/TLSv1.1 and the suite.
scenario() {
  tls_haproxy_write weak || true
  tls_restart
}
