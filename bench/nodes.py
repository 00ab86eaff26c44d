#!/usr/bin/env python3
"""Cross-node invalidation: how long after node A acknowledges a change node B serves it.

Creates and publishes ARTICLES articles through node A's Admin API, one at a time. After each
answer (the change is committed), polls node B's Content API for the edition's newest article,
which B answers from its page cache until it drops the page, until the new article is there.
Prints p50, p99 and the largest wait in milliseconds, and how many polls B answered.

    bench/nodes.py NODE_A_PORT NODE_B_PORT API_KEY [ARTICLES]
"""
import json
import sys
import time
import urllib.request


def call(port, method, path, key=None, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode())
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def newest_id(port):
    answer = call(port, "GET", "/api/v1/articles?edition=en&limit=1&fields=id")
    return answer["articles"][0]["id"] if answer["articles"] else 0


def main():
    a, b, key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    waits, polls = [], 0
    newest_id(b)  # cached on B from here on
    for i in range(count):
        made = call(a, "POST", "/api/v1/admin/articles", key,
                    {"edition": "en", "title": f"Across the nodes {i}", "lead": "A lead.",
                     "body": "Some text.", "action": "publish"})
        article = made["article"]["id"] if "article" in made else made["id"]
        committed = time.monotonic()
        while True:
            polls += 1
            if newest_id(b) == article:
                break
            if time.monotonic() - committed > 5:
                print(f"node B did not serve article {article} within 5 s", file=sys.stderr)
                sys.exit(1)
        waits.append((time.monotonic() - committed) * 1000)
    waits.sort()
    p50 = waits[len(waits) // 2]
    p99 = waits[min(len(waits) - 1, int(len(waits) * 0.99))]
    print(f"{count} {p50:.2f} {p99:.2f} {waits[-1]:.2f} {polls}")


if __name__ == "__main__":
    main()
