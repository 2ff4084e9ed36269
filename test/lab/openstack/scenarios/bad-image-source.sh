# Scenario bad-image-source: "Debian 12" has an image_source that is a valid URL but not under Debian's
# cloud image locations. Breaks: scs-0104-source-debian-12.
scenario() {
  image_json_patch "Debian 12" '[{"op": "add", "path": "/image_source",
    "value": "https://mirror.example.net/debian/bookworm/debian-12-genericcloud-amd64.qcow2"}]'
}
