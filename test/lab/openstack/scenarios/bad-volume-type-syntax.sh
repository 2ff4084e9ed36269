# Scenario bad-volume-type-syntax: the volume type "encrypted-replicated" is described with an unsorted
# aspect list "[scs:replicated, encrypted] ...". Breaks: scs-0114-syntax-check.
scenario() {
  local pid id
  pid=$(ks_id projects admin)
  id=$(api GET "$CINDER/$pid/types" | jq -r '.volume_types[] | select(.name == "encrypted-replicated") | .id')
  api PUT "$CINDER/$pid/types/$id" '{"volume_type": {"description":
    "[scs:replicated, encrypted] LUKS-encrypted, three replicas across racks"}}' >/dev/null
}
