# Scenario tempest-broken-volume: the Block Storage API is down (cinder-api stopped; the catalog still lists
# volumev3 and block-storage, Cinder's scheduler, volume and backup services keep running). Breaks:
# scs-0128-tempest-non-admin — every listed Tempest volume test (connection refused at the Block Storage
# endpoint) and the compute tests that attach a volume. Not for the other testcases (they would ABORT).
# undo() starts cinder-api again; `seed` runs it before the next reset.
scenario() {
  stop_daemon cinder-api
  log "cinder-api stopped: the Block Storage API refuses connections"
}
undo() {
  pid_alive cinder-api && return 0
  cinder_start
  wait_http cinder-api "http://$HOST:8776/" 120
  log "cinder-api started again"
}
