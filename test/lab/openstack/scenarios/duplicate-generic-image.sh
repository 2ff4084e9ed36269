# Scenario duplicate-generic-image: a second public image "Ubuntu 24.04 Server" with the same
# (architecture, os_distro, os_version) and os_purpose=generic as "Ubuntu 24.04"; all its metadata valid.
# Breaks: scs-0102-os_purpose-uniqueness (a main testcase of scs-0102-v2, i.e. of version "next").
scenario() {
  image_create "Ubuntu 24.04" "Ubuntu 24.04 Server"
}
