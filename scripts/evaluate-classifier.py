#!/usr/bin/env python3
"""Evaluates a topic profile on a labelled JSON Lines set with `newswatchd classify`.

Each input line holds at least id, label (0/1) and title/text; stage, category, lang and
borderline are used when present (the layout of the labelled corpus). Prints precision, recall
and F1 overall, per language, per category and per stage (stage accuracy on found positives),
the score margins against the profile's threshold, and the ids of every false positive, false
negative and wrong stage.

  scripts/evaluate-classifier.py LABELLED.jsonl [--bin build/daemon/newswatchd]
      [--profile config/profiles/iran-russia-treaty.yaml] [--include-borderline]
      [--min-precision X] [--min-recall X] [--min-stage-accuracy X] [--max-threshold-ties N]

Exit status: 0, or 1 when a --min-* / --max-* bound is not met, 2 on usage or run errors,
77 with --skip-missing when LABELLED is absent.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Counts:
    def __init__(self):
        self.tp = self.fp = self.fn = self.tn = 0

    def add(self, truth, predicted):
        if truth and predicted:
            self.tp += 1
        elif truth:
            self.fn += 1
        elif predicted:
            self.fp += 1
        else:
            self.tn += 1

    def precision(self):
        return 1.0 if self.tp + self.fp == 0 else self.tp / (self.tp + self.fp)

    def recall(self):
        return 1.0 if self.tp + self.fn == 0 else self.tp / (self.tp + self.fn)

    def f1(self):
        p, r = self.precision(), self.recall()
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def line(self, name):
        return (f"{name:<28} P={self.precision():.3f} R={self.recall():.3f} F1={self.f1():.3f}"
                f"  (tp={self.tp} fp={self.fp} fn={self.fn} tn={self.tn})")


def find_binary(explicit):
    if explicit:
        return explicit
    for build in sorted(d for d in os.listdir(ROOT) if d.startswith("build")):
        path = os.path.join(ROOT, build, "daemon", "newswatchd")
        if os.access(path, os.X_OK):
            return path
    sys.exit("evaluate-classifier: no newswatchd found; pass --bin PATH")


def read_threshold(profile):
    with open(profile, encoding="utf-8") as f:
        m = re.search(r"^match_threshold:\s*([0-9.]+)", f.read(), re.M)
    return float(m.group(1)) if m else None


def read_items(path, include_borderline):
    items = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{number}: not JSON: {e}")
            if item.get("borderline") and not include_borderline:
                continue
            items.append(item)
    return items


def classify(binary, profile, items):
    lines = "".join(json.dumps({"id": i["id"], "title": i.get("title", ""), "text": i.get("text", "")},
                               ensure_ascii=False) + "\n" for i in items)
    cmd = [binary, "classify"] + (["--profile", profile] if profile else [])
    run = subprocess.run(cmd, input=lines.encode(), capture_output=True, timeout=600)
    if run.returncode != 0:
        sys.exit(f"evaluate-classifier: {' '.join(cmd)} failed ({run.returncode}): {run.stderr.decode()}")
    verdicts = [json.loads(l) for l in run.stdout.decode().splitlines() if l.strip()]
    if len(verdicts) != len(items):
        sys.exit(f"evaluate-classifier: {len(items)} items in, {len(verdicts)} verdicts out")
    return verdicts


def report(items, verdicts, threshold):
    overall = Counts()
    groups = {"lang": defaultdict(Counts), "category": defaultdict(Counts)}
    stages = defaultdict(lambda: [0, 0])  # stage -> [right, found]
    errors = []
    pos_scores, neg_scores = [], []
    for item, verdict in zip(items, verdicts):
        truth, predicted = item["label"] == 1, bool(verdict["match"])
        overall.add(truth, predicted)
        for key, table in groups.items():
            table[item.get(key) or "?"].add(truth, predicted)
        (pos_scores if truth else neg_scores).append((verdict["score"], item["id"]))
        if truth != predicted:
            errors.append(f"  {'FN' if truth else 'FP'} {item['id']} [{item.get('lang')}/{item.get('category')}]"
                          f" score={verdict['score']:.2f} {item.get('title', '')[:70]}")
        elif truth and item.get("stage"):
            stages[item["stage"]][1] += 1
            if verdict.get("stage") == item["stage"]:
                stages[item["stage"]][0] += 1
            else:
                errors.append(f"  STAGE {item['id']} [{item.get('lang')}] got {verdict.get('stage')}"
                              f" want {item['stage']}: {item.get('title', '')[:60]}")
    print(overall.line("overall"))
    for key, table in groups.items():
        print(f"-- by {key}")
        for name in sorted(table):
            print(table[name].line(f"  {name}"))
    print("-- stage accuracy (found positives)")
    right = sum(r for r, _ in stages.values())
    found = sum(n for _, n in stages.values())
    for name in sorted(stages):
        r, n = stages[name]
        print(f"  {name:<26} {r}/{n}")
    accuracy = right / found if found else 1.0
    print(f"  {'all':<26} {right}/{found} = {accuracy:.3f}")
    ties = 0
    if threshold is not None:
        low_pos = min(pos_scores, default=(float("nan"), "-"))
        high_neg = max(neg_scores, default=(float("nan"), "-"))
        ties = sum(1 for s, _ in pos_scores + neg_scores if abs(s - threshold) < 1e-9)
        print(f"-- margins: threshold={threshold:.2f}  lowest positive={low_pos[0]:.2f} ({low_pos[1]})"
              f"  highest negative={high_neg[0]:.2f} ({high_neg[1]})  scores exactly at threshold={ties}")
    if errors:
        print("-- misclassified")
        print("\n".join(errors))
    return overall, accuracy, ties


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labelled")
    parser.add_argument("--bin", help="newswatchd binary (default: the first build*/daemon/newswatchd)")
    parser.add_argument("--profile", default=os.path.join(ROOT, "config/profiles/iran-russia-treaty.yaml"),
                        help="profile file (default: the shipped iran-russia-treaty.yaml)")
    parser.add_argument("--include-borderline", action="store_true")
    parser.add_argument("--min-precision", type=float)
    parser.add_argument("--min-recall", type=float)
    parser.add_argument("--min-stage-accuracy", type=float)
    parser.add_argument("--max-threshold-ties", type=int)
    parser.add_argument("--skip-missing", action="store_true",
                        help="exit 77 (ctest: skipped) when LABELLED does not exist")
    args = parser.parse_args()
    if args.skip_missing and not os.path.exists(args.labelled):
        print(f"{args.labelled}: absent, skipped")
        return 77

    items = read_items(args.labelled, args.include_borderline)
    verdicts = classify(find_binary(args.bin), args.profile, items)
    print(f"{args.labelled}: {len(items)} items"
          f"{' (borderline included)' if args.include_borderline else ' (borderline excluded)'}")
    overall, stage_accuracy, ties = report(items, verdicts, read_threshold(args.profile))
    failed = []
    if args.min_precision is not None and overall.precision() < args.min_precision:
        failed.append(f"precision {overall.precision():.3f} < {args.min_precision}")
    if args.min_recall is not None and overall.recall() < args.min_recall:
        failed.append(f"recall {overall.recall():.3f} < {args.min_recall}")
    if args.min_stage_accuracy is not None and stage_accuracy < args.min_stage_accuracy:
        failed.append(f"stage accuracy {stage_accuracy:.3f} < {args.min_stage_accuracy}")
    if args.max_threshold_ties is not None and ties > args.max_threshold_ties:
        failed.append(f"{ties} scores exactly at the threshold > {args.max_threshold_ties}")
    for f in failed:
        print(f"FAILED: {f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
