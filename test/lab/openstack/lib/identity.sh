# Identities and catalog over REST (one shell, one admin token): roles, projects, service users, the catalog,
# the test identities scs-cert uses, their application credential, and clouds.yaml / secure.yaml.

LAB_PROJECT=scs-lab
LAB_MEMBER=lab-member
LAB_MEMBER_ADMIN=lab-member-admin
LAB_APPCRED=lab-member-ac
SERVICE_USERS=(glance placement nova neutron cinder barbican octavia)

# type name url — the lab's catalog (one region, the same URL for public/internal/admin): every API behind
# haproxy's TLS (lib/tls.sh; TLS port = HTTP port + 10000). scs-0125 judges every interface a member sees, so
# internal and admin are HTTPS too; the services trust the lab CA (`cafile` in their auth sections).
CATALOG="identity keystone https://$HOST:15000/v3
image glance https://$HOST:19292
placement placement https://$HOST:18778
compute nova https://$HOST:18774/v2.1
network neutron https://$HOST:19696
volumev3 cinderv3 https://$HOST:18776/v3/%(project_id)s
block-storage cinder https://$HOST:18776/v3/%(project_id)s
key-manager barbican https://$HOST:19311
load-balancer octavia https://$HOST:19876"

# Name -> id maps, filled with one list call each (one call per object would cost ≈ 60 ms each).
declare -A ROLE_ID USER_ID
load_roles() { eval "$(api GET "$KS/roles" | jq -r '.roles[] | "ROLE_ID[\(.name|@sh)]=\(.id|@sh)"')"; }
load_users() { eval "$(api GET "$KS/users?domain_id=default" | jq -r '.users[] | "USER_ID[\(.name|@sh)]=\(.id|@sh)"')"; }

role_ensure() {
  [[ -n ${ROLE_ID[$1]:-} ]] && return 0
  ROLE_ID[$1]=$(api POST "$KS/roles" "{\"role\": {\"name\": \"$1\"}}" | jq -r .role.id)
}
user_ensure() { # NAME PASSWORD
  [[ -n ${USER_ID[$1]:-} ]] && return 0
  USER_ID[$1]=$(api POST "$KS/users" "$(jq -n --arg n "$1" --arg p "$2" \
    '{user: {name: $n, password: $p, domain_id: "default", enabled: true}}')" | jq -r .user.id)
}
# grant PROJECT_ID USER_NAME ROLE_NAME: PUT only when missing (a PUT costs Keystone ≈ 0.3-1 s).
declare -A HAVE_GRANT
load_grants() { # PROJECT_ID
  local k
  for k in $(api GET "$KS/role_assignments?scope.project.id=$1" |
    jq -r '.role_assignments[] | select(.user) | "\(.scope.project.id):\(.user.id):\(.role.id)"'); do
    HAVE_GRANT[$k]=1
  done
}
grant() {
  [[ -n ${HAVE_GRANT[$1:${USER_ID[$2]}:${ROLE_ID[$3]}]:-} ]] && return 0
  api PUT "$KS/projects/$1/users/${USER_ID[$2]}/roles/${ROLE_ID[$3]}" >/dev/null
}

# catalog_ensure TYPE: service + three endpoints for one line of $CATALOG (scenario resets use it too).
catalog_ensure() {
  local type=$1 name url sid iface
  read -r _ name url < <(grep "^$type " <<<"$CATALOG") || die "unknown service type $type"
  sid=$(api GET "$KS/services?type=$type" | jq -r '.services[0].id // empty')
  if [[ -z $sid ]]; then
    sid=$(api POST "$KS/services" "$(jq -n --arg t "$type" --arg n "$name" \
      '{service: {type: $t, name: $n, enabled: true}}')" | jq -r .service.id)
  fi
  local have
  have=$(api GET "$KS/endpoints?service_id=$sid" | jq -r '.endpoints[].interface')
  for iface in public internal admin; do
    grep -qx "$iface" <<<"$have" && continue
    api POST "$KS/endpoints" "$(jq -n --arg s "$sid" --arg i "$iface" --arg u "$url" --arg r "$REGION" \
      '{endpoint: {service_id: $s, interface: $i, url: $u, region_id: $r, enabled: true}}')" >/dev/null
  done
}
catalog_remove() { # TYPE: deleting the service deletes its endpoints
  local sid
  for sid in $(api GET "$KS/services?type=$1" | jq -r '.services[].id'); do
    api DELETE "$KS/services/$sid" >/dev/null
  done
}
# catalog_complete: every type of $CATALOG present with three endpoints at its URL (two list calls when nothing
# differs); an endpoint at another URL (e.g. the plain-HTTP catalog of an older lab) is moved.
catalog_complete() {
  local s e t url sid iface id have
  s=$(api GET "$KS/services")
  e=$(api GET "$KS/endpoints")
  while read -r t _ url; do
    sid=$(jq -r --arg t "$t" '[.services[] | select(.type == $t)][0].id // empty' <<<"$s")
    if [[ -z $sid ]]; then
      catalog_ensure "$t"
      continue
    fi
    for iface in public internal admin; do
      IFS=$'\t' read -r id have < <(jq -r --arg s "$sid" --arg i "$iface" \
        '[.endpoints[] | select(.service_id == $s and .interface == $i)][0] // {} | "\(.id // "-")\t\(.url // "-")"' <<<"$e")
      if [[ $id == - ]]; then
        catalog_ensure "$t"
      elif [[ $have != "$url" ]]; then
        log "catalog: $t $iface endpoint $have -> $url"
        api PATCH "$KS/endpoints/$id" "$(jq -n --arg u "$url" '{endpoint: {url: $u}}')" >/dev/null
      fi
    done
  done <<<"$CATALOG"
}

identity_bootstrap() {
  admin_login
  load_roles
  load_users
  local r pid_service pid_lab
  for r in service manager creator load-balancer_member load-balancer_observer \
    load-balancer_global_observer load-balancer_admin; do
    role_ensure "$r"
  done
  pid_service=$(ks_ensure projects project service '{"name": "service", "domain_id": "default"}')
  load_grants "$pid_service"
  for r in "${SERVICE_USERS[@]}"; do
    user_ensure "$r" "$SERVICE_PASS"
    grant "$pid_service" "$r" admin
    grant "$pid_service" "$r" service
  done
  catalog_complete

  pid_lab=$(ks_ensure projects project "$LAB_PROJECT" \
    "{\"name\": \"$LAB_PROJECT\", \"domain_id\": \"default\", \"description\": \"scs-cert compliance test project\"}")
  load_grants "$pid_lab"
  user_ensure "$LAB_MEMBER" "$MEMBER_PASS"
  grant "$pid_lab" "$LAB_MEMBER" member
  grant "$pid_lab" "$LAB_MEMBER" reader
  user_ensure "$LAB_MEMBER_ADMIN" "$MEMBER_ADMIN_PASS"
  grant "$pid_lab" "$LAB_MEMBER_ADMIN" member
  grant "$pid_lab" "$LAB_MEMBER_ADMIN" reader
  grant "$pid_lab" "$LAB_MEMBER_ADMIN" admin
  appcred_ensure
}

# Only the user itself may create its application credential; the secret is chosen by the lab so that it
# is reproducible (look up by name, create if missing). It carries the creating token's roles: member, reader.
appcred_ensure() {
  local tok uid
  tok=$(token_password "$LAB_MEMBER" "$MEMBER_PASS" "$LAB_PROJECT")
  [[ -n $tok ]] || die "token for $LAB_MEMBER failed"
  uid=${USER_ID[$LAB_MEMBER]}
  if [[ -z $(OS_TOKEN=$tok api GET "$KS/users/$uid/application_credentials?name=$LAB_APPCRED" |
    jq -r '.application_credentials[0].id // empty') ]]; then
    OS_TOKEN=$tok api POST "$KS/users/$uid/application_credentials" "$(jq -n --arg n "$LAB_APPCRED" \
      --arg s "$APPCRED_SECRET" '{application_credential: {name: $n, secret: $s,
      description: "scs-cert lab: the certification identity as CSPs hand it out"}}')" >/dev/null
  fi
}

# clouds.yaml (no secrets) + secure.yaml (passwords, application-credential secret; mode 600).
# openstacksdk merges secure.yaml from the same directory; scs-cert reads both.
write_clouds_yaml() {
  local c s
  c=$(mktemp)
  s=$(mktemp)
  entry() { # NAME USER PROJECT
    cat <<EOT
  $1:
    auth:
      auth_url: https://$HOST:15000/v3
      username: $2
      project_name: $3
      user_domain_name: Default
      project_domain_name: Default
    region_name: $REGION
    interface: public
    identity_api_version: 3
    cacert: $LAB_CA
EOT
  }
  {
    echo "# scs-cert OpenStack lab (test/lab/openstack); secrets are in secure.yaml next to this file"
    echo "clouds:"
    entry lab-admin admin admin
    entry lab-member "$LAB_MEMBER" "$LAB_PROJECT"
    entry lab-member-admin "$LAB_MEMBER_ADMIN" "$LAB_PROJECT"
    cat <<EOT
  lab-appcred:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://$HOST:15000/v3
      application_credential_name: $LAB_APPCRED
      username: $LAB_MEMBER
      user_domain_name: Default
    region_name: $REGION
    interface: public
    identity_api_version: 3
    cacert: $LAB_CA
EOT
  } >"$c"
  {
    echo "clouds:"
    printf '  lab-admin:\n    auth:\n      password: "%s"\n' "$ADMIN_PASS"
    printf '  lab-member:\n    auth:\n      password: "%s"\n' "$MEMBER_PASS"
    printf '  lab-member-admin:\n    auth:\n      password: "%s"\n' "$MEMBER_ADMIN_PASS"
    printf '  lab-appcred:\n    auth:\n      application_credential_secret: "%s"\n' "$APPCRED_SECRET"
  } >"$s"
  install -m 0644 "$c" "$LAB_STATE/clouds.yaml"
  install -m 0600 "$s" "$LAB_STATE/secure.yaml"
  rm -f "$c" "$s"
  # For clients (scs-cert, openstacksdk, the openstack CLI, Tempest): `source state/lab.env` points them at
  # both files and at the lab CA (OS_CACERT; REQUESTS_CA_BUNDLE would replace the system roots for requests).
  printf 'export OS_CLIENT_CONFIG_FILE=%q\nexport OS_CLIENT_SECURE_FILE=%q\nexport OS_CACERT=%q\n' \
    "$LAB_STATE/clouds.yaml" "$LAB_STATE/secure.yaml" "$LAB_CA" >"$LAB_STATE/lab.env"
}
