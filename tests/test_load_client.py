"""The load benchmark's pure parts (benchmarks/loadreport.py, loadclient.py, load.py): percentiles, the step and
capacity lines from given numbers, the files a page makes a browser load, and reading Streamlit's ForwardMsgs
(constructed here from Streamlit's own proto classes; invented values, no recorded data). The client against a
real server: tests/e2e/test_protocol_visit.py."""

from __future__ import annotations

import json
import math

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load import _held, arrivals
from benchmarks.loadclient import MAP_COMPONENT, Run, map_files, page_files, read_message, rerun_message
from benchmarks.loadreport import ReplicaUse, StepResult, capacity, percentile, step_line, summary_line
from benchmarks.procstat import cpu_seconds, rss_mb


def test_percentile_is_the_nearest_rank():
    assert percentile(list(range(1, 21)), 0.95) == 19  # 19 of 20 values are at most 19
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.95) == 4.0  # 0.95 * 4 = 3.8: the 4th value
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.0
    assert percentile([2.5], 0.95) == 2.5
    assert math.isnan(percentile([], 0.95))
    with pytest.raises(ValueError):
        percentile([1.0], 0)


def _step(level, ready, errors=(), rerun=(0.3,), **replicas):
    return StepResult(level=level, ready=tuple(ready), rerun=tuple(rerun), errors=tuple(errors), replicas=replicas)


def test_capacity_is_the_largest_level_under_the_limit_before_the_first_failure():
    steps = [_step(4, [1.0, 1.2]), _step(8, [2.0, 2.9]), _step(16, [2.0, 3.4]), _step(32, [1.0])]
    assert capacity(steps) == (8, False)  # 32 passing after 16 failed does not count
    assert capacity(steps[:2]) == (8, True)  # the largest tried passed: at least 8
    assert capacity([_step(4, [1.0], errors=["TimeoutError"])]) == (0, False)  # an error fails a step
    assert capacity([_step(4, [3.0])]) == (0, False)  # "under" 3 s: 3.0 is not
    assert capacity([]) == (0, False)


def test_summary_line_names_both_capacities_the_unit_and_the_dataset():
    one = [_step(4, [1.0]), _step(8, [3.5])]
    two = [_step(4, [1.0]), _step(8, [2.0]), _step(16, [2.5])]
    assert summary_line("Berlin", "sessions_at_once", one, two) == (
        "capacity_one_replica=4 capacity_two_replicas=16+ unit=sessions_at_once p95<3s dataset=Berlin")
    assert summary_line("KL", "sessions_per_s", [_step(0.5, [1.0]), _step(1, [4.0])], []) == (
        "capacity_one_replica=0.5 unit=sessions_per_s p95<3s dataset=KL")


def test_step_line_gives_times_errors_and_what_each_replica_held_and_spent():
    result = StepResult(level=4, ready=(1.0, 2.0, 3.0, 4.0), rerun=(0.5, 0.7, 0.6, 0.9), errors=("TimeoutError: x",),
                        replicas={"public-1": ReplicaUse(3, 30.0, 1.5), "public-2": ReplicaUse(0, 2.0, 0.1)},
                        client_cpu_s=0.4)
    line = step_line("KL, two replicas, 4 at once", result)
    assert line.startswith("KL, two replicas, 4 at once: ready median 2.50 s p95 4.00 s; rerun median 0.65 s p95 0.90 s")
    assert "errors 1" in line and "load generator 0.10 CPU s/session" in line
    assert "public-1 held 3, 10.0 MB/session, 0.50 CPU s/session" in line
    assert "public-2 held 0, nan MB/session" in line
    browser = StepResult(level=1, ready=(2.0,), rerun=(), errors=())  # Chromium visits time no rerun
    assert step_line("b", browser) == "b: ready median 2.00 s p95 2.00 s; rerun not timed; errors 0"


def test_arrivals_are_a_burst_or_a_rate():
    assert arrivals(3, rate=False, duration=20) == [0.0, 0.0, 0.0]
    assert arrivals(0.5, rate=True, duration=10) == [0.0, 2.0, 4.0, 6.0, 8.0]
    assert arrivals(4, rate=True, duration=1) == [0.0, 0.25, 0.5, 0.75]


def test_sessions_are_counted_by_the_replica_the_proxy_named():
    ports = {"public-1": 8664, "public-2": 8665}
    assert _held(["127.0.0.1:8664", "127.0.0.1:8665", "127.0.0.1:8664, 127.0.0.1:8665", None], ports) == {
        "public-1": 1, "public-2": 2}  # after a retry nginx names both: the last one answered
    assert _held([None, None], {"public-1": 8664}) == {"public-1": 2}  # one replica, asked directly


def test_the_page_makes_a_browser_load_its_scripts_preloads_and_styles_not_its_other_links():
    html = """<html><head><link rel="icon" href="./favicon.png"><link rel="preload" href="./static/media/f.woff2">
    <link rel="service-desc" href="./_stcore/agent/openapi.json"><script type="module" src="./static/js/index.js"></script>
    <link rel="modulepreload" href="./static/js/a.js"><link rel="stylesheet" href="./static/css/index.css">
    <link rel="modulepreload" href="./static/js/a.js"></head><body><a href="/elsewhere">x</a></body></html>"""
    assert page_files(html, "http://h:1/auswahl?ds=x") == [
        "http://h:1/favicon.png", "http://h:1/static/media/f.woff2", "http://h:1/static/js/index.js",
        "http://h:1/static/js/a.js", "http://h:1/static/css/index.css"]


def test_the_map_frame_loads_the_leaflet_files_and_the_geometry_its_arguments_name():
    args = json.dumps({
        "script": 'fetch("../../app/static/generated/ab12.geo.json").then(draw); L.tileLayer("https://tile.example/{z}")',
        "css_links": ["../../app/static/vendor/leaflet/leaflet.css", "https://cdn.example/x.css"],
        "js_links": ["../../app/static/vendor/leaflet/leaflet.js", "../../app/static/js/atlas-map.js?v=1"],
    })
    frame = "http://h:1/component/streamlit_folium.st_folium/index.html?streamlitUrl=x"
    assert map_files(args, frame) == [
        "http://h:1/app/static/vendor/leaflet/leaflet.css", "http://h:1/app/static/vendor/leaflet/leaflet.js",
        "http://h:1/app/static/js/atlas-map.js?v=1", "http://h:1/app/static/generated/ab12.geo.json"]


def _forward(**fill) -> bytes:
    message = ForwardMsg()
    for path, value in fill.items():
        target = message
        *parents, last = path.split("__")
        for name in parents:
            target = getattr(target, name)
        if isinstance(value, list):
            getattr(target, last).extend(value)
        else:
            setattr(target, last, value)
    return message.SerializeToString()


def test_a_run_is_read_up_to_its_successful_end_with_the_map_and_the_select_boxes():
    run, maps = Run(), []
    sequence = [
        _forward(new_session__page_script_hash="abc123"),
        _forward(delta__new_element__selectbox__id="$$ID-1-indicator", delta__new_element__selectbox__label="Indikator",
                 delta__new_element__selectbox__options=["Anteil", "Anzahl"],
                 delta__new_element__selectbox__raw_value="Anteil"),
        _forward(delta__new_element__component_instance__component_name=MAP_COMPONENT,
                 delta__new_element__component_instance__json_args='{"js_links": []}'),
        _forward(script_finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN),  # another run follows: not the end
    ]
    assert [read_message(run, data, maps.append) for data in sequence] == [False, False, False, False]
    assert read_message(run, _forward(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY), maps.append)
    assert run.page_script_hash == "abc123" and run.status == "FINISHED_SUCCESSFULLY" and run.messages == 5
    assert run.selectboxes == {"Indikator": ("$$ID-1-indicator", ("Anteil", "Anzahl"), "Anteil")}
    assert maps == ['{"js_links": []}'] and run.map_args == maps[0] and run.errors == []


def test_an_exception_on_the_page_and_an_unknown_page_are_errors():
    run = Run()
    read_message(run, _forward(delta__new_element__exception__type="KeyError",
                               delta__new_element__exception__message="'x'"))
    read_message(run, _forward(page_not_found__page_name="nirgends"))
    assert run.errors == ["exception on the page: KeyError: 'x'", "page not found: nirgends"]
    assert read_message(run, _forward(script_finished=ForwardMsg.FINISHED_WITH_COMPILE_ERROR))
    assert run.status == "FINISHED_WITH_COMPILE_ERROR"


def test_the_rerun_message_is_the_browsers_with_the_changed_widget():
    message = BackMsg()
    message.ParseFromString(rerun_message("ds=x&k=5", "auswahl", "http://h:1/auswahl?ds=x&k=5", "abc123",
                                          ("$$ID-1-indicator", "Anzahl")))
    state = message.rerun_script
    assert (state.query_string, state.page_name, state.page_script_hash) == ("ds=x&k=5", "auswahl", "abc123")
    assert (state.context_info.locale, state.context_info.url) == ("de-DE", "http://h:1/auswahl?ds=x&k=5")
    assert [(w.id, w.WhichOneof("value"), w.string_value) for w in state.widget_states.widgets] == [
        ("$$ID-1-indicator", "string_value", "Anzahl")]
    first = BackMsg()
    first.ParseFromString(rerun_message("", "", "http://h:1/"))
    assert first.WhichOneof("type") == "rerun_script" and not first.rerun_script.widget_states.widgets


def test_proc_readings_of_this_process():
    import os

    spent = cpu_seconds(os.getpid())
    sum(i * i for i in range(300_000))  # some CPU
    assert cpu_seconds(os.getpid()) > spent > 0
    assert 10 < rss_mb(os.getpid()) < 10_000
    assert math.isnan(rss_mb(2**22 + 12345)) and math.isnan(cpu_seconds(2**22 + 12345))  # beyond pid_max: gone
