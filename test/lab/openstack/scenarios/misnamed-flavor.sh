# Scenario misnamed-flavor: one extra public flavor whose SCS- name does not parse (type letter Q).
# Breaks: scs-0100-syntax-check.
scenario() {
  flavor_create '{"name": "SCS-2Q-4", "vcpus": 2, "ram": 4096, "disk": 0, "specs": {}}'
}
