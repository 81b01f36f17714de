"""The quarter start's first half: settings, the goal and its key results, the items
(a few through the editor, the rest on the command line), ranking and the roadmap."""

from __future__ import annotations

import re
from datetime import date

from scenario import Session, check

OWNERS = "ana, ben"
DONE_LINES = ("Criteria met or waived", "Copy proofread", "Tracking verified", "Owner demoed it")
READY = {  # what a story-like kind needs to be ready, as CLI options
    "--owner": "ben",
    "--audience": "Ops leads at mid-size SaaS",
    "--promise": "Set up in a day",
    "--proof": "Three case studies",
    "--metric": "Weekly signups",
}
EXPERIMENT = {
    "--hypothesis": "A shorter form lifts signups",
    "--success-metric": "Signup rate +10%",
    "--guardrail-metric": "Lead quality steady",
    "--decision-rule": "Ship if +10% after 2 weeks",
}
CLI_ITEMS: list[tuple[str, str, dict[str, str]]] = [  # kind, title, options
    ("content", "Customer story: Acme", {**READY, "--estimate": "3", "--ac": "Acme approved"}),
    ("experiment", "Shorter signup form", {**READY, **EXPERIMENT, "--estimate": "3",
                                           "--kr": "1", "--ac": "Variant live"}),
    ("launch", "Partner integrations launch", {**READY, "--estimate": "8", "--horizon": "next",
                                               "--ac": "Partners briefed"}),
    ("chore", "Clean up CRM fields", {"--owner": "ben", "--estimate": "1",
                                      "--ac": "Old fields gone"}),
    ("story", "Referral program", {"--horizon": "later"}),
    ("campaign", "Newsletter revamp", {**READY, "--estimate": "2", "--ac": "Template live"}),
    ("content", "SEO glossary", {"--horizon": "next"}),
    ("bug", "Mobile menu overlaps CTA", {"--owner": "cy", "--estimate": "1", "--ac": "Menu clear"}),
    ("experiment", "Exit-intent offer", {"--owner": "ben", "--estimate": "2"}),
]  # fmt: skip


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def set_up(s: Session) -> None:
    with s.step("empty board"):
        s.wait("No items yet")
        check("a adds one" in s.screen, "the empty backlog gives no hint")

    with s.step("settings"):
        s.keys(",")
        s.wait("Board settings")
        s.focused("Board name")
        s.press("C-u")
        s.type("Growth team")
        s.tab()
        s.type(OWNERS)
        s.tab()
        s.type("3")
        s.tab()
        s.type("2")
        s.tab(9)  # retro votes, seven weights, then the Definition of Done
        s.type(DONE_LINES[0])
        for line in DONE_LINES[1:]:
            s.keys("Enter")
            s.type(line)
        s.wait(DONE_LINES[-1])
        s.keys("C-s")
        s.wait("Settings saved")
        s.wait("Growth team")
        stored = s.config()
        check(stored["name"] == "Growth team", f"name stored as {stored['name']!r}")
        check(stored["product_owners"] == "ana,ben", f"owners {stored['product_owners']!r}")
        check(stored["wip.doing"] == "3" and stored["wip.review"] == "2", "WIP limits not stored")
        dod = stored["definition_of_done"].split(";")
        check(dod == list(DONE_LINES), f"Definition of Done stored as {dod}")

    with s.step("goal with key results"):
        s.keys("2")
        s.wait("No goals yet")
        s.keys("n")
        s.wait("Add a goal")
        s.focused("Objective")
        s.type("Grow qualified signups")
        s.tab()
        s.type(quarter_of(date.today()))
        s.tab()
        s.type("Weekly signups:31:45; Activation %:22:30")
        s.wait("Activation %:22:30")
        s.keys("C-s")
        s.wait("G1 Grow qualified signups")
        goal = s.json("goal", "show", "G1")
        metrics = [kr["metric"] for kr in goal["key_results"]]
        check(metrics == ["Weekly signups", "Activation %"], f"key results stored: {metrics}")
        check(goal["quarter"] == quarter_of(date.today()), f"quarter {goal['quarter']}")

    with s.step("key result added"):
        s.keys("K")
        s.wait("Add a key result")
        s.focused("Goal")
        s.choose("G1", "G1 Grow qualified signups")
        s.tab()
        s.type("Demo requests")
        s.tab()
        s.type("12")
        s.tab()
        s.type("20")
        s.keys("C-s")
        s.wait("Demo requests 12")
        krs = s.json("goal", "show", "G1")["key_results"]
        check(len(krs) == 3 and krs[2]["target"] == 20, f"key results stored: {krs}")

    add_items(s)
    rank_and_roadmap(s)


def add_in_editor(
    s: Session, title: str, fields: list[str], choices: list[str], ac: list[str]
) -> None:
    """The editor's form: title, then the text fields in order, then the choices (kind,
    estimate, horizon, goal, key result) typed to find; then the criteria."""
    s.keys("a")
    s.wait("New item")
    s.focused("Title")
    s.type(title)
    for text in fields:
        s.tab()
        s.type(text)
    s.tab(6 - len(fields))
    for n, option in enumerate(choices):
        if n:
            s.tab()
        if option:
            s.choose(option)
    s.settle()  # ctrl+t while a picked choice takes the focus back bounces to Details
    s.keys("C-t")
    s.wait("New criterion")
    check("New criterion" in s.settle(), "ctrl+t's Criteria tab bounced back to Details")
    for text in ac:
        s.type(text)
        s.keys("Enter")
        s.wait(f". {text}")
    s.keys("C-s")
    s.gone("New item")
    s.wait(title[:20])


def add_items(s: Session) -> None:
    with s.step("items in the editor"):
        s.keys("1")
        s.wait("No items yet")
        add_in_editor(
            s,
            "Spring webinar campaign",
            [
                "ana",
                "Ops leads at mid-size SaaS",
                "Live Q&A with a customer",
                "Last year's 400 signups",
                "Weekly signups",
            ],
            ["campaign", "5", "now", "G1", "Weekly"],
            ["Landing page live", "Invites sent to 5k"],
        )
        add_in_editor(
            s, "Fix broken UTM on signup links", ["cy"], ["bug", "2"], ["UTMs reach the CRM"]
        )
        add_in_editor(s, "Pricing page FAQ", ["ana"], ["story"], ["FAQ answers top 10 questions"])
        items = s.json("list")
        kinds = [(i["key"], i["kind"], i["ready"]) for i in items]
        check(
            kinds == [("#1", "campaign", True), ("#2", "bug", True), ("#3", "story", False)],
            f"stored: {kinds}",
        )
        first = items[0]
        check(
            first["horizon"] == "now" and first["goal"] == 1 and first["estimate"] == 5,
            f"#1 stored as {first['horizon']}, {first['goal']}, {first['estimate']}",
        )
        check(first["key_result"] == 1, f"#1's key result {first['key_result']}")

    with s.step("items on the command line"):
        for kind, title, options in CLI_ITEMS:
            args = [a for pair in options.items() for a in pair]
            s.cli("add", title, "--kind", kind, *args)
        s.wait("12 items")
        items = s.json("list")
        check(len(items) == 12, f"{len(items)} items stored")
        every_kind = {i["kind"] for i in items}
        check(len(every_kind) == 7, f"kinds: {sorted(every_kind)}")


def rank_and_roadmap(s: Session) -> None:
    with s.step("ranking"):
        s.keys("Home", "Down", "Down")  # #3 Pricing page FAQ
        s.wait(lambda screen: "Pricing page FAQ" in screen)
        s.keys("S-Up", "S-Up")
        s.wait(lambda screen: [k["key"] for k in s.json("list")][:3] == ["#3", "#1", "#2"])
        order = [k["key"] for k in s.json("list")][:4]
        check(order == ["#3", "#1", "#2", "#4"], f"rank order stored: {order}")
        first_row = re.compile(r"^│\s+1\s+#3\s+Pricing page FAQ")
        check(any(first_row.match(line) for line in s.screen.splitlines()), "#3 is not shown first")

    with s.step("horizon picker"):
        s.keys("Home")
        s.keys("h")
        s.wait("Unplanned")
        s.keys("n")
        s.gone("2+ quarters")
        s.wait(lambda screen: s.item("#3")["horizon"] == "now")

    with s.step("roadmap lanes"):
        s.keys("2")
        s.wait("NOW 2–4 weeks")
        before = {i["key"]: i["horizon"] for i in s.json("list")}
        s.keys("S-Right")

        def one_moved(screen: str) -> bool:
            return {i["key"]: i["horizon"] for i in s.json("list")} != before

        one_moved.__doc__ = "a card moved a lane (stored)"
        s.wait(one_moved)
        after = {i["key"]: i["horizon"] for i in s.json("list")}
        moved = [(k, before[k], after[k]) for k in after if after[k] != before[k]]
        lanes = ["unplanned", "now", "next", "later"]
        check(
            len(moved) == 1 and lanes.index(moved[0][2]) == lanes.index(moved[0][1]) + 1,
            f"moved: {moved}",
        )
        check(moved[0][0] + " " in s.screen, f"{moved[0][0]} is not on the roadmap")
