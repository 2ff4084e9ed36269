# Scenario missing-image-property: image_build_date is removed from the public image "Ubuntu 24.04".
# (Recency then falls back to created_at, which is recent.) Breaks: scs-0102-prop-image_build_date.
scenario() {
  image_json_patch "Ubuntu 24.04" '[{"op": "remove", "path": "/image_build_date"}]'
}
