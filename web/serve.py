#!/usr/bin/env python3
"""serve.py — the dev server for the web build, on 127.0.0.1.

    python3 web/serve.py [--root build/web/site] [--port 8080] [--no-isolation]

Adds the two headers that make the page cross-origin isolated (threads need SharedArrayBuffer):
Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp — and, for
browsers that know it (Chrome 137+), Document-Isolation-Policy: isolate-and-require-corp on every
page, which isolates a page (or an iframe allowed "cross-origin-isolated") even inside one that
sets no headers. Every file may be used from another origin (a tutorial page elsewhere loading
embed.js and the module): Access-Control-Allow-Origin: * and Cross-Origin-Resource-Policy:
cross-origin. --no-isolation leaves the isolation headers out (the page then runs in virtual
time, as on any static host). PORT in the environment sets the default port.
"""
import argparse
import functools
import http.server
import os
import sys

TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".json": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    isolation = True
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def end_headers(self):
        if self.isolation:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            if self.path.split("?")[0].split("#")[0].endswith((".html", "/")):
                self.send_header("Document-Isolation-Policy", "isolate-and-require-corp")
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, fmt, *args):  # quiet unless something failed
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(fmt, *args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", "build", "web", "site"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    parser.add_argument("--no-isolation", action="store_true")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    if not os.path.isfile(os.path.join(root, "index.html")):
        print(f"serve.py: {root} has no index.html: build the web preset first", file=sys.stderr)
        return 1
    Handler.isolation = not args.no_isolation
    handler = functools.partial(Handler, directory=root)
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as e:
        print(f"serve.py: cannot listen on 127.0.0.1:{args.port}: {e.strerror}", file=sys.stderr)
        return 1
    port = server.server_address[1]
    print(f"Serving Brigade at http://127.0.0.1:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
