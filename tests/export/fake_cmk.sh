#!/usr/bin/env bash
# A stand-in for CloudMonkey that answers the zone script offline (tests/export/test_script_run.py).
#
# Run as `cmk [-p PROFILE] [-o json] API name=value ...` (or `cmk set KEY VALUE`, logged to
# $FAKE_CMK_LOG.set).
# Each API call is appended to $FAKE_CMK_LOG as its argument words, each ended by a NUL byte, and
# the call by one more NUL, so the test sees exactly what bash handed over. The answer is printed
# the way cmk 6 prints a response with -o json: the response body (for an asynchronous API, the
# job result), keys sorted, nothing for an empty list. Whatever the call creates or finds gets the
# id "<API>-<n>", n counting the API calls from 1, so the test can tell which response an id came
# from. listHosts reports $FAKE_CMK_HOSTS hosts.
#
# With $FAKE_CMK_STATE set it also remembers what it created (one JSON object per line: the create's
# parameters, its id and API) and answers the zone script's lookups (listZones, listPods, ...) with
# the objects of the matching create whose parameters equal the list call's, as CloudStack would:
# a second run of the script then finds everything and creates nothing. For the change script
# (tests/review/test_change.py) it also applies what a day-2 change sends: delete* drops the object
# of that id, update* with an id sets the parameters on it, updateConfiguration remembers the
# setting (listConfigurations answers it), a createNetwork with addresses makes its address range too
# (listVlanIpRanges networkid=... answers it), prepareHostForMaintenance and enableStorageMaintenance
# put the host (resourcestate) or pool (state) into Maintenance; added hosts are Up. With a state
# the ids count on across runs ($FAKE_CMK_STATE.count), so no run hands out an id twice. listSystemVms shows
# one system VM when $FAKE_CMK_SYSTEMVMS is set (a zone that is not emptied yet), else none.
set -euo pipefail
while [[ $# -gt 0 && ( $1 == -o || $1 == -p ) ]]; do shift 2; done
[[ $# -gt 0 ]] || { echo "fake cmk: no command" >&2; exit 2; }
if [[ $1 == set ]]; then printf '%s\n' "$*" >>"$FAKE_CMK_LOG.set"; exit 0; fi
printf '%s\0' "$@" >>"$FAKE_CMK_LOG"
printf '\0' >>"$FAKE_CMK_LOG"
counter=$FAKE_CMK_LOG.count
if [[ -n ${FAKE_CMK_STATE:-} ]]; then counter=$FAKE_CMK_STATE.count; fi
n=$(( $(cat "$counter" 2>/dev/null || echo 0) + 1 ))
echo "$n" >"$counter"
api=$1
# A nested object with an id of its own follows the object itself, as in real responses.
obj="{\"created\": \"2026-01-01T00:00:00+0000\", \"id\": \"$api-$n\", \"tags\": [{\"id\": \"nested-tag\"}]}"
declare -A LISTED=([listZones]=createZone [listPhysicalNetworks]=createPhysicalNetwork
  [listTrafficTypes]=addTrafficType [listPods]=createPod [listVlanIpRanges]=createVlanIpRange
  [listStorageNetworkIpRange]=createStorageNetworkIpRange [listVmwareDcs]=addVmwareDc [listClusters]=addCluster
  [listStoragePools]=createStoragePool [listImageStores]=addImageStore [listNetworks]=createNetwork
  [listConfigurations]=updateConfiguration [listSecondaryStagingStores]=createSecondaryStagingStore)
if [[ -n ${FAKE_CMK_STATE:-} ]]; then
  touch "$FAKE_CMK_STATE"
  # name=value words as one JSON object (clustername also as name, addHost's url as ipaddress)
  params=$(jq -cn '[$ARGS.positional[] | index("=") as $i | {k: .[:$i], v: .[$i + 1:]}] | map({(.k): .v}) | add // {}
                   | if .clustername then . + {name: .clustername} else . end
                   | if .url then . + {ipaddress: (.url | sub("^http://"; ""))} else . end' --args "${@:2}")
  if [[ -n ${LISTED[$api]:-} ]] || [[ $api == listHosts && $params == *clusterid* && $params != *state* ]]; then
    create=${LISTED[$api]:-addHost}
    jq -cs --arg api "$create" --argjson want "$params" \
      'map(select(.api == $api and (. as $o | $want | to_entries | all($o[.key] == .value))))
       | if length > 0 then {count: length, item: .} else empty end' "$FAKE_CMK_STATE"
    exit 0
  fi
  if [[ $api == create* || $api == add* ]]; then
    jq -cn --argjson p "$params" --arg api "$api" --arg id "$api-$n" \
      '$p + {api: $api, id: $id} + (if $api == "addHost" then {state: "Up", resourcestate: "Enabled"} else {} end)' \
      >>"$FAKE_CMK_STATE"
    if [[ $api == createNetwork && $params == *startip* ]]; then  # CloudStack makes the network's address range
      jq -cn --argjson p "$params" --arg id "$api-$n" \
        '$p | {zoneid, startip, endip, gateway, netmask, vlan, networkid: $id, api: "createVlanIpRange",
               id: ("range-" + $id)} | with_entries(select(.value != null))' >>"$FAKE_CMK_STATE"
    fi
  fi
  change=""
  case $api in
    delete*) change='map(select(.id != $p.id))' ;;
    prepareHostForMaintenance) change='map(if .id == $p.id then . + {resourcestate: "Maintenance"} else . end)' ;;
    enableStorageMaintenance) change='map(if .id == $p.id then . + {state: "Maintenance"} else . end)' ;;
    updateConfiguration) change='map(select(.api != "updateConfiguration" or .name != $p.name))
                                 + [$p + {api: "updateConfiguration", id: $p.name}]' ;;
    update*) change='map(if .id == $p.id then . + ($p | del(.id)) else . end)' ;;
  esac
  if [[ -n $change ]]; then
    jq -cs --argjson p "$params" "$change | .[]" "$FAKE_CMK_STATE" >"$FAKE_CMK_STATE.new"
    mv "$FAKE_CMK_STATE.new" "$FAKE_CMK_STATE"
  fi
fi
case $api in
  createZone) echo "{\"zone\": $obj}" ;;
  createPhysicalNetwork) echo "{\"physicalnetwork\": $obj}" ;;
  createPod) echo "{\"pod\": $obj}" ;;
  createNetwork) echo "{\"network\": $obj}" ;;
  addCluster) echo "{\"cluster\": [$obj], \"count\": 1}" ;;
  addHost) echo "{\"count\": 1, \"host\": [$obj]}" ;;
  listNetworkServiceProviders) echo "{\"count\": 1, \"networkserviceprovider\": [$obj]}" ;;
  listVirtualRouterElements) echo "{\"count\": 1, \"virtualrouterelement\": [$obj]}" ;;
  listInternalLoadBalancerElements) echo "{\"count\": 1, \"internalloadbalancerelement\": [$obj]}" ;;
  listNetworkOfferings) echo "{\"count\": 1, \"networkoffering\": [$obj]}" ;;
  listSystemVms) if [[ -n ${FAKE_CMK_SYSTEMVMS:-} ]]; then echo "{\"count\": 1, \"systemvm\": [$obj]}"; fi ;;
  listHosts) if (( ${FAKE_CMK_HOSTS:-0} > 0 )); then echo "{\"count\": $FAKE_CMK_HOSTS, \"host\": [$obj]}"; fi ;;
  *) echo '{"success": true}' ;;
esac
