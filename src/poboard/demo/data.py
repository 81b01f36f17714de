"""The sample board `poboard demo` fills: a growth-marketing team run like a product team.

Pure data; `demo.py` plays it onto a board through the Board's public methods. Days are
offsets from "today" (-1 is yesterday); times are UTC, "HH:MM". The tables are kept compact
by hand, so the formatter is told to leave them alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TEAM = ("ana", "dana", "ben", "mei", "raj")
PRODUCT_OWNER = "ana"
ANALYST = "raj"
DEFINITION_OF_DONE = ("tracking verified in analytics", "copy proofread", "links checked")


# fmt: off
# slug, title, north star?, key results ("metric:baseline:target")
GOALS = (
    ("ns", "Weekly active teams", True, ("weekly active teams:1240:2000",)),
    ("activation", "Lift trial activation", False,
     ("trial to activation %:31:40", "median days to first board:6:3")),
    ("pipeline", "Grow qualified pipeline", False,
     ("marketing-sourced pipeline $k:420:650", "MQL to SQL %:18:25")),
    ("brand", "Build brand demand", False,
     ("branded search clicks per week:3100:4500", "direct sessions per week:8200:11000")),
)
# fmt: on

# Weekly key-result check-ins by the analyst: (goal slug, KR index) -> (value, confidence,
# note) on each of these days.
KR_DAYS = (-29, -22, -15, -8, -1)
# fmt: off
KR_CHECKINS: dict[tuple[str, int], tuple[tuple[float, str, str | None], ...]] = {
    ("ns", 0): (
        (1262, "on track", None), (1301, "on track", None),
        (1334, "at risk", "growth slowed after the pricing change; watching the week-2 cohorts"),
        (1362, "at risk", None),
        (1385, "at risk", "needs about 50 a week to reach 2,000; the Slack launch is the lever"),
    ),
    ("activation", 0): (
        (31.6, "on track", None),
        (32.4, "on track", "onboarding v2 is live for every new trial"),
        (33.1, "on track", None), (34.0, "on track", None),
        (34.8, "on track", "checklist copy shipped; the founder-note test is still running"),
    ),
    ("activation", 1): (
        (5.8, "on track", None), (5.5, "on track", None),
        (5.2, "at risk", "mobile boards double-counted since 4.2; the real figure is higher"),
        (5.0, "at risk", None),
        (4.6, "on track", "activation event fixed and backfilled"),
    ),
    ("pipeline", 0): (
        (436, "on track", None), (458, "on track", None), (471, "on track", None),
        (502, "on track", "webinar attendees added $31k in three weeks"),
        (528, "on track", None),
    ),
    ("pipeline", 1): (
        (18.3, "at risk", "lead scoring still rewards content downloads"),
        (18.9, "at risk", None), (19.4, "at risk", None),
        (20.1, "at risk", "lead-scoring rework planned for Sprint 15"),
        (20.6, "at risk", None),
    ),
    ("brand", 0): (
        (3140, "off track", "no brand campaign live until the SEO cluster ships"),
        (3180, "off track", None),
        (3265, "at risk", "the sprint-planning cluster is indexed; first clicks coming in"),
        (3390, "at risk", None), (3455, "at risk", None),
    ),
}
# fmt: on


@dataclass(frozen=True)
class Seed:
    """One hand-written backlog item. `scores` is value, urgency, impact, fit, effort, risk
    (1-5 each); `partners` is comma-separated; `goal` and `blocked_by` name other slugs."""

    slug: str
    title: str
    kind: str
    owner: str | None
    horizon: str
    goal: str | None
    estimate: int | None
    scores: str
    partners: str = ""
    audience: str | None = None
    promise: str | None = None
    proof: str | None = None
    metric: str | None = None
    criteria: tuple[str, ...] = ()
    description: str = ""
    blocked_by: tuple[str, ...] = ()
    experiment: tuple[str, str, str, str] | None = None  # hypothesis, success, guardrail, rule
    key_result: int | None = None  # which of its goal's key results it serves


# fmt: off
SEEDS = (
    # ----- Sprint 12 -----------------------------------------------------------------------------
    Seed(
        "onboarding-v2", "Onboarding email sequence v2 (5 emails)", "campaign", "ben", "now",
        "activation", 8, "545532", "content,design,product",
        audience="new trial admins at 10-50 person marketing teams",
        promise="Get your first sprint board running in 3 days",
        proof="v1 cohort: trials that opened email 2 activated at 2.1x the rate",
        metric="trial to activation %",
        key_result=0,
        criteria=(
            "All 5 emails built in HubSpot, with plain-text versions",
            "Sends keyed to product events, not calendar days",
            "10% holdout group configured",
        ),
        description="## Why\nThe v1 sequence is calendar-based and ignores what people did in "
            "the product.\n\n## What\n- 5 emails, each triggered by a product event\n- one job "
            "per email\n- plain-text founder note as email 1\n\n## Out of scope\nIn-app messages "
            "(see the checklist story).",
    ),
    Seed(
        "case-northwind", "Case study: Northwind cut campaign launch time by 40%", "content",
        "dana", "now", "pipeline", 5, "434432", "design,sales,customer success",
        audience="heads of marketing at 50-200 person B2B SaaS companies",
        promise="See how a team like yours ships campaigns in half the time",
        proof="Northwind interview and their before/after launch calendar",
        metric="influenced pipeline $",
        criteria=(
            "Customer approved every quote and number",
            "Published on /customers with a gated PDF",
            "Sales has the one-line summary in #wins",
        ),
        description="Interview notes are in the *Customers* folder. Lead with the **40%** "
            "number; the quote from their VP Marketing goes in the hero.",
    ),
    Seed(
        "utm-bug", "Partner links drop UTM parameters on redirect", "bug", "raj", "now",
        "pipeline", 2, "453411", "web,analytics",
        audience="marketing ops and partner managers",
        promise="Every partner-sourced signup is attributed",
        proof="14% of partner traffic shows up as direct in GA4 since the redirect change",
        metric="attributed partner signups",
        criteria=(
            "Redirects keep every utm_* parameter",
            "Spot-checked 10 partner links in GA4 DebugView",
        ),
        description="Repro: open any `/go/partner-*` link, land on `/signup` with no "
            "`utm_source`.",
    ),
    Seed(
        "form-test", "Trial signup form: drop the phone field", "experiment", "mei", "now",
        "activation", 3, "434422", "web,sales,analytics",
        audience="visitors starting a trial from /pricing",
        promise="A shorter form, fewer drop-offs",
        proof="form analytics: 23% abandon at the phone field", metric="trial signup conversion %",
        criteria=(
            "50/50 split live on every trial entry point",
            "Sales agreed lead routing works without a phone number",
        ),
        description="Sales uses the phone number for fewer than 1 in 10 trials. Check with Tom "
            "before launch.",
        experiment=(
            "Removing the phone field raises trial signups without hurting lead quality",
            "signup conversion from /pricing",
            "SQL rate of new trials",
            "ship if signups lift 8% with the SQL rate within 1 point",
        ),
    ),
    Seed(
        "webinar-hubspot", "Webinar registration flow in HubSpot with Zoom sync", "chore", "ben",
        "now", "pipeline", 3, "332422", "ops",
        audience="webinar registrants", promise="One click from invite to calendar",
        proof="last webinar: 31% of registrants never got the Zoom link",
        metric="registrant-to-attendee %",
        criteria=("Registrations reach Zoom within 5 minutes", "Reminder emails at 24h and 1h"),
    ),
    Seed(
        "seo-cluster-sprint",
        "SEO topic cluster: sprint planning for marketers (pillar + 4 spokes)", "content", "dana",
        "now", "brand", 8, "424542", "content,web,design",
        audience="marketing managers searching for how to run sprints",
        promise="The most practical guide to marketing sprints on the web",
        proof="3.6k monthly searches; our /agile-marketing post already ranks #7",
        metric="organic sessions to the cluster",
        criteria=(
            "Pillar page of 2,500+ words with 2 original diagrams",
            "4 spoke posts, each linked to and from the pillar",
            "Target keywords mapped in the SEO sheet",
        ),
        description="## Cluster\n1. **Pillar:** Sprint planning for marketing teams\n2. How to "
            "estimate campaigns in points\n3. Marketing sprint goal examples\n4. Running a "
            "marketing retro\n5. Kanban vs sprints for content teams",
    ),
    # ----- Sprint 13 -----------------------------------------------------------------------------
    Seed(
        "pricing-annual-test", "Pricing page: billing toggle defaults to annual", "experiment",
        "raj", "now", "pipeline", 5, "544433", "web,design,analytics,product",
        audience="self-serve buyers on /pricing", promise="Clearer savings with annual billing",
        proof="62% of paid teams that churn are on monthly plans",
        metric="annual plan share of new paid",
        criteria=(
            "Variant built behind a feature flag",
            "Sample size reached (2,400 visitors per arm)",
            "Readout posted in #growth with the decision",
        ),
        description="Design: reuse the toggle from the checkout page. Savings badge says **2 "
            "months free**.",
        experiment=(
            "Defaulting the toggle to annual raises annual uptake without lowering paid "
            "conversion",
            "annual share of new paid subscriptions",
            "pricing-to-paid conversion and billing support tickets",
            "ship if annual share lifts 5 points, paid conversion stays within 0.5 points and "
            "billing tickets do not rise",
        ),
    ),
    Seed(
        "webinar-product-team", "Webinar: run your marketing team like a product team", "campaign",
        "dana", "now", "pipeline", 5, "545532", "content,design,sales,ops",
        audience="heads of marketing at B2B SaaS companies",
        promise="A sprint playbook you can run next Monday",
        proof="2 customer speakers (Northwind, Globex) and a live tour of our own board",
        metric="sourced pipeline from attendees",
        key_result=0,
        criteria=(
            "300 registrations",
            "Deck reviewed by sales",
            "Recording and slides sent within 24h",
        ),
        description="## Run of show\n- 5' intro (ana)\n- 20' Northwind: from agency chaos to "
            "sprints\n- 15' Globex: reporting to clients by sprint\n- 15' live board tour\n- 5' "
            "Q&A",
    ),
    Seed(
        "agency-one-pager", "Sales one-pager: poboard for agencies", "content", "mei", "now",
        "pipeline", 3, "443421", "sales,design",
        audience="agency owners in late-stage sales calls", promise="Bill by sprint, not by hour",
        proof="3 agency customers report 28% less scope creep",
        metric="demo-to-close % for agencies",
        criteria=("Sales lead signs off the claims", "Fits one page in A4 and Letter"),
    ),
    Seed(
        "webinar-landing", "Webinar landing page with speaker bios and agenda", "story", "mei",
        "now", "pipeline", 3, "453421", "web,design,content",
        audience="webinar invitees",
        promise="Know in 10 seconds what you will learn and who is speaking",
        proof="last landing page converted 34%; our benchmark is 40%",
        metric="landing page registration %",
        criteria=(
            "Registration form posts to HubSpot",
            "Mobile layout checked on iOS and Android",
            "Page speed score above 90",
        ),
    ),
    Seed(
        "activation-dashboard", "Activation dashboard in Looker (trial cohorts by week)", "chore",
        "raj", "now", "activation", 3, "433521", "analytics,product",
        audience="growth team and leadership",
        promise="One place to see whether activation is moving",
        proof="activation is reported from 3 different spreadsheets today",
        metric="weekly dashboard views",
        criteria=(
            "Cohorts by signup week, activation within 14 days",
            "Definitions match the product team's events",
        ),
    ),
    Seed(
        "day7-nudge", "Lifecycle: day-7 nudge for trials without a first board", "campaign", "ben",
        "now", "activation", 3, "544521", "content,product",
        audience="trial admins with no board by day 7",
        promise="A 2-minute path to your first board",
        proof="40% of trials that never activate never create a board",
        metric="day-14 activation % of nudged",
        criteria=(
            "Triggered by the 'no board by day 7' event",
            "One-click template link in the email",
            "Suppressed for people already in a sales sequence",
        ),
    ),
    Seed(
        "acme-video", "Customer story video: Acme Logistics", "content", "dana", "now", "brand", 5,
        "424443", "content,design,customer success",
        audience="ops-heavy marketing teams",
        promise="Hear it from a team that ships every two weeks",
        proof="Acme's VP Marketing agreed to a 20-minute interview",
        metric="video completion rate and assisted signups",
        criteria=(
            "Customer legal approves the final cut",
            "90-second cut for LinkedIn",
            "Captions in English and German",
        ),
        description="Shoot is remote. Questions: *what changed*, *what the team stopped doing*, "
            "*numbers*.",
    ),
    # ----- Sprint 14 -----------------------------------------------------------------------------
    Seed(
        "checklist-copy", "In-app onboarding checklist copy for the first board", "story", "mei",
        "now", "activation", 2, "444511", "product,content",
        audience="new trial admins at 10-50 person marketing teams",
        promise="Never wonder what to do next",
        proof="session recordings: 45% of new trials stall on an empty board",
        metric="checklist completion %",
        criteria=("5 steps, each under 60 characters", "Reviewed with product for in-app tone"),
    ),
    Seed(
        "onboarding-ab", "Onboarding email 1: founder note vs product tour", "experiment", "ben",
        "now", "activation", 3, "434422", "content,analytics",
        audience="new trial admins at 10-50 person marketing teams",
        promise="A welcome that gets people to act",
        proof="email 1 has a 61% open rate but a 9% click rate",
        metric="board created within 3 days %",
        criteria=("Both variants built and QA'd", "Randomized 50/50, 1,000 trials per arm"),
        description="Variant B is a plain-text note from our founder with **one** link: *create "
            "your board*.",
        experiment=(
            "A plain-text founder note gets more new trials to create a board than a product tour",
            "board created within 3 days of signup",
            "unsubscribe rate and support tickets from new trials",
            "ship if activation lifts 5% with no rise in support tickets",
        ),
    ),
    Seed(
        "activation-bug", "Activation event double-counted on mobile web", "bug", "raj", "now",
        "activation", 2, "453411", "analytics,product",
        audience="growth team (reporting)", promise="Activation numbers we can trust",
        proof="mobile activation reads 2.3x desktop since the 4.2 release",
        metric="share of duplicate activation events",
        key_result=1,
        criteria=("Event fires once per board created", "Last 30 days backfilled in Looker"),
        description="Likely the `board_created` event firing on both the modal and the redirect.",
    ),
    Seed(
        "webinar-followup", "Webinar follow-up sequence: attendees vs no-shows", "campaign", "ben",
        "now", "pipeline", 3, "443421", "content,sales,ops",
        audience="webinar registrants",
        promise="The recording and a next step that fits whether you came",
        proof="last webinar's follow-up converted 6% to demo requests",
        metric="demo requests from webinar leads",
        criteria=(
            "Separate tracks for attendees and no-shows",
            "Hot leads (asked a question) routed to sales within 1 hour",
            "Recording link tracked with UTM",
        ),
    ),
    Seed(
        "gallery-landing", "Templates gallery landing page", "story", "mei", "now", "activation",
        5, "434532", "web,design,content",
        audience="teams evaluating poboard from search",
        promise="Start from a proven sprint template, not a blank board",
        proof="template pages get 3x the search impressions of feature pages",
        metric="template page to trial %",
        criteria=(
            "12 templates with previews",
            "Each template has its own indexable URL",
            "Trial CTA pre-selects the template",
        ),
        description="## Templates at launch\n- Campaign sprint\n- Content calendar\n- Product "
            "launch\n- Webinar runbook\n- SEO cluster\n- ...and 7 more (see Figma)",
    ),
    Seed(
        "gallery-launch", "Launch: Templates gallery", "launch", "dana", "now", "activation", 8,
        "545532", "content,design,web,sales,product,customer success",
        audience="trial admins and existing customers",
        promise="Go from signup to a working sprint board in minutes",
        proof="beta: 58% of trials that used a template activated vs 31% overall",
        metric="trial to activation %",
        criteria=("Launch email to customers and trials", "Product Hunt post scheduled"),
        description="## Launch plan\n| when | what |\n|---|---|\n| T-3 | sales & CS briefing "
            "|\n| T | blog post, email, in-app banner |\n| T+1 | Product Hunt |\n| T+7 | first "
            "read of template-to-activation |",
        blocked_by=("gallery-landing",),
    ),
    Seed(
        "help-invite", "Help-center article: invite your team in 3 steps", "content", "dana",
        "now", "activation", 2, "333411", "customer success,product",
        audience="admins who activated alone", promise="Bring your team in without an IT ticket",
        proof="27% of trial support chats ask how to invite teammates",
        metric="teams with 3+ members by day 14",
        criteria=("Screenshots from the current UI", "Linked from the invite modal"),
    ),
    Seed(
        "cohort-report", "Monthly trial-to-paid cohort report", "chore", "raj", "now",
        "activation", 1, "323411", "analytics",
        audience="leadership team", promise="A monthly read on trial quality",
        proof="finance rebuilds it by hand every month",
        metric="report out by the 3rd business day",
        criteria=("Automated from Looker", "Shared in #leadership"),
    ),
    # ----- Sprint 15 (planned) -------------------------------------------------------------------
    Seed(
        "case-globex", "Case study: Globex agency doubled retainer renewals", "content", "dana",
        "now", "pipeline", 5, "434432", "design,sales,customer success",
        audience="agency owners", promise="Proof that sprint reporting keeps clients renewing",
        proof="Globex renewal rate went from 61% to 88% in a year", metric="influenced pipeline $",
        criteria=("Customer approved quotes and numbers", "Sales deck slide added"),
    ),
    Seed(
        "lead-scoring", "Lead scoring v2 with sales", "story", "ben", "now", "pipeline", 8,
        "434533", "ops,sales,analytics",
        audience="SDR team", promise="Call the leads that convert first",
        proof="38% of MQLs never get a touch; MQL to SQL is 18%", metric="MQL to SQL %",
        key_result=1,
        criteria=(
            "Score uses product usage and firmographics",
            "Sales leadership signs off the threshold",
            "Back-tested on last quarter's leads",
        ),
        description="Inputs: company size, role, **boards created**, **teammates invited**, "
            "pricing-page visits. Drop job-title keyword scoring.",
    ),
    # ----- backlog -------------------------------------------------------------------------------
    Seed(
        "g2-reviews", "G2 review drive with happy customers", "campaign", "ana", "now", "brand", 3,
        "443421", "customer success,ops",
        audience="customers with an NPS of 9-10", promise="Help peers pick a tool you love",
        proof="we have 14 G2 reviews; the top competitor has 210", metric="new G2 reviews",
        criteria=("Invite 150 promoters", "Gift card budget approved by finance"),
    ),
    Seed(
        "pricing-seat-test", "Pricing page: per-team price vs per-seat price", "experiment", "raj",
        "now", "pipeline", 3, "434423", "web,design,analytics",
        audience="self-serve buyers on /pricing", promise="Pricing you understand at a glance",
        proof="heatmap: 40% of visitors hover the per-seat tooltip",
        metric="pricing-page to trial %",
        criteria=(
            "Variant copy approved by finance",
            "Readout posted in #growth with the decision",
        ),
        experiment=(
            "Showing a per-team price reduces sticker shock and raises trial starts from /pricing",
            "pricing-page to trial %",
            "average seats per new paid team",
            "ship if trial starts lift 5% and seats per team drop by less than 0.3",
        ),
    ),
    Seed(
        "partner-onepager", "Partner program one-pager", "content", "mei", "next", "pipeline", 2,
        "323411", "sales,design",
        audience="integration partners and agencies", promise="A clear reason to co-sell with us",
        proof="6 partners asked for one last quarter", metric="partner-sourced pipeline $",
        criteria=("Tiers and revenue share approved", "PDF and web version"),
    ),
    Seed(
        "zapier-webinar", "Co-marketing webinar with Zapier", "campaign", "dana", "later",
        "pipeline", 5, "424433", "content,sales,ops",
        audience="ops-minded marketers who automate their stack",
        promise="Automate the busywork around your sprint board",
        proof="Zapier's partner team offered a slot; their last co-webinar drew 1,100 registrants",
        metric="registrations and sourced pipeline",
        criteria=("Joint landing page live", "Lead-sharing agreement signed"),
        blocked_by=("partner-onepager",),
    ),
    Seed(
        "slack-launch", "Launch: Slack integration", "launch", "dana", "next", "ns", 8, "535533",
        "content,design,web,sales,product,customer success",
        audience="teams that live in Slack", promise="Update the board without leaving Slack",
        metric="weekly active teams",
        criteria=("In-app announcement", "Help-center article"),
        description="Waiting on beta customers for a quote. **Proof** is the open question.",
    ),
    Seed(
        "seo-cluster-okr", "SEO topic cluster: OKRs for marketing teams", "content", "dana",
        "next", "brand", 8, "424542", "content,web",
        audience="marketing leaders setting quarterly goals",
        promise="Write OKRs your team will actually use",
        proof="5.1k monthly searches; no strong marketing-specific result",
        metric="organic sessions to cluster",
        criteria=("Pillar page plus 3 spokes", "OKR template downloadable from the pillar"),
    ),
    Seed(
        "battlecard", "Sales enablement: battlecard vs spreadsheets and Jira", "content", "raj",
        "next", "pipeline", 3, "443421", "sales,product",
        audience="account executives", promise="Win the 'we already use Jira' conversation",
        proof="lost-deal notes: 9 of the last 20 losses went to 'status quo'",
        metric="demo-to-close %",
        criteria=("Top 5 objections with answers", "Reviewed by two AEs"),
    ),
    Seed(
        "expansion-email", "Expansion email for teams at their seat limit", "campaign", "ben",
        "next", "ns", 3, "434521", "content,product,customer success",
        audience="admins of paid teams at their seat limit",
        promise="Grow the team without a sales call",
        proof="112 teams hit their seat limit last month",
        criteria=("Triggered when a team hits its seat limit",),
    ),
    Seed(
        "referral-test", "Referral program: give a month, get a month", "experiment", "raj",
        "next", "ns", None, "424344", "product,web,analytics",
        audience="paid admins with an NPS of 9-10",
        promise="Share poboard and both teams get a month free",
        proof="28% of new signups say a colleague told them about us",
        metric="referred signups per week",
        criteria=("Referral link in the app menu",),
        experiment=(
            "A two-sided reward turns word of mouth into trackable signups",
            "referred signups per week",
            "refund requests and discount abuse",
            "ship if referred signups reach 40 a week with no rise in refunds",
        ),
    ),
    Seed(
        "brand-refresh", "Homepage hero and messaging refresh", "story", "mei", "later", "brand",
        13, "435345", "design,web,content,product",
        audience="first-time visitors from branded search",
        promise="Understand what poboard is in 5 seconds", metric="homepage to trial %",
        description="Needs message testing first. *Do not start until the positioning doc is "
            "signed off.*",
    ),
    Seed(
        "state-report", "Annual report: The State of Marketing Ops", "content", "dana", "later",
        "brand", 13, "425444", "content,design,analytics,sales",
        audience="marketing ops leaders", promise="Benchmarks to compare your team against",
        proof="a 400-response survey panel is available through our community",
        metric="report downloads and branded search",
        criteria=(
            "Survey of 400+ marketers fielded",
            "Report designed and gated",
            "PR pitch to 10 outlets",
        ),
    ),
    Seed(
        "eu-launch", "Launch: EU data residency", "launch", "ana", "later", "pipeline", 8,
        "434443", "content,sales,product,customer success",
        audience="EU companies with data-residency requirements",
        promise="Keep your board data in the EU without giving anything up",
        proof="17 lost deals in the last 2 quarters cited data residency",
        metric="EU-sourced pipeline $",
        criteria=("Security page and DPA updated",),
    ),
    Seed(
        "podcast", "Podcast pilot: 6 episodes with marketing leaders", "campaign", "dana", "later",
        "brand", None, "334344", "content",
        audience="heads of marketing", promise="How the best marketing teams plan their work",
        proof="our webinar replays average 900 listens", metric="branded search clicks",
        criteria=("6 guests booked",),
    ),
    Seed(
        "pricing-faq-typo", "Typo and outdated seat limit in the /pricing FAQ", "bug", "mei",
        "unplanned", None, 1, "243211", "web",
        audience="visitors comparing plans", promise="The FAQ matches the plans",
        proof="reported by 2 prospects in chat", metric="support chats about seat limits",
        criteria=("FAQ says 10 seats on Starter",),
    ),
    Seed(
        "crm-dedupe", "Merge duplicate contacts in HubSpot", "chore", "ben", "unplanned",
        "pipeline", 2, "323422", "ops,sales",
        audience="SDR team", promise="One record per person",
        proof="about 3,100 duplicates flagged by HubSpot", metric="duplicate contact count",
        criteria=("Merge rules agreed with sales ops", "Duplicates under 200"),
    ),
    Seed(
        "linkedin-idea", "Idea: LinkedIn series on running marketing in sprints", "content", "ana",
        "unplanned", "brand", None, "324331", "content",
        description="Rough idea from the offsite: ana posts weekly, dana ghost-edits.",
    ),
    Seed(
        "unsubscribe-bug", "Unsubscribe link 404s in the old newsletter template", "bug", "ben",
        "now", None, 1, "354511", "ops,web",
        audience="newsletter subscribers", promise="Leaving our list always works",
        proof="2 complaints this week; CAN-SPAM risk", metric="unsubscribe errors",
        criteria=("Link works in every active template",),
    ),
    Seed(
        "print-ads", "Print ads at MarTech Expo", "campaign", "ana", "later", "brand", 5, "222345",
        "design",
        audience="conference attendees", promise="See us where you already are",
        proof="sponsor deck claims 8,000 attendees", metric="booth visits",
        criteria=("Ad designed and delivered",),
    ),
)
# fmt: on


@dataclass(frozen=True)
class SprintPlan:
    """A sprint and how each of its items moved: (slug, final status, day it went to Doing,
    day to Review, day to Done), days counted from the sprint's start."""

    name: str
    goal: str
    start: int
    capacity: int
    created: int
    flows: tuple[tuple[str, str, int | None, int | None, int | None], ...]
    # day (from start), to, reason, sprint goal met (yes / partly / no), a note on it
    close: tuple[int, str, str, str, str] | None = None
    length: int = 14


# fmt: off
SPRINTS = (
    SprintPlan("Sprint 12", "Ship the event-based onboarding sequence", -35, 30, -38, (
        ("onboarding-v2",        "done",  0,    6,    7),
        ("utm-bug",              "done",  0,    1,    2),
        ("case-northwind",       "done",  1,    5,    6),
        ("form-test",            "done",  2,    9,    10),
        ("webinar-hubspot",      "done",  3,    4,    4),
        ("seo-cluster-sprint",   "doing", 7,    None, None),
    ), close=(13, "backlog", "pillar page still waiting on design review", "yes",
              "all five emails live on product events, with a 10% holdout")),
    SprintPlan("Sprint 13", "Launch the pricing-page test and fill the webinar", -21, 32, -24, (
        ("webinar-landing",      "done",  0,    2,    3),
        ("seo-cluster-sprint",   "done",  0,    8,    9),
        ("webinar-product-team", "done",  3,    9,    10),
        ("agency-one-pager",     "done",  3,    4,    5),
        ("pricing-annual-test",  "done",  5,    10,   11),
        ("activation-dashboard", "done",  9,    11,   12),
        ("day7-nudge",           "doing", 10,   None, None),
        ("acme-video",           "todo",  None, None, None),
    ), close=(13, "next", "customer legal review and email QA ran past the sprint", "partly",
              "pricing test read out and shipped; the webinar closed at 268 of 300 registrations")),
    SprintPlan("Sprint 14", "Lift trial activation: every new trial has a first board in 3 days",
               -7, 34, -10, (
        ("day7-nudge",           "done",   None, 0,    1),
        ("checklist-copy",       "done",   0,    1,    2),
        ("activation-bug",       "done",   0,    2,    3),
        ("gallery-landing",      "done",   0,    4,    6),
        ("onboarding-ab",        "doing",  1,    None, None),
        ("webinar-followup",     "review", 2,    5,    None),
        ("acme-video",           "doing",  4,    None, None),
        ("gallery-launch",       "doing",  5,    None, None),
        ("help-invite",          "todo",   None, None, None),
        ("cohort-report",        "todo",   None, None, None),
    )),
    SprintPlan("Sprint 15", "Grow qualified pipeline from webinars and case studies", 7, 32, -2, (
        ("case-globex",          "todo",   None, None, None),
        ("lead-scoring",         "todo",   None, None, None),
    )),
)

# Criteria settled by a waiver instead of a tick: slug -> {criterion text: reason}.
WAIVERS = {
    "agency-one-pager": {"links checked": "printed handout for sales calls; it has no links"},
    "activation-dashboard": {"copy proofread": "internal dashboard, no customer-facing copy"},
    "webinar-product-team": {"300 registrations": "closed at 268; sales agreed the list is good"},
}

# Accepted, then reopened by the PO with a new criterion: slug -> (days after, criterion).
REWORK = {
    "webinar-landing": (1, "Registration form shows the GDPR consent box to EU visitors"),
}

RESULTS = {
    "form-test": ("ship", "signups +11.4%, SQL rate flat (19.1% vs 19.4%)"),
    "pricing-annual-test": ("ship", "annual share 38% -> 45%, paid conversion and tickets flat"),
}

# Later edits: (day, time, user, slug, changes).
EDITS: tuple[tuple[int, str, str, str, dict[str, Any]], ...] = (
    (-16, "09:40", "ana", "zapier-webinar", {"horizon": "next"}),
    (-12, "11:15", "dana", "slack-launch", {"partners": [
        "content", "design", "web", "sales", "product", "customer success", "ops"]}),
    (-6, "14:20", "raj", "referral-test", {"guardrail_metric": "refunds and self-referral abuse"}),
    (-3, "10:05", "ben", "lead-scoring", {"estimate": 5}),
    (-30, "10:00", "ana", "print-ads", {
        "description": "Dropped: the booth budget went to the Zapier co-webinar."}),
)
DROPPED = ((-30, "10:02", "ana", "print-ads"),)
# fmt: on


@dataclass(frozen=True)
class RetroPlan:
    sprint: str
    day: int
    cards: tuple[tuple[str, str | None, str, str], ...]  # column, author, text, voters
    actions: tuple[tuple[str, str, int], ...] = field(default=())  # text, owner, due day


# fmt: off
RETROS = (
    RetroPlan("Sprint 12", -22, (
        ("Went well", "ben", "Onboarding v2 shipped with a holdout group from day one", "ana"),
        ("To improve", "raj", "Five things in Doing at once; nothing finished until day 6",
         "ana dana raj mei"),
        ("Standardize", "dana", "Design review booked at sprint planning, not mid-sprint",
         "mei ben"),
    ), (
        ("Set a WIP limit of 3 on Doing", "ana", -21),
    )),
    RetroPlan("Sprint 13", -8, (
        ("Went well", "dana", "Webinar drew 268 registrations, our best yet", "ana mei"),
        ("Went well", "raj", "Pricing test read out on time, against a decision rule we agreed "
         "up front", "ben ana"),
        ("Went well", None, "Pairing with sales on the agency one-pager", "dana"),
        ("To improve", "ben", "Customer quotes sat in legal for 9 days; ask for approval at "
         "kickoff", "dana raj mei ana"),
        ("To improve", "mei", "Design requests arrived mid-sprint without a brief", "mei ben raj"),
        ("To improve", None, "The landing page was accepted before anyone tested the form from "
         "the EU", "dana"),
        ("Standardize", "ana", "Every experiment gets a decision rule before it starts", "raj"),
        ("Standardize", "dana", "One webinar runbook: page, reminders, follow-up", "ben"),
    ), (
        ("Ask for customer-quote approval at case-study kickoff", "dana", -1),
        ("Add a brief template for design requests", "mei", 2),
        ("Write the webinar runbook as a checklist", "ben", 5),
    )),
)

# The generated extra items (`fill_demo(board, extra_items=N)`): kinds, titles, words.
KIND_WEIGHTS = {"story": 3, "campaign": 3, "content": 4, "experiment": 2, "launch": 1, "bug": 2,
                "chore": 2}
TITLES = {
    "campaign": "{season} {theme} campaign for {segment}",
    "content": "{format}: {topic}",
    "experiment": "Test {element} on {page}",
    "launch": "Launch: {feature}",
    "bug": "Fix {defect} on {page}",
    "chore": "{chore} {system}",
    "story": "{page_title}: {improvement}",
}
SMALL_ESTIMATES = (0, 1, 1, 2, 2, 3, 3, 3, 5, 5, 8, 13, 21)
# Words the generated extra items are made of (`fill_demo(board, extra_items=N)`).
WORDS: dict[str, tuple[str, ...]] = {
    "season": ("Q1", "Q2", "Q3", "Q4", "Spring", "Summer", "Autumn", "Holiday", "Year-end"),
    "theme": ("reactivation", "upsell", "win-back", "launch", "nurture", "ABM", "referral",
              "webinar", "partner", "event"),
    "segment": ("agency owners", "trial admins", "heads of marketing", "ops leads",
                "content teams", "enterprise prospects", "churned teams", "EU customers"),
    "format": ("Blog post", "Guide", "Checklist", "Case study", "Video", "Newsletter issue",
               "Ebook", "Template", "Podcast episode", "LinkedIn carousel"),
    "topic": ("sprint planning for marketers", "writing a campaign brief",
              "measuring content ROI", "running a marketing retro", "OKRs for brand teams",
              "estimating campaigns in points", "launch checklists", "webinar runbooks",
              "SEO topic clusters", "lifecycle email benchmarks", "attribution without tears"),
    "element": ("social proof", "the hero headline", "a demo video", "the CTA copy",
                "a pricing calculator", "customer logos", "a live chat prompt", "exit intent"),
    "page": ("the signup page", "/pricing", "the homepage", "the templates gallery",
             "the webinar page", "the trial welcome screen", "the blog sidebar"),
    "feature": ("Calendar view", "Jira import", "HubSpot sync", "Client portal",
                "Sprint reports", "Mobile app", "SSO", "Custom fields", "AI brief writer"),
    "defect": ("broken form embed", "wrong canonical tag", "missing alt text",
               "slow hero image", "dead CTA link", "duplicate tracking pixel"),
    "chore": ("Audit", "Clean up", "Document", "Migrate", "Rebuild", "Archive"),
    "system": ("HubSpot workflows", "the UTM naming sheet", "GA4 conversions",
               "the brand asset library", "Looker dashboards", "the webinar stack"),
    "improvement": ("rewrite for clarity", "mobile layout pass", "add comparison table",
                    "speed pass", "localize for DE", "new FAQ section"),
    "criterion": ("Reviewed by sales", "Tracked with UTM", "Mobile checked",
                  "Approved by legal", "Brief signed off", "Readout shared in #growth",
                  "Linked from the help center", "Added to the launch calendar"),
    "audience": ("trial admins", "agency owners", "heads of marketing", "SDR team",
                 "paid admins", "ops leads", "content teams"),
    "promise": ("Ship campaigns faster", "See what is working", "Plan in one afternoon",
                "Fewer status meetings", "Proof for every claim"),
    "proof": ("customer interviews", "last quarter's cohort data", "support chat themes",
              "win/loss notes", "search volume data"),
    "metric": ("trial to activation %", "MQL to SQL %", "sourced pipeline $",
               "demo-to-close %", "branded search clicks", "retention at day 90"),
}
# fmt: on
