#!/usr/bin/env python3
"""A loopback Lambda Runtime API (2018-06-01) for bench/lambda.sh: starts the bootstrap given on the
command line, hands it the same event N times, and prints one line per invocation:
  init_ms=<process start -> first `next`> then per invocation: n=<i> ms=<handed out -> answered> ok=<0|1> committed=<files the runs committed>
Used to time cold start and warm invocations; the tests use their own server (tests/Stratum.Lambda.Tests)."""
import http.server, json, os, subprocess, sys, threading, time, uuid, queue

event, count, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
pending, answers, t0 = queue.Queue(), queue.Queue(), [None]
first_next = [None]

class Api(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        if first_next[0] is None: first_next[0] = time.monotonic()
        rid, body = pending.get()
        self.send_response(200)
        self.send_header("Lambda-Runtime-Aws-Request-Id", rid)
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int((time.time() + 600) * 1000)))
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())
        t0[0] = time.monotonic()
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        self.send_response(202); self.end_headers()
        answers.put((self.path.endswith("/response"), time.monotonic() - t0[0], body))

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
threading.Thread(target=server.serve_forever, daemon=True).start()
env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_port}")
start = time.monotonic()
proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
for i in range(count):
    pending.put((str(uuid.uuid4()), event))
    ok, seconds, body = answers.get(timeout=600)
    if i == 0:
        print(f"init_ms={(first_next[0] - start) * 1000:.0f}")
    committed = sum(r["files_committed"] for r in json.loads(body)["runs"]) if ok else 0
    print(f"n={i} ms={seconds * 1000:.0f} ok={int(ok)} committed={committed}" + ("" if ok else f" error={body.decode()[:200]}"))
proc.kill(); proc.wait(); server.shutdown()
