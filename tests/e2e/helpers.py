"""Helpers for driving the Leaflet map in the streamlit-folium frame."""

from __future__ import annotations


def page_point(frame, lat: float, lon: float) -> tuple[float, float]:
    """Where ``lat, lon`` of the Leaflet map in ``frame`` lies in page coordinates (for the real mouse).

    The point is computed inside the Leaflet container and offset by the container's place in the
    frame and the frame's place in the page: a click positioned on a frame element landed ~90 px
    off whenever the frame's document was scrolled.
    """
    x, y = frame.evaluate(
        """([lat, lon]) => {
            const p = window.map.latLngToContainerPoint([lat, lon]);
            const r = window.map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [lat, lon],
    )
    box = frame.frame_element().bounding_box()
    return box["x"] + x, box["y"] + y


def click_area(frame, lat: float, lon: float) -> None:
    """Click the map at ``lat, lon`` with the real mouse, in page coordinates."""
    frame.page.mouse.click(*page_point(frame, lat, lon))


def representative_point(map_geometry, name: str) -> tuple[float, float]:
    row = map_geometry.frame.set_index("name").loc[name]
    point = row.geometry.representative_point()
    return point.y, point.x


def upload_both(page, boundaries, table) -> None:
    """Put both files into the import page's two uploaders and press "Dateien prüfen".

    The two uploaders are one form: choosing a file does not rerun the page, and the check button
    waits for uploads in flight, so each file is set once (no retries).
    """
    # by the uploaders' keys: the page has a further uploader (Zensus grid files) before these two
    page.locator(".st-key-upload_boundaries input[type='file']").set_input_files(str(boundaries))
    page.locator(".st-key-upload_indicators input[type='file']").set_input_files(str(table))
    page.locator(".st-key-upload_boundaries [data-testid='stFileChipName']").wait_for(timeout=60_000)
    page.locator(".st-key-upload_indicators [data-testid='stFileChipName']").wait_for(timeout=60_000)
    page.get_by_role("button", name="Dateien prüfen").click()


def sign_in(page, name: str = "anna", password: str = "geheim") -> None:
    """Open the collapsed sign-in expander, sign in, and wait until the server has set the cookie."""
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Anmelden zum Bearbeiten").click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Passwort", exact=True).fill(password)
    with page.expect_response(lambda r: "/auth/signin-cookie" in r.url, timeout=30_000):
        page.get_by_role("button", name="Anmelden").click()
    page.get_by_text(f"Angemeldet als {name}").wait_for(timeout=30_000)
