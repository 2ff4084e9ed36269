# Scenario flavor-overpromise: one extra public flavor whose valid name promises more RAM than it has
# (SCS-4V-12 = 12 GiB, provides 8 GiB). Not a standard flavor, so scs-0103 is unaffected.
# Breaks: scs-0100-semantics-check.
scenario() {
  flavor_create '{"name": "SCS-4V-12", "vcpus": 4, "ram": 8192, "disk": 0, "specs": {}}'
}
