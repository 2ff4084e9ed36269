# Scenario bad-architecture: "Ubuntu 22.04" has architecture=amd64 (Glance's/SCS's value is x86_64).
# Breaks: scs-0102-prop-architecture.
scenario() {
  image_json_patch "Ubuntu 22.04" '[{"op": "add", "path": "/architecture", "value": "amd64"}]'
}
