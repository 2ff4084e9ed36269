# Scenario missing-image-property: os_distro is removed from the public image "Debian 12".
# Breaks: scs-0102-prop-os_distro.
scenario() {
  image_json_patch "Debian 12" '[{"op": "remove", "path": "/os_distro"}]'
}
