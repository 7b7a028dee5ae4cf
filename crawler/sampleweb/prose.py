"""Texts of the sample web: the seed story, hand-written stories and deterministic synthetic prose.

Synthetic stories are built from sentence templates whose slots are filled with vocabulary that is
unique to each story (invented people, towns, organisations, figures) and a topic drawn from a long
list, so two unrelated stories share very few 4-word shingles while each one reads like news.
"""

# ruff: noqa: E501

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_FILE = DATA_DIR / "seed_000_aa87f1e3245c7cf3.txt"

SEED_HEADLINE = "Lieberman Meets Russian Counterpart in Moscow Amid Tensions With Iran in Syria"
SEED_RELATED = "In Syria, Putin and Netanyahu Were on the Same Side All Along | Analysis"
SEED_CLAIMED_PATH = (
    "/Arab-Israeli-Conflict/Palestinians-say-500-prisoners-in-Israeli-jails-to-start-hunger-strike-558836"
)
NEWSLETTER_LINES = [
    "Thank you for signing up.",
    "We’ve got more newsletters we think you’ll find interesting.",
    "Click here",
    "Oops. Something went wrong.",
    "Please try again later.",
    "Thank you,",
    "The email address you have provided is already registered.",
    "Close",
]
BLOGGER_TAIL = ["Read More", "No comments:", "Post a Comment"]


@dataclass
class Story:
    """One news story: what a publisher's page shows and what copies copy."""

    key: str
    headline: str
    paragraphs: list[str]
    date: datetime
    author: str = "Staff Writer"
    lang: str = "en"
    section: str = "news"
    tags: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def description(self) -> str:
        first = self.paragraphs[0] if self.paragraphs else ""
        cut = first.find(". ")
        return first if cut < 0 else first[: cut + 1]


@dataclass
class SeedText:
    """The seed blog post split into its parts."""

    lines: list[str]  # every line of the post body before "Article source:"
    paragraphs: list[str]  # the story's own paragraphs (no widget lines, no related headline)
    claimed_url: str


def load_seed() -> SeedText:
    """Parse the bundled seed file."""
    raw = [ln.strip() for ln in SEED_FILE.read_text(encoding="utf-8").splitlines()]
    lines: list[str] = []
    claimed = ""
    for ln in raw:
        if not ln:
            continue
        if ln.startswith("Article source:"):
            claimed = ln.split(":", 1)[1].strip()
            break
        lines.append(ln)
    paragraphs = [ln for ln in lines if ln not in NEWSLETTER_LINES and ln != SEED_RELATED]
    return SeedText(lines=lines, paragraphs=paragraphs, claimed_url=claimed)


HUNGER_STRIKE_HEADLINE = "Palestinians say 500 prisoners in Israeli jails to start hunger strike"
HUNGER_STRIKE = [
    "Some 500 Palestinian security prisoners held in Israeli jails will begin an open-ended hunger "
    "strike next week, the Palestinian Prisoners Club said on Wednesday.",
    "The group said the prisoners were protesting against administrative detention, the practice of "
    "holding suspects without charge or trial for renewable periods of up to six months.",
    "According to the Ramallah-based organization, prisoners in the Ofer, Megiddo and Ketziot "
    "facilities had signed a joint letter announcing the strike and listing their demands.",
    "Among the demands are an end to detention orders issued on the basis of classified evidence, "
    "more family visits for prisoners from the Gaza Strip and the reinstallation of public telephones.",
    "The Israel Prison Service declined to comment on the numbers, but an official said the service "
    "was prepared for any scenario and would not negotiate under pressure.",
    "A spokesman for the prisoners' committee said the inmates would refuse all food and take only "
    "water and salt until their conditions were met.",
    "Palestinian Authority officials warned that the health of strikers who are already ill could "
    "deteriorate quickly and called on international organizations to intervene.",
    "In 2017, more than 1,000 prisoners took part in a hunger strike led by jailed Fatah leader "
    "Marwan Barghouti, which ended after 40 days with an agreement on extra family visits.",
    "Israeli lawmakers from the coalition renewed calls to advance a bill that would allow the "
    "force-feeding of hunger strikers, a measure opposed by the Israel Medical Association.",
]

PUTIN_ANALYSIS = [
    "For all the talk of rival camps in the Syrian war, Moscow and Jerusalem have spent the past "
    "three years quietly coordinating their moves over the skies of the Levant.",
    "The deconfliction hotline set up in 2015 between the Russian base at Hmeimim and the Israeli "
    "military's headquarters in Tel Aviv has been used hundreds of times, officials on both sides say.",
    "Vladimir Putin wants a stable Assad regime that can be presented as a Russian success; Benjamin "
    "Netanyahu wants Iranian forces kept away from the Golan Heights. The two goals rarely collide.",
    "That is why the Kremlin has so far looked the other way when Israeli jets struck Iranian "
    "positions, while protesting only when Russian personnel were put at risk.",
    "The real question is how long Moscow can keep both Tehran and Jerusalem content once the "
    "fighting in the south of the country is over.",
]

ORIGINAL_POSTS = [
    (
        "Why I Still Read Three Newspapers Every Morning",
        [
            "Every morning, before the kettle has even boiled, I open three different news sites and "
            "read the same story three times.",
            "It sounds like a waste of time, but the differences are where the learning happens: which "
            "quote leads, which number gets rounded, which sentence quietly disappears by noon.",
            "Last week one outlet reported a ministerial meeting as a breakthrough, another as a "
            "formality, and a third did not mention it at all until the evening.",
            "My rule is simple. If I cannot find who wrote it first, I do not share it.",
        ],
    ),
    (
        "Notes From a Rainy Weekend at the Harbour Book Fair",
        [
            "The harbour book fair moved indoors this year after two days of steady rain, and somehow "
            "the cramped warehouse made the whole thing friendlier.",
            "Small presses lined the back wall with hand-stitched poetry pamphlets, while a retired "
            "sailor sold maritime charts he had annotated over forty years.",
            "I came home with a cookbook from a Georgian village, a water-stained atlas and far too many "
            "postcards.",
            "Next year the organisers promise a tent. I hope they keep the warehouse.",
        ],
    ),
    (
        "A Beginner's Guide to Following Middle East Diplomacy",
        [
            "If you are new to following regional diplomacy, the sheer number of envoys, summits and "
            "unnamed officials can feel overwhelming.",
            "Start with the maps. Knowing where the Golan Heights, the Litani river and the Tanf "
            "crossing lie makes most headlines make sense.",
            "Then learn who speaks for whom. A defence ministry statement carries a different weight "
            "than a remark by an unnamed senior official on a plane.",
            "Finally, keep a notebook of promises and check back on them after a month.",
        ],
    ),
    (
        "Our Blog Turns Five: Thank You, Readers",
        [
            "Five years ago this blog started as a place to collect links for a handful of friends.",
            "Today thousands of you visit every month, send tips and argue in the comments, mostly politely.",
            "We have made mistakes, and we have tried to correct them in the open, with a note at the "
            "bottom of every post we changed.",
            "Here is to the next five years, and to reading everything twice.",
        ],
    ),
]

# --- synthetic prose -------------------------------------------------------------------------

FIRST = (
    "Adina Bram Caius Delia Emory Farid Greta Hollis Ines Jonas Kalina Leif Marisol Nadim Orla "
    "Petra Quentin Rosalind Soren Talia Ulric Vesna Wendell Xenia Yusuf Zora Anselm Beatrix Cosmin "
    "Dagny Ezio Fenna Gideon Hedda Ivo Jurgis Katell Lorcan Mirela Nestor"
).split()
LAST = (
    "Abernethy Balcombe Castellan Drummond Eskildsen Farrow Galloway Hartigan Ivanek Jablonski "
    "Kettering Lindqvist Marchetti Nakashima Ostrowski Pellegrini Quarrie Rasmussen Szabo Thornbury "
    "Umberfield Vasquez Whitcombe Yardley Zielinski Achterberg Brannagh Corvino Delacroix Engstrom "
    "Fairweather Grindley Holloway Ingersoll Jessop Kowalczyk Lachance Mortensen Novak Oyelaran"
).split()
SYL = "ka ri mo len dor vas tel bru hen sa quo mir ald fen gro lis port ved nor wyn cal bes thra um".split()

# (topic noun, what it produces or handles, plural actor group, a measurable unit, an action verb)
TOPICS = [
    ("desalination plant", "drinking water", "farmers", "cubic metres", "expand"),
    ("tram line", "commuter journeys", "commuters", "passengers", "extend"),
    ("wind farm", "electricity", "fishermen", "megawatts", "build"),
    ("children's hospital", "paediatric care", "nurses", "beds", "open"),
    ("steel mill", "rolled steel", "steelworkers", "tonnes", "restart"),
    ("vineyard cooperative", "sparkling wine", "growers", "bottles", "merge"),
    ("container port", "freight traffic", "dockers", "containers", "dredge"),
    ("public library network", "book lending", "librarians", "loans", "digitise"),
    ("avalanche warning service", "snowpack forecasts", "mountain guides", "sensors", "upgrade"),
    ("dairy processing plant", "cheese exports", "dairy farmers", "litres", "modernise"),
    ("wildfire brigade", "forest patrols", "volunteers", "hectares", "equip"),
    ("semiconductor workshop", "microchips", "engineers", "wafers", "relocate"),
    ("ferry company", "island crossings", "islanders", "sailings", "subsidise"),
    ("football stadium", "match tickets", "supporters", "seats", "renovate"),
    ("teachers' union", "classroom hours", "teachers", "lessons", "renegotiate"),
    ("olive press", "cold-pressed oil", "harvesters", "kilograms", "certify"),
    ("rail freight terminal", "grain shipments", "hauliers", "wagons", "automate"),
    ("maternity clinic", "midwife visits", "parents", "births", "staff"),
    ("solar cooperative", "rooftop panels", "homeowners", "kilowatts", "install"),
    ("municipal zoo", "rare snow leopards", "keepers", "visitors", "rebuild"),
    ("fishing fleet", "herring quotas", "trawler crews", "catches", "reduce"),
    ("public broadcaster", "regional newscasts", "journalists", "viewers", "restructure"),
    ("copper mine", "ore concentrate", "miners", "shifts", "reopen"),
    ("textile factory", "woollen blankets", "weavers", "looms", "sell"),
    ("airport authority", "night flights", "residents", "landings", "limit"),
    ("brewery", "craft lager", "brewers", "barrels", "acquire"),
    ("observatory", "telescope time", "astronomers", "images", "fund"),
    ("bakery chain", "rye loaves", "bakers", "outlets", "close"),
    ("water board", "flood defences", "engineers", "kilometres", "reinforce"),
    ("chess federation", "youth tournaments", "players", "entries", "host"),
    ("cycling association", "protected bike lanes", "cyclists", "routes", "map"),
    ("pharmacy cooperative", "generic medicines", "pharmacists", "prescriptions", "stock"),
    ("timber mill", "laminated beams", "foresters", "logs", "replant"),
    ("orchestra", "concert seasons", "musicians", "performances", "tour"),
    ("housing association", "affordable flats", "tenants", "apartments", "refurbish"),
    ("botanical garden", "seed banks", "gardeners", "species", "catalogue"),
    ("truckers' guild", "diesel rebates", "drivers", "lorries", "blockade"),
    ("hydro dam", "reservoir levels", "villagers", "gigawatt hours", "inspect"),
    ("ceramics studio", "glazed tiles", "potters", "kilns", "export"),
    ("coastguard station", "rescue missions", "lifeboat crews", "callouts", "merge"),
]
_CHOICE_RE = re.compile(r"\[([^\]]+)\]")
MONTHS = "January February March April June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
ROLES = ["mayor", "chief executive", "union leader", "spokeswoman", "spokesman", "regional governor",
         "director", "treasurer", "council member", "chairwoman", "site manager", "auditor"]
ORGS = ["Council", "Authority", "Trust", "Cooperative", "Holdings", "Foundation", "Commission", "Board"]

SENTENCES = [
    "{p1}, the {role1} of {place}, [said|announced|confirmed] the {topic} would {verb} by {month} if {org} agreed.",
    "[Figures|Data|Numbers] [from|released by|published by] {org} show {n1} {unit} were recorded in {place} last year, up from {n2}.",
    "{group} in {place} [gathered|protested|marched] outside the {topic} on {day}, [carrying banners about|chanting about|demanding answers on] {thing}.",
    "\"We cannot wait another {n3} months,\" {p2} [told reporters|said|told a crowd] at {place} [town hall|station|market square].",
    "{org} has [set aside|earmarked|budgeted] {money} to {verb} the {topic}, a decision {p1} called [overdue|reckless|a fair compromise].",
    "Critics [argue|say|complain] the plan for {thing} favours {place2} over {place}, where {group} feel [ignored|sidelined|short-changed].",
    "A [report|survey|study] by {p2} found that {n4} percent of {group} around {place} [oppose|support|doubt] the proposal.",
    "The {topic} near {place} [employs|keeps busy|pays] roughly {n5} people, according to {org}.",
    "On {day}, {p1} [visited|toured|drove to] {place2} to discuss {thing} with local {group}.",
    "{p2}, who has [followed|covered|studied] {thing} in {place} for years, described the vote as [finely balanced|a foregone conclusion|unpredictable].",
    "Officials in {place} [expect|hope for|forecast] {n1} {unit} once the {topic} is ready to {verb} again.",
    "Opposition members of {org} [asked|urged|challenged] {p1} to publish every contract tied to the {topic}.",
    "Some {group} from {place2} said they would [travel|come|march] to {place} to support the [campaign|petition|strike].",
    "The first phase, worth {money}, is [due|scheduled|expected] to begin in {month}, {p2} [confirmed|added|said].",
    "Rival bids from {place2} and {place} are still [under review by|being weighed by|on the desk of] {org}.",
    "Local {group} say {thing} has become [harder|more expensive|slower] to [plan|arrange|organise] since the {topic} cut its hours.",
    "{p1} dismissed those concerns, saying {org} had consulted {group} at {n3} [public meetings|hearings|workshops].",
    "An independent [engineer|auditor|consultant] hired by {place} warned the {topic} needed {money} in repairs.",
    "[Weather delays|Strikes|Supply problems] in {month} pushed back deliveries of {unit} to {place2}, {p2} said.",
    "The [debate|row|argument] over {thing} is expected to dominate the next [session|meeting|budget round] of {org}.",
    "In {place2}, {group} [queued|waited|lined up] for hours on {day} as rumours about the {topic} spread.",
    "{p2} [recalled|remembered|pointed out] that the {topic} was [last|previously|first] overhauled {n3} years ago.",
    "[Insurers|Lenders|Investors] in {place} have [hesitated|refused|hurried] to back the {topic} until {org} publishes its accounts.",
    "Schoolchildren from {place2} [painted|drew|designed] murals about {thing} for the [reopening|anniversary|festival] in {month}.",
    "{p1} has [promised|pledged|vowed] that no {group} in {place} would [lose their jobs|be left behind|pay more] because of the {topic}.",
    "A [petition|letter|motion] signed by {n5} residents of {place} calls for a [referendum|public inquiry|pause] on {thing}.",
    "[Traffic|Bus routes|Deliveries] around the {topic} in {place} will be [diverted|restricted|rerouted] from {day}, {org} said.",
    "{p2} [estimated|calculated|claimed] that {thing} in {place2} [had fallen|had risen|had stalled] by {n4} percent since {month}.",
    "The {role1} of {place2} [declined to comment|did not respond|refused to answer] when asked about the {topic} on {day}.",
    "Photos [shared|posted|circulated] online showed {group} [repairing|inspecting|cleaning] the {topic} at {place} before dawn.",
]
HEADLINES = [
    "{place} {topic_t} Plan Splits {group_t} as {org} Weighs {money} Deal",
    "{p1} Vows to {verb_t} {place} {topic_t} Before {month}",
    "{group_t} Rally in {place} Over Future of {thing_t}",
    "{org} Approves {money} to {verb_t} {topic_t} in {place}",
    "Doubts Grow Over {place} {topic_t} After Critical Report",
    "{place} and {place2} Compete for New {topic_t}",
]


def _place(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(rng.choice(SYL) for _ in range(rng.choice((2, 3)))).capitalize()
        name += rng.choice(["", "", "holm", "ford", "ova", "stad", "ia", "burg"])
        if name not in used and len(name) > 4:
            used.add(name)
            return name


def _title(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in s.split())


class ProseGenerator:
    """Deterministic generator of distinct synthetic news stories."""

    def __init__(self, seed: int = 20180531) -> None:
        self.rng = random.Random(seed)
        self.used_places: set[str] = set()
        self.counter = 0

    def story(self, key: str, date: datetime, *, n_paragraphs: int | None = None) -> Story:
        rng = self.rng
        topic, thing, group, unit, verb = TOPICS[self.counter % len(TOPICS)]
        self.counter += 1
        place, place2 = _place(rng, self.used_places), _place(rng, self.used_places)
        p1 = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        p2 = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        org = f"the {place} {rng.choice(ORGS)}"
        slots = {
            "p1": p1, "p2": p2, "place": place, "place2": place2, "org": org, "topic": topic,
            "thing": thing, "group": group, "unit": unit, "verb": verb,
            "role1": rng.choice(ROLES), "month": rng.choice(MONTHS), "day": rng.choice(DAYS),
        }

        choices: dict[str, str] = {}

        def pick(m: re.Match[str]) -> str:
            if m.group(0) not in choices:
                choices[m.group(0)] = rng.choice(m.group(1).split("|"))
            return choices[m.group(0)]

        def fill(tpl: str) -> str:
            tpl = _CHOICE_RE.sub(pick, tpl)
            vals: dict[str, object] = dict(slots)
            vals.update(
                n1=f"{rng.randint(12, 980):,}", n2=f"{rng.randint(10, 900):,}", n3=rng.randint(3, 30),
                n4=rng.randint(11, 89), n5=f"{rng.randint(40, 4800):,}",
                money=f"{rng.randint(2, 95)}.{rng.randint(1, 9)} million euros",
            )
            text = tpl.format(**vals)
            return text[0].upper() + text[1:]

        n_par = n_paragraphs or rng.randint(6, 9)
        order = list(range(1, len(SENTENCES)))
        rng.shuffle(order)
        paragraphs = []
        lead = fill(SENTENCES[0])
        paragraphs.append(lead)
        pos = 0
        for _ in range(n_par - 1):
            count = min(rng.randint(2, 3), len(order) - pos)
            if count <= 0:
                break
            sents = []
            for _ in range(count):
                sents.append(fill(SENTENCES[order[pos % len(order)]]))
                pos += 1
            paragraphs.append(" ".join(sents))
        hl = rng.choice(HEADLINES).format(
            place=place, place2=place2, topic_t=_title(topic), group_t=_title(group), org=_title(org[4:]),
            money=f"€{rng.randint(2, 95)}m", p1=p1, verb_t=_title(verb), month=rng.choice(MONTHS),
            thing_t=_title(thing),
        )
        author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        return Story(key=key, headline=hl, paragraphs=paragraphs, date=date, author=author,
                     tags=[topic.split()[-1], place.lower()])


def edit_paragraphs(paragraphs: list[str], rng: random.Random) -> list[str]:
    """An edited copy: drop one paragraph, reword the lead, trim a sentence elsewhere."""
    out = list(paragraphs)
    if len(out) > 4:
        del out[rng.randrange(2, len(out) - 1)]
    lead = out[0]
    out[0] = "Reportedly, " + lead[0].lower() + lead[1:] if lead[:1].isupper() else "Reportedly, " + lead
    for i in range(1, len(out)):
        parts = out[i].split(". ")
        if len(parts) > 2:
            out[i] = ". ".join(parts[:-1]) + ("" if parts[-2].endswith(".") else ".")
            break
    return out
