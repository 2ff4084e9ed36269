# Scenario missing-ubuntu-2404: the mandatory image "Ubuntu 24.04" is deleted.
# Breaks: scs-0104-image-ubuntu-2404.
scenario() {
  local id
  for id in $(api GET "$GLANCE/v2/images?name=Ubuntu%2024.04" | jq -r '.images[].id'); do
    api DELETE "$GLANCE/v2/images/$id" >/dev/null
  done
}
