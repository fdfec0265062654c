"""Turns the benchmark's raw figures into target/bench/results.md (printed on stdout).

Usage: python3 bench/report.py ROUNDS_TSV FIGURES_TSV
"""

import csv
import sys


def read_rounds(path):
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def read_figures(path):
    figures = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("\t")
            figures[key] = value
    return figures


def keycloak_cpu(r):
    return int(r["cpu_ms"])


def keycloak_and_postgres_cpu(r):
    return int(r["cpu_ms"]) + int(r["pg_cpu_ms"])


def cost(rounds, state, cpu=keycloak_cpu):
    """CPU milliseconds per token request, pooled over rounds so that long rounds weigh more."""
    chosen = [r for r in rounds if r["listener"] == state]
    return sum(cpu(r) for r in chosen) / sum(int(r["tokens"]) for r in chosen)


def cost_ratio(rounds, cpu=keycloak_cpu):
    return cost(rounds, "on", cpu) / cost(rounds, "off", cpu)


def pairs(rounds):
    """(off, on) rounds in the order they ran; each pair is one independent ratio."""
    offs = [r for r in rounds if r["listener"] == "off"]
    ons = [r for r in rounds if r["listener"] == "on"]
    return list(zip(offs, ons))


def per_token(r, cpu=keycloak_cpu):
    return cpu(r) / int(r["tokens"])


def pair_ratios(rounds, cpu=keycloak_cpu):
    return [per_token(on, cpu) / per_token(off, cpu) for off, on in pairs(rounds)]


def mean(values):
    return sum(values) / len(values)


def spread(values):
    return f"{min(values):.2f} to {max(values):.2f}"


def incomplete(r):
    return r["listener"] == "on" and int(r["delivered"]) < int(r["tokens"]) * int(r["webhooks"])


def mark_incomplete(r):
    return " (incomplete)" if incomplete(r) else ""


def verdict(ok):
    return "met" if ok else "**missed**"


def postgres_figures(main_rounds, latency_rounds):
    """The two rows that only a run on PostgreSQL has."""
    both = keycloak_and_postgres_cpu
    ratio = cost_ratio(main_rounds, both)
    p50 = {
        s: mean([float(r["p50_ms"]) for r in latency_rounds if r["listener"] == s])
        for s in ("off", "on")
    }
    added = p50["on"] - p50["off"]
    added_pairs = [float(on["p50_ms"]) - float(off["p50_ms"]) for off, on in pairs(latency_rounds)]
    rate = mean([float(r["rps"]) for r in latency_rounds])
    return [
        f"| PostgreSQL: CPU of Keycloak plus the PostgreSQL server per token, "
        f"listener + 1 webhook / no listener "
        f"| **{ratio:.3f}** ({cost(main_rounds, 'on', both):.2f} / "
        f"{cost(main_rounds, 'off', both):.2f} ms; pairs {spread(pair_ratios(main_rounds, both))}) "
        f"| <= 1.20 | {verdict(ratio <= 1.20)} |",
        f"| PostgreSQL: added p50 latency of the token request itself, "
        f"on - off at {rate:.0f} req/s "
        f"| **{added:+.2f} ms** ({p50['on']:.2f} / {p50['off']:.2f} ms; pairs "
        f"{min(added_pairs):+.2f} to {max(added_pairs):+.2f}) | <= 1 ms | {verdict(added <= 1)} |",
    ]


def scale_table(main_rounds, scale_rounds, postgres):
    both = keycloak_and_postgres_cpu
    if postgres:
        rows = [
            "| webhooks | Keycloak CPU per token off / on (ms) | ratio | pairs "
            "| Keycloak + PostgreSQL off / on (ms) | ratio | pairs |",
            "|---|---|---|---|---|---|---|",
        ]
    else:
        rows = ["| webhooks | CPU per token off / on (ms) | ratio | pairs |", "|---|---|---|---|"]
    groups = [("1 (closed-loop rounds above)", main_rounds)]
    for hooks in sorted({int(r["webhooks"]) for r in scale_rounds}):
        groups.append((str(hooks), [r for r in scale_rounds if int(r["webhooks"]) == hooks]))
    for label, chosen in groups:
        row = (
            f"| {label} | {cost(chosen, 'off'):.2f} / {cost(chosen, 'on'):.2f} "
            f"| {cost_ratio(chosen):.2f} | {spread(pair_ratios(chosen))} |"
        )
        if postgres:
            row += (
                f" {cost(chosen, 'off', both):.2f} / {cost(chosen, 'on', both):.2f} "
                f"| {cost_ratio(chosen, both):.2f} | {spread(pair_ratios(chosen, both))} |"
            )
        rows.append(row)
    return rows


def rounds_table(rounds, postgres):
    pg_head = "| PostgreSQL CPU ms | both ms/token " if postgres else ""
    rows = [
        "| phase | webhooks | listener | tokens | errors | seconds | req/s | p50 ms | CPU ms "
        f"| CPU ms/token {pg_head}| delivered |",
        "|---" * (13 if postgres else 11) + "|",
    ]
    for r in rounds:
        pg = (
            f"| {r['pg_cpu_ms']} | {per_token(r, keycloak_and_postgres_cpu):.2f} "
            if postgres
            else ""
        )
        rows.append(
            f"| {r['phase']} | {r['webhooks']} | {r['listener']} | {r['tokens']} | {r['errors']} "
            f"| {r['seconds']} | {r['rps']} | {r['p50_ms']} | {r['cpu_ms']} | {per_token(r):.2f} "
            f"{pg}| {r['delivered'] if r['listener'] == 'on' else ''}{mark_incomplete(r)} |"
        )
    return rows


def main():
    rounds = read_rounds(sys.argv[1])
    fig = read_figures(sys.argv[2])
    main_rounds = [r for r in rounds if r["phase"] == "main"]
    scale_rounds = [r for r in rounds if r["phase"] == "scale"]
    latency_rounds = [r for r in rounds if r["phase"] == "token-latency"]
    postgres = fig["database"].startswith("PostgreSQL")

    ratio = cost_ratio(main_rounds)
    rps = {s: [float(r["rps"]) for r in main_rounds if r["listener"] == s] for s in ("off", "on")}
    tput_ratio = mean(rps["on"]) / mean(rps["off"])
    tput_pairs = [float(on["rps"]) / float(off["rps"]) for off, on in pairs(main_rounds)]

    p50, p99, pmax = (int(fig[f"latency_{k}"]) for k in ("p50", "p99", "max"))

    drain_rate = int(fig["drain_delivered"]) / max(int(fig["drain_ms"]) / 1000, 0.001)
    drain99_rate = 0.99 * int(fig["drain_delivered"]) / max(int(fig["drain99_ms"]) / 1000, 0.001)
    ceiling = float(fig["ceiling_rps"])
    heap_idle = int(fig["heap_idle_kib"]) / 1024
    heap_backlog = int(fig["heap_backlog_kib"]) / 1024

    out = []
    w = out.append
    w("# Benchmark results\n")
    w(f"Extension at commit {fig['commit']}; database: {fig['database']}.  ")
    w(f"Machine: {fig['machine']}, {fig['memory']} memory; {fig['java']}.  ")
    w(f"Settings: `{fig['settings']}`\n")
    short = [r for r in rounds if incomplete(r)]
    if short:
        w(
            f"**{len(short)} listener-on round(s) ended before all their deliveries arrived** "
            "(see Rounds): CPU per token leaves out the rest, so the cost is understated, and "
            "what was still pending was delivered during the next rounds.\n"
        )
    w("| figure | measured | target | |")
    w("|---|---|---|---|")
    w(
        f"| Keycloak CPU per token, listener + 1 webhook / no listener "
        f"| **{ratio:.3f}** ({cost(main_rounds, 'on'):.2f} / "
        f"{cost(main_rounds, 'off'):.2f} ms; pairs {spread(pair_ratios(main_rounds))}) "
        f"| <= 1.15 | {verdict(ratio <= 1.15)} |"
    )
    if postgres:
        out.extend(postgres_figures(main_rounds, latency_rounds))
    w(
        f"| Token throughput, listener + 1 webhook / no listener "
        f"| **{tput_ratio:.3f}** ({mean(rps['on']):.0f} / "
        f"{mean(rps['off']):.0f} req/s; pairs {spread(tput_pairs)}) "
        f"| >= 0.85 | {verdict(tput_ratio >= 0.85)} |"
    )
    w(
        f"| Event to receipt at {fig['latency_rate']} req/s, p50 / p99 / max "
        f"| **{p50} / {p99} / {pmax} ms** ({fig['latency_latencyCount']} deliveries) "
        f"| p50 <= 10, p99 <= 50 ms | {verdict(p50 <= 10 and p99 <= 50)} |"
    )
    complete = fig["drain_complete"] == "yes"
    w(
        f"| Backlog drain: {int(fig['drain_delivered']):,} of {int(fig['backlog']):,} delivered "
        f"in {int(fig['drain_ms']) / 1000:.1f} s"
        f"{'' if complete else ' (measurement window ended before the backlog was empty)'} "
        f"| **{drain_rate:,.0f}/s** | >= 2,000/s | {verdict(drain_rate >= 2000)} |"
    )
    if complete:
        w(
            f"| The same, first 99% of the backlog "
            f"| {drain99_rate:,.0f}/s in {int(fig['drain99_ms']) / 1000:.1f} s | | |"
        )
    w(
        f"| Drain / ceiling ({ceiling:,.0f} req/s from a plain client) "
        f"| **{drain_rate / ceiling:.0%}** | >= 50% | {verdict(drain_rate / ceiling >= 0.5)} |"
    )
    w(
        f"| Live heap after full GC: idle / {int(fig['memory_pending']):,} pending "
        f"| **{heap_idle:.0f} / {heap_backlog:.0f} MiB** (+{heap_backlog - heap_idle:.0f} MiB) "
        f"| within 64 MiB | {verdict(heap_backlog - heap_idle <= 64)} |"
    )
    w("")

    w("## Cost per event by number of matching webhooks\n")
    out.extend(scale_table(main_rounds, scale_rounds, postgres))
    w("")

    w("## Backlog details\n")
    w(f"- Refused (503) attempts while the backlog piled up: {fig['backlog_refused_attempts']}")
    w(f"- Webhooks with pending deliveries after the drain: {fig['drain_webhooks_pending']}")
    w(f"- Backlog empty when the drain measurement ended: {fig['drain_complete']}")
    w(f"- Deliveries received twice during the drain: {fig['drain_duplicates']}")
    w(f"- Latency phase load: `{fig['latency_load']}`")
    w("")

    w("## Rounds\n")
    out.extend(rounds_table(rounds, postgres))
    print("\n".join(out))


if __name__ == "__main__":
    main()
