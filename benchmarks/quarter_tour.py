"""#23's item 3 replayed (keys typed at once into the editor as it opens), and a short
tour of the demo board."""

from __future__ import annotations

import subprocess
from pathlib import Path

from scenario import Session, StepFailed, check


def verdict(ok: bool, what: str) -> None:
    """A check of #23 said as PASS or FAIL on a line of its own."""
    print(f"      {'PASS' if ok else 'FAIL'}: {what}", flush=True)
    if not ok:
        raise StepFailed(what)


def burst(s: Session, *keys: str) -> None:
    """Keys sent in one write, as a fast typist's reach the board: no wait between them."""
    assert s.term is not None
    subprocess.run(["tmux", "send-keys", "-t", f"={s.term.session}:", *keys], check=True)


def fast_keys_keep_criteria(s: Session) -> None:
    key = s.json("list")[0]["key"]  # the backlog's first: #3, with one criterion

    with s.step("editor closed on the Criteria tab"):
        s.keys("1")
        s.wait("items")
        s.keys("Home")
        s.keys("e")
        s.wait(f"Edit {key}")
        s.focused("Title")
        s.keys("C-t")
        s.wait("New criterion")
        s.keys("Escape")
        s.gone(f"Edit {key}")

    with s.step("e then x at once keeps the criteria"):
        before = [c["text"] for c in s.item(key)["criteria"]]
        check(before, f"{key} has no criteria to lose")
        burst(s, "e", "x")
        s.wait(f"Edit {key}")
        screen = s.settle()
        verdict("New criterion" not in screen, "the editor opened on Details, not Criteria")
        title = next((line for line in screen.splitlines() if "Title" in line), "")
        verdict("▊" in title, "the cursor starts in Title")
        verdict("FAQx" in title, "the x typed at once went into Title")
        s.keys("Escape")
        s.wait("Discard")
        s.snap("esc asks about the x")
        s.keys("d")
        s.gone(f"Edit {key}")
        after = [c["text"] for c in s.item(key)["criteria"]]
        verdict(after == before, f"criteria stored: {after} (before: {before})")
        verdict(s.item(key)["title"] == "Pricing page FAQ", "the title is stored unchanged")

    with s.step("e then words at once reach Title"):
        burst(s, "e", "-", "n", "e", "w")
        s.wait(f"Edit {key}")
        screen = s.settle()
        title = next((line for line in screen.splitlines() if "Title" in line), "")
        verdict("FAQ-new" in title, "words typed at once went into Title")
        s.keys("Escape")
        s.wait("Discard")
        s.keys("d")
        s.gone(f"Edit {key}")
        after = [c["text"] for c in s.item(key)["criteria"]]
        verdict(after == before, f"criteria stored: {after}")


def demo_tour(s: Session, db: Path) -> None:
    """The demo board at this size: every screen, an item in the editor, the keys."""
    s.close()
    tour = Session(db, s.size, s.out, s.folder)
    tour.number = s.number
    try:
        with tour.step("demo board opened"):
            tour.cli("demo")
            tour.open()
            open_items = [i for i in tour.json("list") if i["status"] not in ("done", "dropped")]
            tour.wait(f"{len(open_items)} items")
            tour.wait("growth-team")
        with tour.step("demo backlog"):
            first = tour.json("list")[0]
            tour.wait(first["title"][:20])
            check("Ready" in tour.screen or "ready" in tour.screen, "no readiness in the detail")
        for key, screen_name, shows in (
            ("2", "roadmap", "NOW 2–4 weeks"),
            ("3", "sprint", "Sprint 14"),
            ("4", "retro", "Retro"),
            ("5", "insights", "Velocity"),
        ):
            with tour.step(f"demo {screen_name}"):
                tour.keys(key)
                tour.wait(shows)
                tour.settle()
        with tour.step("demo item in the editor"):
            tour.keys("3")
            tour.wait("Sprint 14")
            tour.keys("e")
            tour.wait("Edit #")
            tour.focused("Title")
            tour.keys("C-t")
            tour.wait("New criterion")
            tour.snap("demo criteria tab")
            tour.keys("Escape")
            tour.gone("Edit #")
        with tour.step("demo keys help"):
            tour.keys("?")
            tour.wait("Sprint keys")
            tour.settle()
            tour.snap("demo keys help")
            tour.keys("Escape")
            tour.gone("Sprint keys")
    finally:
        tour.close()
        s.number = tour.number
        s.failed += tour.failed
