"""The management plane: several management servers, their load balancer and how agents find them."""

from __future__ import annotations

from collections.abc import Iterator

from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue
from .settings import CHOICES, LB_ALGORITHM


@rule("MGMT-NO-LOAD-BALANCER", WARNING, "Several management servers sit behind a load balancer",
      "Seed 003 (multi-node management server): front-end servers are optionally fronted by a pair of load "
      "balancers for the UI/API; field mistake #15: agents must not go through it, they get the server list "
      "in 'host' and pick with indirect.agent.lb.algorithm.")
def no_load_balancer(ctx: Context) -> Iterator[Issue]:
    mgmt = ctx.design.management
    if len(mgmt.servers) > 1 and mgmt.load_balancer is None:
        names = ", ".join(ms.name for ms in mgmt.servers)
        yield Issue(mgmt, "servers", f"{len(mgmt.servers)} management servers ({names}) have no load balancer "
                    "for the UI and API (port 8080)", "add 'load_balancer:' under management; point agents at "
                    "the server list ('host' setting) with indirect.agent.lb.algorithm, not at the balancer")


@rule("MGMT-AGENTS-VIA-LB", ERROR, "Agents get the list of management servers, not one address",
      "Field mistake #15 (apache/cloudstack#4168): agents pointed at a TCP load balancer on 8250 are rejected "
      "by TLS and get no failover; the 'host' setting lists every management server and "
      "indirect.agent.lb.algorithm spreads the agents.")
def agents_via_lb(ctx: Context) -> Iterator[Issue]:
    mgmt = ctx.design.management
    value = ctx.design.settings.get("host")
    if value is None or len(mgmt.servers) < 2:
        return
    listed = [part.strip() for part in str(value).split(",") if part.strip()]
    vip = str(mgmt.load_balancer.vip) if mgmt.load_balancer and mgmt.load_balancer.vip else None
    if vip and vip in listed:
        yield Issue(ctx.design.settings, "host", f"setting 'host' lists the load-balancer VIP {vip}; agents "
                    "would connect to port 8250 through the balancer", "list the management servers' own "
                    "addresses, comma separated")
    elif len(listed) < len(mgmt.servers):
        yield Issue(ctx.design.settings, "host", f"setting 'host' lists {len(listed)} address(es) for "
                    f"{len(mgmt.servers)} management servers", "list every management server's address, "
                    "comma separated, so agents can fail over")


@rule("MGMT-AGENT-LB-ALGORITHM", ERROR, "The agent load-balancing algorithm is one CloudStack knows",
      "CloudStack indirect.agent.lb.algorithm accepts static, roundrobin and shuffle; the design's "
      "management.agent_lb_algorithm becomes that setting.")
def agent_algorithm(ctx: Context) -> Iterator[Issue]:
    mgmt = ctx.design.management
    chosen = mgmt.agent_lb_algorithm
    if chosen is None:
        return
    allowed = CHOICES[LB_ALGORITHM]
    if chosen not in allowed:
        yield Issue(mgmt, "agent_lb_algorithm", f"agent_lb_algorithm '{chosen}' is not one of {', '.join(allowed)}",
                    f"use one of {', '.join(allowed)}")
    setting = ctx.design.settings.get(LB_ALGORITHM)
    if setting is not None and str(setting) != chosen:
        yield Issue(mgmt, "agent_lb_algorithm", f"agent_lb_algorithm '{chosen}' contradicts setting {LB_ALGORITHM} "
                    f"'{setting}'", "keep one of them")
