#!/usr/bin/python3
"""The browser suite: Debian's headless Chromium, driven through chromedriver,
against auth-api behind Debian's nginx running deploy/nginx.conf.

Addresses (all loopback): the browser is 127.0.0.1; nginx serves the site and
its API on 127.0.0.2 and reaches auth-api from 127.0.0.3 (proxy_bind, set by
this harness around the site file, so that auth-api's peer is not the
browser's address); a single-page app lives on another port of 127.0.0.2 (an
origin listed in ALLOWED_ORIGINS, same site); attackers live on yet another
port of 127.0.0.2 (same site, other origin) and on 127.0.0.4 (another site).
Two more auth-api instances sit behind a bare `proxy_pass`: one as configured
out of the box, one with PUBLIC_ORIGIN and TRUSTED_PROXIES.

Exit status: 0 passed, 1 failed, 77 skipped (meson's convention) when
Chromium, chromedriver, Selenium or nginx is missing, unless CI is set: then
that is a failure. AUTH_API_KEEP_TMP=1 keeps the temp directory (logs,
database, nginx configuration, pages).
"""

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback

SKIPPED = 77
EMAIL = "browser@hbtn.io"
PASSWORD = "browser pwd 42"
ATTACKER_EMAIL = "mallory@hbtn.io"
ATTACKER_PASSWORD = "mallory pwd 666"
SESSION = "_my_session_id"
BROWSER_IP = "127.0.0.1"
SITE_HOST = "127.0.0.2"
NGINX_UPSTREAM_IP = "127.0.0.3"
OTHER_SITE_HOST = "127.0.0.4"
CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
CHROMEDRIVER = "/usr/bin/chromedriver"
NGINX = "/usr/sbin/nginx"


def missing_tools():
    missing = []
    if not any(os.access(path, os.X_OK) for path in CHROMIUM_CANDIDATES):
        missing.append("chromium")
    if not os.access(CHROMEDRIVER, os.X_OK):
        missing.append("chromium-driver")
    if not os.access(NGINX, os.X_OK):
        missing.append("nginx")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("python3-selenium")
    return missing


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def wait_for(condition, what, timeout=15.0):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure("timed out waiting for " + what)
        time.sleep(0.05)


def free_port(host):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class AuthApi:
    """One auth-api process; its stderr goes to <name>.log."""

    def __init__(self, binary, tmp, name, env):
        self.name = name
        self.log_path = os.path.join(tmp, name + ".log")
        self.env = env
        self.log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen([binary], env=env, stdout=self.log_file,
                                        stderr=subprocess.STDOUT)
        found = wait_for(lambda: self.process.poll() is not None or re.search(
            r"listening on http://127\.0\.0\.1:(\d+) ", self.log()), name + " to listen")
        check(self.process.poll() is None, name + " exited:\n" + self.log())
        self.port = int(found.group(1))

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def audit(self, event):
        lines = []
        for line in self.log().splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("audit") == event:
                    lines.append(entry)
        return lines

    def stop(self):
        """Stops it as an operator would; returns what went wrong, if anything."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()
        if self.process.returncode != 0:
            return "%s exited with %d" % (self.name, self.process.returncode)
        if "Sanitizer" in self.log():
            return "%s: a sanitizer report in its log" % self.name
        return None


def render_site_config(source_root, api_port, site_port, pages):
    """deploy/nginx.conf with this run's addresses: each value replaced must be
    there exactly once, so that the file and this suite cannot drift apart."""
    with open(os.path.join(source_root, "deploy", "nginx.conf"), encoding="utf-8") as f:
        text = f.read()
    for old, new in [
        ("    server 127.0.0.1:5000;\n", "    server 127.0.0.1:%d;\n" % api_port),
        ("    listen 80;\n", "    listen %s:%d;\n" % (SITE_HOST, site_port)),
        ("        root /var/www/auth-api;\n", "        root %s;\n" % pages),
    ]:
        check(text.count(old) == 1, "deploy/nginx.conf no longer has %r exactly once" % old)
        text = text.replace(old, new)
    return text


NGINX_CONF = """daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    types {{ text/html html; }}
    default_type application/octet-stream;
    # This harness only: nginx reaches auth-api from its own address.
    proxy_bind {upstream_ip};

    # The README's configuration.
    include {tmp}/site.conf;

    # A single-page app on another origin of the same site (ALLOWED_ORIGINS).
    server {{ listen {site_host}:{spa_port}; root {pages}/spa; }}
    # Attackers: another origin of the same site, and another site.
    server {{ listen {site_host}:{sibling_port}; root {pages}/attacker; }}
    server {{ listen {other_site_host}:{cross_port}; root {pages}/attacker; }}
    # A bare proxy_pass, no header directives: first as auth-api comes, then
    # with PUBLIC_ORIGIN and TRUSTED_PROXIES.
    server {{
        listen {site_host}:{bare_port};
        location /api/ {{ proxy_pass http://127.0.0.1:{bare_api_port}; }}
        location / {{ root {pages}/site; }}
    }}
    server {{
        listen {site_host}:{fixed_port};
        location /api/ {{ proxy_pass http://127.0.0.1:{fixed_api_port}; }}
        location / {{ root {pages}/site; }}
    }}
}}
"""

LOGIN_PAGE = """<!doctype html>
<title>Log in</title>
<form method="post" action="{action}">
  <input name="email" id="email"> <input name="password" id="password" type="password">
  <button id="log-in" type="submit">Log in</button>
</form>
"""

# fetch() from the page: each step's status and body, or the error the browser
# reported (a CORS refusal is a TypeError, whatever the server answered).
SPA_PAGE = """<!doctype html>
<title>SPA</title>
<script>
async function call(api, method, path, options) {
  try {
    const response = await fetch(api + path, Object.assign({method, credentials: "include"}, options));
    const text = await response.text();
    return {status: response.status, body: text ? JSON.parse(text) : null};
  } catch (e) {
    return {error: String(e)};
  }
}
async function runSpa(api, email, password) {
  const json = (body) => ({headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  const steps = {};
  steps.login = await call(api, "POST", "/auth_session/login",
                           {body: new URLSearchParams({email, password})});
  if (steps.login.error || steps.login.status !== 200) return steps;
  steps.me = await call(api, "GET", "/users/me", {});
  const id = steps.me.body && steps.me.body.id;
  steps.put = await call(api, "PUT", "/users/" + id, json({first_name: "Spa"}));
  steps.create = await call(api, "POST", "/users", json({email: "temp@hbtn.io", password: "temp pwd"}));
  const temp = steps.create.body && steps.create.body.id;
  steps.delete = await call(api, "DELETE", "/users/" + temp, {});
  steps.logout = await call(api, "DELETE", "/auth_session/logout", {});
  steps.after = await call(api, "GET", "/users/me", {});
  steps.cookie = document.cookie;
  return steps;
}
</script>
"""

# A page of the site itself: what its scripts can see, and logout.
SITE_APP_PAGE = """<!doctype html>
<title>App</title>
<script>
async function logout() {
  const response = await fetch("/api/v1/auth_session/logout", {method: "DELETE"});
  return response.status;
}
</script>
"""

# The classic JSON-over-a-form forgery: enctype text/plain writes
# name=value, which here reads as a JSON object.
FORGED_CREATE_PAGE = """<!doctype html>
<title>Win a prize</title>
<form method="post" enctype="text/plain" action="{action}">
  <input type="hidden" name='{{"email": "forged@hbtn.io", "password": "x", "pad": "' value='"}}'>
</form>
"""


class Suite:
    def __init__(self, binary, source_root, tmp):
        self.binary = binary
        self.tmp = tmp
        self.pages = os.path.join(tmp, "pages")
        self.db_path = os.path.join(tmp, "auth.db")
        self.servers = []
        self.nginx = None
        self.driver = None

        self.ports = {
            "site": free_port(SITE_HOST),
            "spa": free_port(SITE_HOST),
            "sibling": free_port(SITE_HOST),
            "cross": free_port(OTHER_SITE_HOST),
            "bare": free_port(SITE_HOST),
            "fixed": free_port(SITE_HOST),
        }
        self.site = "http://%s:%d" % (SITE_HOST, self.ports["site"])
        self.spa = "http://%s:%d" % (SITE_HOST, self.ports["spa"])
        self.sibling = "http://%s:%d" % (SITE_HOST, self.ports["sibling"])
        self.cross = "http://%s:%d" % (OTHER_SITE_HOST, self.ports["cross"])
        self.bare = "http://%s:%d" % (SITE_HOST, self.ports["bare"])
        self.fixed = "http://%s:%d" % (SITE_HOST, self.ports["fixed"])

        base = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "AUTH_TYPE": "session_db_auth",
            "DB_PATH": self.db_path,
            "API_HOST": "127.0.0.1",
            "API_PORT": "0",
            "API_THREADS": "2",
            "API_HASH_THREADS": "1",
        }
        for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if name in os.environ:
                base[name] = os.environ[name]
        self.user_id = self.create_user(base, EMAIL, PASSWORD)
        self.create_user(base, ATTACKER_EMAIL, ATTACKER_PASSWORD)
        self.api = self.start_api("auth-api", base, {
            "TRUSTED_PROXIES": NGINX_UPSTREAM_IP,
            "ALLOWED_ORIGINS": self.spa,
        })
        self.bare_api = self.start_api("auth-api-bare", base, {})
        self.fixed_api = self.start_api("auth-api-fixed", base, {
            "PUBLIC_ORIGIN": self.fixed,
            "TRUSTED_PROXIES": NGINX_UPSTREAM_IP,
        })
        self.write_pages()
        self.start_nginx(source_root)
        self.start_browser()

    # --- setting up -----------------------------------------------------

    def create_user(self, env, email, password):
        result = subprocess.run([self.binary, "create-user", "--email", email, "--password",
                                 password], env=env, capture_output=True, text=True, timeout=30)
        check(result.returncode == 0, "create-user failed: " + result.stderr)
        return result.stdout.strip().splitlines()[-1]

    def start_api(self, name, base, extra):
        env = dict(base)
        env.update(extra)
        server = AuthApi(self.binary, self.tmp, name, env)
        self.servers.append(server)
        return server

    def write_pages(self):
        def page(folder, name, text):
            os.makedirs(os.path.join(self.pages, folder), exist_ok=True)
            with open(os.path.join(self.pages, folder, name), "w", encoding="utf-8") as f:
                f.write(text)

        page("site", "login.html", LOGIN_PAGE.format(action="/api/v1/auth_session/login"))
        page("site", "app.html", SITE_APP_PAGE)
        page("spa", "index.html", SPA_PAGE)
        page("attacker", "index.html", SPA_PAGE)
        page("attacker", "login.html",
             LOGIN_PAGE.format(action=self.site + "/api/v1/auth_session/login"))
        page("attacker", "create.html",
             FORGED_CREATE_PAGE.format(action=self.site + "/api/v1/users"))

    def start_nginx(self, source_root):
        with open(os.path.join(self.tmp, "site.conf"), "w", encoding="utf-8") as f:
            f.write(render_site_config(source_root, self.api.port, self.ports["site"],
                                       os.path.join(self.pages, "site")))
        conf = os.path.join(self.tmp, "nginx.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(NGINX_CONF.format(
                tmp=self.tmp, pages=self.pages, upstream_ip=NGINX_UPSTREAM_IP,
                site_host=SITE_HOST, other_site_host=OTHER_SITE_HOST,
                spa_port=self.ports["spa"], sibling_port=self.ports["sibling"],
                cross_port=self.ports["cross"], bare_port=self.ports["bare"],
                fixed_port=self.ports["fixed"], bare_api_port=self.bare_api.port,
                fixed_api_port=self.fixed_api.port))
        self.nginx_log = open(os.path.join(self.tmp, "nginx-stderr.log"), "wb")
        self.nginx = subprocess.Popen(
            [NGINX, "-p", self.tmp, "-c", conf, "-e", os.path.join(self.tmp, "nginx-error.log")],
            stdout=self.nginx_log, stderr=subprocess.STDOUT)

        def serving():
            check(self.nginx.poll() is None, "nginx exited:\n" + self.file("nginx-error.log"))
            try:
                with socket.create_connection((SITE_HOST, self.ports["site"]), timeout=1):
                    return True
            except OSError:
                return False

        wait_for(serving, "nginx to listen")

    def start_browser(self):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = next(p for p in CHROMIUM_CANDIDATES if os.access(p, os.X_OK))
        profile = os.path.join(self.tmp, "chromium-profile")
        for argument in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--user-data-dir=" + profile]:
            options.add_argument(argument)
        service = Service(executable_path=CHROMEDRIVER,
                          log_path=os.path.join(self.tmp, "chromedriver.log"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_page_load_timeout(20)
        self.driver.set_script_timeout(20)

    def close(self):
        """Stops everything; returns the servers' problems (exit status, sanitizer reports)."""
        if self.driver is not None:
            try:
                self.driver.quit()
            except Exception:  # the browser may already be gone
                pass
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        return [problem for problem in (server.stop() for server in self.servers) if problem]

    # --- helpers --------------------------------------------------------

    def file(self, name):
        try:
            with open(os.path.join(self.tmp, name), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def fresh_start(self):
        """No cookie in the browser, no session on the server: each test
        stands alone, whatever the one before it left."""
        self.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        with sqlite3.connect(self.db_path) as db:
            db.execute("DELETE FROM user_sessions")

    def cookies(self):
        return self.driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]

    def session_cookie(self):
        found = [c for c in self.cookies() if c["name"] == SESSION]
        check(len(found) <= 1, "two session cookies: %r" % found)
        return found[0] if found else None

    def page_text(self):
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.TAG_NAME, "body").text

    def page_json(self):
        text = self.page_text()
        try:
            return json.loads(text)
        except ValueError:
            raise Failure("the page is not JSON: %r" % text[:500])

    def submit_form(self, url, email=None, password=None):
        """Opens `url`, fills the form if asked, submits it, and waits for the answer page."""
        from selenium.webdriver.common.by import By
        self.driver.get(url)
        if email is not None:
            self.driver.find_element(By.ID, "email").send_keys(email)
            self.driver.find_element(By.ID, "password").send_keys(password)
            self.driver.find_element(By.ID, "log-in").click()
        else:
            self.driver.execute_script("document.forms[0].submit()")
        wait_for(lambda: self.driver.current_url != url and self.driver.execute_script(
            "return document.readyState") == "complete", "the form's answer")

    def form_login(self, base):
        self.submit_form(base + "/login.html", EMAIL, PASSWORD)
        return self.page_json()

    def session_rows(self):
        with sqlite3.connect("file:%s?mode=ro" % self.db_path, uri=True) as db:
            return db.execute("SELECT s.ip, s.user_agent, u.email FROM user_sessions s "
                              "JOIN users u ON u.id = s.user_id").fetchall()

    def user_emails(self):
        with sqlite3.connect("file:%s?mode=ro" % self.db_path, uri=True) as db:
            return sorted(row[0] for row in db.execute("SELECT email FROM users"))

    # --- the tests ------------------------------------------------------

    def test_same_origin_form_login_cookie_me_logout(self):
        """A form on the site logs in through nginx; the cookie is stored with
        its flags, hidden from scripts; /users/me reads as a page; logout
        clears it. auth-api sees the browser's address, not nginx's."""
        self.fresh_start()
        user = self.form_login(self.site)
        check(self.driver.current_url == self.site + "/api/v1/auth_session/login",
              "landed on " + self.driver.current_url)
        check(user.get("email") == EMAIL and user.get("id") == self.user_id,
              "login page shows %r" % user)

        cookie = self.session_cookie()
        check(cookie is not None, "no session cookie stored: %r" % self.cookies())
        check(cookie["httpOnly"] is True, "cookie not HttpOnly: %r" % cookie)
        check(cookie.get("sameSite") == "Lax", "cookie not SameSite=Lax: %r" % cookie)
        check(cookie["secure"] is False and cookie["path"] == "/" and
              cookie["domain"] == SITE_HOST and cookie["session"] is True,
              "cookie attributes: %r" % cookie)
        observed = {"cookie": {k: cookie[k] for k in ("domain", "path", "httpOnly", "sameSite",
                                                      "secure", "session")}}

        self.driver.get(self.site + "/app.html")
        seen_by_script = self.driver.execute_script(
            'document.cookie = "visible=yes; path=/"; return document.cookie;')
        check("visible=yes" in seen_by_script and SESSION not in seen_by_script,
              "document.cookie is %r" % seen_by_script)
        observed["document.cookie"] = seen_by_script

        self.driver.get(self.site + "/api/v1/users/me")
        me = self.page_json()
        check(me.get("id") == self.user_id and me.get("email") == EMAIL, "/users/me: %r" % me)

        # The client as auth-api recorded it: the browser, through nginx.
        rows = self.session_rows()
        check(len(rows) == 1, "sessions: %r" % rows)
        ip, user_agent, email = rows[0]
        check(ip == BROWSER_IP and email == EMAIL, "session row %r" % (rows[0],))
        check("Chrome" in (user_agent or ""), "user agent %r" % user_agent)
        login_ok = self.api.audit("login_ok")
        check(len(login_ok) == 1 and login_ok[0]["ip"] == BROWSER_IP, "login_ok: %r" % login_ok)
        check(re.search(r"\nPOST /api/v1/auth_session/login 200 \d+us 127\.0\.0\.1\n",
                        self.api.log()), "no access line with the browser's address")
        observed["session ip"] = ip

        self.driver.get(self.site + "/app.html")
        status = self.driver.execute_async_script(
            "const done = arguments[0]; logout().then(done, (e) => done(String(e)));")
        check(status == 200, "logout answered %r" % status)
        check(self.session_cookie() is None, "cookie still there: %r" % self.cookies())
        self.driver.get(self.site + "/api/v1/users/me")
        check(self.page_json() == {"error": "Unauthorized"}, "after logout: " + self.page_text())
        check(self.session_rows() == [], "session rows left: %r" % self.session_rows())
        logout = self.api.audit("logout")
        check(len(logout) == 1 and logout[0]["ip"] == BROWSER_IP, "logout: %r" % logout)
        return observed

    def test_login_csrf_refused(self):
        """Another site's page, or another origin of this site, cannot log
        the browser into the attacker's account."""
        self.fresh_start()
        before = len(self.api.audit("csrf_refused"))
        observed = {}
        for attacker, reason in ((self.cross, "sec_fetch_site"), (self.sibling, "origin")):
            self.submit_form(attacker + "/login.html", ATTACKER_EMAIL, ATTACKER_PASSWORD)
            check(self.page_json() == {"error": "Forbidden"},
                  "forged login from %s: %s" % (attacker, self.page_text()))
            check(self.session_cookie() is None, "a cookie was stored: %r" % self.cookies())
            refused = self.api.audit("csrf_refused")
            check(len(refused) == before + 1, "csrf_refused lines: %r" % refused)
            before += 1
            line = refused[-1]
            check(line["reason"] == reason and line["origin"] == attacker and
                  line["request"] == "POST /api/v1/auth_session/login",
                  "audit line %r" % line)
            observed[attacker] = (line["reason"], line.get("sec_fetch_site"))
        check(self.session_rows() == [], "sessions: %r" % self.session_rows())
        return observed

    def test_cross_site_writes_refused(self):
        """A logged-in victim visits attackers' pages: a forged write from
        another site arrives without the cookie (SameSite=Lax); one from a
        sibling origin arrives with it and is refused by its Origin; a
        scripted PUT never gets past its preflight."""
        self.fresh_start()
        self.form_login(self.site)
        users_before = self.user_emails()
        observed = {}

        self.submit_form(self.cross + "/create.html")
        check(self.page_json() == {"error": "Unauthorized"}, "from another site: " +
              self.page_text())
        observed["form POST from another site"] = "401 (no cookie sent)"

        refused_before = len(self.api.audit("csrf_refused"))
        self.submit_form(self.sibling + "/create.html")
        check(self.page_json() == {"error": "Forbidden"}, "from a sibling origin: " +
              self.page_text())
        refused = self.api.audit("csrf_refused")
        check(len(refused) == refused_before + 1 and refused[-1]["reason"] == "origin" and
              refused[-1]["request"] == "POST /api/v1/users" and
              refused[-1]["sec_fetch_site"] == "same-site", "csrf_refused: %r" % refused[-1:])
        observed["form POST from a sibling origin"] = "403 (cookie sent, Origin refused)"

        self.driver.get(self.sibling + "/index.html")
        result = self.driver.execute_async_script(
            "const done = arguments[2];"
            "call(arguments[0], 'PUT', '/users/' + arguments[1], {headers: "
            "{'Content-Type': 'application/json'}, body: '{\"first_name\": \"Eve\"}'}).then(done);",
            self.site + "/api/v1", self.user_id)
        check("error" in result, "a scripted PUT from a sibling origin went through: %r" % result)
        check(not re.search(r"\nPUT /api/v1/users/", self.api.log()),
              "the forged PUT reached auth-api")
        observed["fetch PUT from a sibling origin"] = result["error"]

        check(self.user_emails() == users_before, "users changed: %r" % self.user_emails())
        self.driver.get(self.site + "/api/v1/users/me")
        me = self.page_json()
        check(me.get("first_name") is None and me.get("id") == self.user_id,
              "the victim's session or name changed: %r" % me)
        self.driver.get(self.site + "/app.html")
        check(self.driver.execute_async_script("logout().then(arguments[0]);") == 200,
              "logout failed")
        return observed

    def test_credentialed_spa_on_an_allowed_origin(self):
        """A single-page app on an origin in ALLOWED_ORIGINS logs in, reads,
        writes, deletes and logs out with the cookie, through preflights;
        the same script from an unlisted origin is refused."""
        self.fresh_start()
        api = self.site + "/api/v1"
        self.driver.get(self.spa + "/index.html")
        steps = self.driver.execute_async_script(
            "runSpa(arguments[0], arguments[1], arguments[2]).then(arguments[3]);",
            api, EMAIL, PASSWORD)
        expected = {"login": 200, "me": 200, "put": 200, "create": 201, "delete": 200,
                    "logout": 200, "after": 401}
        statuses = {name: steps.get(name, {}).get("status", steps.get(name, {}).get("error"))
                    for name in expected}
        check(statuses == expected, "SPA steps: %s" % json.dumps(steps, indent=1))
        check(steps["me"]["body"]["email"] == EMAIL, "me: %r" % steps["me"])
        check(steps["put"]["body"]["first_name"] == "Spa", "put: %r" % steps["put"])
        check(SESSION not in steps["cookie"], "the SPA sees the cookie: %r" % steps["cookie"])
        check(self.session_cookie() is None, "cookie left after logout: %r" % self.cookies())
        log = self.api.log()
        for preflight in ("OPTIONS /api/v1/users/%s 204" % self.user_id,
                          "OPTIONS /api/v1/users 204", "OPTIONS /api/v1/auth_session/logout 204"):
            check(preflight in log, "no '%s' in auth-api's log" % preflight)
        check("temp@hbtn.io" not in self.user_emails(), "the SPA's temporary user is still there")

        refused_before = len(self.api.audit("csrf_refused"))
        self.driver.get(self.sibling + "/index.html")
        other = self.driver.execute_async_script(
            "runSpa(arguments[0], arguments[1], arguments[2]).then(arguments[3]);",
            api, EMAIL, PASSWORD)
        check("error" in other["login"] and "me" not in other,
              "an unlisted origin's SPA got in: %r" % other)
        refused = self.api.audit("csrf_refused")
        check(len(refused) == refused_before + 1 and refused[-1]["origin"] == self.sibling,
              "csrf_refused: %r" % refused[-1:])
        check(self.session_cookie() is None, "a cookie was stored: %r" % self.cookies())
        return {"allowed origin": statuses, "unlisted origin": other["login"]["error"]}

    def test_bare_proxy_pass(self):
        """Behind `proxy_pass` alone, auth-api sees nginx's Host: the login is
        refused, and the audit line names PUBLIC_ORIGIN; with PUBLIC_ORIGIN
        and TRUSTED_PROXIES set the browser logs in, works and logs out."""
        self.fresh_start()
        self.submit_form(self.bare + "/login.html", EMAIL, PASSWORD)
        check(self.page_json() == {"error": "Forbidden"}, "bare proxy_pass: " + self.page_text())
        refused = self.bare_api.audit("csrf_refused")
        check(len(refused) == 1, "csrf_refused: %r" % refused)
        hint = refused[0]["hint"]
        check("PUBLIC_ORIGIN=" + self.bare in hint, "the hint does not name the fix: " + hint)
        check(refused[0]["host"] == "127.0.0.1:%d" % self.bare_api.port,
              "compared host: %r" % refused[0])
        check(self.session_cookie() is None, "a cookie was stored")

        user = self.form_login(self.fixed)
        check(user.get("email") == EMAIL, "with PUBLIC_ORIGIN: %r" % user)
        self.driver.get(self.fixed + "/api/v1/users/me")
        check(self.page_json().get("id") == self.user_id, "/users/me: " + self.page_text())
        rows = self.session_rows()
        check(len(rows) == 1 and rows[0][0] == NGINX_UPSTREAM_IP,
              "sessions (a bare proxy_pass passes no client address): %r" % rows)
        self.driver.get(self.fixed + "/app.html")
        status = self.driver.execute_async_script("logout().then(arguments[0]);")
        check(status == 200 and self.session_cookie() is None, "logout: %r" % status)
        return {"refused with hint": hint, "fixed: session ip": rows[0][0]}


def main():
    missing = missing_tools()
    if missing:
        message = "browser suite: missing " + ", ".join(missing) + " (scripts/install-deps)"
        if os.environ.get("CI"):
            print("FAIL: " + message)
            return 1
        print("SKIP: " + message)
        return SKIPPED
    binary = os.environ.get("AUTH_API_BIN")
    source_root = os.environ.get("AUTH_API_SOURCE_ROOT")
    if not binary or not source_root:
        print("FAIL: AUTH_API_BIN and AUTH_API_SOURCE_ROOT must be set (meson test sets them)")
        return 1

    started = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="auth-api-browser-")
    suite = None
    failed = 0
    try:
        suite = Suite(binary, source_root, tmp)
        print("set up in %.1f s (auth-api x3, nginx, chromium)" % (time.monotonic() - started))
        tests = [getattr(suite, name) for name in (
            "test_same_origin_form_login_cookie_me_logout",
            "test_login_csrf_refused",
            "test_cross_site_writes_refused",
            "test_credentialed_spa_on_an_allowed_origin",
            "test_bare_proxy_pass",
        )]
        for test in tests:
            test_started = time.monotonic()
            try:
                observed = test()
                print("ok   %-48s %5.1f s  %s" % (test.__name__, time.monotonic() - test_started,
                                                  json.dumps(observed)))
            except Exception:
                failed += 1
                print("FAIL %s\n%s" % (test.__name__, traceback.format_exc()))
    except Exception:
        failed += 1
        print("FAIL setting up\n" + traceback.format_exc())
    finally:
        if suite is not None:
            for problem in suite.close():
                failed += 1
                print("FAIL " + problem)
        if failed:
            for name in sorted(os.listdir(tmp)):
                if name.endswith(".log"):
                    with open(os.path.join(tmp, name), encoding="utf-8", errors="replace") as f:
                        print("--- %s (last 40 lines)\n%s" % (
                            name, "".join(f.readlines()[-40:])))
        if os.environ.get("AUTH_API_KEEP_TMP") == "1":
            print("kept " + tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("browser suite: %d failed, %.1f s in all" % (failed, time.monotonic() - started))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
