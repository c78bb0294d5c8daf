"""A ``ChangePlan`` as a cmk script (bash) and as a runbook chapter (Markdown).

The script uses the zone script's prelude (``run``, ``id_of``, ``ensure``, ``wait_count``) and
adds the helpers a change needs: ``find_id`` (an object OLD made must be there), ``find_or_none``
(an object about to go, or nothing once it is gone), ``ensure_fields`` (an update sent only when
the object differs, then read back), ``wait_field``, ``expect``, ``expect_gone`` and ``expect_none``
(the verifications). Every design string goes through the project's shell escaping (``shell_value``
for parameter values, ``escape.shell`` for words, ``escape.shell_comment`` for comments).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..escape import shell, shell_comment
from ..export import vault
from ..export.calls import ApiCall, Value
from ..export.cmk import PRELUDE, WIDTH, command, shell_value, wrap
from ..templating import render
from .change import ChangePlan, How, Op, Step

SCRIPT = "change.cmk.sh"
RUNBOOK = "change.md"

_HELPERS = r'''
pick() {  # pick FIELD VALUE: the id of the listed object whose FIELD is VALUE
  jq -r --arg f "$1" --arg v "$2" '[.. | objects | select(.[$f]? == $v) | .id][0] // empty'
}

value_of() {  # value_of KEYFIELD KEY FIELD: FIELD of the listed object whose KEYFIELD is KEY (a list joined by ,)
  jq -r --arg k "$1" --arg v "$2" --arg f "$3" \
    '[.. | objects | select(.[$k]? == $v) | .[$f] | if type == "array" then join(",") else . end][0] // ""
     | tostring'
}

find_id() {  # find_id FIELD VALUE LIST-API [name=value ...]: the id of an object OLD made; stop if it is missing
  local field=$1 value=$2 id
  shift 2
  id=$(run "$@" | pick "$field" "$value")
  if [[ -z "$id" ]]; then
    printf 'error: %s finds no %s %s: is the old design deployed?\n' "$1" "$field" "$value" >&2
    exit 1
  fi
  printf '    id %s\n' "$id" >&2
  printf '%s\n' "$id"
}

find_or_none() {  # find_or_none FIELD VALUE LIST-API [name=value ...]: the id, or nothing once it is gone
  local field=$1 value=$2 arg
  shift 2
  for arg in "${@:2}"; do
    if [[ $arg == *= ]]; then return 0; fi  # its parent is gone: so is the object
  done
  run "$@" | pick "$field" "$value"
}

ensure_fields() {  # ensure_fields KEYFIELD KEY LIST-API [name=value ...] -- UPDATE-API [name=value ...]
  # Send the update only when the listed object differs from what it sets; then read it back.
  local kf=$1 key=$2 list=() out arg differ=0
  shift 2
  while [[ $1 != -- ]]; do list+=("$1"); shift; done
  shift
  out=$(run "${list[@]}")
  for arg in "${@:2}"; do
    if [[ ${arg%%=*} != id && $(value_of "$kf" "$key" "${arg%%=*}" <<<"$out") != "${arg#*=}" ]]; then differ=1; fi
  done
  if (( differ == 0 )); then
    printf 'ok  %s: %s %s is as the design says already\n' "$1" "$kf" "$key" >&2
    return 0
  fi
  run "$@" >/dev/null
  out=$(run "${list[@]}")
  for arg in "${@:2}"; do
    if [[ ${arg%%=*} != id && $(value_of "$kf" "$key" "${arg%%=*}" <<<"$out") != "${arg#*=}" ]]; then
      printf 'error: after %s, %s of %s %s is not %s\n' "$1" "${arg%%=*}" "$kf" "$key" "${arg#*=}" >&2
      exit 1
    fi
  done
}

wait_field() {  # wait_field KEYFIELD KEY FIELD VALUE LIST-API [..]: poll until the object's FIELD is VALUE (10 min)
  local kf=$1 key=$2 field=$3 want=$4 got=""
  shift 4
  for _ in $(seq 60); do
    got=$(run "$@" 2>/dev/null | value_of "$kf" "$key" "$field") || got=""
    if [[ $got == "$want" ]]; then
      printf 'ok  %s: %s of %s %s is %s\n' "$1" "$field" "$kf" "$key" "$want" >&2
      return 0
    fi
    sleep 10
  done
  printf 'error: %s: %s of %s %s is %s, not %s, after 10 minutes\n' "$1" "$field" "$kf" "$key" "${got:-nothing}" \
    "$want" >&2
  exit 1
}

expect() {  # expect FIELD VALUE LIST-API [..]: the list shows the object
  local field=$1 value=$2
  shift 2
  if [[ -z $(run "$@" | pick "$field" "$value") ]]; then
    printf 'error: %s does not show %s %s\n' "$1" "$field" "$value" >&2
    exit 1
  fi
  printf 'ok  %s shows %s %s\n' "$1" "$field" "$value" >&2
}

expect_none() {  # expect_none LIST-API [..]: the list shows nothing (no system VM or router left)
  local id
  id=$(run "$@" | jq -r '[.. | objects | select(has("id")) | .id][0] // empty')
  if [[ -n "$id" ]]; then
    printf 'error: %s still shows %s: destroy what it lists, then run the script again\n' "$1" "$id" >&2
    exit 1
  fi
  printf 'ok  %s shows nothing\n' "$1" >&2
}

expect_gone() {  # expect_gone FIELD VALUE LIST-API [..]: the list no longer shows the object
  local field=$1 value=$2
  shift 2
  if [[ -n $(run "$@" | pick "$field" "$value") ]]; then
    printf 'error: %s still shows %s %s\n' "$1" "$field" "$value" >&2
    exit 1
  fi
  printf 'ok  %s no longer shows %s %s\n' "$1" "$field" "$value" >&2
}
'''


def _word(text: str) -> str:
    return shell_value(Value((text,)))


def _params(c: ApiCall) -> list[str]:
    return [f"{k}={shell_value(v)}" for k, v in c.params]


def op_lines(op: Op, indent: str = "") -> list[str]:
    """One operation as bash lines."""
    c = op.call
    field, value = op.key
    key = [_word(field), _word(value)]
    if op.how in (How.FIND, How.FIND_OR_NONE):
        helper = "find_id" if op.how is How.FIND else "find_or_none"
        return wrap(f"{c.capture}=$({helper}", [*key, c.api, *_params(c)], ")", indent)
    if op.how is How.CALL:
        lines = [f"# {shell_comment(c.comment)}"] if c.comment else []
        return [indent + x for x in lines + command(c)]
    if op.how is How.UPDATE:
        assert op.read is not None
        return wrap("ensure_fields", [*key, op.read.api, *_params(op.read), "--", c.api, *_params(c)], "", indent)
    if op.how is How.RUN:
        return wrap("run", [c.api, *_params(c)], " >/dev/null", indent)
    if op.how is How.WAIT:
        return wrap("wait_field", [*key, _word(op.want[0]), _word(op.want[1]), c.api, *_params(c)], "", indent)
    if op.how is How.NONE:
        return wrap("expect_none", [c.api, *_params(c)], "", indent)
    helper = "expect" if op.how is How.EXPECT else "expect_gone"
    return wrap(helper, [*key, c.api, *_params(c)], "", indent)


def step_lines(step: Step) -> list[str]:
    """A step as bash: its finds, then its operations (a removal only while its object is there)."""
    lines = [x for op in step.finds for x in op_lines(op)]
    if step.guard is None:
        return lines + [x for op in step.ops for x in op_lines(op)]
    lines.append(f'if [[ -n "${{{step.guard}}}" ]]; then')
    lines += [x for op in step.ops for x in op_lines(op, "  ")]
    lines += ["else", f"  printf 'ok  %s: gone already\\n' {shell(step.what)} >&2", "fi"]
    return lines


def render_change_script(plan: ChangePlan) -> str:
    lines = [
        "#!/usr/bin/env bash",
        f"# Change of {shell_comment(plan.title)}: from {shell_comment(plan.old_source)} "
        f"to {shell_comment(plan.new_source)}.",
        "# Generated by stackplan change; edit the designs, not this file.",
        "#",
        "# Run it against the CloudStack that OLD deployed, with cmk (CloudMonkey 6, an admin profile:",
        "# CMK_PROFILE picks one) and jq. It looks up by name what OLD made, creates only what is new,",
        "# changes only what differs and removes what is gone (through maintenance mode), checking",
        "# each step with a list call. A second run changes nothing.",
        "",
        PRELUDE.rstrip("\n"),
        _HELPERS.rstrip("\n"),
    ]
    if plan.secrets:
        lines += ["", "# Secrets come from the environment: export them from your vault first, e.g.",
                  "#   read -rs HOST_PASSWORD && export HOST_PASSWORD"]
        for name in plan.secrets:
            purpose = vault.BY_NAME[name].purpose if name in vault.BY_NAME else "secret"
            lines.append(f': "${{{name}:?export {name} from your vault: {shell_comment(purpose)}}}"')
    for n, step in enumerate(plan.steps, 1):
        title = f"{n}. {step.action.value} {shell_comment(step.what)}"
        lines += ["", f"# --- {title} " + "-" * max(3, WIDTH - 7 - len(title))]
        if step.note:
            lines.append(f"# Note: {shell_comment(step.note)}")
        lines.append(f"# Check: {shell_comment(step.check)}")
        if not step.ops:
            lines.append(f"printf 'manual step: %s (%s)\\n' {shell(step.what)} {shell(step.note)} >&2")
        lines += step_lines(step)
    lines += ["", "echo 'done: the cloud is as the new design says' >&2", ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class StepView:
    number: int
    step: Step
    script: str


def render_change_markdown(plan: ChangePlan) -> str:
    steps = [StepView(n, s, "\n".join(step_lines(s))) for n, s in enumerate(plan.steps, 1)]
    return render("change/change.md.j2", plan=plan, steps=steps, script=SCRIPT)
