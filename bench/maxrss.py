"""Runs a command and appends its peak resident set size (MiB) to the file named by MAXRSS_OUT."""
import os, resource, subprocess, sys

code = subprocess.call(sys.argv[1:])
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if os.environ.get("MAXRSS_OUT"):
    with open(os.environ["MAXRSS_OUT"], "a") as f:
        f.write(f"{peak_kib / 1024:.0f}\n")
sys.exit(code)
