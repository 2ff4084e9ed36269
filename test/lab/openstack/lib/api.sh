# REST helpers (curl + jq) for identity bootstrap, seeding and checks. One token per script run.

# token_password USER PASSWORD PROJECT -> prints the token id (X-Subject-Token)
token_password() {
  local body
  body=$(jq -n --arg u "$1" --arg p "$2" --arg pr "$3" '{auth: {identity: {methods: ["password"],
    password: {user: {name: $u, domain: {id: "default"}, password: $p}}},
    scope: {project: {name: $pr, domain: {id: "default"}}}}}')
  curl -sf -m 30 -D - -o /dev/null -H 'Content-Type: application/json' -d "$body" \
    "http://$HOST:5000/v3/auth/tokens" | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}' | tr -d '\r'
}

admin_login() { OS_TOKEN=$(token_password admin "$ADMIN_PASS" admin); [[ -n $OS_TOKEN ]] || die "admin token failed"; }

# api METHOD URL [JSON]: prints the body; fails (with the body) on HTTP >= 400.
# Extra headers via the API_HEADERS array (e.g. microversions).
API_HEADERS=()
api() {
  local m=$1 url=$2 data=${3:-} out code
  out=$(mktemp)
  local args=(-s -m 120 -o "$out" -w '%{http_code}' -X "$m" -H "X-Auth-Token: $OS_TOKEN"
    -H 'Accept: application/json' "${API_HEADERS[@]/#/-H}")
  [[ -n $data ]] && args+=(-H 'Content-Type: application/json' --data-binary "$data")
  code=$(curl "${args[@]}" "$url") || code=000
  if [[ $code -ge 400 || $code == 000 ]]; then
    echo "HTTP $code $m $url: $(head -c 600 "$out")" >&2
    rm -f "$out"
    return 1
  fi
  cat "$out"
  rm -f "$out"
}
api_status() { # METHOD URL [JSON] -> prints only the HTTP status code
  local m=$1 url=$2 data=${3:-}
  local args=(-s -m 120 -o /dev/null -w '%{http_code}' -X "$m" -H "X-Auth-Token: $OS_TOKEN")
  [[ -n $data ]] && args+=(-H 'Content-Type: application/json' --data-binary "$data")
  curl "${args[@]}" "$url" || true
}

KS=http://$HOST:5000/v3
NOVA=http://$HOST:8774/v2.1
GLANCE=http://$HOST:9292
NEUTRON=http://$HOST:9696
CINDER=http://$HOST:8776/v3
BARBICAN=http://$HOST:9311
OCTAVIA=http://$HOST:9876
PLACEMENT=http://$HOST:8778

# ks_id COLLECTION NAME [EXTRA QUERY]: id of a Keystone object by name (empty if absent).
ks_id() { api GET "$KS/$1?name=$(jq -rn --arg n "$2" '$n|@uri')${3:-}" | jq -r --arg c "$1" '.[$c][0].id // empty'; }

# ks_ensure COLLECTION SINGULAR NAME JSON-OBJECT: look up by name, create if missing; prints the id.
ks_ensure() {
  local id
  id=$(ks_id "$1" "$3")
  if [[ -z $id ]]; then
    id=$(api POST "$KS/$1" "{\"$2\": $4}" | jq -r ".$2.id")
  fi
  echo "$id"
}
