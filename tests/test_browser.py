"""The editor page in a real headless browser (Debian's chromium, driven by Playwright).

The test installs nothing: ``make test`` installs chromium first (apt-get, as root); where
chromium is absent, this test skips and says why. Nothing is fetched from outside: every
request the page makes is checked to stay on the service's own address.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import running_service

pytestmark = pytest.mark.slow

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TITLE = "Kremlin rebuffs Seoul over North Korean troops"
BODY = (
    "Kremlin spokesman Dmitry Peskov said on Monday that Moscow would keep developing "
    "relations with Pyongyang. Peskov said no deal on the Storm Corps was near.\n\n"
    "South Korea's foreign ministry summoned the Russian ambassador in Seoul, and British "
    "Foreign Secretary David Lammy called the deployment reckless."
)


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def installed_chromium() -> str:
    """The installed chromium's path, or a skip saying how to install it."""
    found = find_chromium()
    if found is None:
        pytest.skip(
            "chromium is not installed: `make test` installs it when run as root, or "
            "install Debian's package yourself (apt-get install -y chromium)"
        )
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator:
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed"
    )
    executable = installed_chromium()
    with playwright_api.sync_playwright() as playwright:
        # A launch (not a persistent context) runs on a fresh, empty profile of its own.
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def marked(page, label: str) -> list[str]:
    """The text of each entity mark with ``label`` (without the label shown after it)."""
    return page.evaluate(
        """(label) => [...document.querySelectorAll(`mark.entity[data-label="${label}"]`)]
            .map((m) => m.textContent.slice(0, -m.querySelector(".entity-label").textContent.length))""",
        label,
    )


def stored(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "feedback.sqlite3") as connection:
        return connection.execute(
            "SELECT article_id, kind, label, decision, to_label FROM feedback ORDER BY id"
        ).fetchall()


def test_an_editor_analyzes_a_draft_sees_why_and_decides(browser, tmp_path):
    with running_service(tmp_path / "service") as server:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        outside = []
        page.on(
            "request",
            lambda r: outside.append(r.url) if not r.url.startswith(server.url) else None,
        )
        page.goto(server.url + "/")
        page.locator("#title").press_sequentially(TITLE)
        page.fill("#body", BODY)
        page.fill("#article-id", "draft-browser")
        page.keyboard.press("Control+Enter")

        # Entities, marked as displaCy marks them.
        page.wait_for_selector("mark.entity")
        assert {"Dmitry Peskov", "Peskov", "David Lammy"} <= set(marked(page, "PERSON"))
        assert marked(page, "MILITARY_UNIT") == ["Storm Corps"]
        assert {"Seoul", "Moscow", "Pyongyang"} <= set(marked(page, "GPE"))

        # Category and tag pills with score bars; tags also show their threshold.
        assert page.locator("#categories .pill").count() == 3
        tags = page.locator("#tags .pill")
        assert tags.count() >= 1
        first = tags.first
        assert first.locator(".bar .fill").count() == 1
        assert first.locator(".bar .threshold").count() == 1
        label = first.get_attribute("data-label")

        # A pill's evidence: its words underlined in the text and listed.
        first.click()
        page.wait_for_selector("#rendered .evidence")
        assert page.locator("#evidence tbody tr").count() >= 1
        assert f"Why “{label}”" in page.inner_text("#evidence")

        # Accept it with its button: the row is in the database when the page says so.
        first.locator("button.accept").click()
        page.wait_for_function("document.querySelector('#status').textContent.includes('stored')")
        assert stored(server.data_dir) == [("draft-browser", "tag", label, "accepted", None)]
        assert "accepted" in (tags.first.get_attribute("class") or "")

        # Keyboard: next pill, reject it; then edit a category.
        page.keyboard.press("j")
        second = page.evaluate("document.activeElement.dataset.label")
        page.keyboard.press("r")
        page.wait_for_function("document.querySelector('#status').textContent.includes('rejected')")
        assert stored(server.data_dir)[-1] == ("draft-browser", "tag", second, "rejected", None)
        category = page.locator("#categories .pill").first
        category.focus()
        old = category.get_attribute("data-label")
        page.keyboard.press("e")
        page.keyboard.press("Control+a")
        page.keyboard.type("Asia")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('#status').textContent.includes('edited')")
        assert stored(server.data_dir)[-1] == ("draft-browser", "category", old, "edited", "Asia")

        # The draft survives a reload, and the service no longer suggests the rejected tag.
        page.reload()
        assert page.input_value("#title") == TITLE
        assert page.input_value("#body") == BODY
        assert page.locator(f'#tags .pill[data-label="{label}"].accepted').count() == 1
        page.click("#analyze")
        page.wait_for_function("document.querySelector('#status').textContent.includes('Analyzed')")
        assert page.locator(f'#tags .pill[data-label="{second}"]').count() == 0
        assert page.locator(f'#tags .pill[data-label="{label}"].accepted').count() == 1
        assert outside == []
        page.close()


OTHER_TITLE = "Central bank raises interest rates to fight inflation"
OTHER_BODY = (
    "The central bank raised its main interest rate by half a point on Thursday, the "
    "governor said, as consumer prices rose faster than expected.\n\n"
    "Economists said mortgage lenders would pass the higher borrowing costs on to households."
)
DAMAGED_BODY = BODY.replace("South Korea's", "South Koreaâ€™s")


def status_says(page, words: str) -> None:
    page.wait_for_function(
        "(words) => document.querySelector('#status').textContent.includes(words)", arg=words
    )


def test_a_different_article_is_a_new_draft_and_rejections_can_be_undone(browser, tmp_path):
    with running_service(tmp_path / "service") as server:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server.url + "/")
        page.fill("#title", TITLE)
        page.fill("#body", DAMAGED_BODY)
        page.click("#analyze")
        status_says(page, "Analyzed")
        first_id = page.input_value("#article-id")

        # Each repair is marked where it is in the text, and its list entry points there.
        repair = page.locator("#rendered .repair").first
        assert repair.inner_text() == "’"
        assert "â€™" in (repair.get_attribute("title") or "")
        assert "body, character" in page.inner_text("#repairs li")

        # Rejected tags are listed, with an undo that stores the undoing.
        label = page.locator("#tags .pill").first.get_attribute("data-label")
        page.locator("#tags .pill").first.locator("button.reject").click()
        status_says(page, "rejected")
        assert page.locator("#rejected li").count() == 1
        assert label in page.inner_text("#rejected")
        page.locator("#rejected button.undo").click()
        status_says(page, "undecided again")
        assert page.locator("#rejected li").count() == 0
        assert [row[2:4] for row in stored(server.data_dir)] == [
            (label, "rejected"),
            (label, "undone"),
        ]
        # Reject it again: it stays rejected for this draft only.
        page.locator(f'#tags .pill[data-label="{label}"] button.reject').click()
        status_says(page, "rejected")

        # The header says how many decisions wait to teach the model.
        page.wait_for_function(
            "document.querySelector('#pending').textContent.includes('3 decisions waiting')"
        )

        # Adding a tag offers the model's tags.
        options = page.eval_on_selector_all("#tag-options option", "os => os.map(o => o.value)")
        assert len(options) >= 10 and label in options

        # Pasting another article starts a new draft: nothing decided carries over.
        page.fill("#title", OTHER_TITLE)
        page.fill("#body", OTHER_BODY)
        page.dispatch_event("#body", "paste")
        status_says(page, "new draft")
        second_id = page.input_value("#article-id")
        assert second_id != first_id
        assert page.locator("#rejected li").count() == 0
        page.click("#analyze")
        status_says(page, "Analyzed")
        assert page.locator("#rejected li").count() == 0
        page.locator("#new-tag").fill("monetary policy")
        page.locator("#add-tag button").click()
        status_says(page, "added")
        assert stored(server.data_dir)[-1] == (second_id, "tag", "monetary policy", "added", None)
        page.wait_for_function(
            "[...document.querySelectorAll('#tag-options option')]"
            ".some((o) => o.value === 'monetary policy')"
        )

        # The limit goes with the next analysis.
        requests = []
        page.on("request", lambda r: requests.append(r.post_data) if "analyze" in r.url else None)
        page.fill("#limit", "1")
        page.dispatch_event("#limit", "change")
        status_says(page, "Analyzed")
        assert requests and '"limit":1' in requests[-1]
        assert page.locator("#tags .pill:not(.not-suggested)").count() <= 1

        # The service kept both drafts' texts for training.
        with sqlite3.connect(server.data_dir / "feedback.sqlite3") as connection:
            kept = dict(connection.execute("SELECT article_id, title FROM drafts").fetchall())
        assert kept == {first_id: TITLE, second_id: OTHER_TITLE}
        page.close()
