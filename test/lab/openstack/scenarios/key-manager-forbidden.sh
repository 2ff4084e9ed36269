# Scenario key-manager-forbidden: Barbican back on Zed's legacy policy (enforce_new_defaults = false): a plain
# member gets 403 on secrets (it would need admin or creator). Restarts Barbican (a few seconds).
# Breaks: scs-0116-permissions.
scenario() {
  ini /etc/barbican/barbican.conf oslo_policy enforce_new_defaults false
  restart_daemon barbican barbican_start "http://$HOST:9311/"
}
