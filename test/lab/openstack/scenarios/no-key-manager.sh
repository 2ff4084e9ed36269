# Scenario no-key-manager: the key-manager service (Barbican) is removed from the catalog; Barbican keeps
# running. Breaks: scs-0116-presence (recommended, in no version). scs-0116-permissions still PASSes, by
# absence of the service instead of by a secret round trip.
scenario() {
  catalog_remove key-manager
}
