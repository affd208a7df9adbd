#!/usr/bin/env python3
"""A local HTTP server for newswatch tests (python3 stdlib only).

Serves files under --root with ETag (content hash) and Last-Modified (mtime), answers
If-None-Match / If-Modified-Since with 304, gzips when the client accepts it, and offers
special paths for failure cases:

  /__status/NNN          reply with status NNN
  /__retry-after/N       429 with "Retry-After: N"
  /__redirect?to=/path   302 to /path
  /__slow/N              wait N seconds (float, at most 30), then 200
  /__big/N               N bytes of body (?nolength=1: no Content-Length, close-delimited)
  /__headers             JSON {name: value} of this request's headers (names lower-cased)
  /__stats               JSON {path: {"requests": n, "<status>": n, ...}} of every request so far
  /__count?path=P&key=K  the single number stats[P][K] as text (0 when absent)

A file may have a sidecar "<file>.headers" with "Name: value" lines added to its response
(e.g. Content-Language, or a Content-Type override). Binds 127.0.0.1 on an ephemeral port,
writes that port to --port-file once listening, and exits on SIGTERM.
"""
import argparse
import email.utils
import gzip
import hashlib
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_SLOW_SECONDS = 30.0
MAX_BIG_BYTES = 1 << 30
CONTENT_TYPES = {
    ".atom": "application/atom+xml",
    ".xml": "application/rss+xml",
    ".rss": "application/rss+xml",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}


class Stats:
    """Thread-safe request counters per path."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_path = {}

    def record(self, path, status):
        with self._lock:
            entry = self._by_path.setdefault(path, {"requests": 0})
            entry["requests"] += 1
            entry[str(status)] = entry.get(str(status), 0) + 1

    def snapshot(self):
        with self._lock:
            return json.loads(json.dumps(self._by_path))


def content_type_for(path):
    name = path.lower()
    if name.endswith(".atom.xml"):
        return CONTENT_TYPES[".atom"]
    return CONTENT_TYPES.get(os.path.splitext(name)[1], "application/octet-stream")


def sidecar_headers(path):
    headers = {}
    try:
        with open(path + ".headers", encoding="utf-8") as f:
            for line in f:
                name, sep, value = line.partition(":")
                if sep and name.strip():
                    headers[name.strip()] = value.strip()
    except OSError:
        pass
    return headers


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newswatch-test-server/1"

    def log_message(self, fmt, *args):
        if self.server.verbose:
            super().log_message(fmt, *args)

    # --- plumbing -------------------------------------------------------------------------

    def do_HEAD(self):
        self.handle_request(send_body=False)

    def do_GET(self):
        self.handle_request(send_body=True)

    def handle_request(self, send_body):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        self.send_body = send_body
        try:
            status = self.route(url.path, query)
        except (BrokenPipeError, ConnectionResetError):
            status = 499  # client went away (e.g. it timed out)
            self.close_connection = True
        if url.path not in ("/__stats", "/__count"):
            self.server.stats.record(url.path, status)

    def reply(self, status, body=b"", headers=None, content_length=True):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if content_length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.send_body and status != 304 and body:
            self.wfile.write(body)
        return status

    def route(self, path, query):
        parts = path.split("/")
        special = {
            "__status": self.serve_status,
            "__retry-after": self.serve_retry_after,
            "__redirect": self.serve_redirect,
            "__slow": self.serve_slow,
            "__big": self.serve_big,
            "__headers": self.serve_headers,
            "__stats": self.serve_stats,
            "__count": self.serve_count,
        }
        if len(parts) > 1 and parts[1] in special:
            return special[parts[1]](parts[2] if len(parts) > 2 else "", query)
        return self.serve_file(path)

    # --- special paths --------------------------------------------------------------------

    def serve_status(self, arg, query):
        status = int(arg) if arg.isdigit() and 100 <= int(arg) <= 599 else 400
        return self.reply(status, b"status %d\n" % status, {"Content-Type": "text/plain"})

    def serve_retry_after(self, arg, query):
        return self.reply(429, b"slow down\n", {"Retry-After": arg or "1", "Content-Type": "text/plain"})

    def serve_redirect(self, arg, query):
        target = query.get("to", ["/"])[0]
        return self.reply(302, b"", {"Location": target})

    def serve_slow(self, arg, query):
        try:
            seconds = min(max(float(arg), 0.0), MAX_SLOW_SECONDS)
        except ValueError:
            return self.reply(400, b"bad delay\n")
        time.sleep(seconds)
        return self.reply(200, b"finally\n", {"Content-Type": "text/plain"})

    def serve_big(self, arg, query):
        size = min(int(arg), MAX_BIG_BYTES) if arg.isdigit() else 0
        with_length = query.get("nolength", ["0"])[0] != "1"
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if with_length:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        chunk = b"x" * 65536
        remaining = size if self.send_body else 0
        while remaining > 0:
            n = min(remaining, len(chunk))
            self.wfile.write(chunk[:n])
            remaining -= n
        return 200

    def serve_headers(self, arg, query):
        echoed = {name.lower(): value for name, value in self.headers.items()}
        body = json.dumps(echoed, sort_keys=True).encode()
        return self.reply(200, body, {"Content-Type": "application/json"})

    def serve_stats(self, arg, query):
        body = json.dumps(self.server.stats.snapshot(), sort_keys=True).encode()
        return self.reply(200, body, {"Content-Type": "application/json"})

    def serve_count(self, arg, query):
        path = query.get("path", [""])[0]
        key = query.get("key", ["requests"])[0]
        value = self.server.stats.snapshot().get(path, {}).get(key, 0)
        return self.reply(200, b"%d" % value, {"Content-Type": "text/plain"})

    # --- files ----------------------------------------------------------------------------

    def resolve(self, path):
        root = self.server.root
        full = os.path.realpath(os.path.join(root, urllib.parse.unquote(path).lstrip("/")))
        if os.path.isdir(full):
            full = os.path.join(full, "index.html")
        if not (full == root or full.startswith(root + os.sep)) or not os.path.isfile(full):
            return None
        return full

    def not_modified(self, etag, mtime):
        inm = self.headers.get("If-None-Match")
        if inm is not None:  # takes precedence over If-Modified-Since (RFC 9110 §13.2.2)
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or etag in tags or ("W/" + etag) in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def serve_file(self, path):
        full = self.resolve(path)
        if full is None:
            return self.reply(404, b"not found\n", {"Content-Type": "text/plain"})
        with open(full, "rb") as f:
            content = f.read()
        mtime = os.path.getmtime(full)
        etag = '"%s"' % hashlib.sha256(content).hexdigest()[:20]
        headers = {
            "ETag": etag,
            "Last-Modified": email.utils.formatdate(mtime, usegmt=True),
            "Content-Type": content_type_for(full),
            "Vary": "Accept-Encoding",
        }
        headers.update(sidecar_headers(full))
        if self.not_modified(etag, mtime):
            return self.reply(304, b"", {k: headers[k] for k in ("ETag", "Last-Modified")})
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            content = gzip.compress(content)
            headers["Content-Encoding"] = "gzip"
        return self.reply(200, content, headers)


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a sleeping /__slow handler must not delay shutdown


def write_port_file(path, port):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.replace(tmp, path)  # readers never see a half-written file


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="directory to serve")
    parser.add_argument("--port-file", required=True, help="where to write the chosen port")
    parser.add_argument("--port", type=int, default=0, help="port to bind (0: any free port)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args()

    server = Server(("127.0.0.1", args.port), Handler)
    server.root = os.path.realpath(args.root)
    server.stats = Stats()
    server.verbose = args.verbose
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    write_port_file(args.port_file, server.server_address[1])
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
