"""Phase: deploy the zones with the generated cmk script (or Marvin)."""

from __future__ import annotations

from ...export import MARVIN_PATH, SCRIPT_PATH, MarvinNote, vault
from ..context import RunbookContext
from ..model import Check, Command, Note, Phase, Role, Step, secret_ref

TITLE = "Zone deployment"
INTRO = ("The zones are created through the API by one script, checked against CloudStack's API before it was "
         "generated: zones, physical networks with their traffic labels, providers, pods, IP ranges, clusters, "
         "hosts, primary and secondary storage, and finally the zones are enabled.")


def build(ctx: RunbookContext, script: str, marvin_notes: list[MarvinNote]) -> Phase:
    station = "the installer's workstation"
    admin_id = "$(cmk -o json listUsers username=admin | jq -r '.user[0].id')"
    cmk = "\n".join([
        "cmk set profile " + ctx.slug,
        f"cmk set url {ctx.api_url}",
        "cmk set username admin",
        "cmk set password password  # the default of a new install, replaced below",
        "cmk set domain /",
        f'cmk updateUser id="{admin_id}" password="{secret_ref(vault.CS_ADMIN_PASSWORD.name)}"',
        f'cmk set password "{secret_ref(vault.CS_ADMIN_PASSWORD.name)}"',
        f'keys=$(cmk -o json registerUserKeys id="{admin_id}")',
        "CS_API_KEY=$(jq -r .userkeys.apikey <<<\"$keys\")",
        "CS_SECRET_KEY=$(jq -r .userkeys.secretkey <<<\"$keys\")",
        "unset keys",
        "export CS_API_KEY CS_SECRET_KEY",
        f'cmk set apikey "{secret_ref(vault.CS_API_KEY.name)}"',
        f'cmk set secretkey "{secret_ref(vault.CS_SECRET_KEY.name)}"',
        "cmk set asyncblock true",
        "cmk sync",
    ])
    setup = Step("CloudMonkey and the admin account's API keys", Role.cloud, station,
                 "Install cmk (CloudMonkey 6, a single binary from the apache/cloudstack-cloudmonkey releases) and "
                 "jq. The management servers run now, so the admin account can have its keys: cmk logs in once "
                 "with the default password, replaces it with CS_ADMIN_PASSWORD, generates the API keys "
                 "(registerUserKeys) and uses them from then on. Put CS_API_KEY and CS_SECRET_KEY into the vault "
                 "straight away (printf '%s' \"$CS_API_KEY\" into your vault's command, not onto the screen); "
                 "later shells load them from there. asyncblock makes cmk wait for every asynchronous job, so "
                 "each call of the zone script starts once the one before it has finished.",
                 values=(("API endpoint", ctx.api_url),),
                 commands=(Command(station, cmk),),
                 checks=(Check(station, "cmk -o json listZones", "no output: the API answers and no zone exists yet"),
                         Check(station, 'for v in CS_API_KEY CS_SECRET_KEY; do [ -n "${!v:-}" ] || '
                                        'echo "missing: $v"; done',
                               "no output: both keys are in this shell (and in the vault)")))
    secrets = ctx.export.spec.secrets()
    exports = " ".join(secrets)
    run = f"bash {SCRIPT_PATH} 2>&1 | tee deploy-zone.log"
    zones = ctx.export.spec.zones
    expect = "; ".join(f'{z.name}: "allocationstate": "Enabled"' for z in zones)
    # Marvin is not on PyPI (the 'marvin' package there is unrelated): it is built from tools/marvin of the
    # CloudStack source of the release deployed
    parts = ctx.design.deployment.cloudstack_version.split(".")  # a pattern-checked version: digits and dots
    tag = ".".join([*parts, "0", "0", "0"][:4])  # the source's release tags have four parts: 4.22.0.0
    build = Command(station, f"git clone --depth 1 --branch {tag} https://github.com/apache/cloudstack.git "
                             "/root/cloudstack-src\n"
                             "cd /root/cloudstack-src/tools/marvin && python3 setup.py sdist\n"
                             "python3 -m pip install /root/cloudstack-src/tools/marvin/dist/Marvin-*.tar.gz",
                    caption=f"Build Marvin from tools/marvin of the CloudStack {tag} source (not PyPI's "
                            "unrelated 'marvin' package)")
    marvin = [build, Command(station, f"envsubst < {MARVIN_PATH} > /root/marvin-filled.json\n"
                               "python3 -m marvin.deployDataCenter -i /root/marvin-filled.json\n"
                               "rm /root/marvin-filled.json")]
    marvin += [Command(station, "\n".join(n.commands), caption=n.text) for n in marvin_notes if n.commands]
    remarks = " ".join(n.text + "." for n in marvin_notes if not n.commands)
    note = Note("Alternative: Marvin",
                f"{MARVIN_PATH} describes the same zones for Marvin's deployDataCenter.py (Marvin is built "
                "from tools/marvin of the CloudStack source, below). Its secrets are ${NAME} placeholders that "
                "envsubst fills from the exported variables; delete the filled copy afterwards."
                + (" " + remarks if remarks else ""), tuple(marvin))
    deploy = Step("Run the zone script", Role.cloud, station,
                  f"Download {SCRIPT_PATH}, export the secrets it names ({exports or 'none'}) from the vault and run "
                  "it. It stops at the first failing call; fix the cause, delete what it created and run it again.",
                  values=tuple((z.name, f"{z.networktype}" + (" with security groups" if z.security_groups and
                                                              not z.basic else "")) for z in zones),
                  commands=(Command(station, run), Command(station, script, caption=SCRIPT_PATH)),
                  checks=(Check(station, "cmk -o json listZones filter=name,allocationstate", expect),),
                  notes=(note,))
    return Phase("zone", TITLE, INTRO, (setup, deploy))
