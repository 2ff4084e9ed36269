# MariaDB and RabbitMQ: the lab's database and message bus, both on 127.0.0.1 only.

RABBITMQCTL=(setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups env HOME=/var/lib/rabbitmq
  /usr/lib/rabbitmq/bin/rabbitmqctl -n rabbit@localhost -q)

# RabbitMQ is the slowest to come up (Erlang): started first, awaited last (rabbitmq_wait).
rabbitmq_start() {
  cat >/etc/rabbitmq/rabbitmq.conf <<EOT
# written by scs-cert lab
listeners.tcp.default = $HOST:5672
loopback_users.guest = true
vm_memory_high_watermark.relative = 0.2
EOT
  cat >/etc/rabbitmq/rabbitmq-env.conf <<EOT
# written by scs-cert lab
NODENAME=rabbit@localhost
NODE_IP_ADDRESS=$HOST
NODE_PORT=5672
DIST_PORT=25672
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOT
  install -d -o rabbitmq -g rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
  export ERL_EPMD_ADDRESS=$HOST
  start_daemon epmd rabbitmq /usr/bin/epmd -address "$HOST"
  start_daemon rabbitmq rabbitmq env ERL_EPMD_ADDRESS="$HOST" /usr/lib/rabbitmq/bin/rabbitmq-server
}

rabbitmq_wait() {
  local t0=$SECONDS
  until "${RABBITMQCTL[@]}" await_startup >/dev/null 2>&1; do
    pid_alive rabbitmq || fail_service rabbitmq "process exited"
    ((SECONDS - t0 < 180)) || fail_service rabbitmq "not ready within 180s"
    sleep 1
  done
}

mariadb_start() {
  cat >/etc/mysql/mariadb.conf.d/99-scs-lab.cnf <<'EOT'
# written by scs-cert lab: loopback only; throw-away data, so speed over durability; small memory
[mysqld]
bind-address = 127.0.0.1
skip-name-resolve
max_connections = 1000
character-set-server = utf8
collation-server = utf8_general_ci
innodb_flush_log_at_trx_commit = 0
innodb_doublewrite = 0
sync_binlog = 0
innodb_buffer_pool_size = 128M
performance_schema = OFF
EOT
  install -d -o mysql -g mysql /run/mysqld
  if [[ ! -d /var/lib/mysql/mysql ]]; then
    log "initialising MariaDB datadir"
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql --auth-root-authentication-method=socket \
      >>"$LAB_LOG/mariadb.log" 2>&1 || fail_service mariadb "mariadb-install-db failed"
  fi
  start_root_daemon mariadb /usr/sbin/mariadbd --user=mysql
  local t0=$SECONDS
  until mariadb-admin -uroot ping >/dev/null 2>&1; do
    pid_alive mariadb || fail_service mariadb "process exited"
    ((SECONDS - t0 < 60)) || fail_service mariadb "no ping within 60s"
    sleep 0.2
  done
}

# db_create USER DB...: user with the lab's DB password and all rights on its databases.
db_create() {
  local u=$1 d sql
  shift
  sql="CREATE USER IF NOT EXISTS '$u'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';"
  for d in "$@"; do
    sql+="CREATE DATABASE IF NOT EXISTS \`$d\` CHARACTER SET utf8; GRANT ALL ON \`$d\`.* TO '$u'@'127.0.0.1';"
  done
  mariadb -uroot -e "$sql"
}
