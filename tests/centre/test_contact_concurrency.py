"""The contact flow under real concurrency: several processes of the site (as gunicorn
workers are), one database, posts or retry runs started at the same instant.

Each process is a fresh Python running Django with the test settings against a database
they all share: a migrated SQLite file (on SQLite runs, and always for the retry runs,
whose lock must work on SQLite), or the test PostgreSQL database when the suite runs on
PostgreSQL. The mail servers are stand-ins started by the test on loopback ports.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.centre.test_contact_sending import StandInSMTP

BASE_DIR = Path(__file__).resolve().parents[2]

SETUP = """
import django
django.setup()
"""

# Visitors, one thread each (with its own database connection), in one process: each
# loads the form as a browser does and fills it in; once every visitor of every process is
# ready, the starting gun (a file) fires and they all send it. argv: directory, process
# number, token ("" to use the page's), messages (JSON).
VISITORS = (
    SETUP
    + r"""
import json, re, sys, threading, time
from pathlib import Path
from django.db import connection
from django.test import Client

directory, number, token, messages = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
messages = json.loads(messages)
ready = threading.Barrier(len(messages) + 1)
results = [None] * len(messages)


def visit(index, message):
    client = Client()
    page = client.get("/en/contact/").content.decode()
    data = {
        "name": "Jeanne Dupont", "email": "jeanne@example.org", "phone": "",
        "sender_type": "patient", "subject": "Appointment", "message": message,
        "consent": "on", "website": "",
        "form_token": token or re.search(r'name="form_token" value="([^"]+)"', page).group(1),
    }
    ready.wait()
    while not (directory / "go").exists():
        time.sleep(0.001)
    results[index] = client.post("/en/contact/", data).status_code
    connection.close()


threads = [threading.Thread(target=visit, args=item) for item in enumerate(messages)]
for thread in threads:
    thread.start()
ready.wait()
(directory / f"ready-{number}").touch()
for thread in threads:
    thread.join()
print(json.dumps(results))
"""
)

TOKEN = (
    SETUP
    + """
from centre.forms import new_form_token
print(new_form_token())
"""
)


def environment(database_url, state_dir, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "EMAIL_", "CONTACT_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url,
            "STATE_DIR": str(state_dir),
            "LOG_LEVEL": "ERROR",
            "CONTACT_MIN_FILL_SECONDS": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            **extra,
        }
    )
    return env


def run(code, env, *args, timeout=120):
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    directory = tmp_path_factory.mktemp("contact-sqlite")
    path = directory / "template.sqlite3"
    env = environment(f"sqlite:///{path}", directory / "state")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return path


@pytest.fixture
def sqlite_database(migrated_sqlite, tmp_path):
    path = tmp_path / "db.sqlite3"
    shutil.copy(migrated_sqlite, path)
    return f"sqlite:///{path}"


# On PostgreSQL the processes share the test database: outside a test transaction, so
# that what each commits is seen by the others (and flushed after the test).
shares_the_test_database = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared_database(request, tmp_path):
    """The database of the site under test, seen by every process the test starts."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from django.db import connection

        s = connection.settings_dict
        credentials = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
        return (
            f"postgres://{credentials}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
        )
    return request.getfixturevalue("sqlite_database")


def query(database_url, state_dir, code):
    """Runs `code` (which sets `result`) against the shared database; returns `result`."""
    script = SETUP + code + "\nimport json\nprint(json.dumps(result, default=str))\n"
    output = run(script, environment(database_url, state_dir))
    return json.loads(output.strip().splitlines()[-1])


def visitors_at_once(database_url, tmp_path, messages, token="", processes=2, **env):
    """Sends the messages at the same instant, from visitors spread over a few processes
    of the site (as gunicorn workers are); returns the response statuses."""
    directory = tmp_path / "gun"
    directory.mkdir(exist_ok=True)
    env = environment(database_url, tmp_path / "state", **env)
    shares = [messages[number::processes] for number in range(processes)]
    started = [
        subprocess.Popen(
            [sys.executable, "-c", VISITORS, str(directory), str(number), token, json.dumps(share)],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number, share in enumerate(shares)
    ]
    deadline = time.monotonic() + 120
    while len(list(directory.glob("ready-*"))) < processes:
        assert time.monotonic() < deadline, "the visitors never got ready"
        for process in started:
            assert process.poll() is None, process.communicate()[1][-3000:]
        time.sleep(0.01)
    (directory / "go").touch()
    statuses = []
    for process in started:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-3000:]
        statuses += json.loads(out.strip().splitlines()[-1])
    return sorted(statuses)


MESSAGE = "I would like an appointment for osteogenesis imperfecta."
COUNT_ROWS = """
from centre.models import ContactRequest
result = sorted(ContactRequest.objects.values_list("message", flat=True))
"""


# Item 8: the rate limit is atomic, and a form token is saved once -------------------------


@shares_the_test_database
def test_ten_simultaneous_posts_with_a_limit_of_two(shared_database, tmp_path):
    results = visitors_at_once(
        shared_database,
        tmp_path,
        [f"{MESSAGE} ({number})" for number in range(10)],
        CONTACT_RATE_LIMIT="2",
        CONTACT_SEND_IN_BACKGROUND="false",
    )
    assert results == [303, 303] + [429] * 8
    assert len(query(shared_database, tmp_path / "state", COUNT_ROWS)) == 2


@shares_the_test_database
def test_one_token_sent_six_times_at_once_is_saved_once(shared_database, tmp_path):
    env = environment(shared_database, tmp_path / "state")
    token = run(TOKEN, env).strip().splitlines()[-1]
    results = visitors_at_once(
        shared_database, tmp_path, [MESSAGE] * 6, token=token, CONTACT_SEND_IN_BACKGROUND="false"
    )
    assert results == [303] * 6  # each is thanked
    assert query(shared_database, tmp_path / "state", COUNT_ROWS) == [MESSAGE]


@shares_the_test_database
def test_one_token_reused_for_other_messages_saves_one(shared_database, tmp_path):
    env = environment(shared_database, tmp_path / "state")
    token = run(TOKEN, env).strip().splitlines()[-1]
    messages = [f"{MESSAGE} ({number})" for number in range(6)]
    results = visitors_at_once(
        shared_database, tmp_path, messages, token=token, CONTACT_SEND_IN_BACKGROUND="false"
    )
    assert results == [303] + [409] * 5
    saved = query(shared_database, tmp_path / "state", COUNT_ROWS)
    assert len(saved) == 1 and saved[0] in messages


# Item 4: the visitor never waits for the mail server; nothing is lost ---------------------

POST_FIVE = (
    SETUP
    + r"""
import json, re, time
from django.test import Client
from centre import notifications
from centre.models import ContactRecipient, ContactRequest

ContactRecipient.objects.create(email="moc-staff@example.org")
client = Client()
seconds, statuses = [], []
for number in range(5):
    page = client.get("/fr/contact/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    started = time.monotonic()
    response = client.post("/fr/contact/", {
        "name": "Jeanne Dupont", "email": f"visitor{number}@example.org", "phone": "",
        "sender_type": "patient", "subject": f"Question {number}",
        "message": "Bonjour, une question sur mon traitement.", "consent": "on",
        "website": "", "form_token": token,
    })
    seconds.append(time.monotonic() - started)
    statuses.append(response.status_code)
stored = ContactRequest.objects.count()
handled = notifications.background_sender.wait(60)
rows = list(ContactRequest.objects.values(
    "notified_at", "acknowledged_at", "notification_attempts", "last_error"))
print(json.dumps({"seconds": seconds, "statuses": statuses, "stored": stored,
                  "handled": handled, "rows": rows}, default=str))
"""
)

RETRY_A_MINUTE_LATER = """
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from centre.models import ContactRequest

# A minute later, when cron runs the retry command and the mail server answers again.
ContactRequest.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
call_command("send_pending_notifications")
result = list(ContactRequest.objects.values_list("notified_at", "acknowledged_at"))
"""


def smtp_env(server, timeout):
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.port),
        "EMAIL_TIMEOUT": str(timeout),
    }


@shares_the_test_database
def test_posts_answer_at_once_while_the_mail_server_hangs_and_mail_goes_later(
    shared_database, tmp_path
):
    hung = StandInSMTP(hang=True)
    try:
        env = environment(shared_database, tmp_path / "state", **smtp_env(hung, 3))
        output = run(POST_FIVE, env)
    finally:
        hung.close()
    report = json.loads(output.strip().splitlines()[-1])
    assert report["statuses"] == [303] * 5
    # Well under a second (a loaded test machine included); sending inline took 2 × 3 s.
    assert max(report["seconds"]) < 1, report["seconds"]
    assert report["stored"] == 5
    assert report["handled"]  # the background sender tried, then left them pending
    assert all(row["notified_at"] is None for row in report["rows"])
    tried = [row for row in report["rows"] if row["notification_attempts"]]
    assert len(tried) == 1 and "timed out" in tried[0]["last_error"]

    server = StandInSMTP()
    try:
        env = environment(shared_database, tmp_path / "state", **smtp_env(server, 3))
        rows = json.loads(
            run(
                SETUP
                + RETRY_A_MINUTE_LATER
                + "\nimport json\nprint(json.dumps(result, default=str))",
                env,
            )
            .strip()
            .splitlines()[-1]
        )
        assert all(notified and acknowledged for notified, acknowledged in rows)
        expected = ["moc-staff@example.org"] * 5 + [f"visitor{n}@example.org" for n in range(5)]
        assert server.sent_to() == sorted(expected)
    finally:
        server.close()


@shares_the_test_database
def test_the_background_sender_sends_right_after_the_response(shared_database, tmp_path):
    server = StandInSMTP(delay=0.6)  # slow: inline, each post would take 1.2 s
    try:
        env = environment(shared_database, tmp_path / "state", **smtp_env(server, 5))
        report = json.loads(run(POST_FIVE, env).strip().splitlines()[-1])
        assert max(report["seconds"]) < 1, report["seconds"]
        assert report["handled"]
        assert all(row["notified_at"] and row["acknowledged_at"] for row in report["rows"])
        assert len(server.sent_to()) == 10
    finally:
        server.close()


# Item 14: two retry runs at once on SQLite never send an email twice ----------------------

PENDING_REQUESTS = """
from django.utils import timezone
from centre.models import ContactRecipient, ContactRequest

ContactRecipient.objects.create(email="moc-staff@example.org")
for number in range(6):
    ContactRequest.objects.create(
        name="Jeanne", email=f"visitor{number}@example.org", sender_type="patient",
        subject=f"Question {number}", message="Une question.", consent_at=timezone.now(),
        submission_id=f"pending-{number}",
    )
result = ContactRequest.objects.count()
"""


def test_two_simultaneous_retry_runs_on_sqlite_send_each_email_once(sqlite_database, tmp_path):
    state = tmp_path / "state"
    assert query(sqlite_database, state, PENDING_REQUESTS) == 6
    server = StandInSMTP(delay=0.2)  # a run lasts a few seconds: the two overlap
    try:
        env = environment(sqlite_database, state, **smtp_env(server, 5))
        env["DJANGO_SETTINGS_MODULE"] = "mocsite.settings"  # as cron runs it
        runs = [
            subprocess.Popen(
                [sys.executable, "manage.py", "send_pending_notifications"],
                cwd=BASE_DIR,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [run_.communicate(timeout=120) for run_ in runs]
        assert all(run_.returncode == 0 for run_ in runs), outputs
        expected = ["moc-staff@example.org"] * 6 + [f"visitor{n}@example.org" for n in range(6)]
        assert server.sent_to() == sorted(expected)
    finally:
        server.close()
    sent = query(
        sqlite_database,
        state,
        "from centre.models import ContactRequest\n"
        "result = ContactRequest.objects.pending().count()",
    )
    assert sent == 0
