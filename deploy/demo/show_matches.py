#!/usr/bin/env python3
"""Reads kcat -J lines on stdin and prints each newswatch match as a consumer sees it."""
import json
import sys

for line in sys.stdin:
    try:
        envelope = json.loads(line)
        match = json.loads(envelope["payload"])
    except (ValueError, KeyError, TypeError):
        continue
    print(f"● {match['title']}")
    print(f"  key={envelope.get('key')}  source={match['source']}  language={match['language']}  "
          f"stage={match['stage']}  score={match['score']:.2f}  profile={match['profile']}  "
          f"text from the {match.get('text_from', 'feed')}")
    for ev in match["evidence"][:4]:
        print(f"  evidence [{ev['role']}] “{ev['term']}” in {ev['field']}: {ev['sentence'][:110]}")
    print(flush=True)
