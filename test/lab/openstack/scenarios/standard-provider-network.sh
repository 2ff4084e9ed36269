# Scenario standard-provider-network: the lab's external network becomes scs-0126's standard provider network
# (is_default=True, through Neutron's auto-allocated-topology extension) and a shared default IPv6 subnet pool
# that hands out a /64 per project is offered (default-subnetpools). Unlike the other scenarios this one mends:
# scs-0126-default-provider-network, -ipv6-subnet-pool and -ipv4-floating-ip PASS here and not on the baseline,
# whose external network is no default and which has no IPv6 pool. undo() restores that baseline; `seed` runs it
# before the next reset (the baseline's convergence leaves both attributes alone).
POOL6=lab-ipv6-default
POOL6_PREFIX=2001:db8:5c5::/48

scenario() {
  local net
  net=$(api GET "$NEUTRON/v2.0/networks?name=$EXT_NET" | jq -r '.networks[0].id // empty')
  [[ -n $net ]] || die "no network $EXT_NET: seed baseline first"
  api PUT "$NEUTRON/v2.0/networks/$net" '{"network": {"is_default": true}}' >/dev/null
  if [[ -z $(api GET "$NEUTRON/v2.0/subnetpools?name=$POOL6" | jq -r '.subnetpools[0].id // empty') ]]; then
    api POST "$NEUTRON/v2.0/subnetpools" "{\"subnetpool\": {\"name\": \"$POOL6\", \"prefixes\": [\"$POOL6_PREFIX\"],
      \"default_prefixlen\": 64, \"min_prefixlen\": 64, \"shared\": true, \"is_default\": true}}" >/dev/null
  fi
  log "$EXT_NET is the default external network; shared default IPv6 subnet pool $POOL6 ($POOL6_PREFIX, /64)"
}

undo() {
  local net id
  admin_login
  net=$(api GET "$NEUTRON/v2.0/networks?name=$EXT_NET" | jq -r '.networks[0].id // empty')
  [[ -n $net ]] && api PUT "$NEUTRON/v2.0/networks/$net" '{"network": {"is_default": false}}' >/dev/null
  for id in $(api GET "$NEUTRON/v2.0/subnetpools?name=$POOL6" | jq -r '.subnetpools[].id'); do
    api DELETE "$NEUTRON/v2.0/subnetpools/$id" >/dev/null
  done
  log "$EXT_NET is no default network again; subnet pool $POOL6 deleted"
}
