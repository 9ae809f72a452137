"""Generate the bundled sample dump in data/sample/ (deterministic; run from the repo root).

The articles are original, composed from the templates below, in the plain-text
export layout (title, Description, body, Category, Tags, Date Created ... Author).
Some files are damaged on purpose: lossy mojibake (UTF-8 -> cp1252 -> Latin-1 with
'?'), recoverable mojibake (UTF-8 read as cp1252), or plain cp1252 bytes.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

OUT = Path("data/sample")

PEOPLE = [
    "Amara Okafor",
    "Lena Fischer",
    "Tomasz Wójcik",
    "Hiroshi Tanaka",
    "Priya Raman",
    "Carlos Mendes",
    "Ingrid Solberg",
    "Samuel Osei",
    "Mei Lin",
    "Oleksandr Bondar",
]
CITIES = [
    ("Seoul", "South Korea"),
    ("Kyiv", "Ukraine"),
    ("Warsaw", "Poland"),
    ("Nairobi", "Kenya"),
    ("Lisbon", "Portugal"),
    ("Ottawa", "Canada"),
    ("Jakarta", "Indonesia"),
    ("Berlin", "Germany"),
    ("Brasília", "Brazil"),
    ("Canberra", "Australia"),
]
UNITS = [
    "47th Mechanized Brigade",
    "Black Sea Fleet",
    "3rd Assault Brigade",
    "1st Guards Tank Army",
    "Storm Corps",
    "82nd Airborne Division",
]

CATEGORIES = {
    "World News": {
        "titles": [
            "{country} Summons Envoy Over Border Incident",
            "Talks in {city} End Without Deal",
            "{country} and Allies Weigh New Sanctions",
            "Ceasefire Holds in Disputed Region, {country} Says",
        ],
        "sentences": [
            "Officials in {city} said the talks would resume next week after a “frank exchange” of views.",
            "{person}, the foreign minister, told reporters that {country}’s patience “is not unlimited.”",
            "Diplomats said the {unit} had been moved closer to the border in recent days.",
            "The United Nations called on both sides to show restraint — and to keep channels open.",
            "Satellite images reviewed by analysts appeared to show new positions near the frontier.",
            "Neighbouring governments urged a return to the 2019 agreement, which expired in March.",
            "The Kremlin declined to comment, while the White House said it was “monitoring closely.”",
            "Aid agencies warned that thousands of civilians had already left the area.",
        ],
        "tags": [
            "diplomacy",
            "sanctions",
            "border dispute",
            "United Nations",
            "ceasefire",
            "foreign ministers",
            "military buildup",
            "refugees",
        ],
    },
    "Politics": {
        "titles": [
            "Parliament Passes Contested Budget in {country}",
            "Coalition Talks Stall in {city}",
            "Opposition Leader Calls for Early Election",
            "Minister Resigns After Expenses Row",
        ],
        "sentences": [
            "The bill passed by 212 votes to 198 after a debate that ran past midnight.",
            "{person}, who leads the opposition, called the vote “a betrayal of every promise made.”",
            "Coalition partners said they would not support the plan without changes to the pension clause.",
            "Polls suggest the governing party’s support has fallen to its lowest level since 2016.",
            "The prime minister’s office said the cabinet reshuffle would be announced on Friday.",
            "Critics argue that the reform concentrates too much power in the executive.",
            "Turnout in the regional vote was 58%, up four points on the last election.",
            "Lawmakers from three parties signed a letter demanding an independent inquiry.",
        ],
        "tags": [
            "elections",
            "parliament",
            "budget",
            "coalition government",
            "opposition",
            "prime minister",
            "electoral reform",
            "public inquiry",
        ],
    },
    "Business": {
        "titles": [
            "Shares Slide as Chipmaker Cuts Forecast",
            "Central Bank Holds Rates Steady",
            "Retail Sales Beat Expectations in {country}",
            "Airline Posts Record Quarterly Profit",
        ],
        "sentences": [
            "The company’s shares fell 7% in early trading after it lowered its full-year outlook.",
            "Analysts had expected revenue of $4.2 billion; the firm reported $3.9 billion.",
            "The central bank left its benchmark rate at 4.25%, citing “sticky” services inflation.",
            "{person}, chief executive, said demand from data centres remained strong.",
            "Retail sales rose 1.3% in the month, the fastest pace since early 2022.",
            "Bond yields edged higher as investors scaled back bets on a cut in June.",
            "The airline said fuel costs fell 12% while ticket prices held firm.",
            "Economists warned that a weaker currency could push import prices higher.",
        ],
        "tags": [
            "stock markets",
            "interest rates",
            "inflation",
            "earnings",
            "retail sales",
            "central banks",
            "semiconductors",
            "aviation industry",
        ],
    },
    "Sport": {
        "titles": [
            "Late Winner Sends Champions Top",
            "{person} Breaks National Record",
            "Coach Sacked After Fifth Straight Defeat",
            "Underdogs Reach Cup Final in {city}",
        ],
        "sentences": [
            "The winner came in the 89th minute, a curling shot that left the goalkeeper rooted.",
            "{person} finished in 9.87 seconds, a hundredth faster than the previous mark.",
            "The club said it had “parted ways” with the head coach after a run of five defeats.",
            "Supporters sang long after the final whistle — few had expected a place in the final.",
            "The team’s captain said the squad had “never stopped believing.”",
            "Tickets for the final sold out within two hours of going on sale.",
            "The league’s disciplinary panel will review the incident on Tuesday.",
            "It was the side’s first trophy in 31 years.",
        ],
        "tags": [
            "football",
            "athletics",
            "cup final",
            "coaching changes",
            "records",
            "league table",
            "transfers",
            "fans",
        ],
    },
    "Technology": {
        "titles": [
            "New AI Model Tops Language Benchmark",
            "Regulators Probe App Store Rules",
            "Start-Up in {city} Raises $50 Million",
            "Data Breach Exposes Millions of Records",
        ],
        "sentences": [
            "The model was trained on a cluster of 4,096 processors over six weeks, the company said.",
            "Regulators are examining whether the platform’s payment rules stifle competition.",
            "{person}, the start-up’s founder, said the funding would double its engineering team.",
            "Security researchers said the exposed database held names, emails and hashed passwords.",
            "The company said it had “no evidence” the data had been misused.",
            "Open-source developers have criticised the licence, which limits commercial use.",
            "The update also brings end-to-end encryption to group calls.",
            "Chip shortages have eased, but lead times for some components remain long.",
        ],
        "tags": [
            "artificial intelligence",
            "cybersecurity",
            "data breach",
            "start-ups",
            "competition law",
            "encryption",
            "open source",
            "semiconductors",
        ],
    },
    "Science": {
        "titles": [
            "Telescope Spots Water Vapour on Distant Planet",
            "Researchers Map Ancient River System",
            "Glacier Retreat Faster Than Expected, Study Finds",
            "Fossil Find Rewrites Bird Evolution",
        ],
        "sentences": [
            "The planet orbits a red dwarf about 120 light years away.",
            "{person}, who led the study, said the results were “surprising but robust.”",
            "The team used radar data gathered over 14 years to trace the buried channels.",
            "Measurements show the glacier lost 1.2 km of length between 2010 and 2023.",
            "The fossil, roughly 150 million years old, preserves feathers in fine detail.",
            "The findings were published in the journal Nature on Wednesday.",
            "Other scientists cautioned that the sample size was small.",
            "Further observations are planned for next year’s dry season.",
        ],
        "tags": [
            "astronomy",
            "exoplanets",
            "climate change",
            "glaciers",
            "palaeontology",
            "geology",
            "research funding",
            "space telescopes",
        ],
    },
    "Health": {
        "titles": [
            "Hospitals Brace for Winter Flu Surge",
            "New Drug Cuts Heart Attack Risk, Trial Shows",
            "Measles Cases Rise in {country}",
            "Health Workers Strike Over Pay",
        ],
        "sentences": [
            "Hospital admissions for flu doubled in a fortnight, health officials said.",
            "The trial enrolled 12,000 patients across 18 countries.",
            "{person}, an epidemiologist, said vaccination rates had fallen below 90%.",
            "Nurses walked out for 48 hours after talks on pay broke down.",
            "The drug reduced the risk of heart attack by 21% compared with a placebo.",
            "Officials urged parents to check their children’s vaccination records.",
            "Waiting lists for routine surgery remain near record highs.",
            "The regulator is expected to decide on approval within six months.",
        ],
        "tags": [
            "influenza",
            "vaccination",
            "clinical trials",
            "hospitals",
            "measles",
            "health workers",
            "cardiology",
            "public health",
        ],
    },
    "Culture": {
        "titles": [
            "Film Festival Opens With Debut Feature",
            "Museum Returns Looted Bronzes",
            "Novelist Wins Top Literary Prize",
            "Record Crowds at {city} Art Fair",
        ],
        "sentences": [
            "The festival opened with a debut feature shot on a shoestring budget.",
            "{person}’s novel, her third, was praised by the judges as “quietly devastating.”",
            "The museum said the return of the bronzes was “long overdue.”",
            "Organisers said more than 80,000 visitors attended over four days.",
            "The director thanked the cast — most of them non-professional actors.",
            "Critics have compared the book to the great family sagas of the 19th century.",
            "The exhibition travels to three more cities next year.",
            "Ticket prices were kept low to draw younger audiences.",
        ],
        "tags": [
            "film festivals",
            "literature",
            "museums",
            "art fairs",
            "restitution",
            "book prizes",
            "cinema",
            "exhibitions",
        ],
    },
}


def lossy(text: str) -> str:
    return (
        text.encode("utf-8")
        .decode("cp1252", errors="replace")
        .encode("latin-1", errors="replace")
        .decode("latin-1")
    )


def recoverable(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


def compose(rng: random.Random, category: str, number: int) -> dict:
    spec = CATEGORIES[category]
    city, country = rng.choice(CITIES)
    slots = {
        "city": city,
        "country": country,
        "person": rng.choice(PEOPLE),
        "unit": rng.choice(UNITS),
    }
    title = rng.choice(spec["titles"]).format(**slots)
    sentences = rng.sample(spec["sentences"], 6)
    paragraphs = [" ".join(s.format(**slots) for s in sentences[i : i + 2]) for i in range(0, 6, 2)]
    tags = rng.sample(spec["tags"], rng.randint(2, 5))
    published = date(2024, 1, 1) + timedelta(days=rng.randint(0, 364))
    return {
        "id": f"sample-{number:03d}",
        "title": title,
        "body": "\n\n".join(paragraphs),
        "category": category,
        "tags": tags,
        "author": rng.choice(["jdoe", "mkovacs", "asmith", "newsdesk"]),
        "date": published,
    }


def plain_text(article: dict, rng: random.Random) -> str:
    lines = [article["title"], ""]
    if rng.random() < 0.8:
        lines += ["Description", ""]
    lines += [article["body"], "", "Category", "", f"1. {article['category']}", "", "Tags", ""]
    for i, tag in enumerate(article["tags"], start=1):
        lines.append(f"- {i}. {tag}")
        if rng.random() < 0.3:
            lines.append("")
    when = article["date"].strftime("%B %-d, %Y")
    lines += ["", f"Date Created {when} Author {article['author']}", ""]
    return "\n".join(lines)


def main() -> None:
    rng = random.Random(20241021)
    OUT.mkdir(parents=True, exist_ok=True)
    number = 0
    for category in CATEGORIES:
        for _ in range(8):
            number += 1
            article = compose(rng, category, number)
            text = plain_text(article, rng)
            damage = rng.random()
            path = OUT / "articles" / f"{number:03d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            if damage < 0.25:
                path.write_bytes(lossy(text).encode("utf-8"))
            elif damage < 0.4:
                path.write_bytes(recoverable(text).encode("utf-8"))
            elif damage < 0.5:
                path.write_bytes(text.encode("cp1252", errors="replace"))
            else:
                path.write_bytes(text.encode("utf-8"))
    with open(OUT / "feed.jsonl", "w", encoding="utf-8") as handle:
        for category in CATEGORIES:
            number += 1
            article = compose(rng, category, number)
            record = {
                **article,
                "date": article["date"].isoformat(),
                "tags": ", ".join(article["tags"]),
            }
            if number % 3 == 0:
                record["body"] = lossy(record["body"])
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.write('{"id": "sample-broken", "title": "Truncated record", "body": "This line\n')
        # A wire brief: a headline and nothing else is still an article.
        brief = {"id": "sample-brief", "title": "FLASH: Seoul summons Russian ambassador"}
        handle.write(json.dumps(brief) + "\n")
        # Neither a title nor a body: an error row.
        handle.write(json.dumps({"id": "sample-empty", "author": "News desk"}) + "\n")
    items = []
    for category in list(CATEGORIES)[:4]:
        number += 1
        article = compose(rng, category, number)
        paragraphs = "".join(f"<p>{p}</p>\n" for p in article["body"].split("\n\n"))
        cats = (
            f'<category domain="category" nicename="x"><![CDATA[{article["category"]}]]></category>'
        )
        tags = "".join(
            f'<category domain="post_tag" nicename="t"><![CDATA[{t}]]></category>'
            for t in article["tags"]
        )
        items.append(f"""  <item>
    <title>{article["title"]}</title>
    <dc:creator><![CDATA[{article["author"]}]]></dc:creator>
    <content:encoded><![CDATA[{paragraphs}]]></content:encoded>
    <wp:post_id>{number}</wp:post_id>
    <wp:post_date><![CDATA[{article["date"].isoformat()} 09:30:00]]></wp:post_date>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    {cats}{tags}
  </item>""")
    items.append("""  <item>
    <title>Unfinished draft</title>
    <content:encoded><![CDATA[<p>Not ready.</p>]]></content:encoded>
    <wp:post_id>9999</wp:post_id>
    <wp:status><![CDATA[draft]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
  </item>""")
    (OUT / "export.wxr.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
        "<channel>\n<title>Sample newsroom</title>\n" + "\n".join(items) + "\n</channel>\n</rss>\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
