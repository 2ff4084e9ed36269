# Scenario flavor-overpromise: one extra public flavor SCS-4V-64 (with its scs:* extra specs) that has only
# 32 GiB RAM although its name promises 64. Not a standard flavor, so scs-0103 is unaffected.
# Breaks: scs-0100-semantics-check.
scenario() {
  flavor_create '{"name": "SCS-4V-64", "vcpus": 4, "ram": 32768, "disk": 0, "specs": {"scs:cpu-type": "shared-core",
    "scs:name-v1": "SCS-4V:64", "scs:name-v2": "SCS-4V-64"}}'
}
