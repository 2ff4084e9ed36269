# scs-0302 in the lab (Keystone Zed = the ≤ 2024.1 path): the standard's domain-manager policy as a file in
# Keystone's policy.d, two test domains with one manager each, and state/domain-managers.yaml for scs-cert's
# --domain-managers (mode 600: it holds the managers' passwords). Sourced by `up` and `seed`.

DM_POLICY_SRC=$LAB_DIR/data/keystone-domain-manager-policy.yaml
DM_POLICY=/etc/keystone/policy.d/50-scs-domain-manager.yaml
DM_DOMAINS=(scs-test-domain-a scs-test-domain-b)
DM_FILE=$LAB_STATE/domain-managers.yaml

# One password for both managers, random per lab install, kept with the other secrets.
dm_secret() {
  if [[ -z ${DM_PASS:-} ]]; then
    grep -q '^DM_PASS=' "$LAB_SECRETS" || printf 'DM_PASS=%s\n' "$(openssl rand -hex 12)" >>"$LAB_SECRETS"
    # shellcheck disable=SC1090
    source "$LAB_SECRETS"
  fi
}

# Before Keystone starts (`up`): the policy file in place, so no restart is needed later.
dm_keystone_configure() {
  install -m 0644 "$DM_POLICY_SRC" "$DM_POLICY"
}

# `seed baseline|reset`: the policy back (Keystone restarted only if a scenario removed it), both domains and
# managers present, leftovers of checks (users, projects, groups named scs-cert-… or scs-test-…) deleted.
dm_seed() {
  dm_secret
  if ! cmp -s "$DM_POLICY_SRC" "$DM_POLICY"; then
    log "keystone: domain-manager policy back in place (restart)"
    install -m 0644 "$DM_POLICY_SRC" "$DM_POLICY"
    restart_daemon keystone keystone_start "http://$HOST:5000/v3"
    admin_login
  fi
  load_roles
  role_ensure manager
  local d did uid kind id name
  for d in "${DM_DOMAINS[@]}"; do
    did=$(ks_ensure domains domain "$d" "{\"name\": \"$d\", \"enabled\": true,
      \"description\": \"scs-cert lab: scs-0302 test domain\"}")
    uid=$(api GET "$KS/users?domain_id=$did&name=$d-manager" | jq -r '.users[0].id // empty')
    if [[ -z $uid ]]; then
      uid=$(api POST "$KS/users" "$(jq -n --arg n "$d-manager" --arg p "$DM_PASS" --arg d "$did" \
        '{user: {name: $n, password: $p, domain_id: $d, enabled: true}}')" | jq -r .user.id)
    fi
    [[ $(api_status HEAD "$KS/domains/$did/users/$uid/roles/${ROLE_ID[manager]}") == 204 ]] ||
      api PUT "$KS/domains/$did/users/$uid/roles/${ROLE_ID[manager]}" >/dev/null
    for kind in groups projects users; do
      while IFS=$'\t' read -r id name; do
        [[ -z $id || $name == "$d-manager" ]] && continue
        log "domain $d: delete leftover ${kind%s} $name"
        api DELETE "$KS/$kind/$id" >/dev/null || true
      done < <(api GET "$KS/$kind?domain_id=$did" |
        jq -r --arg k "$kind" '.[$k][] | select(.name | test("^scs-(cert|test)-")) | "\(.id)\t\(.name)"')
    done
  done
  # Roles and domains only a wrongly allowed check could have created.
  for id in $(api GET "$KS/roles" | jq -r '.roles[] | select(.name | startswith("scs-cert-")) | .id'); do
    api DELETE "$KS/roles/$id" >/dev/null || true
  done
  for id in $(api GET "$KS/domains" | jq -r '.domains[] | select(.name | startswith("scs-cert-")) | .id'); do
    api PATCH "$KS/domains/$id" '{"domain": {"enabled": false}}' >/dev/null || true
    api DELETE "$KS/domains/$id" >/dev/null || true
  done
  dm_write_file
}

dm_write_file() {
  local f
  f=$(mktemp)
  {
    echo "# scs-cert lab: the scs-0302 test domains and their managers (scs-cert run --domain-managers FILE)"
    echo "domains:"
    for d in "${DM_DOMAINS[@]}"; do
      printf '  - name: %s\n    manager: { username: %s-manager, password: "%s" }\n    member_role: member\n' \
        "$d" "$d" "$DM_PASS"
    done
  } >"$f"
  install -m 0600 "$f" "$DM_FILE"
  rm -f "$f"
}
