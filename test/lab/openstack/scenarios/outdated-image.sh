# Scenario outdated-image: "Ubuntu 22.04" (replace_frequency monthly, provided_until two years ahead) was
# built 120 days before it was registered; it is not hidden, not renamed, and no replacement exists.
# Breaks: scs-0102-image-recency.
scenario() {
  local created
  created=$(api GET "$GLANCE/v2/images?name=Ubuntu%2022.04" | jq -r '.images[0].created_at')
  image_json_patch "Ubuntu 22.04" "[{\"op\": \"add\", \"path\": \"/image_build_date\",
    \"value\": \"$(date -u -d "${created:0:10} -120 days" +%F)\"}]"
}
