"""Load check of the editors' service: concurrent clients, a share of malformed requests.

    python bench/bench_service.py [--requests 1000] [--clients 16] [--malformed 0.1]
                                  [--feedback 0.1] [--seconds 600] [--workers 2]

Starts ``pipeline serve`` on a free loopback port (default model), then ``--clients``
threads, each on its own keep-alive connection, send ``--requests`` requests between
them (or stop after ``--seconds``): a share of malformed ones (invalid JSON, non-UTF-8
bytes, wrong types, an empty article, an oversized body, a non-JSON type, an unknown
field, a batch of 33), a share of feedback decisions, the rest analyses of one 600-word
article written for this benchmark. Reports p50/p95 latency of the analyses, requests
per second, answers by status, connection errors, and whether every feedback row the
service acknowledged is in its database. The reference, measured in the same run on the
same article: spaCy's NER alone on two processes (``nlp.pipe(n_process=2)``, no repair,
no entity resolution, no suggestions, no HTTP): the practical ceiling on this machine.
Nothing leaves the loopback interface; the loop is bounded in requests and in time.

    python bench/bench_service.py --long [--long-size 900000] [--samples 15]

Long articles against short ones: the median latency of the 600-word article with the
service idle, then while two ``--long-size``-character articles are in flight (sent
together, then short requests one after another until both long ones are answered), on
the server as configured (long drafts in their own niced worker) and, as the baseline in
the same run, with that lane switched off (``--long-chars`` above any draft). Also sends a
1,040,000-character body (under the 1 MiB limit, over spaCy's max_length) and checks it
gets a 2xx or 4xx and that the same keep-alive connection still answers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sqlite3
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newsdump_dev.serving import ServiceFailed, serving
from pipeline.service.config import GROUP, WORKERS

TITLE = "Port strike spreads along the Baltic as ministers meet in Gdansk"
# An invented story written for this benchmark (its people and companies are made up);
# wrapped here, one line per paragraph when sent.
_WRAPPED = """\
Dock workers in Poland, Lithuania and Latvia stopped loading ships on Tuesday as a strike
that began in Gdansk last week spread to the ports of Klaipeda and Riga, leaving more than
two hundred vessels waiting at anchor in the Baltic Sea.

The walkout was called by the Baltic Dockers' Alliance, a federation of port unions, after
talks with terminal operators over pay and night shifts broke down. Its chairman, Tomasz
Wierzbicki, told reporters outside the container terminal in Gdansk that his members had
waited two years for a settlement. "We are not asking for miracles," he said. "We are asking
for the wages we were promised when the new cranes arrived."

Transport ministers from the three countries met in Gdansk on Tuesday afternoon. Poland's
infrastructure minister, Katarzyna Nowicka, said after the meeting that the governments
would not intervene directly but would appoint a mediator if both sides agreed. Lithuania's
transport minister, Rokas Baranauskas, warned that a long stoppage would hurt exporters of
grain and timber, who depend on the ports in the weeks before winter.

The European Commission said it was following the dispute closely. A spokeswoman in
Brussels, Margit Sorensen, said the single market rules did not allow governments to order
strikers back to work, and that the Commission expected the parties to resolve the matter
through negotiation.

Shipping companies have begun to divert cargo. Nordline Shipping said it would send some vessels to
Hamburg and Rotterdam instead, adding several days to delivery times for customers in
Finland and Estonia. Freight rates on routes into the eastern Baltic rose by almost a fifth
in two days, according to the Oslo-based broker Nordic Freight Analytics.

Farmers are among those most exposed. About a third of Lithuania's grain exports leave
through Klaipeda, and the harvest this year was the largest in a decade. Jonas Petrauskas,
who grows wheat near Siauliai, said his cooperative had filled its silos and had nowhere
left to store the crop. "If the ships do not move by the end of the month, we will have to
sell at any price," he said.

Retailers warned of shortages before the holidays. The Polish retail association said
supermarkets had enough stock for now but that imports of fruit, coffee and electronics
would thin out if the strike lasted another fortnight. Prices of bananas in Warsaw wholesale
markets rose sharply on Monday.

The operators say they cannot afford the union's demands. Baltic Terminals Group, which runs
the largest container terminal in Gdansk, said the union wanted a rise of fourteen percent,
far above inflation, and that the company had offered six percent with a bonus for night
work. Its chief executive, Henrik Lindqvist, said the company remained open to talks.

Economists at the National Bank of Poland estimated that each week of the strike would cut
the country's growth this quarter by a tenth of a percentage point. Latvia, where the port
of Riga handles a larger share of trade, could be hit harder, said Ilze Kalnina, an
economist at the University of Latvia.

Union leaders in Germany and Sweden expressed support for the strikers, and dock workers in
Hamburg said they would refuse to handle cargo diverted from the Baltic ports. The
International Transport Workers' Federation called on operators to return to the table.

By evening, a small group of strikers had gathered outside the ministry building in Gdansk,
singing and waving flags. Police said the protest was peaceful. Talks between the union and
the operators are due to resume on Thursday in Vilnius, under a mediator proposed by the
Lithuanian government.
"""
BODY = "\n\n".join(" ".join(part.split()) for part in _WRAPPED.split("\n\n"))

MALFORMED = [
    ("invalid JSON", "/v1/analyze", b'{"title": "Gdansk strike", "body": ', {}),
    ("non-UTF-8", "/v1/analyze", b'{"title": "Gda\xf1sk strike"}', {}),
    ("wrong type", "/v1/analyze", b'{"title": ["Gdansk"], "body": 7}', {}),
    ("empty article", "/v1/analyze", b'{"title": "  ", "body": ""}', {}),
    ("unknown field", "/v1/analyze", b'{"headline": "Gdansk strike"}', {}),
    ("not JSON", "/v1/analyze", b"title=Gdansk", {"Content-Type": "text/plain"}),
    ("feedback without label", "/v1/feedback", b'{"article_id": "b", "kind": "tag"}', {}),
    ("batch of 33", "/v1/analyze/batch", None, {}),
    ("oversized", "/v1/analyze", None, {"Content-Length": str(50 << 20)}),
]
TAGS = ["transport", "strikes", "trade", "ports", "labour", "Baltic states"]
DECISIONS = ["accepted", "rejected", "added"]


@dataclass
class Outcome:
    kind: str  # analyze, feedback, or the malformed case's name
    status: int  # 0: no answer (connection error)
    seconds: float
    error: str = ""


@dataclass
class Plan:
    """The requests, fixed by a seed: the same mix on every run."""

    count: int
    malformed: float
    feedback: float
    seed: int = 0
    kinds: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        bad = round(self.count * self.malformed)
        fed = round(self.count * self.feedback)
        cases = [f"malformed:{i % len(MALFORMED)}" for i in range(bad)]  # each case in turn
        self.kinds = cases + ["feedback"] * fed + ["analyze"] * (self.count - bad - fed)
        rng.shuffle(self.kinds)


def words(text: str) -> int:
    return len(text.split())


class Client:
    """One keep-alive connection; reconnects when the server closes it (after a 413)."""

    def __init__(self, port: int):
        self.port = port
        self.connection: http.client.HTTPConnection | None = None

    def send(self, path: str, body: bytes | None, headers: dict[str, str]) -> int:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        connection = self.connection
        try:
            if body is None:  # only headers: an announced body that never comes
                connection.putrequest("POST", path)
                connection.putheader("Content-Type", "application/json")
                for name, value in headers.items():
                    connection.putheader(name, value)
                connection.endheaders()
            else:
                connection.request(
                    "POST", path, body=body, headers={"Content-Type": "application/json", **headers}
                )
            response = connection.getresponse()
            response.read()
            if response.getheader("connection", "").lower() == "close" or body is None:
                self.close()
            return response.status
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def request_for(kind: str, index: int) -> tuple[str, str, bytes | None, dict[str, str]]:
    if kind == "analyze":
        payload = {"title": TITLE, "body": BODY, "article_id": f"bench-{index % 50}"}
        return "analyze", "/v1/analyze", json.dumps(payload).encode(), {}
    if kind == "feedback":
        payload = {
            "article_id": f"bench-fb-{index}",
            "kind": "tag",
            "label": TAGS[index % len(TAGS)],
            "decision": DECISIONS[index % len(DECISIONS)],
        }
        return "feedback", "/v1/feedback", json.dumps(payload).encode(), {}
    name, path, body, headers = MALFORMED[int(kind.split(":")[1])]
    if name == "batch of 33":
        body = json.dumps({"articles": [{"article_id": str(i), "title": "x"} for i in range(33)]})
        body = body.encode()
    if name == "oversized":
        body = None
    return name, path, body, headers


def load(port: int, plan: Plan, clients: int, seconds: float) -> tuple[list[Outcome], float]:
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    next_index = iter(range(plan.count))
    deadline = time.monotonic() + seconds

    def work() -> None:
        client = Client(port)
        while time.monotonic() < deadline:
            with lock:
                index = next(next_index, None)
            if index is None:
                break
            kind, path, body, headers = request_for(plan.kinds[index], index)
            started = time.perf_counter()
            try:
                status, error = client.send(path, body, headers), ""
            except Exception as exc:  # counted, not raised: the benchmark reports them
                status, error = 0, f"{type(exc).__name__}: {exc}"
            outcome = Outcome(kind, status, time.perf_counter() - started, error)
            with lock:
                outcomes.append(outcome)
        client.close()

    threads = [threading.Thread(target=work) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - started


def ner_ceiling(articles: int) -> float:
    """Articles per second of spaCy's NER alone on two processes, for this article."""
    import spacy

    from pipeline.nlp.loader import UNUSED, default_model_name

    nlp = spacy.load(default_model_name(), exclude=[*UNUSED, "tok2vec"])
    texts = [TITLE, BODY] * articles
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=2, batch_size=16):
        pass
    return articles / (time.perf_counter() - started)


def ner_cpu_per_article(articles: int = 20) -> float:
    """CPU seconds of spaCy's NER alone per article (one process): a cost that does not
    depend on what else the machine is doing."""
    import spacy

    from pipeline.nlp.loader import UNUSED, default_model_name

    nlp = spacy.load(default_model_name(), exclude=[*UNUSED, "tok2vec"])
    list(nlp.pipe([TITLE, BODY]))
    started = time.process_time()
    for _ in nlp.pipe([TITLE, BODY] * articles, batch_size=16):
        pass
    return (time.process_time() - started) / articles


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its descendants, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def stored_feedback(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "feedback.sqlite3") as connection:
        return int(connection.execute("SELECT count(*) FROM feedback").fetchone()[0])


def report(outcomes: list[Outcome], elapsed: float, stored: int, ceiling: float) -> dict:
    analyses = [o for o in outcomes if o.kind == "analyze" and o.status == 200]
    statuses = Counter(o.status for o in outcomes)
    by_case = Counter((o.kind, o.status) for o in outcomes if o.kind not in ("analyze", "feedback"))
    acknowledged = sum(1 for o in outcomes if o.kind == "feedback" and o.status == 201)
    latencies = [o.seconds for o in analyses]
    figures = {
        "requests": len(outcomes),
        "seconds": round(elapsed, 1),
        "requests_per_s": round(len(outcomes) / elapsed, 2),
        "analyses_per_s": round(len(analyses) / elapsed, 2),
        "ner_only_articles_per_s": round(ceiling, 2),
        "analyses_vs_ner_only": round(len(analyses) / elapsed / ceiling, 2),
        "analysis_p50_s": round(percentile(latencies, 0.50), 3),
        "analysis_p95_s": round(percentile(latencies, 0.95), 3),
        "analysis_max_s": round(max(latencies, default=float("nan")), 3),
        "statuses": dict(sorted(statuses.items())),
        "server_errors_5xx": sum(n for s, n in statuses.items() if s >= 500),
        "connection_errors": statuses.get(0, 0),
        "feedback_acknowledged": acknowledged,
        "feedback_stored": stored,
        "malformed_answers": {f"{k} -> {s}": n for (k, s), n in sorted(by_case.items())},
    }
    errors = Counter(o.error for o in outcomes if o.error)
    if errors:
        figures["errors"] = dict(errors.most_common(5))
    return figures


def _post(connection: http.client.HTTPConnection, payload: dict) -> tuple[int, float]:
    started = time.perf_counter()
    connection.request(
        "POST", "/v1/analyze", json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def long_body(size: int) -> str:
    """``size`` characters of the benchmark's article, repeated (paragraphs kept)."""
    return ((BODY + "\n\n") * (size // (len(BODY) + 2) + 1))[:size]


def short_latencies(port: int, samples: int, until: threading.Event | None = None) -> list[float]:
    """Latencies of the 600-word article, one request after another: ``samples`` of them,
    or (with ``until``) as many as fit before it is set (at least one)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    seconds = []
    while len(seconds) < samples if until is None else (not seconds or not until.is_set()):
        status, elapsed = _post(connection, {"title": TITLE, "body": BODY})
        if status == 200:
            seconds.append(elapsed)
    connection.close()
    return seconds


def long_case(port: int, size: int, samples: int) -> dict:
    """Idle median, then the median with two long articles in flight, and their answers."""
    idle = short_latencies(port, samples)
    answers: list[tuple[int, float]] = []

    def send_long(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1800)
        answers.append(_post(connection, {"title": f"Long {index}", "body": long_body(size)}))

    senders = [threading.Thread(target=send_long, args=(i,)) for i in range(2)]
    for sender in senders:
        sender.start()
    time.sleep(2)  # both sent and being analysed
    done = threading.Event()
    waiter = threading.Thread(target=lambda: ([s.join() for s in senders], done.set()))
    waiter.start()
    loaded = short_latencies(port, samples, until=done)
    waiter.join()
    idle_median, loaded_median = percentile(idle, 0.5), percentile(loaded, 0.5)
    return {
        "idle_median_s": round(idle_median, 3),
        "with_two_long_median_s": round(loaded_median, 3),
        "ratio": round(loaded_median / idle_median, 2),
        "with_two_long_max_s": round(max(loaded), 3),
        "short_samples_with_long": len(loaded),
        "long_answers": [[status, round(elapsed, 1)] for status, elapsed in answers],
    }


def oversize_for_spacy(port: int) -> dict:
    """A 1,040,000-character body: its status, and whether the connection still answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1800)
    status, elapsed = _post(connection, {"title": "Long", "body": long_body(1_040_000)})
    connection.request("GET", "/healthz")
    after = connection.getresponse()
    after.read()
    return {"status": status, "seconds": round(elapsed, 1), "connection_then": after.status}


def long_main(args: argparse.Namespace) -> None:
    print(f"long articles: {args.long_size} characters, {args.samples} short samples idle")
    figures = {}
    for name, options in (
        ("long lane", ()),
        ("baseline, no long lane", ("--long-chars", str(10**12))),
    ):
        data_dir = Path(tempfile.mkdtemp(prefix="bench-service-long-"))
        options = ("--workers", str(args.workers), *options)
        with serving(data_dir, *options, timeout=300) as service:
            figures[name] = long_case(service.port, args.long_size, args.samples)
            if name == "long lane":
                figures["1,040,000 characters"] = oversize_for_spacy(service.port)
        print(name, json.dumps(figures[name]))
    figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(figures, indent=2))
    oversize = figures["1,040,000 characters"]
    checks = {
        "1,040,000 characters: 2xx or 4xx": 200 <= oversize["status"] < 500,
        "the connection survives it": oversize["connection_then"] == 200,
        "long articles answered 2xx/4xx": all(
            200 <= status < 500 for status, _ in figures["long lane"]["long_answers"]
        ),
        "short median with two long in flight within 3x idle": figures["long lane"]["ratio"] <= 3,
    }
    for name, passed in checks.items():
        print(f"check {name}: {'passed' if passed else 'FAILED'}")
    if not all(checks.values()):
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--malformed", type=float, default=0.1)
    parser.add_argument("--feedback", type=float, default=0.1)
    parser.add_argument("--seconds", type=float, default=600, help="stop after this long")
    # The server's own defaults, so the benchmark measures what `pipeline serve` runs.
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help="analysis processes of the server"
    )
    parser.add_argument("--group", type=int, default=GROUP, help="articles a worker takes at once")
    parser.add_argument("--ceiling-articles", type=int, default=120)
    parser.add_argument("--long", action="store_true", help="the long-articles case only")
    parser.add_argument("--long-size", type=int, default=900_000, help="long article, chars")
    parser.add_argument("--samples", type=int, default=15, help="short requests idle")
    args = parser.parse_args()
    if args.long:
        long_main(args)
        return
    print(f"article: {words(TITLE) + words(BODY)} words; {os.cpu_count()} cores")
    ceiling_before = ner_ceiling(args.ceiling_articles)
    print(f"NER only, 2 processes: {ceiling_before:.2f} articles/s")
    data_dir = Path(tempfile.mkdtemp(prefix="bench-service-"))
    options = ("--workers", str(args.workers), "--group", str(args.group))
    try:
        with serving(data_dir, *options, timeout=300) as service:
            startup = service.startup_seconds
            print(f"server with {args.workers} analysis workers up in {startup:.1f} s")
            plan = Plan(args.requests, args.malformed, args.feedback)
            cpu_before = tree_cpu_seconds(service.process.pid)
            outcomes, elapsed = load(service.port, plan, args.clients, args.seconds)
            server_cpu = tree_cpu_seconds(service.process.pid) - cpu_before
    except ServiceFailed as exc:
        raise SystemExit(str(exc)) from exc
    # The machine may be shared: the ceiling is measured before and after, and averaged.
    ceiling_after = ner_ceiling(args.ceiling_articles)
    print(f"NER only, 2 processes, after: {ceiling_after:.2f} articles/s")
    ceiling = (ceiling_before + ceiling_after) / 2
    figures = report(outcomes, elapsed, stored_feedback(data_dir), ceiling)
    # CPU time does not depend on the machine's other load: the server's (all its
    # processes) per request analysed, against NER alone per article.
    analysed = sum(1 for o in outcomes if o.kind == "analyze" and o.status == 200)
    ner_cpu = ner_cpu_per_article()
    figures["server_cpu_ms_per_analysis"] = round(1000 * server_cpu / max(1, analysed), 1)
    figures["ner_only_cpu_ms_per_article"] = round(1000 * ner_cpu, 1)
    figures["cpu_ratio_ner_to_service"] = round(ner_cpu * analysed / max(server_cpu, 1e-9), 2)
    figures.update(
        ner_only_before_after=[round(ceiling_before, 2), round(ceiling_after, 2)],
        load_average=[round(x, 2) for x in os.getloadavg()],
        clients=args.clients,
        workers=args.workers,
        group=args.group,
        startup_s=round(startup, 1),
    )
    print(json.dumps(figures, indent=2))
    sent_feedback = sum(1 for o in outcomes if o.kind == "feedback")
    checks = {
        "no 5xx": figures["server_errors_5xx"] == 0,
        "no connection errors": figures["connection_errors"] == 0,
        "every feedback request acknowledged": figures["feedback_acknowledged"] == sent_feedback,
        "every acknowledged row stored": figures["feedback_stored"] == sent_feedback,
        "every malformed request a 4xx": all(
            400 <= o.status < 500 for o in outcomes if o.kind not in ("analyze", "feedback")
        ),
    }
    for name, passed in checks.items():
        print(f"check {name}: {'passed' if passed else 'FAILED'}")
    if not all(checks.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
