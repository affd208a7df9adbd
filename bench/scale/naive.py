#!/usr/bin/python3
"""The naive alternative, written the way a user would: a thread pool polls every feed each
interval with a conditional GET (urllib), parses with feedparser, keeps seen ids in a set, matches
with a regular expression and publishes with confluent_kafka. Run by run.py on the same farm;
prints one JSON line with its fetch counts and CPU seconds (first pass and total)."""
import argparse, json, os, re, sys, time, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor

import feedparser
from confluent_kafka import Producer

MATCH = re.compile(r"(?=.*\b(iran|tehran)\w*)(?=.*\b(russia|moscow)\w*)(?=.*\b(treaty|agreement)\b)", re.I | re.S)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--urls-file", required=True)
    ap.add_argument("--interval", type=float, required=True)
    ap.add_argument("--duration", type=float, required=True)
    ap.add_argument("--brokers", required=True)
    ap.add_argument("--workers", type=int, default=32)
    a = ap.parse_args()
    urls = [u.strip() for u in open(a.urls_file) if u.strip()]
    validators, seen = {}, set()
    counts = {"ok": 0, "not_modified": 0, "error": 0, "matched": 0}
    producer = Producer({"bootstrap.servers": a.brokers, "enable.idempotence": True, "acks": "all"})

    def poll(url):
        headers = {"User-Agent": "naive/1.0"}
        etag, modified = validators.get(url, (None, None))
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
                body = r.read()
                validators[url] = (r.headers.get("ETag"), r.headers.get("Last-Modified"))
        except urllib.error.HTTPError as e:
            counts["not_modified" if e.code == 304 else "error"] += 1
            return
        except Exception:
            counts["error"] += 1
            return
        counts["ok"] += 1
        for entry in feedparser.parse(body).entries:
            key = entry.get("id") or entry.get("link")
            if key in seen:
                continue
            seen.add(key)
            text = entry.get("title", "") + " " + entry.get("summary", "")
            if MATCH.search(text):
                counts["matched"] += 1
                producer.produce("newswatch.matches", key=key, value=json.dumps({"id": key, "title": entry.get("title")}))
        producer.poll(0)

    start = time.monotonic()
    first_pass_cpu = None
    with ThreadPoolExecutor(a.workers) as pool:
        cycle = 0
        while time.monotonic() - start < a.duration:
            cycle_start = time.monotonic()
            list(pool.map(poll, urls))
            if first_pass_cpu is None:
                t = os.times()
                first_pass_cpu = t.user + t.system
                first = dict(counts, seconds=time.monotonic() - start)
            cycle += 1
            rest = a.interval - (time.monotonic() - cycle_start)
            if rest > 0:
                time.sleep(min(rest, max(0.0, a.duration - (time.monotonic() - start))))
    producer.flush(10)
    t = os.times()
    print(json.dumps({"counts": counts, "first_pass": first, "first_pass_cpu": first_pass_cpu,
                      "cpu": t.user + t.system, "seconds": time.monotonic() - start}))


if __name__ == "__main__":
    sys.exit(main())
