# Scenario no-domain-manager-policy: Keystone without the scs-0302-w1 policy file (Zed's defaults): the
# `manager` role grants a domain manager nothing. Restarts Keystone (a few seconds).
# Breaks: scs-0302-v1-domain-manager (advisory extension testcase; no SCS main testcase).
scenario() {
  rm -f "$DM_POLICY"
  restart_daemon keystone keystone_start "http://$HOST:5000/v3"
}
