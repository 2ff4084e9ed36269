# Scenario missing-load-balancer: the load-balancer service (Octavia) is removed from the catalog.
# Breaks: scs-0123-service-load-balancer.
scenario() {
  catalog_remove load-balancer
}
