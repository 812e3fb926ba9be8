"""Server CPU for one drag of the simulator page's pressure slider, as a reader does it.

Signs in to a running server (``occlusion serve --demo``), opens the simulator at 390x844,
presses the slider's right arrow ten times 40 ms apart (ten input events, as a short drag), waits
for the page to show the last pressure, and prints the requests the page sent and the CPU the
server's processes used meanwhile. To compare revisions, run it against a server started from
each (the page's script comes from the server); a new circumference each run keeps the server's
caches out of the figure.

Run::

    OCCLUSION_DATABASE_URL=sqlite:////tmp/demo.db occlusion serve --demo --port 8796 &
    .venv/bin/python benchmarks/simulator_drag.py --server-pid PID --circumference-cm 57
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time


def server_cpu_s(pid: int) -> float:
    """Return the CPU time [s] used so far by process ``pid`` and its children."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    total = 0.0
    for each in [pid, *(int(child) for child in children.split())]:
        with open(f"/proc/{each}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="http://127.0.0.1:8796")
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--circumference-cm", default="57")
    parser.add_argument("--email", default="athlete@demo.local")
    parser.add_argument("--password", default="demo cuff at seven tenths")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    options = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=options.chromium)
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.goto(f"{options.site}/sign-in")
        page.get_by_label("E-mail address").fill(options.email)
        page.get_by_label("Password", exact=True).fill(options.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in" not in url)
        page.goto(f"{options.site}/simulator")
        page.locator("#readout").get_by_text("arterial inflow").wait_for(timeout=120_000)
        page.get_by_label("Limb circumference (cm)").fill(options.circumference_cm)
        page.wait_for_load_state("networkidle")
        time.sleep(3)
        sent: list[str] = []
        page.on("request", lambda request: sent.append(request.url)
                if "/api/simulator/flow" in request.url else None)  # fmt: skip
        slider = page.get_by_label("Cuff pressure")
        slider.focus()
        start = int(slider.input_value())
        before = server_cpu_s(options.server_pid)
        for _ in range(10):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(40)
        end = int(slider.input_value())
        page.wait_for_function(
            f"() => document.getElementById('readout').textContent.trim()"
            f".startsWith('{end} mmHg')",
            timeout=120_000,
        )
        time.sleep(8)  # requests the page gave up on still run on the server
        used = server_cpu_s(options.server_pid) - before
        print(f"slider {start} -> {end} mmHg in 10 steps: {len(sent)} requests, server CPU "
              f"{used:.2f} s")
        browser.close()


if __name__ == "__main__":
    main()
