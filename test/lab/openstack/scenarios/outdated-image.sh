# Scenario outdated-image: "Ubuntu 22.04" (replace_frequency monthly) was built 200 days ago and is promised
# (provided_until) until a year from now; it is not hidden, not renamed, and no replacement exists.
# (Glance's created_at cannot be backdated; the build date stays before it.) Breaks: scs-0102-image-recency.
scenario() {
  image_json_patch "Ubuntu 22.04" "[
    {\"op\": \"add\", \"path\": \"/image_build_date\", \"value\": \"$(date -u -d '-200 days' +%F)\"},
    {\"op\": \"add\", \"path\": \"/provided_until\", \"value\": \"$(date -u -d '+365 days' +%F)\"}]"
}
