# Scenario missing-standard-flavor: the mandatory standard flavor SCS-2V-4 is deleted.
# Breaks: scs-0103-flavor-2v-4.
scenario() {
  local id
  id=$(compute_api GET "$NOVA/flavors/detail?is_public=None" | jq -r '.flavors[] | select(.name == "SCS-2V-4") | .id')
  compute_api DELETE "$NOVA/flavors/$id" >/dev/null
}
