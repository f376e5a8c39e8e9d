#!/usr/bin/env python3
"""Draws docs/benchmarks.svg from the raw results in bench/results/*.json (written by bench.py):
initial-sync throughput (MB/s, log scale) and peak RSS (MB) by data set for every tool in each run
(the latest run of each data set; *-session1/2.json, *-invalid.json, cli-startup-*.json and inproc-check-*.json are left out).
Needs gnuplot (Debian: gnuplot-nox).  Usage: chart.py [RESULTS_DIR] [OUT.svg]"""
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = ["probe 2 conn", "mbsync", "offlineimap", "backsync", "backsync (in-process)"]
SHOWN = {"backsync": "backsync CLI", "backsync (in-process)": "backsync engine, in-process"}


def med(runs, key):
    vals = [r[key] for r in runs if key in r]
    return statistics.median(vals) if vals else None


def figures(path):
    r = json.load(open(path))
    ld = r["load"]
    label = "%s %dk\\n%d folders\\n%.0f MB" % (ld["dataset"], round(ld["n"] / 1000), ld["folders"], ld["bytes"] / 1e6)
    mb = ld["bytes"] / 1e6
    out = {}
    p2 = r.get("probe", {}).get("conns2")
    if p2:
        out["probe 2 conn"] = (mb / med(p2, "wall"), med(p2, "rss_kb") / 1024)
    for tool in ("mbsync", "offlineimap", "backsync"):
        runs = r.get("peer:" + tool, {}).get("initial")
        if runs and not any(x.get("rc") for x in runs):
            out[tool] = (mb / med(runs, "wall"), med(runs, "rss_kb") / 1024)
    ip = (r.get("inproc:backsync") or {}).get("result") or {}
    for row in ip.get("rows", []):
        if row.get("ref") == "initial" and row["seconds"]:
            out["backsync (in-process)"] = (mb / statistics.median(row["seconds"]), ip.get("peakRssKb", 0) / 1024)
    return ld["n"], label, out


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "results")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "docs", "benchmarks.svg")
    # one harness run per data set: jmh.json (a list) is not one, and older runs kept for reference
    # (*-session1.json, *-session2.json), a run spoilt by a rebuild (*-invalid.json) or runs of a single question (cli-startup-*.json, inproc-check-*.json) are left out
    skip = ("-session1", "-session2", "-invalid", "cli-startup", "inproc-check")
    runs = [p for p in glob.glob(os.path.join(src, "*.json"))
            if isinstance(json.load(open(p)), dict) and not any(s in os.path.basename(p) for s in skip)]
    sets = sorted(figures(p) for p in runs)
    if not sets:
        raise SystemExit("no results in " + src)
    tools = [t for t in TOOLS if any(t in s[2] for s in sets)]
    with tempfile.TemporaryDirectory() as tmp:
        dat = os.path.join(tmp, "data.dat")
        with open(dat, "w") as f:
            f.write("set " + " ".join('"%s (MB/s)" "%s (MB)"' % (t, t) for t in tools) + "\n")
            for _, label, out in sets:
                cells = []
                for t in tools:
                    v = out.get(t)
                    cells += ["%.2f" % v[0], "%.1f" % v[1]] if v else ["NaN", "NaN"]
                f.write('"%s" %s\n' % (label, " ".join(cells)))
        cols_tp = ", ".join("'%s' using %d:xtic(1) title '%s'" % (dat if i == 0 else "", 2 + 2 * i, SHOWN.get(t, t))
                            for i, t in enumerate(tools))
        cols_rss = ", ".join("'%s' using %d:xtic(1) title '%s'" % (dat if i == 0 else "", 3 + 2 * i, SHOWN.get(t, t))
                             for i, t in enumerate(tools))
        script = """
set terminal %s
set output '%s'
set multiplot layout 2,1
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key outside right top vertical
set grid ytics
set bmargin 5
set xrange [0.4:%d.6]
set title 'Initial full sync: throughput (MB/s of raw message data, log scale; higher is better)'
set logscale y
set yrange [1:*]
plot %s
unset logscale y
set yrange [0:*]
set title 'Initial full sync: peak RSS of the client process (MB; lower is better)'
plot %s
unset multiplot
""" % ("pngcairo size 1000,760 font 'sans,10'" if dst.endswith(".png") else "svg size 1000,760 dynamic font 'sans,11'",
       dst, len(sets), cols_tp, cols_rss)
        gp = os.path.join(tmp, "chart.gp")
        open(gp, "w").write(script)
        subprocess.run(["gnuplot", gp], check=True)
    print("wrote", os.path.abspath(dst))


if __name__ == "__main__":
    main()
