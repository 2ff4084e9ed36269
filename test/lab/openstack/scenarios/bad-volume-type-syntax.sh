# Scenario bad-volume-type-syntax: an extra public volume type whose description starts with an unsorted
# aspect list "[scs:replicated, encrypted]". Breaks: scs-0114-syntax-check.
scenario() {
  api POST "$CINDER/$(ks_id projects admin)/types" '{"volume_type": {"name": "lab-unsorted-aspects",
    "description": "[scs:replicated, encrypted] aspects not sorted", "os-volume-type-access:is_public": true,
    "extra_specs": {"volume_backend_name": "lab"}}}' >/dev/null
}
