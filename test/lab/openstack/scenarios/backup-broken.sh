# Scenario backup-broken: cinder-backup writes to a directory it may not write to, so every backup ends in
# status error. Restarts cinder-backup (a few seconds). Breaks: scs-0117-test-backup.
scenario() {
  install -d -o root -g root -m 0700 "$BROKEN_BACKUP_PATH"
  ini /etc/cinder/cinder.conf DEFAULT backup_posix_path "$BROKEN_BACKUP_PATH"
  restart_daemon cinder-backup cinder_start
}
