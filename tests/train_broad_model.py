"""Training the learned models (catalog/broad_model.py, catalog/job_asks.py) on the evaluation's tune part, and
writing them where the engine loads them from.

    python -m tests.train_broad_model           # train on tests/eval/tune.tsv, write catalog/data/*-asks.json.gz
    python -m tests.train_broad_model --check   # train again and say whether the shipped models are what it gives

Only tune is read, never validate or sealed: the held-out parts measure the models as they measure the rules. The
broad-ask model's classes: each broad ask's accepted group of entries (a category name stands for its entries), ONE
for a question asking for one entry's job (purpose, paraphrase, long), NONE for an out-of-scope one. The job model's:
each such job question's accepted entries, MANY for a broad ask, NONE for an out-of-scope question, OTHER for the
rest. Questions naming an entry are left out of those two and are the named-ask model's: each such question's
accepted entries, ITSELF when those are what it names, NONE, MANY and OTHER.
Plain stochastic gradient descent, three seeded runs averaged, so training twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from catalog import load_catalog
from catalog.broad_model import MODEL_PATH, NONE, ONE, BroadAskModel, softmax, trained_for
from catalog.engine import AnswerEngine
from catalog.job_asks import ITSELF, JOB_MODEL_PATH, MANY, NAMED_MODEL_PATH, OTHER
from tests.engine_eval import Case, accepted_entries, category_sets, read_cases

EPOCHS = 12
LEARNING_RATE = 0.5
L2 = 1e-4
# Weights smaller than this are left out of the shipped table: they change no answer and would double its size.
KEPT_WEIGHT = 0.02
# One run of descent per seed (the order the questions are seen in), their weights averaged: a single run's answers
# move with that order by a few questions in a thousand, which is as much as most changes measured here.
SEEDS = (12, 1, 2)


def label(case: Case, groups: dict[str, set[str]], order: list[str]) -> str | None:
    """The class a tune question teaches, or None for a kind the model is not asked about."""
    if case.kind == "oos":
        return NONE
    if case.intent == "broad":
        return "|".join(sorted(accepted_entries(case, groups), key=order.index))
    if case.intent == "search" and case.kind in ("purpose", "paraphrase", "long"):
        return ONE
    return None


def job_label(case: Case, groups: dict[str, set[str]], order: list[str]) -> str:
    """The class a tune question teaches the job model: every question it can be asked about has one."""
    if case.kind == "oos":
        return NONE
    if case.intent == "broad":
        return MANY
    if case.intent == "search":
        return "|".join(sorted(accepted_entries(case, groups), key=order.index))
    return OTHER


def named_label(case: Case, groups: dict[str, set[str]], order: list[str], named: set[str]) -> str:
    """The class a tune question naming the entries `named` teaches the named-ask model."""
    if case.kind == "oos":
        return NONE
    if case.intent == "broad":
        return MANY
    accepted = accepted_entries(case, groups)
    if case.intent not in ("search", "lookup") or not accepted:
        return OTHER
    return ITSELF if accepted <= named else "|".join(sorted(accepted, key=order.index))


def examples(
    engine: AnswerEngine,
    cases: list[Case],
    labelled: Callable[..., str | None],
    read: list[tuple[set[str], frozenset[str]] | None],
    *,
    naming: bool = False,
) -> list[tuple[set[str], str]]:
    """Each question a model is asked about, as the model reads it, with its class. `read`: each question's features
    and the entries it names (engine.learned_features), worked out once for all models, which read them alike;
    `naming`: the named-ask model's examples (the questions naming an entry) rather than the others'."""
    groups = category_sets(engine.catalog)
    order = [entry.name for entry in engine.catalog.entries]
    found = []
    for case, reading in zip(cases, read, strict=True):
        if reading is None or bool(reading[1]) != naming:
            continue
        wanted = labelled(case, groups, order, reading[1]) if naming else labelled(case, groups, order)
        if wanted is not None:
            found.append((reading[0], wanted))
    return found


def train(data: list[tuple[set[str], str]], catalog: list[str]) -> BroadAskModel:
    classes = sorted({wanted for _, wanted in data})
    runs = [descend(data, classes, seed) for seed in SEEDS]
    bias = [sum(run_bias[j] for run_bias, _ in runs) / len(runs) for j in range(len(classes))]
    weights: dict[str, list[float]] = {}
    for _, run_weights in runs:
        for feature, row in run_weights.items():
            total = weights.setdefault(feature, [0.0] * len(classes))
            for j, weight in enumerate(row):
                total[j] += weight / len(runs)
    kept = {
        feature: {j: round(weight, 3) for j, weight in enumerate(row) if abs(weight) >= KEPT_WEIGHT}
        for feature, row in sorted(weights.items())
    }
    return BroadAskModel(classes, [round(b, 3) for b in bias], {f: row for f, row in kept.items() if row}, catalog)


def descend(
    data: list[tuple[set[str], str]], classes: list[str], seed: int
) -> tuple[list[float], dict[str, list[float]]]:
    """One run of stochastic gradient descent on the softmax loss (L2-regularised), questions in the seed's order."""
    index = {name: i for i, name in enumerate(classes)}
    weights: dict[str, list[float]] = {}
    bias = [0.0] * len(classes)
    shuffled = sorted(data, key=lambda pair: (pair[1], sorted(pair[0])))
    rng = random.Random(seed)
    for epoch in range(EPOCHS):
        rng.shuffle(shuffled)
        rate = LEARNING_RATE / (1 + epoch)
        for found, wanted in shuffled:
            rows = [weights.setdefault(feature, [0.0] * len(classes)) for feature in sorted(found)]
            scores = list(bias)
            for row in rows:
                for j, weight in enumerate(row):
                    scores[j] += weight
            probabilities = softmax(scores)
            for j in range(len(classes)):
                gradient = probabilities[j] - (j == index[wanted])
                bias[j] -= rate * gradient
                for row in rows:
                    row[j] -= rate * (gradient + L2 * row[j])
    return bias, weights


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.train_broad_model", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the shipped model is up to date")
    args = parser.parse_args(argv)
    engine = AnswerEngine(load_catalog(), learned=False)
    cases = read_cases("tune")
    read = [engine.learned_features(case.question) for case in cases]
    catalog = trained_for(engine.catalog.entries)
    to_train = [
        (MODEL_PATH, examples(engine, cases, label, read)),
        (JOB_MODEL_PATH, examples(engine, cases, job_label, read)),
        (NAMED_MODEL_PATH, examples(engine, cases, named_label, read, naming=True)),
    ]
    # The models are trained side by side, a process each (spawned: the caller may run threads).
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        models = list(pool.map(train, [data for _, data in to_train], [catalog] * len(to_train)))
    stale = 0
    for (path, data), model in zip(to_train, models, strict=True):
        made = model.to_bytes()
        if args.check:
            same = path.exists() and path.read_bytes() == made
            stale += not same
            print(f"{path}: {'up to date' if same else 'differs from what tune trains; run the trainer'}")
            continue
        path.write_bytes(made)
        print(f"trained on {len(data)} tune questions, {len(model.classes)} classes, {len(model.weights)} features")
        print(f"wrote {path} ({len(made)} bytes)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
