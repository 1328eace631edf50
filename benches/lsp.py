"""Latency of `claimgraph lsp`: time from a didChange to the publishDiagnostics it causes, per
simulated keystroke, beside the same measure for Argdown's language server on the same map
(benches/argdown/peer_server.js). Prints a Markdown table (see benches/README.md).

    python3 benches/lsp.py [--binary target/release/claimgraph] [--changes 20] MAP_DIR...

Each MAP_DIR holds claims.yaml (and corpus/), and for the Argdown column map.argdown
(examples/gen writes both). Each change inserts or deletes one character at the start of the
first claim's text, as typing does (the Argdown peer does the same to its first statement), and
is timed until the server publishes the map's findings. Standard library only.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import time


class Server:
    def __init__(self, binary):
        self.process = subprocess.Popen(
            [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )

    def send(self, message):
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def wait(self, predicate):
        while True:
            message = self.read()
            if predicate(message):
                return message

    def close(self):
        self.send({"id": 999, "method": "shutdown"})
        self.wait(lambda m: m.get("id") == 999)
        self.send({"method": "exit"})
        self.process.wait(timeout=10)


def claimgraph_latency(binary, folder, changes):
    path = (folder / "claims.yaml").resolve()
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    # Where the first claim's text begins: after `text: `, or on the next line when the value
    # is a block scalar (`text: >-`, as examples/gen writes it), so that each change is typed
    # into the text itself (as the Argdown peer types into its first statement's), never into
    # the block indicator, which would make every other change a syntax error.
    line = next(i for i, l in enumerate(lines) if l.lstrip().startswith("text:"))
    value = lines[line].lstrip()[len("text:"):].strip()
    if value[:1] in (">", "|"):
        line += 1
        column = len(lines[line]) - len(lines[line].lstrip())
    else:
        column = len(lines[line]) - len(lines[line].lstrip()) + len("text: ")
    server = Server(binary)
    server.send({"id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": folder.resolve().as_uri()}})
    server.wait(lambda m: m.get("id") == 1)
    server.send({"method": "initialized", "params": {}})
    server.send({"method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    published = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    server.wait(published)
    times = []
    for version in range(2, changes + 2):
        start_pos = {"line": line, "character": column}
        if version % 2 == 0:
            change = {"range": {"start": start_pos, "end": start_pos}, "text": "x"}
        else:
            change = {"range": {"start": start_pos, "end": {"line": line, "character": column + 1}}, "text": ""}
        started = time.perf_counter()
        server.send({"method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        server.wait(published)
        times.append((time.perf_counter() - started) * 1000)
    server.close()
    return times


def argdown_latency(folder, changes):
    argdown = folder / "map.argdown"
    peer = pathlib.Path(__file__).parent / "argdown" / "peer_server.js"
    if not argdown.exists() or not (peer.parent / "node_modules" / "@argdown" / "node").exists():
        return None
    out = subprocess.run(["node", str(peer), str(argdown), str(changes)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def count_claims(path):
    """Entries of the top-level `claims:` list (not of `sources:`)."""
    inside, count = False, 0
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line and not line[0].isspace() and not line.startswith("#"):
            inside = line.startswith("claims:")
        elif inside and line.startswith("  - "):
            count += 1
    return count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default="target/release/claimgraph")
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("maps", nargs="+", type=pathlib.Path)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; claimgraph {args.binary}; {args.changes} changes per map")
    print()
    print("| map | claims | claimgraph median ms (min–max) | Argdown server median ms (min–max) | Argdown ÷ claimgraph |")
    print("|---|---:|---:|---:|---:|")
    for folder in args.maps:
        times = claimgraph_latency(args.binary, folder, args.changes)
        claims = count_claims(folder / "claims.yaml")
        ours = statistics.median(times)
        peer = argdown_latency(folder, args.changes)
        if peer:
            theirs = f"{peer['median_ms']:.1f} ({peer['min_ms']:.0f}–{peer['max_ms']:.0f})"
            ratio = f"{peer['median_ms'] / ours:.1f}×"
        else:
            theirs, ratio = "–", "–"
        print(f"| {folder} | {claims} | {ours:.1f} ({min(times):.0f}–{max(times):.0f}) | {theirs} | {ratio} |")


main()
