#!/usr/bin/env python3
"""Scale benchmark runner (issue 8), python3 stdlib only.

Starts the feed farm (bench/scale/feed_farm.cpp), a broker process (broker_host: the embedded
Kafka-protocol broker), and newswatchd with N sources, all on 127.0.0.1; samples the daemon's CPU
(/proc/PID/stat) and memory (VmRSS, VmHWM), scrapes /metrics, and prints a table:

  phase 1 "cold pass"  every source fetched once, every item new: parsed, deduplicated, classified
  phase 2 "steady"     --duration seconds of normal polling: mostly 304s, a share of new items
  phase 3 "full"       the farm ignores validators: every fetch a full 200 of unchanged items

then runs the naive Python alternative (naive.py) on the same farm for --naive-duration seconds and
prints the CPU-per-fetch ratio. Example:

  python3 bench/scale/run.py --build-dir build --sources 1000 --interval 60 --duration 120
"""
import argparse, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_file(path, proc, limit=30):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return open(path).read().split()
        if proc.poll() is not None:
            sys.exit(f"{proc.args[0]} exited with {proc.returncode}")
        time.sleep(0.05)
    sys.exit(f"timed out waiting for {path}")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def memory_kib(pid):
    out = {}
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1])
    return out


def scrape(port):
    try:
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    except Exception:
        return None
    m = {"fetch": {}, "items": {}, "hist": {}}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        name_labels, _, value = line.rpartition(" ")
        name, _, labels = name_labels.partition("{")
        v = float(value)
        if name == "newswatch_fetches_total":
            o = re.search(r'outcome="([^"]*)"', labels).group(1)
            m["fetch"][o] = m["fetch"].get(o, 0) + v
        elif name == "newswatch_items_total":
            st = re.search(r'stage="([^"]*)"', labels).group(1)
            m["items"][st] = m["items"].get(st, 0) + v
        elif name.endswith("_bucket") and ("lag_seconds" in name):
            le = re.search(r'le="([^"]*)"', labels).group(1)
            m["hist"].setdefault(name[:-7], {})[float("inf") if le == "+Inf" else float(le)] = v
    return m


def total_fetches(m):
    return sum(m["fetch"].values()) if m else 0


def diff(a, b):
    return {k: b.get(k, 0) - a.get(k, 0) for k in set(a) | set(b)}


def quantile(hist_a, hist_b, q):
    """q-quantile from the difference of two cumulative histograms (linear within a bucket)."""
    bounds = sorted(hist_b)
    counts = [hist_b[le] - hist_a.get(le, 0) for le in bounds]
    total = counts[-1] if counts else 0
    if total <= 0:
        return None, 0
    rank, prev_le, prev_c = q * total, 0.0, 0.0
    for le, c in zip(bounds, counts):
        if c >= rank:
            if le == float("inf"):
                return prev_le, int(total)
            return prev_le + (le - prev_le) * (rank - prev_c) / max(c - prev_c, 1e-9), int(total)
        prev_le, prev_c = le, c
    return bounds[-1], int(total)


class Sampler:
    def __init__(self, pid):
        self.pid, self.peak_rss = pid, 0

    def sample(self):
        mem = memory_kib(self.pid)
        self.peak_rss = max(self.peak_rss, mem.get("VmHWM", 0))
        return cpu_seconds(self.pid), mem


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--sources", type=int, default=1000)
    ap.add_argument("--interval", type=float, default=60, help="seconds between polls of a source")
    ap.add_argument("--duration", type=float, default=120, help="steady-phase seconds")
    ap.add_argument("--full-duration", type=float, default=None, help="full-fetch phase seconds (default duration/4)")
    ap.add_argument("--naive-duration", type=float, default=None, help="seconds of the naive run (0: skip)")
    ap.add_argument("--naive-sources", type=int, default=1000, help="sources the naive run polls (a subset)")
    ap.add_argument("--new-share", type=int, default=10, help="percent of feeds gaining an item per cycle")
    ap.add_argument("--feeds-per-host", type=int, default=100)
    ap.add_argument("--smoke", action="store_true", help="CI: check the harness works, enforce nothing")
    a = ap.parse_args()
    build = os.path.abspath(a.build_dir)
    tmp = tempfile.mkdtemp(prefix="newswatch-scale-")
    procs = []

    def start(args, **kw):
        p = subprocess.Popen(args, **kw)
        procs.append(p)
        return p

    try:
        ports = max(1, a.sources // a.feeds_per_host)
        farm = start([f"{build}/bench/scale/feed_farm", "--feeds", str(a.sources), "--ports", str(ports),
                      "--port-file", f"{tmp}/farm.ports", "--cycle", str(a.interval), "--new-share", str(a.new_share)])
        farm_ports = [int(p) for p in wait_file(f"{tmp}/farm.ports", farm)]
        broker = start([f"{build}/bench/scale/broker_host", f"{tmp}/broker.addr"])
        brokers = wait_file(f"{tmp}/broker.addr", broker)[0]
        urls = [f"http://127.0.0.1:{farm_ports[i % len(farm_ports)]}/f/{i}.xml" for i in range(a.sources)]
        metrics_port = free_port()
        cfg = [f"state_dir: {tmp}/state", f"profiles: [{REPO}/config/profiles/iran-russia-treaty.yaml]",
               f"kafka: {{brokers: '{brokers}'}}", f"metrics: {{listen: '127.0.0.1:{metrics_port}'}}",
               "log: {level: error}", "fetch: {max_in_flight: 64, per_host_max_in_flight: 6, timeout: 10s}",
               "sources:"]
        iv = f"{int(a.interval * 1000)}ms"
        cfg += [f"  - {{name: f{i}, url: '{u}', interval: {iv}}}" for i, u in enumerate(urls)]
        with open(f"{tmp}/newswatch.yaml", "w") as f:
            f.write("\n".join(cfg) + "\n")
        log = open(f"{tmp}/daemon.log", "w")
        t0 = time.monotonic()
        daemon = start([f"{build}/daemon/newswatchd", "run", "-c", f"{tmp}/newswatch.yaml"], stdout=log, stderr=log)
        s = Sampler(daemon.pid)

        # Phase 1: the cold pass.
        m = None
        deadline = t0 + max(120, a.sources / 20)
        while time.monotonic() < deadline:
            if daemon.poll() is not None:
                sys.exit(f"newswatchd exited with {daemon.returncode}; see {tmp}/daemon.log")
            m = scrape(metrics_port)
            s.sample()
            if m and total_fetches(m) >= a.sources:
                break
            time.sleep(0.2)
        # The process thread may still be parsing what was fetched: wait until the counts settle.
        settle = time.monotonic() + 120
        while time.monotonic() < settle:
            time.sleep(0.5)
            again = scrape(metrics_port)
            if again and again["items"] == m["items"]:
                break
            m = again or m
        cold_cpu, cold_mem = s.sample()
        cold_seconds = time.monotonic() - t0
        cold = m

        # Phase 2: steady polling.
        time.sleep(min(2.0, a.duration / 10))  # let the queue drain
        c2, mem2a = s.sample()
        m2 = scrape(metrics_port)
        rss_samples = []
        end = time.monotonic() + a.duration
        while time.monotonic() < end:
            time.sleep(1.0)
            rss_samples.append(s.sample()[1].get("VmRSS", 0))
        c3, _ = s.sample()
        m3 = scrape(metrics_port)

        # Phase 3: full fetches of unchanged feeds.
        full_d = a.full_duration if a.full_duration is not None else max(5.0, a.duration / 4)
        urllib.request.urlopen(f"http://127.0.0.1:{farm_ports[0]}/__full/1", timeout=5).read()
        time.sleep(full_d)
        c4, _ = s.sample()
        m4 = scrape(metrics_port)
        urllib.request.urlopen(f"http://127.0.0.1:{farm_ports[0]}/__full/0", timeout=5).read()

        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=60)

        steady = diff(m2["fetch"], m3["fetch"])
        full = diff(m3["fetch"], m4["fetch"])
        steady_cpu, full_cpu = c3 - c2, c4 - c3
        n_cold = total_fetches(cold)
        per_full_new = 1000 * cold_cpu / max(n_cold, 1)
        per_full_same = 1000 * full_cpu / max(full.get("ok", 0), 1)
        n_ok, n_304 = steady.get("ok", 0), steady.get("not_modified", 0)
        per_304 = 1000 * max(steady_cpu - n_ok * per_full_same / 1000, 0) / max(n_304, 1)
        items = diff(m2["items"], m3["items"])
        steady_fetches = sum(steady.values())
        det = quantile(m2["hist"].get("newswatch_detection_lag_seconds", {}),
                       m3["hist"].get("newswatch_detection_lag_seconds", {}), 0.5)
        det99 = quantile(m2["hist"].get("newswatch_detection_lag_seconds", {}),
                         m3["hist"].get("newswatch_detection_lag_seconds", {}), 0.99)
        proc = quantile(m2["hist"].get("newswatch_processing_lag_seconds", {}),
                        m3["hist"].get("newswatch_processing_lag_seconds", {}), 0.5)
        proc99 = quantile(m2["hist"].get("newswatch_processing_lag_seconds", {}),
                          m3["hist"].get("newswatch_processing_lag_seconds", {}), 0.99)
        fmt = lambda v: "n/a" if v is None else f"{v:.3f}"
        rows = [
            ("sources / hosts / interval", f"{a.sources} / {ports} / {a.interval:g} s"),
            ("full pass over all sources (cold)", f"{cold_seconds:.1f} s, {int(n_cold)} fetches, "
                                                  f"{int(cold['items'].get('parsed', 0))} items"),
            ("CPU ms per full fetch, all items new", f"{per_full_new:.3f}"),
            ("CPU ms per full fetch, items unchanged", f"{per_full_same:.3f}  ({int(full.get('ok', 0))} fetches)"),
            ("CPU s per 1,000 fetches: full (new) / full (same) / 304",
             f"{per_full_new:.3f} / {per_full_same:.3f} / {per_304:.3f}"),
            ("steady: fetches/s, items/s (parsed)", f"{steady_fetches / a.duration:.1f}, "
                                                    f"{items.get('parsed', 0) / a.duration:.1f}"),
            ("steady: outcomes", json.dumps({k: int(v) for k, v in sorted(steady.items()) if v})),
            ("steady: average CPU (cores)", f"{steady_cpu / a.duration:.4f}"),
            ("steady: new items, matched", f"{int(items.get('new', 0))}, {int(items.get('matched', 0))}"),
            ("detection lag p50 / p99 (s, publication → ack)", f"{fmt(det[0])} / {fmt(det99[0])}  (n={det[1]})"),
            ("processing lag p50 / p99 (s, fetch end → ack)", f"{fmt(proc[0])} / {fmt(proc99[0])}  (n={proc[1]})"),
            ("RSS after cold pass / end of steady / peak (MiB)",
             f"{cold_mem.get('VmRSS', 0) / 1024:.1f} / {(rss_samples[-1] if rss_samples else 0) / 1024:.1f} / "
             f"{s.peak_rss / 1024:.1f}"),
        ]
        naive_d = a.naive_duration if a.naive_duration is not None else a.duration
        if naive_d > 0 and shutil.which("/usr/bin/python3"):
            with open(f"{tmp}/urls", "w") as f:
                f.write("\n".join(urls[:a.naive_sources]) + "\n")
            out = subprocess.run(["/usr/bin/python3", f"{HERE}/naive.py", "--urls-file", f"{tmp}/urls",
                                  "--interval", str(a.interval), "--duration", str(naive_d), "--brokers", brokers],
                                 capture_output=True, text=True, timeout=naive_d + 600)
            if out.returncode != 0:
                rows.append(("naive", "failed: " + out.stderr.strip()[-300:]))
            else:
                n = json.loads(out.stdout.strip().splitlines()[-1])
                first = n["first_pass"]
                n_first = first["ok"] + first["not_modified"] + first["error"]
                naive_full = 1000 * n["first_pass_cpu"] / max(n_first, 1)
                total = sum(n["counts"].values()) - n["counts"]["matched"]
                rest = total - n_first
                naive_rest = 1000 * (n["cpu"] - n["first_pass_cpu"]) / max(rest, 1) if rest > 0 else None
                ours_rest = 1000 * steady_cpu / max(steady_fetches, 1)
                rows += [
                    ("naive: full pass (cold)", f"{first['seconds']:.1f} s, CPU ms/fetch {naive_full:.3f}"),
                    ("naive: later passes CPU ms/fetch", fmt(naive_rest) + f"  (newswatchd steady: {ours_rest:.3f})"),
                    ("CPU-per-fetch ratio naive/newswatchd, cold", f"{naive_full / max(per_full_new, 1e-9):.1f}x"),
                    ("CPU-per-fetch ratio naive/newswatchd, steady",
                     "n/a" if naive_rest is None else f"{naive_rest / max(ours_rest, 1e-9):.1f}x"),
                ]
        width = max(len(r[0]) for r in rows)
        print()
        for k, v in rows:
            print(f"  {k.ljust(width)}  {v}")
        if a.smoke:
            ok = n_cold >= a.sources and steady_fetches > 0
            print("smoke:", "ok" if ok else "FAILED")
            return 0 if ok else 1
        return 0
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        if not os.environ.get("KEEP_TMP"):
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
