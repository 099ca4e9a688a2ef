#!/usr/bin/env bash
# Start-up cost of the published tool, JIT (a plain `dotnet publish`) against ReadyToRun
# (`-r linux-x64 -p:PublishReadyToRun=true`) and self-contained composite ReadyToRun, in turns: `stratum --help`, a no-op
# `stratum load` over FILES committed files, and a `stratum load` that finds the lease held by
# another worker. Wall time and CPU (user + system) of each process; min / median / max.
# A benchmark, not a test.
#
#   bash bench/startup.sh [FILES] [PAIRS]
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-1000}
pairs=${2:-5}
source bench/lib.sh
out=$(mktemp -d /tmp/stratum-bench-startup-XXXX)
trap 'rm -rf "$out"' EXIT
echo "publishing the JIT, ReadyToRun and composite builds…" >&2
# Each build with its own intermediate files: a self-contained composite build leaves compiled
# assemblies that a later framework-dependent publish would reuse and crash on.
publish() { local name=$1; shift; dotnet publish src/Stratum.Cli -c Release --artifacts-path "$out/artifacts-$name" -o "$out/$name" -nologo -clp:ErrorsOnly "$@" >/dev/null; }
publish jit
publish r2r -r linux-x64 --self-contained false -p:PublishReadyToRun=true
publish composite -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true

dotnet "$out/jit/stratum.dll" init "$out/p" >/dev/null
land_contacts "$out/p/landing/acme/canonical/contacts" "$files"
(cd "$out/p" && dotnet "$out/jit/stratum.dll" load --tenant acme --table contacts --json >/dev/null)

python3 - "$out" "$pairs" <<'PY'
import json, os, resource, sqlite3, subprocess, sys, time
out, pairs = sys.argv[1], int(sys.argv[2])
proj = os.path.join(out, "p")

def run(build, args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    exe = [os.path.join(out, build, "stratum")] if build == "composite" else ["dotnet", os.path.join(out, build, "stratum.dll")]
    p = subprocess.run([*exe, *args], cwd=proj, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p

def hold_lease(held):
    # Another worker's lease on the stream, valid for an hour: the row a live worker would have written.
    db = sqlite3.connect(os.path.join(proj, ".stratum", "state.db"))
    if held:
        token = (db.execute("SELECT coalesce(max(token), 0) + 1 FROM leases").fetchone()[0])
        db.execute("INSERT OR REPLACE INTO leases (stream, owner, token, expires_at) VALUES ('acme/contacts', 'bench-other-worker', ?, ?)",
                   (token, int(time.time() * 1000) + 3_600_000))
    else:
        db.execute("DELETE FROM leases WHERE owner = 'bench-other-worker'")
    db.commit()
    db.close()

work = {
    "--help": ["--help"],
    "no-op load": ["load", "--tenant", "acme", "--table", "contacts", "--json"],
}
builds = ("jit", "r2r", "composite")
results = {(b, w): [] for b in builds for w in list(work) + ["lease held"]}
for i in range(pairs):
    for b in builds:
        for w, args in work.items():
            wall, cpu, p = run(b, args)
            if w == "no-op load":
                assert p.returncode == 0, (b, p.returncode, p.stdout[-2000:], p.stderr[-2000:])
                r = json.loads(p.stdout)[0]
                assert r["outcome"] == "nothing-pending" and r["files_already_loaded"] >= 1000, r
            results[(b, w)].append((wall, cpu))
        hold_lease(True)
        wall, cpu, p = run(b, work["no-op load"])
        hold_lease(False)
        r = json.loads(p.stdout)[0]
        assert r["outcome"] == "skipped-lease-held", r
        results[(b, "lease held")].append((wall, cpu))
print()
import statistics
def fmt(xs):
    xs = sorted(xs)
    return f"{xs[0]:.3f} / {statistics.median(xs):.3f} / {xs[-1]:.3f}"
load = open("/proc/loadavg").read().split()[:3]
print(f"{pairs} pairs, {os.cpu_count()} cores, load {' '.join(load)} (min / median / max, seconds)")
print(f"{'work':<12} {'build':<9} {'wall':<24} {'cpu (user+sys)':<24}")
for w in list(work) + ["lease held"]:
    for b in builds:
        xs = results[(b, w)]
        print(f"{w:<12} {b:<9} {fmt([x[0] for x in xs]):<24} {fmt([x[1] for x in xs]):<24}")
PY
