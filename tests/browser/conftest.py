"""Browser journeys: Debian's Chromium, driven by Playwright, against a real demo server.

The server is a real `manage.py runserver` subprocess on a freshly migrated database filled by
`demo_county`, not Django's `live_server`: the audit table has triggers that refuse DELETE, so
the database flushing of TransactionTestCase is impossible. On SQLite the database lives in a
temporary GONGKAI_VAR_DIR; when DATABASE_URL points at PostgreSQL (the CI run under
scripts/with-postgres.sh) a separate database `gongkai_browser` is created on that server.

The fixtures are package-scoped, not session-scoped: while Playwright's sync API is running it
keeps an asyncio event loop running in the main thread, and Django then refuses ORM calls
("SynchronousOnlyOperation") in every later test. Package scope shuts the browser (and the demo
server) down as soon as the last test in tests/browser has run. For the same reason, tests in
this package must not use the Django ORM; they talk to the server only through the browser.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BROWSER_DIR = Path(__file__).resolve().parent
BASE_DIR = BROWSER_DIR.parent.parent
RESULTS_DIR = BASE_DIR / "test-results"
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_DB = "gongkai_browser"  # plus _gwN under pytest-xdist
SERVER_START_TIMEOUT = 60  # seconds for runserver to answer, after migrate and demo_county
SETUP_TIMEOUT = 600  # seconds each for migrate and demo_county

# The demo personas (created by `manage.py demo_county`).
DEMO_PASSWORD = "Gongkai@2026"
CAPTCHA_ANSWER = "TESTX"  # the demo server's fixed captcha answer (GONGKAI_CAPTCHA_TEST_ANSWER)


def pytest_collection_modifyitems(config, items):
    """Mark every test in tests/browser as `browser` (deselect them with -m "not browser")."""
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package", autouse=True)
def chromium() -> str:
    """Path of Debian's Chromium. Missing: skipped locally, but a failure in CI (CI=true)."""
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}: run `make test` (it installs the Debian package "
            "`chromium`) or set GONGKAI_CHROMIUM; never `playwright install`"
        )
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so the `page` fixture can screenshot failures.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- The demo server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_dbname(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


def _recreate_postgres_db(database_url: str, dbname: str, *, create: bool) -> None:
    """Drop `dbname` on the server of `database_url` (and create it again when `create`)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(_with_dbname(database_url, "postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
        )
        if create:
            conn.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(dbname)
                )
            )


def _tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _manage(args: list[str], env: dict[str, str], log: Path) -> None:
    started = time.monotonic()
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"$ manage.py {' '.join(args)}\n")
        fh.flush()
        result = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            timeout=SETUP_TIMEOUT,
            check=False,
        )
        fh.write(f"# exit {result.returncode} after {time.monotonic() - started:.1f} s\n")
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} failed (exit {result.returncode}); log {log}:\n"
            + _tail(log),
            pytrace=False,
        )


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"runserver exited with {server.returncode}; log {log}:\n" + _tail(log),
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local http
                if response.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(
        f"{url} did not answer within {SERVER_START_TIMEOUT} s; log {log}:\n" + _tail(log),
        pytrace=False,
    )


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


# base URL → (environment, log) of each running demo server, for demo_manage().
_SERVERS: dict[str, tuple[dict[str, str], Path]] = {}


def demo_manage(base_url: str, *args: str) -> str:
    """Run a manage.py command against the demo server's database; returns its output."""
    env, log = _SERVERS[base_url]
    _manage(list(args), env, log)
    return _tail(log)


@pytest.fixture(scope="package")
def live_demo() -> Iterator[str]:
    """Base URL (http://127.0.0.1:PORT) of a real server running the demo county."""
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-browser-"))
    log = tmp / "server.log"
    (tmp / "static").mkdir()  # STATIC_ROOT; WhiteNoise warns when it does not exist
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("GONGKAI_TESTING", None)  # the server runs in normal (non-test) mode
    env.pop("GONGKAI_TEST_SQLITE", None)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env.update(
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        GONGKAI_VAR_DIR=str(tmp / "var"),
        GONGKAI_MEDIA_ROOT=str(tmp / "var" / "media"),
        GONGKAI_STATIC_ROOT=str(tmp / "static"),
        GONGKAI_BASE_URL=base_url,
        GONGKAI_CAPTCHA_TEST_ANSWER=CAPTCHA_ANSWER,
        PYTHONUNBUFFERED="1",
    )
    # The server runs in production mode, where 依申请公开 personal data needs its own key
    # (gongkai/foi/crypto.py); a fixed, obviously fake one for this throw-away database.
    env.setdefault("GONGKAI_DATA_KEY", "Z29uZ2thaS1icm93c2VyLXRlc3RzLW5vdC1hLWtleSE=")
    database_url = os.environ.get("DATABASE_URL", "")
    on_postgres = database_url.startswith(("postgres://", "postgresql://"))
    browser_db = BROWSER_DB
    if os.environ.get("PYTEST_XDIST_WORKER"):
        browser_db += "_" + os.environ["PYTEST_XDIST_WORKER"]
    if on_postgres:
        _recreate_postgres_db(database_url, browser_db, create=True)
        env["DATABASE_URL"] = _with_dbname(database_url, browser_db)

    server = None
    server_log = None
    try:
        _manage(["migrate", "--no-input", "--verbosity", "1"], env, log)
        _manage(["demo_county", "--scale", "small"], env, log)
        server_log = log.open("a", encoding="utf-8")
        server_log.write(f"$ manage.py runserver --noreload 127.0.0.1:{port}\n")
        server_log.flush()
        server = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        _wait_until_up(f"{base_url}/admin/login/", server, log)
        _SERVERS[base_url] = (env, log)
        yield base_url
    finally:
        _SERVERS.pop(base_url, None)
        if server is not None:
            _stop(server)
        if server_log is not None:
            server_log.close()
        if on_postgres:
            _recreate_postgres_db(database_url, browser_db, create=False)
        if os.environ.get("GONGKAI_KEEP_BROWSER_TMP"):
            print(f"\nbrowser-test server files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# --- The browser ----------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser(chromium: str):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            RESULTS_DIR.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
            try:
                page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
                (RESULTS_DIR / f"{name}.html").write_text(page.content(), encoding="utf-8")
            except Exception as exc:  # a broken page must not hide the test's own failure
                print(f"could not save the failure screenshot: {exc}")
        context.close()


def login(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the Wagtail admin login form and wait for the dashboard."""
    page.goto(f"{base_url}/admin/login/")
    page.locator("form.login-form input[name='username']").fill(username)
    page.locator("form.login-form input[name='password']").fill(password)
    with page.expect_navigation():
        page.locator("form.login-form [type='submit']").click()
    if "/admin/login/" in page.url:
        messages = page.locator("main .messages").inner_text().strip()
        raise AssertionError(f"login as {username!r} failed: {messages or 'no message shown'}")
    page.wait_for_url(f"{base_url}/admin/")
    page.locator("main#main").wait_for()
