# The SCS-compatible baseline, seeded as admin through the APIs. Every step converges ("make it so"): it
# creates what is missing, corrects what differs and removes what a scenario added, so the same functions
# serve as `seed baseline` and `seed reset`.

VOLUME_TYPES='[
  {"name": "encrypted", "description": "[scs:encrypted] LUKS-encrypted volumes"},
  {"name": "encrypted-replicated", "description": "[scs:encrypted, replicated] LUKS-encrypted, replicated volumes"}
]'
EXT_NET=lab-external
EXT_SUBNET=lab-external-subnet
EXT_CIDR=203.0.113.0/24
BROKEN_BACKUP_PATH=/var/lib/scs-lab-backup-denied # scenario backup-broken: cinder may not write here

compute_api() { API_HEADERS=("OpenStack-API-Version: compute 2.61"); api "$@"; local rc=$?; API_HEADERS=(); return $rc; }

# Desired flavors as JSON: [{name, vcpus, ram, disk, specs: {...}}] from data/flavors.tsv.
flavors_desired() {
  grep -v '^#' "$LAB_DIR/data/flavors.tsv" | jq -R -s '[split("\n")[] | select(length > 0) | split("\t") |
    {name: .[0], vcpus: (.[1]|tonumber), ram: (.[2]|tonumber), disk: (.[3]|tonumber),
     specs: ({"scs:name-v1": (.[0] | sub("^SCS-"; "") | gsub("-"; ":") | "SCS-" + .),
              "scs:name-v2": .[0], "scs:cpu-type": .[4]} +
             (if .[5] == "-" then {} else {"scs:disk0-type": .[5]} end))}]'
}

flavor_create() { # JSON of one desired flavor
  local f=$1 id
  id=$(compute_api POST "$NOVA/flavors" "$(jq -c '{flavor: {name, vcpus, ram, disk,
    "os-flavor-access:is_public": true}}' <<<"$f")" | jq -r .flavor.id)
  compute_api POST "$NOVA/flavors/$id/os-extra_specs" "$(jq -c '{extra_specs: .specs}' <<<"$f")" >/dev/null
}

seed_flavors() {
  local desired current plan op id f
  desired=$(flavors_desired)
  current=$(compute_api GET "$NOVA/flavors/detail?is_public=None")
  # One plan line per action: create/recreate (figures differ: flavors are immutable), specs (scs:* differ),
  # delete (an SCS- flavor that is not in the baseline, e.g. added by a scenario).
  plan=$(jq -rn --argjson d "$desired" --argjson c "$current" '
    ($c.flavors) as $cur |
    ($d[] | . as $w | ([$cur[] | select(.name == $w.name)] | first) as $h |
      if $h == null then "create\t-\t\($w|tojson)"
      elif ($h.vcpus != $w.vcpus or $h.ram != $w.ram or $h.disk != $w.disk
            or $h["os-flavor-access:is_public"] != true) then "recreate\t\($h.id)\t\($w|tojson)"
      elif (($h.extra_specs | with_entries(select(.key | startswith("scs:")))) != $w.specs)
        then "specs\t\($h.id)\t\($w|tojson)\t\($h.extra_specs | keys | map(select(startswith("scs:"))) | tojson)"
      else empty end),
    ($cur[] | select(.name | startswith("SCS-")) | select(.name as $n | [$d[].name] | index($n) | not)
      | "delete\t\(.id)\t-")')
  while IFS=$'\t' read -r op id f extra; do
    case $op in
    create) flavor_create "$f" ;;
    recreate)
      compute_api DELETE "$NOVA/flavors/$id" >/dev/null
      flavor_create "$f"
      ;;
    specs)
      local k
      for k in $(jq -r --argjson w "$f" '.[] | select(. as $k | $w.specs | has($k) | not)' <<<"$extra"); do
        compute_api DELETE "$NOVA/flavors/$id/os-extra_specs/$k" >/dev/null
      done
      compute_api POST "$NOVA/flavors/$id/os-extra_specs" "$(jq -c '{extra_specs: .specs}' <<<"$f")" >/dev/null
      ;;
    delete) compute_api DELETE "$NOVA/flavors/$id" >/dev/null ;;
    esac
    if [[ -n $op ]]; then log "flavor: $op $id $(jq -r '.name? // empty' <<<"${f/#-/null}")"; fi
  done <<<"$plan"
}

# Properties of the baseline images, computed by jq from data/images.json and the image's created_at:
# image_build_date = the day before the image was created (never after created_at, and recent as long as the
# image is younger than its replace_frequency), provided_until = two years after that.
IMAGE_PROPS_JQ='def day: .[0:10] + "T00:00:00Z" | fromdateiso8601;
  def props($img; $created): $spec.common + $img + {
    image_build_date: ($created | day - 86400 | strftime("%Y-%m-%d")),
    provided_until: ($created | day + 730 * 86400 | strftime("%Y-%m-%d"))};'

image_create() { # NAME [AS-NAME]: a baseline image (optionally registered under another name)
  local id payload
  id=$(api POST "$GLANCE/v2/images" "$(jq -c --arg n "$1" --arg asname "${2:-$1}" --arg now "$(date -u +%FT%TZ)" \
    --slurpfile spec "$LAB_DIR/data/images.json" "\$spec[0] as \$spec | $IMAGE_PROPS_JQ
    props(\$spec.images[] | select(.name == \$n); \$now) + {name: \$asname, disk_format: \"raw\",
    container_format: \"bare\", visibility: \"public\"}" -n)" | jq -r .id)
  payload=$(mktemp)
  head -c 4096 /dev/urandom >"$payload" # a few KiB: Glance sets size, os_hash_algo, os_hash_value
  curl -sf -m 60 -X PUT -H "X-Auth-Token: $OS_TOKEN" -H 'Content-Type: application/octet-stream' \
    --data-binary @"$payload" "$GLANCE/v2/images/$id/file" || die "upload of image $1 failed"
  rm -f "$payload"
}

image_json_patch() { # NAME JSON-PATCH-OPS: change the public image(s) of that name
  local id
  for id in $(api GET "$GLANCE/v2/images?name=$(jq -rn --arg n "$1" '$n|@uri')" | jq -r '.images[].id'); do
    curl -sf -m 30 -o /dev/null -X PATCH -H "X-Auth-Token: $OS_TOKEN" \
      -H 'Content-Type: application/openstack-images-v2.1-json-patch' --data-binary "$2" \
      "$GLANCE/v2/images/$id" || die "patching image $1 failed"
  done
}

seed_images() {
  local current op arg detail
  current=$(api GET "$GLANCE/v2/images?limit=1000&visibility=public")
  # Plan: delete public images not in the baseline (e.g. a scenario's duplicate) and older duplicates by
  # name; create missing ones; recreate those without data or older than 20 days (their build date would
  # no longer be recent for replace_frequency monthly); patch properties that differ ("add" replaces).
  while IFS=$'\t' read -r op arg detail; do
    case $op in
    delete)
      log "image: delete $arg ($detail)"
      api DELETE "$GLANCE/v2/images/$arg" >/dev/null
      ;;
    create)
      log "image: create $arg"
      image_create "$arg"
      ;;
    patch)
      log "image: patch $arg: $(jq -r 'map(.path[1:]) | join(", ")' <<<"$detail")"
      curl -sf -m 30 -o /dev/null -X PATCH -H "X-Auth-Token: $OS_TOKEN" \
        -H 'Content-Type: application/openstack-images-v2.1-json-patch' --data-binary "$detail" \
        "$GLANCE/v2/images/$arg" || die "patching image $arg failed"
      ;;
    esac
  done < <(jq -r -n --argjson c "$current" --slurpfile spec "$LAB_DIR/data/images.json" \
    --arg old "$(date -u -d '-20 days' +%FT%TZ)" "\$spec[0] as \$spec | $IMAGE_PROPS_JQ"'
    [$spec.images[].name] as $names |
    ($c.images[] | select(.name as $n | $names | index($n) | not) | "delete\t\(.id)\tnot in the baseline"),
    ($spec.images[] | . as $img |
      ([$c.images[] | select(.name == $img.name)] | sort_by(.created_at) | reverse) as $h |
      ($h[1:][] | "delete\t\(.id)\tolder duplicate of \($img.name)"),
      ($h[0] // null |
        if . == null then "create\t\($img.name)"
        elif .status != "active" or .created_at < $old
          then "delete\t\(.id)\tstale \($img.name)", "create\t\($img.name)"
        else . as $cur | [props($img; $cur.created_at) | to_entries[] | select(.key != "name")
            | select($cur[.key] != .value) | {op: "add", path: "/\(.key)", value: .value}] |
          if length > 0 then "patch\t\($cur.id)\t\(tojson)" else empty end
        end))')
}

seed_volume_types() {
  local admin_pid current name desc id
  admin_pid=$(ks_id projects admin)
  current=$(api GET "$CINDER/$admin_pid/types?is_public=None")
  for id in $(jq -r --argjson d "$VOLUME_TYPES" '.volume_types[] | select(.name != "__DEFAULT__")
      | select(.name as $n | [$d[].name] | index($n) | not) | .id' <<<"$current"); do
    log "volume type: delete $id (not in the baseline)"
    api DELETE "$CINDER/$admin_pid/types/$id" >/dev/null
  done
  while IFS=$'\t' read -r name desc; do
    id=$(jq -r --arg n "$name" '.volume_types[] | select(.name == $n) | .id' <<<"$current")
    if [[ -z $id ]]; then
      log "volume type: create $name"
      id=$(api POST "$CINDER/$admin_pid/types" "$(jq -n --arg n "$name" --arg d "$desc" '{volume_type: {name: $n,
        description: $d, "os-volume-type-access:is_public": true,
        extra_specs: {volume_backend_name: "lab"}}}')" | jq -r .volume_type.id)
    elif [[ $(jq -r --arg n "$name" '.volume_types[] | select(.name == $n) | .description' <<<"$current") != "$desc" ]]; then
      api PUT "$CINDER/$admin_pid/types/$id" "$(jq -n --arg d "$desc" '{volume_type: {description: $d}}')" >/dev/null
    fi
    if [[ $(api GET "$CINDER/$admin_pid/types/$id/encryption" | jq -r '.provider // empty') == "" ]]; then
      api POST "$CINDER/$admin_pid/types/$id/encryption" '{"encryption": {"provider": "luks",
        "cipher": "aes-xts-plain64", "key_size": 256, "control_location": "front-end"}}' >/dev/null
    fi
  done < <(jq -r '.[] | [.name, .description] | @tsv' <<<"$VOLUME_TYPES")
}

# An external (provider) network, so that routers with an external gateway can be created.
seed_external_network() {
  local net
  net=$(api GET "$NEUTRON/v2.0/networks?name=$EXT_NET" | jq -r '.networks[0].id // empty')
  if [[ -z $net ]]; then
    log "network: create $EXT_NET"
    net=$(api POST "$NEUTRON/v2.0/networks" "{\"network\": {\"name\": \"$EXT_NET\", \"router:external\": true,
      \"provider:network_type\": \"flat\", \"provider:physical_network\": \"external\", \"shared\": false}}" |
      jq -r .network.id)
  fi
  if [[ -z $(api GET "$NEUTRON/v2.0/subnets?network_id=$net" | jq -r '.subnets[0].id // empty') ]]; then
    api POST "$NEUTRON/v2.0/subnets" "{\"subnet\": {\"name\": \"$EXT_SUBNET\", \"network_id\": \"$net\",
      \"ip_version\": 4, \"cidr\": \"$EXT_CIDR\", \"gateway_ip\": \"${EXT_CIDR%.0/24}.1\",
      \"enable_dhcp\": false}}" >/dev/null
  fi
}

# restart_daemon NAME START-FUNCTION [URL]: stop one daemon, start it with its service's start function (which
# skips the daemons that still run), wait for its URL or, for cinder-backup, for its next heartbeat.
restart_daemon() {
  local name=$1 start=$2 url=${3:-} since t0=$SECONDS
  since=$(date -u +%FT%T)
  stop_daemon "$name"
  "$start"
  if [[ -n $url ]]; then
    wait_http "$name" "$url" 120
  elif [[ $name == cinder-backup ]]; then
    until api GET "$CINDER/$(ks_id projects admin)/os-services?binary=cinder-backup" | jq -e --arg s "$since" \
      '[.services[] | select(.state == "up" and .updated_at > $s)] | length > 0' >/dev/null; do
      pid_alive "$name" || fail_service "$name" "process exited"
      ((SECONDS - t0 < 120)) || fail_service "$name" "no heartbeat within 120s"
      sleep 1
    done
  fi
}

# Settings that scenarios change in config files (policy mode, cross-AZ attach, haproxy's TLS, backup target):
# back to the lab's values.
seed_service_settings() {
  if [[ $(crudini --get /etc/barbican/barbican.conf oslo_policy enforce_new_defaults) != true ]]; then
    log "barbican: back to secure-RBAC defaults (member may use secrets)"
    barbican_configure
    restart_daemon barbican barbican_start "http://$HOST:9311/"
  fi
  if [[ $(crudini --get /etc/nova/nova.conf cinder cross_az_attach 2>/dev/null || true) != False ]]; then
    log "nova: back to cross_az_attach = False (nova-api and both computes restarted)"
    ini /etc/nova/nova.conf cinder cross_az_attach False
    nova_restart_for_config
  fi
  tls_seed
  if [[ $(crudini --get /etc/cinder/cinder.conf DEFAULT backup_posix_path) != /var/lib/cinder/backup ]]; then
    log "cinder-backup: back to /var/lib/cinder/backup"
    cinder_configure
    restart_daemon cinder-backup cinder_start
    rm -rf "$BROKEN_BACKUP_PATH"
  fi
}

# Everything the tests created in the test project (servers, load balancers, routers, networks, security
# groups, backups, volumes) goes, so that a failed or interrupted run leaves nothing behind. Secrets are
# project-scoped in Barbican and not visible to the admin project; the tests delete their own.
seed_clean_test_project() {
  local p a id t0=$SECONDS
  p=$(ks_id projects "$LAB_PROJECT")
  a=$(ks_id projects admin)
  for id in $(api GET "$NOVA/servers?all_tenants=1&project_id=$p" | jq -r '.servers[].id'); do
    log "test project: delete server $id"
    api DELETE "$NOVA/servers/$id" >/dev/null || true
  done
  for id in $(api GET "$OCTAVIA/v2/lbaas/loadbalancers?project_id=$p" | jq -r '.loadbalancers[].id'); do
    log "test project: delete load balancer $id"
    api DELETE "$OCTAVIA/v2/lbaas/loadbalancers/$id?cascade=true" >/dev/null || true
  done
  while [[ $(api GET "$NOVA/servers?all_tenants=1&project_id=$p" | jq '.servers | length') != 0 ||
    $(api GET "$OCTAVIA/v2/lbaas/loadbalancers?project_id=$p" | jq '.loadbalancers | length') != 0 ]]; do
    if ((SECONDS - t0 > 180)); then
      log "test project: servers/load balancers not gone after 180s; continuing"
      break
    fi
    sleep 1
  done
  for id in $(api GET "$NEUTRON/v2.0/routers?project_id=$p" | jq -r '.routers[].id'); do
    log "test project: delete router $id"
    for sub in $(api GET "$NEUTRON/v2.0/ports?device_id=$id&device_owner=network:router_interface" |
      jq -r '.ports[].fixed_ips[].subnet_id'); do
      api PUT "$NEUTRON/v2.0/routers/$id/remove_router_interface" "{\"subnet_id\": \"$sub\"}" >/dev/null || true
    done
    api DELETE "$NEUTRON/v2.0/routers/$id" >/dev/null || true
  done
  for id in $(api GET "$NEUTRON/v2.0/ports?project_id=$p" | jq -r '.ports[].id'); do
    api DELETE "$NEUTRON/v2.0/ports/$id" >/dev/null || true
  done
  for id in $(api GET "$NEUTRON/v2.0/networks?project_id=$p" | jq -r '.networks[].id'); do
    log "test project: delete network $id"
    api DELETE "$NEUTRON/v2.0/networks/$id" >/dev/null || true
  done
  for id in $(api GET "$NEUTRON/v2.0/security-groups?project_id=$p" | jq -r '.security_groups[] | select(.name != "default") | .id'); do
    api DELETE "$NEUTRON/v2.0/security-groups/$id" >/dev/null || true
  done
  for id in $(api GET "$CINDER/$a/backups?all_tenants=1&project_id=$p" | jq -r '.backups[].id'); do
    log "test project: delete backup $id"
    api POST "$CINDER/$a/backups/$id/action" '{"os-reset_status": {"status": "error"}}' >/dev/null || true
    api DELETE "$CINDER/$a/backups/$id" >/dev/null || true
  done
  for id in $(api GET "$CINDER/$a/volumes?all_tenants=1&project_id=$p" | jq -r '.volumes[].id'); do
    log "test project: delete volume $id"
    api POST "$CINDER/$a/volumes/$id/action" '{"os-reset_status": {"status": "available", "attach_status": "detached"}}' >/dev/null || true
    api DELETE "$CINDER/$a/volumes/$id" >/dev/null || true
  done
}

# Two compute AZs: one host aggregate per fake compute host, named after its zone (the zones are those of the
# two Cinder backends, lib/cinder.sh). Converges: creates, renames the zone, moves hosts. A new compute host is
# mapped into cell1 by the scheduler within 5 s; until then adding it answers 404, so that is retried.
seed_availability_zones() {
  local hosts=("$NOVA_HOST" "$NOVA_HOST2") aggs i az name id have h t0
  aggs=$(api GET "$NOVA/os-aggregates")
  for i in 0 1; do
    az=${LAB_AZS[$i]}
    name=lab-$az
    id=$(jq -r --arg n "$name" '[.aggregates[] | select(.name == $n)][0].id // empty' <<<"$aggs")
    if [[ -z $id ]]; then
      log "aggregate: create $name (zone $az)"
      id=$(api POST "$NOVA/os-aggregates" "$(jq -n --arg n "$name" --arg z "$az" \
        '{aggregate: {name: $n, availability_zone: $z}}')" | jq -r .aggregate.id)
    elif [[ $(jq -r --argjson i "$id" '.aggregates[] | select(.id == $i) | .availability_zone // ""' <<<"$aggs") != "$az" ]]; then
      api PUT "$NOVA/os-aggregates/$id" "$(jq -n --arg z "$az" '{aggregate: {availability_zone: $z}}')" >/dev/null
    fi
    have=$(api GET "$NOVA/os-aggregates/$id" | jq -r '.aggregate.hosts[]?')
    for h in $have; do
      [[ $h == "${hosts[$i]}" ]] && continue
      log "aggregate $name: remove host $h"
      api POST "$NOVA/os-aggregates/$id/action" "{\"remove_host\": {\"host\": \"$h\"}}" >/dev/null
    done
    if ! grep -qx -- "${hosts[$i]}" <<<"$have"; then
      log "aggregate $name: add host ${hosts[$i]}"
      t0=$SECONDS
      until api POST "$NOVA/os-aggregates/$id/action" "{\"add_host\": {\"host\": \"${hosts[$i]}\"}}" \
        >/dev/null 2>&1; do
        ((SECONDS - t0 < 60)) || die "compute host ${hosts[$i]} could not be added to aggregate $name"
        sleep 2
      done
    fi
  done
  # Aggregates a scenario or an old lab left with one of the lab's hosts are removed.
  for id in $(jq -r '.aggregates[] | select(.name | test("^lab-az[0-9]+$") | not) | .id' <<<"$aggs"); do
    for h in $(api GET "$NOVA/os-aggregates/$id" | jq -r '.aggregate.hosts[]?'); do
      api POST "$NOVA/os-aggregates/$id/action" "{\"remove_host\": {\"host\": \"$h\"}}" >/dev/null || true
    done
    log "aggregate: delete $id (not in the baseline)"
    api DELETE "$NOVA/os-aggregates/$id" >/dev/null || true
  done
}

seed_baseline() {
  admin_login
  seed_service_settings
  seed_availability_zones
  seed_flavors
  seed_images
  seed_volume_types
  seed_external_network
  catalog_complete
  seed_clean_test_project
}
