"""HTTP benchmark of issue 3: Boucle's production server under load, each figure a ratio to a floor.

    .venv/bin/python bench/http_bench.py --db sqlite|postgres [--scale 100000] [--duration 20]

1. Prepares a data directory (var/bench/<db>-<scale>, or --data-dir): migrates, seeds it with
   ``boucle seed --scale N`` (timed; the time is kept in seed.json and shown again when the directory is
   reused), collects the static files, and writes the URL lists, session cookies and API tokens the load
   scripts use (a child process with Django).
2. Starts the production server, ``boucle serve --workers 2`` with BOUCLE_BENCH=1 (which mounts the floor
   view /bench/floor/, a fixed "ok" through every middleware), and loads it from wrk on 127.0.0.1 at a
   fixed 16 connections (16 threads, one connection each, so that a thread's responses follow its
   requests), each run spread over the URL lists by a Lua script.
3. Prints, for each scenario, requests/s as a ratio to the floor measured by the same server, p50 and
   p99 latency, the page cache hit rate (X-Boucle-Cache headers counted by wrk), and whether the target
   of issue 3 is met. Scenarios whose URL does not exist yet (search, feed) are skipped, and said so.
4. After the support run (personal API tokens, alternating POST/DELETE /api/projects/<slug>/support for
   many members), checks that every acknowledged support is in the database exactly once and that no
   withdrawn one is, and that the projects' support_count equals their Support rows.

The server, wrk and this script share the machine: on 2 cores, wrk takes part of the CPU from the server,
the same way for the floor and the pages. The results are also written as JSON into the data directory.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
CONNECTIONS = 16
URLS = 1000  # distinct URLs per anonymous scenario (issue 3: at least 1,000)

# Targets of issue 3: (kind, value). "ratio": requests/s ≥ value × floor; "p99_ms": p99 < value.
TARGETS = {
    "list": ("ratio", 0.5),
    "project": ("ratio", 0.5),
    "list_nocache": ("ratio", 0.15),
    "project_nocache": ("ratio", 0.15),
    "search": ("p99_ms", 50),
    "search_nocache": ("p99_ms", 50),
    "feed": ("ratio", 0.1),
    "support": ("ratio", 0.2),
}

GET_LUA = r"""
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  urls = {}
  for line in io.lines(args[1]) do urls[#urls + 1] = line end
  cookie = nil
  if args[2] and args[2] ~= "" then
    local cookies = {}
    for line in io.lines(args[2]) do cookies[#cookies + 1] = line end
    cookie = cookies[(tid % #cookies) + 1]
  end
  n = math.floor(#urls * tid / tonumber(args[3]))  -- each thread starts elsewhere in the list
  hits, misses, uncached, redirects, bad = 0, 0, 0, 0, 0
end

function request()
  n = n % #urls + 1
  if cookie then
    return wrk.format("GET", urls[n], {["Cookie"] = cookie})
  end
  return wrk.format("GET", urls[n])
end

function response(status, headers, body)
  local c = headers["X-Boucle-Cache"]
  if c == "hit" then hits = hits + 1 elseif c == "miss" then misses = misses + 1 else uncached = uncached + 1 end
  if status >= 300 and status < 400 then redirects = redirects + 1 elseif status >= 400 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local t = {hits = 0, misses = 0, uncached = 0, redirects = 0, bad = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"hits": %d, "misses": %d, "uncached": %d, "redirects": %d, "bad_status": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, t.hits, t.misses, t.uncached, t.redirects, t.bad,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""

SUPPORT_LUA = r"""
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(args[3])
  items = {}
  local i = 0
  for line in io.lines(args[1]) do
    if i % nthreads == tid then
      local token, slug, member = line:match("(%S+) (%S+) (%S+)")
      items[#items + 1] = {token = token, slug = slug, member = member, on = false}
    end
    i = i + 1
  end
  log = io.open(args[2] .. "/support-" .. tid .. ".log", "w")
  k, cur = 0, nil
  ok, conflicts, limited, bad = 0, 0, 0, 0
end

function request()
  k = k % #items + 1
  cur = items[k]
  cur.method = cur.on and "DELETE" or "POST"
  log:write("S ", cur.member, " ", cur.slug, " ", cur.method, "\n")
  return wrk.format(cur.method, "/api/projects/" .. cur.slug .. "/support",
                    {["Authorization"] = "Bearer " .. cur.token})
end

function response(status, headers, body)
  log:write("R ", cur.member, " ", cur.slug, " ", cur.method, " ", status, "\n")
  log:flush()
  if status >= 200 and status < 300 then
    cur.on = not cur.on
    ok = ok + 1
  elseif status == 409 then conflicts = conflicts + 1
  elseif status == 429 then limited = limited + 1
  else bad = bad + 1 end
end

function done(summary, latency, requests)
  local t = {ok = 0, conflicts = 0, limited = 0, bad = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do t[key] = t[key] + thread:get(key) end
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"acknowledged": %d, "conflicts": %d, "rate_limited": %d, "bad_status": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, t.ok, t.conflicts, t.limited, t.bad,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


# ------------------------------------------------------------------------------------- child: fixtures


def _django():
    import django

    django.setup()


def child_fixtures(out: Path, threads: int):
    """Write the URL lists, session cookies and API tokens of the runs (runs inside the data directory's env)."""
    _django()
    import random
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django.test import Client
    from django.utils import timezone

    from boucle.accounts.models import ApiToken
    from boucle.accounts.services import token_create
    from boucle.activity.models import Follow
    from boucle.projects import selectors
    from boucle.projects.enums import ProjectStatus
    from boucle.projects.forms import SORT_CHOICES
    from boucle.projects.ladder import DEFAULT_LADDER
    from boucle.projects.models import Project, ProjectMember, Support

    rng = random.Random(3)
    out.mkdir(parents=True, exist_ok=True)
    visible = Project.objects.exclude(status=ProjectStatus.DRAFT).filter(hidden_at__isnull=True)
    slugs = list(visible.order_by("pk").values_list("slug", flat=True))
    rng.shuffle(slugs)
    (out / "project_urls.txt").write_text("".join(f"/projects/{s}/\n" for s in slugs[:URLS]))

    # List pages: every sort × stage × technology, pages 1..20 where they exist.
    from boucle.catalog.models import Technology

    techs = [""] + list(Technology.objects.values_list("slug", flat=True))
    stages = ["", ProjectStatus.PUBLISHED, ProjectStatus.EXPIRED, ProjectStatus.SUPPORTED]
    list_urls = []
    for sort, _label in SORT_CHOICES:
        for stage in stages:
            for tech in techs:
                count = selectors.project_list(sort=sort, tag="", technology=tech, challenge="", stage=stage).count()
                query = "&".join(f"{k}={v}" for k, v in (("sort", sort), ("stage", stage), ("technology", tech)) if v)
                for page in range(1, min(20, (count + 23) // 24) + 1):
                    list_urls.append(f"/projects/?{query}&page={page}" if page > 1 else f"/projects/?{query}")
    rng.shuffle(list_urls)
    (out / "list_urls.txt").write_text("".join(u + "\n" for u in list_urls[:URLS]))

    # Search: single words and pairs taken from titles.
    words = sorted({w.lower() for t in visible.values_list("title", flat=True)[:5000] for w in t.split() if len(w) > 3})
    queries = set(words)
    while len(queries) < URLS and len(words) > 1:
        queries.add(" ".join(rng.sample(words, 2)))
    queries = sorted(queries)
    rng.shuffle(queries)
    (out / "search_urls.txt").write_text("".join("/search/?q=" + q.replace(" ", "+") + "\n" for q in queries[:URLS]))

    # Logged-in feed: members who follow the most, one session each (Django's test client logs them in).
    User = get_user_model()
    followers = list(
        Follow.objects.values("follower").annotate(n=Count("id")).order_by("-n").values_list("follower", flat=True)[
            :threads
        ]
    ) or list(User.objects.filter(is_active=True).values_list("pk", flat=True)[:threads])
    cookies = []
    for user in User.objects.filter(pk__in=followers):
        client = Client()
        client.force_login(user)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    (out / "feed_cookies.txt").write_text("".join(c + "\n" for c in cookies))
    (out / "feed_urls.txt").write_text("/feed/\n")

    # Supports: members with a personal token, each toggling one published project they neither support
    # nor belong to, on projects far enough from their last tier that the toggles never finish the ladder.
    now = timezone.now()
    members = list(
        User.objects.filter(is_active=True, is_staff=False).order_by("pk").values_list("pk", flat=True)[:1600]
    )
    goal = DEFAULT_LADDER[-1]["supporters"]
    candidates = list(
        Project.objects.filter(status=ProjectStatus.PUBLISHED, hidden_at__isnull=True)
        .filter(Q(support_deadline__isnull=True) | Q(support_deadline__gt=now + timedelta(days=1)))
        .filter(support_count__lt=goal // 2)
        .order_by("pk")
        .values_list("pk", "slug")[:400]
    )
    supported = set(Support.objects.filter(user_id__in=members).values_list("user_id", "project_id"))
    teams = set(ProjectMember.objects.filter(user_id__in=members).values_list("user_id", "project_id"))
    ApiToken.objects.filter(name="http-bench", revoked_at__isnull=True).update(revoked_at=now)
    users = User.objects.in_bulk(members)
    lines = []
    for i, member in enumerate(members):
        for step in range(len(candidates)):
            pk, slug = candidates[(i + step * 7) % len(candidates)]
            if (member, pk) not in supported and (member, pk) not in teams:
                _token, key = token_create(actor=users[member], name="http-bench")
                lines.append(f"{key} {slug} {member}")
                break
    (out / "support.txt").write_text("".join(line + "\n" for line in lines))
    print(
        json.dumps(
            {
                "projects": len(slugs),
                "list_urls": min(len(list_urls), URLS),
                "search_urls": min(len(queries), URLS),
                "feed_sessions": len(cookies),
                "support_pairs": len(lines),
                "support_projects": len({line.split()[1] for line in lines}),
            }
        )
    )


def child_check(logs: Path, pairs_file: Path):
    """After the support run: every acknowledged support in the database exactly once, none withdrawn."""
    _django()
    from django.db.models import Count

    from boucle.projects.models import Project, Support

    slug_pk = {}
    expected, uncertain, acknowledged = {}, set(), 0
    for line in pairs_file.read_text().splitlines():
        _key, slug, member = line.split()
        expected[(int(member), slug)] = False
    for log in sorted(logs.glob("support-*.log")):
        pending = None
        for line in log.read_text().splitlines():
            parts = line.split()
            if parts[0] == "S":
                if pending is not None:  # sent, never answered (a socket error): its outcome is unknown
                    uncertain.add(pending)
                pending = (int(parts[1]), parts[2])
            elif parts[0] == "R":
                pair, method, status = (int(parts[1]), parts[2]), parts[3], int(parts[4])
                pending = None
                if 200 <= status < 300:
                    acknowledged += 1
                    expected[pair] = method == "POST"
        if pending is not None:  # wrk stopped while this one was in flight
            uncertain.add(pending)
    for _member, slug in expected:
        slug_pk.setdefault(slug, None)
    for pk, slug in Project.objects.filter(slug__in=list(slug_pk)).values_list("pk", "slug"):
        slug_pk[slug] = pk
    rows = {}
    members = {m for m, _ in expected}
    for user_id, project_id, n in (
        Support.objects.filter(user_id__in=members, project_id__in=list(slug_pk.values()))
        .values("user_id", "project_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "project_id", "n")
    ):
        rows[(user_id, project_id)] = n
    lost, doubled, stray = [], [], []
    for (member, slug), on in expected.items():
        n = rows.get((member, slug_pk[slug]), 0)
        if n > 1:
            doubled.append((member, slug, n))
        if (member, slug) in uncertain:
            continue
        if on and n != 1:
            lost.append((member, slug))
        if not on and n != 0:
            stray.append((member, slug))
    counters = []
    for pk, slug, count in Project.objects.filter(pk__in=list(slug_pk.values())).values_list(
        "pk", "slug", "support_count"
    ):
        real = Support.objects.filter(project_id=pk).count()
        if real != count:
            counters.append((slug, count, real))
    print(
        json.dumps(
            {
                "acknowledged": acknowledged,
                "pairs": len(expected),
                "supported_at_end": sum(expected.values()),
                "uncertain_in_flight": len(uncertain),
                "lost": len(lost),
                "doubled": len(doubled),
                "withdrawn_but_present": len(stray),
                "support_count_mismatches": len(counters),
                "examples": {"lost": lost[:5], "doubled": doubled[:5], "stray": stray[:5], "counters": counters[:5]},
            }
        )
    )


def child_stats(reset: bool):
    _django()
    from boucle.core import pagecache

    if reset:
        pagecache.reset_stats()
    print(json.dumps(pagecache.stats()))


# ------------------------------------------------------------------------------------------ the driver


def log(message: str):
    print(message, flush=True)


class Bench:
    def __init__(self, args):
        self.args = args
        self.data = Path(args.data_dir or ROOT / "var" / "bench" / f"{args.db}-{args.scale}").resolve()
        self.work = self.data / "bench"
        self.env = dict(os.environ)
        self.env.update(
            BOUCLE_DATA_DIR=str(self.data),
            DJANGO_SETTINGS_MODULE="boucle.settings.base",
            DEBUG="0",
            LOG_LEVEL="WARNING",
            BOUCLE_BENCH="1",
            # Entries live long enough to outlast the warm-up pass (the 120 s default bounds relative dates).
            BOUCLE_PAGE_CACHE_TIMEOUT="900",
        )
        self.env.pop("REDIS_URL", None)
        if args.redis:
            self.env["REDIS_URL"] = args.redis
        if args.db == "postgres":
            self.env["DATABASE_URL"] = args.database_url or f"postgres://postgres@127.0.0.1:5432/boucle_h_bench_{args.scale}"
        else:
            self.env.pop("DATABASE_URL", None)
        self.results = {"command": " ".join(sys.argv), "db": args.db, "scale": args.scale, "runs": {}}
        self.base = f"http://127.0.0.1:{args.port}"
        self.server = None

    # --- preparation

    def boucle(self, *argv, **kwargs):
        return subprocess.run([str(VENV_BIN / "boucle"), *argv], env=self.env, check=True, **kwargs)

    def child(self, *argv) -> dict:
        out = subprocess.run(
            [sys.executable, __file__, *argv], env=self.env, check=True, capture_output=True, text=True
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    def prepare(self):
        self.data.mkdir(parents=True, exist_ok=True)
        if self.args.db == "postgres":
            self._create_database()
        record = self.data / "seed.json"
        seeded = json.loads(record.read_text()) if record.exists() else {}
        log(f"Data directory {self.data} ({self.args.db}, scale {self.args.scale})")
        started = time.monotonic()
        self.boucle("migrate", "-v0")
        migrated = time.monotonic()
        self.boucle("seed", "--scale", str(self.args.scale), *([] if self.args.progress else ["--no-progress"]),
                    stdout=subprocess.DEVNULL)
        seeded_now = time.monotonic()
        if seeded.get("scale") != self.args.scale or "seed_seconds" not in seeded:
            seeded = {
                "scale": self.args.scale,
                "migrate_seconds": round(migrated - started, 1),
                "seed_seconds": round(seeded_now - migrated, 1),
            }
            record.write_text(json.dumps(seeded))
            log(f"Seeded --scale {self.args.scale} in {seeded['seed_seconds']} s (migrations {seeded['migrate_seconds']} s)")
        else:
            log(
                f"Reused: seeded --scale {self.args.scale} in {seeded['seed_seconds']} s when it was made "
                f"(migrations {seeded.get('migrate_seconds')} s); seed again now: {seeded_now - migrated:.1f} s"
            )
        self.results["seed"] = seeded
        self.boucle("collectstatic", "--noinput", "-v0")
        if self.work.exists():
            shutil.rmtree(self.work)
        self.work.mkdir()
        fixtures = self.child("--_fixtures", str(self.work), "--threads", str(CONNECTIONS))
        self.results["fixtures"] = fixtures
        log(f"Fixtures: {json.dumps(fixtures)}")
        (self.work / "get.lua").write_text(GET_LUA)
        (self.work / "support.lua").write_text(SUPPORT_LUA)

    def _create_database(self):
        import psycopg

        url = self.env["DATABASE_URL"]
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')

    # --- server

    def start(self, *, cache: bool):
        env = dict(self.env, BOUCLE_PAGE_CACHE="1" if cache else "0")
        logfile = open(self.work / f"server-cache-{'on' if cache else 'off'}.log", "w")
        self.server = subprocess.Popen(
            [str(VENV_BIN / "boucle"), "serve", "--workers", "2", "--port", str(self.args.port), "--no-collectstatic"],
            env=env, stdout=logfile, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.fetch("/bench/floor/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("The server did not answer on /bench/floor/ within 60 s (see the server log).")

    def stop(self):
        if self.server is not None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
            self.server = None

    def fetch(self, path, cookie=None):
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie} if cookie else {})

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.headers

    # --- runs

    def wrk(self, script, *script_args, duration=None) -> dict:
        duration = duration or self.args.duration
        out = subprocess.run(
            [
                "wrk", "-t", str(CONNECTIONS), "-c", str(CONNECTIONS), "-d", f"{duration}s", "--timeout", "10s",
                "-s", str(self.work / script), self.base, "--", *map(str, script_args), str(CONNECTIONS),
            ],
            capture_output=True, text=True, check=True,
        )
        line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH ")), None)
        if line is None:
            raise SystemExit(f"wrk gave no result:\n{out.stdout}\n{out.stderr}")
        result = json.loads(line[6:])
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        result["load_average_after"] = round(os.getloadavg()[0], 2)
        return result

    def warm(self, urls_file):
        """Fetch every URL of the list once (16 at a time), so that the measured run is the hot one."""
        urls = urls_file.read_text().split()
        started = time.monotonic()
        with ThreadPoolExecutor(CONNECTIONS) as pool:
            list(pool.map(self.fetch, urls))
        return time.monotonic() - started

    def exists(self, name, path, cookie=None) -> bool:
        status, headers = self.fetch(path, cookie)
        if status == 404:
            log(f"  {name}: SKIPPED, {path} does not exist yet (404)")
            self.results["runs"][name] = {"skipped": f"{path} answers 404"}
            return False
        if status in (301, 302) and cookie:
            log(f"  {name}: SKIPPED, {path} redirects a signed-in member to {headers.get('Location')}")
            self.results["runs"][name] = {"skipped": f"{path} redirects to {headers.get('Location')}"}
            return False
        return True

    def floor(self, name):
        result = self.wrk("get.lua", self.work / "floor_urls.txt", "")
        self.results["runs"][name] = result
        log(f"  {name}: {result['rps']:.0f} req/s, p50 {result['p50_us'] / 1000:.1f} ms, p99 {result['p99_us'] / 1000:.1f} ms")
        return result["rps"]

    def get_run(self, name, urls, floor, *, cookies="", warm=False):
        urls_file = self.work / urls
        first = urls_file.read_text().split()[0]
        if not self.exists(name, first, self._first_cookie(cookies)):
            return
        warmed = self.warm(urls_file) if warm else None
        self.child("--_stats", "--reset")
        result = self.wrk("get.lua", urls_file, self.work / cookies if cookies else "")
        result["distinct_urls"] = len(urls_file.read_text().split())
        result["floor_rps"] = floor
        result["ratio"] = result["rps"] / floor
        looked_up = result["hits"] + result["misses"]
        result["hit_rate"] = result["hits"] / looked_up if looked_up else None
        if warmed is not None:
            result["warm_seconds"] = round(warmed, 1)
        time.sleep(1.2)  # the workers add their counts to the shared counters at most once a second
        self.fetch("/projects/?flush")
        self.fetch("/projects/?flush")
        result["server_counters"] = self.child("--_stats")
        self.results["runs"][name] = result
        log("  " + self.line(name, result))

    def _first_cookie(self, cookies):
        return (self.work / cookies).read_text().split("\n")[0] if cookies else None

    def support_run(self, floor):
        name = "support"
        pairs = self.work / "support.txt"
        if not pairs.read_text().strip():
            log(f"  {name}: SKIPPED, no published project to support")
            self.results["runs"][name] = {"skipped": "no pairs"}
            return
        logs = self.work / "support-logs"
        logs.mkdir(exist_ok=True)
        result = self.wrk("support.lua", pairs, logs)
        result["floor_rps"] = floor
        result["ratio"] = result["rps"] / floor
        time.sleep(1)  # let a request wrk abandoned at the end finish on the server
        result["check"] = self.child("--_check", str(logs), str(pairs))
        self.results["runs"][name] = result
        log("  " + self.line(name, result))
        check = result["check"]
        log(
            f"    check: {check['acknowledged']} acknowledged toggles over {check['pairs']} (member, project) pairs; "
            f"lost {check['lost']}, doubled {check['doubled']}, withdrawn but present {check['withdrawn_but_present']}, "
            f"support_count mismatches {check['support_count_mismatches']} "
            f"({check['uncertain_in_flight']} in flight when wrk stopped, checked for doubles only); "
            f"answers: {result['acknowledged']} 2xx, {result['conflicts']} 409, {result['rate_limited']} 429, "
            f"{result['bad_status']} other"
        )

    @staticmethod
    def verdict(name, result):
        kind, value = TARGETS.get(name, (None, None))
        if kind == "ratio":
            return f"target ≥ {value}× {'MET' if result['ratio'] >= value else 'MISSED'}"
        if kind == "p99_ms":
            return f"target p99 < {value} ms {'MET' if result['p99_us'] / 1000 < value else 'MISSED'}"
        return ""

    def line(self, name, r):
        text = (
            f"{name}: {r['rps']:.0f} req/s = {r['ratio']:.2f}× floor, p50 {r['p50_us'] / 1000:.1f} ms, "
            f"p99 {r['p99_us'] / 1000:.1f} ms"
        )
        if r.get("hit_rate") is not None:
            text += f", cache hit rate {r['hit_rate']:.1%} over {r.get('distinct_urls')} URLs"
        if r.get("bad_status") or r.get("redirects"):
            text += f", {r.get('bad_status', 0)} answers ≥ 400, {r.get('redirects', 0)} redirects"
        return f"{text}; {self.verdict(name, r)}"

    def run(self):
        load = os.getloadavg()[0]
        self.results["load_average_before"] = round(load, 2)
        self.results["cpus"] = os.cpu_count()
        if load > 1:
            log(f"WARNING: load average {load:.1f} on {os.cpu_count()} CPUs before the run: other work shares the machine")
        self.prepare()
        (self.work / "floor_urls.txt").write_text("/bench/floor/\n")
        try:
            log(f"Server 1: boucle serve --workers 2, page cache ON; wrk -t{CONNECTIONS} -c{CONNECTIONS} -d{self.args.duration}s")
            self.start(cache=True)
            floor = self.floor("floor")
            self.get_run("list", "list_urls.txt", floor, warm=True)
            self.get_run("project", "project_urls.txt", floor, warm=True)
            self.get_run("search", "search_urls.txt", floor, warm=True)
            self.get_run("feed", "feed_urls.txt", floor, cookies="feed_cookies.txt")
            self.support_run(floor)
            self.stop()
            log("Server 2: the same, page cache OFF (BOUCLE_PAGE_CACHE=0)")
            self.start(cache=False)
            floor = self.floor("floor_nocache")
            self.get_run("list_nocache", "list_urls.txt", floor)
            self.get_run("project_nocache", "project_urls.txt", floor)
            self.get_run("search_nocache", "search_urls.txt", floor)
        finally:
            self.stop()
        out = self.data / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(self.results, indent=2, default=str))
        log(f"Results: {out}")
        self.table()

    def table(self):
        log("\n| run | req/s | × floor | p50 ms | p99 ms | cache hits | target |")
        log("|---|---:|---:|---:|---:|---:|---|")
        for name, r in self.results["runs"].items():
            if "skipped" in r:
                log(f"| {name} | skipped: {r['skipped']} | | | | | |")
                continue
            ratio = f"{r['ratio']:.2f}" if "ratio" in r else "1"
            hits = f"{r['hit_rate']:.1%}" if r.get("hit_rate") is not None else "–"
            log(
                f"| {name} | {r['rps']:.0f} | {ratio} | {r['p50_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {hits} | "
                f"{self.verdict(name, r) if 'ratio' in r else ''} |"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds per run")
    parser.add_argument("--data-dir", help="reuse or create this data directory (default var/bench/<db>-<scale>)")
    parser.add_argument("--database-url", help="PostgreSQL URL (default postgres://postgres@127.0.0.1:5432/boucle_h_bench_<scale>)")
    parser.add_argument("--redis", help="REDIS_URL for the cache (default: the file cache in the data directory)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--progress", action="store_true", help="show the seed's progress bar")
    # Internal: the steps that run inside a Django process.
    parser.add_argument("--_fixtures", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=CONNECTIONS, help=argparse.SUPPRESS)
    parser.add_argument("--_check", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--_stats", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reset", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._fixtures:
        return child_fixtures(Path(args._fixtures), args.threads)
    if args._check:
        return child_check(Path(args._check[0]), Path(args._check[1]))
    if args._stats:
        return child_stats(args.reset)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    Bench(args).run()


if __name__ == "__main__":
    main()
