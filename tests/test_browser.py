"""The published handbook in a real browser: headless Debian chromium driven by selenium."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

ICP_TITLE = "Mid-market discrete manufacturers (US, CA)"
PERSONA = "Close-Crunch Carla"

# Every payload tries to set window.__pwned or open a dialog; none may succeed.
INJECTION_ICP = """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-injection
  title: "<script>window.__pwned = 1</script>Injection test"
  owner: team:revops
  status: draft
  links:
    - {title: "click me", url: "javascript:window.__pwned=1"}
    - {title: "<img src=x onerror=window.__pwned=1>", url: "https://example.com/x\\"onmouseover=\\"window.__pwned=1"}
spec:
  priority: 9
  summary: "<img src=x onerror=\\"window.__pwned=1;alert(1)\\"> [link](javascript:alert(1))"
  criteria:
    - "<svg onload=window.__pwned=1></svg>"
    - "Attribute list {: onclick=\\"window.__pwned=1\\" }"
  pains:
    - statement: "</td></tr></table><script>alert(document.domain)</script>"
      severity: high
  notes: "<iframe src=\\"javascript:alert(1)\\"></iframe>\\n\\n<div onmouseover=\\"alert(1)\\">hover</div>"
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep request lines out of the test output."""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(
            "chromium and chromedriver are required: apt-get install chromium chromium-driver"
        )
    work = tmp_path_factory.mktemp("browser")
    handbook = work / "handbook"
    shutil.copytree(EXAMPLES, handbook)
    (handbook / "icps" / "icp-injection.yaml").write_text(INJECTION_ICP, encoding="utf-8")
    (work / "docs").mkdir()
    (work / "docs" / "index.md").write_text("# Team site\n", encoding="utf-8")
    (work / "mkdocs.yml").write_text(
        "site_name: Browser test\ntheme:\n  name: material\n  features: [navigation.tabs]\n"
        "plugins:\n  - search\n  - profilespec:\n      handbook: handbook\n"
        # the injection profile is a draft with findings; the point here is how it renders
        "      fail_on: never\n",
        encoding="utf-8",
    )
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    handler = functools.partial(_QuietHandler, directory=str(work / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.add_argument("--window-size=1400,1000")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _h1(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, "article h1").text)


def _click_in_content(driver: Any, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    before = driver.current_url
    # The visible link: a chart's table (collapsed until opened) may hold the same one.
    links = driver.find_elements(By.XPATH, f"//article//a[normalize-space()='{text}']")
    next(link for link in links if link.is_displayed()).click()
    WebDriverWait(driver, 10).until(expected_conditions.url_changes(before))


def test_overview_to_icp_to_persona_and_back(browser: Any, site_url: str, tmp_path: Path) -> None:
    driver = browser
    driver.get(f"{site_url}/handbook/")
    assert _h1(driver) == "Tallyforge go-to-market handbook"
    _click_in_content(driver, ICP_TITLE)
    assert "/handbook/icps/icp-midmarket-manufacturers/" in driver.current_url
    assert _h1(driver) == ICP_TITLE
    body = driver.find_element("tag name", "article").text
    assert "200-2,000 employees" in body and "United States" in body
    screenshot = tmp_path / "icp-page.png"
    assert driver.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000
    _click_in_content(driver, PERSONA)
    assert "/handbook/personas/persona-close-crunch-controller/" in driver.current_url
    assert _h1(driver) == PERSONA
    _click_in_content(driver, ICP_TITLE)  # the "Works at" link back to the parent ICP
    assert _h1(driver) == ICP_TITLE
    driver.back()
    assert _h1(driver) == PERSONA


def test_matrix_shows_the_persona_in_its_role(browser: Any, site_url: str) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(f"{site_url}/handbook/matrix/")
    table = driver.find_element(By.CSS_SELECTOR, "article table:not(figure table)")
    headers = [cell.text for cell in table.find_elements(By.CSS_SELECTOR, "thead th")]
    column = headers.index("Champion (required)")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    row = next(r for r in rows if r.find_elements(By.TAG_NAME, "td")[0].text == ICP_TITLE)
    cells = row.find_elements(By.TAG_NAME, "td")
    assert cells[column].text == PERSONA
    assert cells[headers.index("Blocker")].text == "gap"
    link = cells[column].find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href").endswith(
        "/handbook/personas/persona-close-crunch-controller/"
    )


def test_injection_profile_renders_as_text_and_runs_nothing(browser: Any, site_url: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    driver = browser
    for path in ("/handbook/", "/handbook/reviews/", "/handbook/icps/icp-injection/"):
        driver.get(site_url + path)
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.text  # noqa: B018
        assert driver.execute_script("return window.__pwned") is None
        anchors = driver.find_elements(By.CSS_SELECTOR, "a[href]")
        assert not [a for a in anchors if a.get_attribute("href").startswith("javascript")]
        for selector in ("article script", "article img", "article iframe", "article svg[onload]"):
            assert not driver.find_elements(By.CSS_SELECTOR, selector), (path, selector)
    # still on the injection page: the payloads are there, as plain text a reader can see
    assert _h1(driver) == "<script>window.__pwned = 1</script>Injection test"
    text = driver.find_element(By.TAG_NAME, "article").text
    assert "<img src=x onerror=" in text and "[link](javascript:alert(1))" in text
    assert "</td></tr></table><script>alert(document.domain)</script>" in text
    assert "javascript:window.__pwned=1" in text  # the refused link, shown as text
    assert driver.title.startswith("<script>window.__pwned = 1</script>")
