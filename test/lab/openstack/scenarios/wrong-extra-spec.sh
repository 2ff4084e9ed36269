# Scenario wrong-extra-spec: SCS-4V-16 carries scs:cpu-type=crowded-core (its name says shared-core, V).
# Figures and name stay right. Breaks: scs-0103-flavor-4v-16.
scenario() {
  local id
  id=$(compute_api GET "$NOVA/flavors/detail?is_public=None" | jq -r '.flavors[] | select(.name == "SCS-4V-16") | .id')
  compute_api PUT "$NOVA/flavors/$id/os-extra_specs/scs:cpu-type" '{"scs:cpu-type": "crowded-core"}' >/dev/null
}
